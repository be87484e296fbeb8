/**
 * The serialized provider of `ConnectContentIntegration`: no logic, clients or credentials;
 * each method forwards to single-provider.ts. Every input forces replacement, so there is no
 * `update`.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./single-provider";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { ContentIntegrationInputs, ContentIntegrationOutputs } from "./types";

export class ContentIntegrationProvider implements pulumi.dynamic.ResourceProvider<
  ContentIntegrationInputs,
  ContentIntegrationOutputs
> {
  private settings?: ProviderSettings;

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.settings = lifecycle.configure(req.config);
  }

  async check(_olds: ContentIntegrationInputs, news: ContentIntegrationInputs) {
    return lifecycle.check(news as unknown as Record<string, unknown>);
  }

  async diff(_id: string, olds: ContentIntegrationOutputs, news: ContentIntegrationInputs) {
    return lifecycle.diff(olds, news);
  }

  async create(inputs: ContentIntegrationInputs) {
    return lifecycle.create(this.settings, inputs);
  }

  async read(
    id: string,
    props?: ContentIntegrationOutputs,
  ): Promise<pulumi.dynamic.ReadResult<ContentIntegrationOutputs>> {
    return (await lifecycle.read(
      this.settings,
      id,
      props ?? {},
    )) as pulumi.dynamic.ReadResult<ContentIntegrationOutputs>;
  }

  async delete(id: string, props: ContentIntegrationOutputs) {
    await lifecycle.remove(this.settings, id, props);
  }
}
