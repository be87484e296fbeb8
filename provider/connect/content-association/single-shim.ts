/**
 * The serialized provider of `ConnectContentIntegration`: this module's exports object itself,
 * so state stores one `require` of the installed package and every method runs the installed
 * release's code (see oauth-integration/shim.ts for why). No logic, clients or credentials; each
 * method forwards to single-provider.ts. A new URL of the same server is an `update`; every other change replaces.
 *
 * This module's path and its exports' names and signatures are a public contract: never rename
 * the file, never remove or repurpose an export.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./single-provider";
import type { ConfigSource, ProviderSettings } from "../settings";
import { preferStablePath } from "../stable-module-path";

// Under pnpm, state then holds a version-free path to this module (stable-module-path.ts).
preferStablePath(typeof module === "undefined" ? undefined : module);
import type { ContentIntegrationInputs, ContentIntegrationOutputs } from "./types";

/** The provider object as the host calls it: `provider.create(...)`, so `this` is the object. */
interface Configured {
  settings?: ProviderSettings;
}

type ReadResult = pulumi.dynamic.ReadResult<ContentIntegrationOutputs>;

export async function configure(this: Configured, req: { config: ConfigSource }): Promise<void> {
  this.settings = lifecycle.configure(req.config);
}

export async function check(
  this: Configured | undefined,
  _olds: ContentIntegrationInputs,
  news: ContentIntegrationInputs,
) {
  return lifecycle.check(news as unknown as Record<string, unknown>, this?.settings);
}

export async function diff(
  _id: string,
  olds: ContentIntegrationOutputs,
  news: ContentIntegrationInputs,
) {
  return lifecycle.diff(olds, news);
}

export async function create(this: Configured, inputs: ContentIntegrationInputs) {
  return lifecycle.create(this.settings, inputs);
}

export async function read(
  this: Configured,
  id: string,
  props?: ContentIntegrationOutputs,
): Promise<ReadResult> {
  return (await lifecycle.read(this.settings, id, props ?? {})) as ReadResult;
}

async function remove(this: Configured, id: string, props: ContentIntegrationOutputs) {
  await lifecycle.remove(this.settings, id, props);
}
// `delete` is a reserved word for a declaration, not for an export name.
export { remove as delete };

/** Only a new URL of the same server reaches here (see single-provider.ts `diff`). */
export async function update(
  this: Configured,
  id: string,
  olds: ContentIntegrationOutputs,
  news: ContentIntegrationInputs,
) {
  return lifecycle.update(this.settings, id, olds, news);
}
