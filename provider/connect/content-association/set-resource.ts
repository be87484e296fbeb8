/**
 * `ConnectContentIntegrations`: the complete set of OAuth integrations one content item uses.
 *
 * EXCLUSIVE. This resource owns the whole set: on every `up` it makes the content item's
 * integrations exactly `integrationGuids`, removing any association made in the dashboard, by
 * another stack, or by a `ConnectContentIntegration`. Do not combine it with
 * `ConnectContentIntegration` on the same content item; use one or the other.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveConnectUrl } from "../../config";
import type { ContentIntegrationsInputs, ContentIntegrationsOutputs } from "./types";
import * as shim from "./set-shim";

export interface ConnectContentIntegrationsArgs {
  /** Connect base URL. @default stack config `posit-connect:url`, else env `CONNECT_SERVER` */
  readonly connectUrl?: pulumi.Input<string>;
  /** The content item's GUID (its Info panel in Connect; or `getConnectContent`). Changing it replaces the resource. */
  readonly contentGuid: pulumi.Input<string>;
  /**
   * Every integration the content item may use; any other association is removed. `[]` leaves
   * the item with none. More than one needs Connect 2025.07.0 or later.
   */
  readonly integrationGuids: pulumi.Input<pulumi.Input<string>[]>;
}

/** The shim module's exports object, so state stores one `require` of the installed package. */
const provider: pulumi.dynamic.ResourceProvider<
  ContentIntegrationsInputs,
  ContentIntegrationsOutputs
> = shim;

export const CONTENT_INTEGRATIONS_TYPE = "pulumi-nodejs:dynamic/posit-connect:ContentIntegrations";

export class ConnectContentIntegrations extends pulumi.dynamic.Resource {
  declare public readonly connectUrl: pulumi.Output<string>;
  declare public readonly contentGuid: pulumi.Output<string>;
  /** The integrations Connect reports for the content item. */
  declare public readonly integrationGuids: pulumi.Output<string[]>;

  constructor(
    name: string,
    args: ConnectContentIntegrationsArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      provider,
      name,
      {
        connectUrl: resolveConnectUrl(args.connectUrl, name),
        contentGuid: args.contentGuid,
        integrationGuids: args.integrationGuids,
      },
      opts,
      "posit-connect",
      "ContentIntegrations",
    );
  }
}
