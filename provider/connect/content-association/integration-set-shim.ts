/**
 * The serialized provider of `ConnectIntegrationAssociations`: this module's exports object
 * itself, so state stores one `require` of the installed package and every method runs the
 * installed release's code (see oauth-integration/shim.ts for why). No logic, clients or
 * credentials; each method forwards to integration-set-provider.ts.
 *
 * This module's path and its exports' names and signatures are a public contract: never rename
 * the file, never remove or repurpose an export.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./integration-set-provider";
import type { ConfigSource, ProviderSettings } from "../settings";
import { preferStablePath } from "../stable-module-path";

// Under pnpm, state then holds a version-free path to this module (stable-module-path.ts).
preferStablePath(typeof module === "undefined" ? undefined : module);
import type { IntegrationAssociationsInputs, IntegrationAssociationsOutputs } from "./types";

/** The provider object as the host calls it: `provider.create(...)`, so `this` is the object. */
interface Configured {
  settings?: ProviderSettings;
}

type ReadResult = pulumi.dynamic.ReadResult<IntegrationAssociationsOutputs>;

export async function configure(this: Configured, req: { config: ConfigSource }): Promise<void> {
  this.settings = lifecycle.configure(req.config);
}

export async function check(
  this: Configured | undefined,
  _olds: IntegrationAssociationsInputs,
  news: IntegrationAssociationsInputs,
) {
  return lifecycle.check(news as unknown as Record<string, unknown>, this?.settings);
}

export async function diff(
  _id: string,
  olds: IntegrationAssociationsOutputs,
  news: IntegrationAssociationsInputs,
) {
  return lifecycle.diff(olds, news);
}

export async function create(this: Configured, inputs: IntegrationAssociationsInputs) {
  return lifecycle.create(this.settings, inputs);
}

export async function read(
  this: Configured,
  id: string,
  props?: IntegrationAssociationsOutputs,
): Promise<ReadResult> {
  return (await lifecycle.read(this.settings, id, props ?? {})) as ReadResult;
}

export async function update(
  this: Configured,
  id: string,
  olds: IntegrationAssociationsOutputs,
  news: IntegrationAssociationsInputs,
) {
  return lifecycle.update(this.settings, id, olds, news);
}

async function remove(this: Configured, id: string, props: IntegrationAssociationsOutputs) {
  await lifecycle.remove(this.settings, id, props);
}
// `delete` is a reserved word for a declaration, not for an export name.
export { remove as delete };
