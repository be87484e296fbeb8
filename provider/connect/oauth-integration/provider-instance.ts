/**
 * `OAuthIntegrationProvider`: the serialized provider (shim.ts) as a class, for code that runs
 * the provider in-process and wants several independently configured instances (tests,
 * scripts). Resources never use it: they pass the shim module itself, which state stores as a
 * `require` of the installed package. Every method runs the shim's with this instance as `this`,
 * so each instance keeps its own settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";

export class OAuthIntegrationProvider implements pulumi.dynamic.ResourceProvider<
  OAuthIntegrationInputs,
  OAuthIntegrationOutputs
> {
  settings?: ProviderSettings;

  configure(req: { config: ConfigSource }): Promise<void> {
    return shim.configure.call(this, req);
  }

  check(olds: OAuthIntegrationInputs, news: OAuthIntegrationInputs) {
    return shim.check.call(this, olds, news);
  }

  diff(id: string, olds: OAuthIntegrationOutputs, news: OAuthIntegrationInputs) {
    return shim.diff.call(this, id, olds, news);
  }

  create(inputs: OAuthIntegrationInputs) {
    return shim.create.call(this, inputs);
  }

  read(id: string, props?: OAuthIntegrationOutputs) {
    return shim.read.call(this, id, props);
  }

  update(id: string, olds: OAuthIntegrationOutputs, news: OAuthIntegrationInputs) {
    return shim.update.call(this, id, olds, news);
  }

  delete(id: string, props: OAuthIntegrationOutputs) {
    return shim.delete.call(this, id, props);
  }
}
