/**
 * `ConnectIntegrationAssociations`: the content items one OAuth integration is associated with.
 *
 * ADDITIVE and by difference: each listed item gets the integration next to whatever else it
 * uses; an item removed from the list loses it only when this resource made that association.
 * An association that was already there (made in the dashboard, by another stack, or by a
 * resource of this stack that was renamed) is recorded in `keptOnDelete` and left in place on
 * removal and on delete, which the preview shows. The list's order and the way each GUID is
 * computed (plain strings or `getConnectContent(...).guid` outputs) do not matter.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveConnectUrl } from "../../config";
import type { IntegrationAssociationsInputs, IntegrationAssociationsOutputs } from "./types";
import * as shim from "./integration-set-shim";

export interface ConnectIntegrationAssociationsArgs {
  /** Connect base URL. @default stack config `posit-connect:url`, else env `CONNECT_SERVER` */
  readonly connectUrl?: pulumi.Input<string>;
  /** The integration's GUID, e.g. a `ConnectOAuthIntegration`'s `id`. */
  readonly integrationGuid: pulumi.Input<string>;
  /** Content GUIDs that should use the integration; order is not significant. */
  readonly contentGuids: pulumi.Input<pulumi.Input<string>[]>;
}

/** The shim module's exports object, so state stores one `require` of the installed package. */
const provider: pulumi.dynamic.ResourceProvider<
  IntegrationAssociationsInputs,
  IntegrationAssociationsOutputs
> = shim;

export const INTEGRATION_ASSOCIATIONS_TYPE =
  "pulumi-nodejs:dynamic/posit-connect:IntegrationAssociations";

export class ConnectIntegrationAssociations extends pulumi.dynamic.Resource {
  declare public readonly connectUrl: pulumi.Output<string>;
  declare public readonly integrationGuid: pulumi.Output<string>;
  declare public readonly contentGuids: pulumi.Output<string[]>;
  /** Items whose association this resource made: the only ones it removes. */
  declare public readonly created: pulumi.Output<string[]>;
  /** Items that already had the association: never removed by this resource. */
  declare public readonly keptOnDelete: pulumi.Output<string[]>;

  constructor(
    name: string,
    args: ConnectIntegrationAssociationsArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      provider,
      name,
      {
        connectUrl: resolveConnectUrl(args.connectUrl, name),
        integrationGuid: args.integrationGuid,
        contentGuids: args.contentGuids,
        created: undefined,
        keptOnDelete: undefined,
      },
      opts,
      "posit-connect",
      "IntegrationAssociations",
    );
  }
}
