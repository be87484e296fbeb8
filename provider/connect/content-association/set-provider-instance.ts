/**
 * `ContentIntegrationsProvider`: the serialized provider (set-shim.ts) as a class, for code
 * that runs the provider in-process and wants several independently configured instances
 * (tests, scripts). Resources never use it: they pass the shim module itself. Every method runs
 * the shim's with this instance as `this`, so each instance keeps its own settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as shim from "./set-shim";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { ContentIntegrationsInputs, ContentIntegrationsOutputs } from "./types";

export class ContentIntegrationsProvider implements pulumi.dynamic.ResourceProvider<
  ContentIntegrationsInputs,
  ContentIntegrationsOutputs
> {
  settings?: ProviderSettings;

  configure(req: { config: ConfigSource }): Promise<void> {
    return shim.configure.call(this, req);
  }

  check(olds: ContentIntegrationsInputs, news: ContentIntegrationsInputs) {
    return shim.check.call(this, olds, news);
  }

  diff(id: string, olds: ContentIntegrationsOutputs, news: ContentIntegrationsInputs) {
    return shim.diff(id, olds, news);
  }

  create(inputs: ContentIntegrationsInputs) {
    return shim.create.call(this, inputs);
  }

  read(id: string, props?: ContentIntegrationsOutputs) {
    return shim.read.call(this, id, props);
  }

  update(id: string, olds: ContentIntegrationsOutputs, news: ContentIntegrationsInputs) {
    return shim.update.call(this, id, olds, news);
  }

  delete(id: string, props: ContentIntegrationsOutputs) {
    return shim.delete.call(this, id, props);
  }
}
