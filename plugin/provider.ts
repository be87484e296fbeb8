/**
 * The plugin's provider: `construct` builds the TypeScript components inside this process, so
 * the components stay the single source and the plugin only exposes them. Their children
 * (Databricks resources, and the Connect resources, which are dynamic resources) register with
 * the engine from here exactly as from a TypeScript program; the engine runs the dynamic ones
 * through `pulumi-resource-pulumi-nodejs` as usual.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
// The installed package, not ../provider: the closure serializer writes the Connect resources'
// shims as one `require("pulumi-posit-connect/dist/…")` only for modules under node_modules.
import * as pc from "pulumi-posit-connect";
import { OUTPUTS, packageSchema } from "./schema";
import {
  CONTENT_INTEGRATIONS_TOKEN,
  CONTENT_INTEGRATION_TOKEN,
  INTEGRATION_TOKEN,
  OAUTH_TOKEN,
  SERVICE_ACCOUNT_TOKEN,
} from "./schema-resources";

type Build = (
  name: string,
  inputs: pulumi.Inputs,
  opts: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

/** A component that holds one custom resource, for the Connect resources other languages use. */
class Holder extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
  }
}

/** Wraps a custom resource in a component of type `token`; outputs are the child's. */
function held(
  token: string,
  make: (name: string, inputs: pulumi.Inputs, parent: pulumi.Resource) => pulumi.CustomResource,
): Build {
  return (name, inputs, opts) => {
    const holder = new Holder(token, name, opts);
    const child = make(name, inputs, holder) as unknown as Record<string, unknown>;
    for (const key of OUTPUTS[token])
      (holder as unknown as Record<string, unknown>)[key] = child[key];
    return holder;
  };
}

const BUILDERS: Record<string, Build> = {
  [OAUTH_TOKEN]: (name, inputs, opts) =>
    new pc.DatabricksConnectOAuth(name, inputs as unknown as pc.DatabricksConnectOAuthArgs, opts),
  [SERVICE_ACCOUNT_TOKEN]: (name, inputs, opts) =>
    new pc.DatabricksConnectServiceAccount(
      name,
      inputs as unknown as pc.DatabricksConnectServiceAccountArgs,
      opts,
    ),
  [INTEGRATION_TOKEN]: held(
    INTEGRATION_TOKEN,
    (name, inputs, parent) =>
      new pc.ConnectOAuthIntegration(name, inputs as unknown as pc.ConnectOAuthIntegrationArgs, {
        parent,
      }),
  ),
  [CONTENT_INTEGRATION_TOKEN]: held(
    CONTENT_INTEGRATION_TOKEN,
    (name, inputs, parent) =>
      new pc.ConnectContentIntegration(
        name,
        inputs as unknown as pc.ConnectContentIntegrationArgs,
        { parent },
      ),
  ),
  [CONTENT_INTEGRATIONS_TOKEN]: held(
    CONTENT_INTEGRATIONS_TOKEN,
    (name, inputs, parent) =>
      new pc.ConnectContentIntegrations(
        name,
        inputs as unknown as pc.ConnectContentIntegrationsArgs,
        { parent },
      ),
  ),
};

export class PositConnectProvider implements provider.Provider {
  constructor(public readonly version: string) {}

  async getSchema(): Promise<string> {
    return JSON.stringify(packageSchema(this.version));
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    const build = BUILDERS[type];
    if (!build) throw new Error(`posit-connect plugin: unknown resource type ${type}`);
    const component = build(name, inputs, options) as unknown as Record<string, unknown>;
    const state: pulumi.Inputs = {};
    for (const key of OUTPUTS[type]) state[key] = component[key] as pulumi.Input<unknown>;
    return { urn: (component as unknown as pulumi.Resource).urn, state };
  }
}
