/**
 * `ConnectContentIntegration`: one content item uses one OAuth integration. Coexists with
 * associations made elsewhere (the dashboard, other stacks, other resources of this type):
 * creating adds just this one, deleting removes just this one.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveConnectUrl } from "../../config";
import type { ContentIntegrationInputs, ContentIntegrationOutputs } from "./types";
import * as shim from "./single-shim";

export interface ConnectContentIntegrationArgs {
  /** Connect base URL. @default stack config `posit-connect:url`, else env `CONNECT_SERVER` */
  readonly connectUrl?: pulumi.Input<string>;
  /** The content item's GUID (its Info panel in Connect; or `getConnectContent`). */
  readonly contentGuid: pulumi.Input<string>;
  /** The integration's GUID, e.g. a `ConnectOAuthIntegration`'s `guid` output. */
  readonly integrationGuid: pulumi.Input<string>;
}

/** The shim module's exports object, so state stores one `require` of the installed package. */
const provider: pulumi.dynamic.ResourceProvider<
  ContentIntegrationInputs,
  ContentIntegrationOutputs
> = shim;

export const CONTENT_INTEGRATION_TYPE = "pulumi-nodejs:dynamic/posit-connect:ContentIntegration";

export class ConnectContentIntegration extends pulumi.dynamic.Resource {
  declare public readonly connectUrl: pulumi.Output<string>;
  declare public readonly contentGuid: pulumi.Output<string>;
  declare public readonly integrationGuid: pulumi.Output<string>;
  /** When Connect recorded the association. */
  declare public readonly createdTime: pulumi.Output<string>;

  constructor(
    name: string,
    args: ConnectContentIntegrationArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      provider,
      name,
      {
        connectUrl: resolveConnectUrl(args.connectUrl, name),
        contentGuid: args.contentGuid,
        integrationGuid: args.integrationGuid,
        createdTime: undefined,
      },
      opts,
      "posit-connect",
      "ContentIntegration",
    );
  }
}
