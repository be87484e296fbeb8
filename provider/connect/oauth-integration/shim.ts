/**
 * The object Pulumi serializes into state as `__provider`. It holds no logic, clients or
 * credentials: each method forwards to provider.ts, and the settings read in `configure()`
 * live only in the provider host process that called it.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./provider";
import type { ConfigSource, ProviderSettings } from "../settings";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";

export class OAuthIntegrationProvider implements pulumi.dynamic.ResourceProvider<
  OAuthIntegrationInputs,
  OAuthIntegrationOutputs
> {
  private settings?: ProviderSettings;

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.settings = lifecycle.configure(req.config);
  }

  async check(_olds: OAuthIntegrationInputs, news: OAuthIntegrationInputs) {
    const { inputs, failures } = lifecycle.check(
      news as unknown as Record<string, unknown>,
      this.settings,
    );
    return { inputs, failures };
  }

  async diff(_id: string, olds: OAuthIntegrationOutputs, news: OAuthIntegrationInputs) {
    return lifecycle.diff(olds, news);
  }

  async create(inputs: OAuthIntegrationInputs) {
    return lifecycle.create(this.settings, inputs);
  }

  async read(
    id: string,
    props?: OAuthIntegrationOutputs,
  ): Promise<pulumi.dynamic.ReadResult<OAuthIntegrationOutputs>> {
    // ReadResult types `inputs` as outputs; ours are the resolved input shape.
    return (await lifecycle.read(
      this.settings,
      id,
      props ?? {},
    )) as pulumi.dynamic.ReadResult<OAuthIntegrationOutputs>;
  }

  async update(id: string, olds: OAuthIntegrationOutputs, news: OAuthIntegrationInputs) {
    return lifecycle.update(this.settings, id, olds, news);
  }

  async delete(id: string, props: OAuthIntegrationOutputs) {
    await lifecycle.remove(this.settings, id, props);
  }
}
