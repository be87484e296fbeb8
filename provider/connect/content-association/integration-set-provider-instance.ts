/**
 * `IntegrationAssociationsProvider`: the serialized provider (integration-set-shim.ts) as a class, for code
 * that runs the provider in-process and wants several independently configured instances
 * (tests, scripts). Resources never use it: they pass the shim module itself. Every method runs
 * the shim's with this instance as `this`, so each instance keeps its own settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as shim from "./integration-set-shim";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { IntegrationAssociationsInputs, IntegrationAssociationsOutputs } from "./types";

export class IntegrationAssociationsProvider implements pulumi.dynamic.ResourceProvider<
  IntegrationAssociationsInputs,
  IntegrationAssociationsOutputs
> {
  settings?: ProviderSettings;

  configure(req: { config: ConfigSource }): Promise<void> {
    return shim.configure.call(this, req);
  }

  check(olds: IntegrationAssociationsInputs, news: IntegrationAssociationsInputs) {
    return shim.check.call(this, olds, news);
  }

  diff(id: string, olds: IntegrationAssociationsOutputs, news: IntegrationAssociationsInputs) {
    return shim.diff(id, olds, news);
  }

  create(inputs: IntegrationAssociationsInputs) {
    return shim.create.call(this, inputs);
  }

  read(id: string, props?: IntegrationAssociationsOutputs) {
    return shim.read.call(this, id, props);
  }

  update(id: string, olds: IntegrationAssociationsOutputs, news: IntegrationAssociationsInputs) {
    return shim.update.call(this, id, olds, news);
  }

  delete(id: string, props: IntegrationAssociationsOutputs) {
    return shim.delete.call(this, id, props);
  }
}
