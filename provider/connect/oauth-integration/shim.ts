/**
 * The dynamic provider Pulumi serializes into state as `__provider`: this module's exports
 * object itself. The closure serializer writes a module that lives under node_modules as a
 * single `require("pulumi-posit-connect/dist/provider/connect/oauth-integration/shim.js")`, so
 * state holds that line and nothing else, and every method, `configure` included, runs the
 * installed release's code. (A class instance would be written out method by method, about
 * eight times the bytes, and its own method bodies would stay frozen in state.)
 *
 * This module's path and its exports' names and signatures are therefore a public contract,
 * like the lifecycle module (provider.ts) they forward to: never rename the file, never remove
 * or repurpose an export. It holds no logic, clients or credentials; the settings read in
 * `configure()` are stored on the provider object (`this`) in the provider host process that
 * called it, never at program time.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./provider";
import type { ConfigSource, ProviderSettings } from "../settings";
import { preferStablePath } from "../stable-module-path";

// Under pnpm, state then holds a version-free path to this module (stable-module-path.ts).
preferStablePath(typeof module === "undefined" ? undefined : module);
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";

/** The provider object as the host calls it: `provider.create(...)`, so `this` is the object. */
interface Configured {
  settings?: ProviderSettings;
}

type ReadResult = pulumi.dynamic.ReadResult<OAuthIntegrationOutputs>;

export async function configure(this: Configured, req: { config: ConfigSource }): Promise<void> {
  this.settings = lifecycle.configure(req.config);
}

export async function check(
  this: Configured,
  _olds: OAuthIntegrationInputs,
  news: OAuthIntegrationInputs,
) {
  const { inputs, failures } = lifecycle.check(
    news as unknown as Record<string, unknown>,
    this.settings,
  );
  return { inputs, failures };
}

export async function diff(
  this: Configured,
  _id: string,
  olds: OAuthIntegrationOutputs,
  news: OAuthIntegrationInputs,
) {
  return lifecycle.diff(this.settings, olds, news);
}

export async function create(this: Configured, inputs: OAuthIntegrationInputs) {
  return lifecycle.create(this.settings, inputs);
}

export async function read(
  this: Configured,
  id: string,
  props?: OAuthIntegrationOutputs,
): Promise<ReadResult> {
  // ReadResult types `inputs` as outputs; ours are the resolved input shape.
  return (await lifecycle.read(this.settings, id, props ?? {})) as ReadResult;
}

export async function update(
  this: Configured,
  id: string,
  olds: OAuthIntegrationOutputs,
  news: OAuthIntegrationInputs,
) {
  return lifecycle.update(this.settings, id, olds, news);
}

async function remove(this: Configured, id: string, props: OAuthIntegrationOutputs) {
  await lifecycle.remove(this.settings, id, props);
}
// `delete` is a reserved word for a declaration, not for an export name.
export { remove as delete };
