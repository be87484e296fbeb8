/**
 * `ContentIntegrationProvider`: the serialized provider (single-shim.ts) as a class, for code
 * that runs the provider in-process and wants several independently configured instances
 * (tests, scripts). Resources never use it: they pass the shim module itself. Every method runs
 * the shim's with this instance as `this`, so each instance keeps its own settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as shim from "./single-shim";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { ContentIntegrationInputs, ContentIntegrationOutputs } from "./types";

export class ContentIntegrationProvider implements pulumi.dynamic.ResourceProvider<
  ContentIntegrationInputs,
  ContentIntegrationOutputs
> {
  settings?: ProviderSettings;

  configure(req: { config: ConfigSource }): Promise<void> {
    return shim.configure.call(this, req);
  }

  check(olds: ContentIntegrationInputs, news: ContentIntegrationInputs) {
    return shim.check.call(this, olds, news);
  }

  diff(id: string, olds: ContentIntegrationOutputs, news: ContentIntegrationInputs) {
    return shim.diff(id, olds, news);
  }

  create(inputs: ContentIntegrationInputs) {
    return shim.create.call(this, inputs);
  }

  read(id: string, props?: ContentIntegrationOutputs) {
    return shim.read.call(this, id, props);
  }

  update(id: string, olds: ContentIntegrationOutputs, news: ContentIntegrationInputs) {
    return shim.update.call(this, id, olds, news);
  }

  delete(id: string, props: ContentIntegrationOutputs) {
    return shim.delete.call(this, id, props);
  }
}
