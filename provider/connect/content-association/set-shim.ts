/**
 * The serialized provider of `ConnectContentIntegrations`: no logic, clients or credentials;
 * each method forwards to set-provider.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./set-provider";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { ContentIntegrationsInputs, ContentIntegrationsOutputs } from "./types";

export class ContentIntegrationsProvider implements pulumi.dynamic.ResourceProvider<
  ContentIntegrationsInputs,
  ContentIntegrationsOutputs
> {
  private settings?: ProviderSettings;

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.settings = lifecycle.configure(req.config);
  }

  async check(_olds: ContentIntegrationsInputs, news: ContentIntegrationsInputs) {
    return lifecycle.check(news as unknown as Record<string, unknown>);
  }

  async diff(_id: string, olds: ContentIntegrationsOutputs, news: ContentIntegrationsInputs) {
    return lifecycle.diff(olds, news);
  }

  async create(inputs: ContentIntegrationsInputs) {
    return lifecycle.create(this.settings, inputs);
  }

  async read(
    id: string,
    props?: ContentIntegrationsOutputs,
  ): Promise<pulumi.dynamic.ReadResult<ContentIntegrationsOutputs>> {
    return (await lifecycle.read(
      this.settings,
      id,
      props ?? {},
    )) as pulumi.dynamic.ReadResult<ContentIntegrationsOutputs>;
  }

  async update(id: string, olds: ContentIntegrationsOutputs, news: ContentIntegrationsInputs) {
    return lifecycle.update(this.settings, id, olds, news);
  }

  async delete(id: string, props: ContentIntegrationsOutputs) {
    await lifecycle.remove(this.settings, id, props);
  }
}
