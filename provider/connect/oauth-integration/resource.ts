/**
 * `ConnectOAuthIntegration`: a Posit Connect OAuth integration managed by Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { requireSecretApiKey, resolveConnectUrl } from "../../config";
import type { ConfigValue } from "../wire";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";
import * as shim from "./shim";
import { claimAdoption, noteManaged } from "./adoption-registry";

export interface ConnectOAuthIntegrationArgs {
  /**
   * Connect server base URL, e.g. `https://connect.example.org`. Changing it replaces the
   * integration. @default stack config `posit-connect:url`, else env `CONNECT_SERVER`
   */
  readonly connectUrl?: pulumi.Input<string>;
  /** Integration name publishers see when they pick an integration for their content. */
  readonly name: pulumi.Input<string>;
  readonly description?: pulumi.Input<string>;
  /** Connect template key: `databricks`, `custom`, `azure`, `snowflake`, … Changing it replaces the integration. */
  readonly template: pulumi.Input<string>;
  /**
   * `Viewer` (OAuth as the viewing user), `Service Account` or `Visitor API Key`. Sent as
   * `config.auth_type`. Changing it replaces the integration. @default "Viewer"
   */
  readonly authType?: pulumi.Input<string>;
  /**
   * Non-secret template keys, e.g. `{ workspace_host, client_id }` for `databricks`. Lists
   * such as scopes are one space-separated string, as Connect stores them.
   */
  readonly config?: pulumi.Input<Record<string, pulumi.Input<ConfigValue>>>;
  /** The OAuth client secret, sent as `config.client_secret`. Always stored as a Pulumi secret. */
  readonly clientSecret?: pulumi.Input<string>;
  /**
   * GUID of an integration that already exists in Connect (made by hand or another tool). The
   * first `up` adopts it instead of creating one: no POST, at most one PATCH to converge name,
   * description and the declared config keys; its content associations stay. Refused when it
   * does not exist or its template or auth type differ. Without `clientSecret`, Connect keeps
   * the secret it has. Ignored once the integration is in the stack's state.
   */
  readonly adoptGuid?: pulumi.Input<string>;
  /**
   * For `Service Account` integrations: ask Connect to verify the credentials after create and
   * after each change to them, failing the `up` when Connect cannot get a token. @default true
   */
  readonly verify?: pulumi.Input<boolean>;
  /**
   * Who may attach this integration to content: users and groups, one `{ userGuid }` or
   * `{ groupGuid }` per entry. Given, the list is owned exactly (grants made elsewhere are
   * removed); `[]` restores Connect's default, every publisher; omitted, permissions are left
   * alone. Needs Connect 2026.04.0 or later.
   */
  readonly permissions?: pulumi.Input<pulumi.Input<PermissionArgs>[]>;
}

/** One grant: exactly one of the two. */
export interface PermissionArgs {
  readonly userGuid?: pulumi.Input<string>;
  readonly groupGuid?: pulumi.Input<string>;
}

/**
 * The provider every resource passes: the shim module's exports object, so state stores it as
 * one `require` of the installed package (shim.ts). One object for every resource, because
 * Pulumi serializes once per provider object.
 */
export const oauthIntegrationProvider: pulumi.dynamic.ResourceProvider<
  OAuthIntegrationInputs,
  OAuthIntegrationOutputs
> = shim;

export const OAUTH_INTEGRATION_TYPE = "pulumi-nodejs:dynamic/posit-connect:OAuthIntegration";

export class ConnectOAuthIntegration extends pulumi.dynamic.Resource {
  /** Connect's id for the integration (also the resource id). */
  declare public readonly guid: pulumi.Output<string>;
  declare public readonly connectUrl: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | null>;
  declare public readonly template: pulumi.Output<string>;
  declare public readonly authType: pulumi.Output<string>;
  /** Non-secret config as Connect returns it. */
  declare public readonly config: pulumi.Output<Record<string, ConfigValue>>;
  declare public readonly createdTime: pulumi.Output<string>;
  declare public readonly updatedTime: pulumi.Output<string>;
  /** Secret; echoed from the input, since Connect never returns it. */
  declare public readonly clientSecret: pulumi.Output<string | undefined>;
  /** Service Account only: whether Connect verified the current credentials. */
  declare public readonly verified: pulumi.Output<boolean | undefined>;
  /** The permission list Connect reports; undefined when the program does not manage it. */
  declare public readonly permissions: pulumi.Output<
    Array<{ userGuid?: string; groupGuid?: string }> | undefined
  >;

  constructor(
    name: string,
    args: ConnectOAuthIntegrationArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    requireSecretApiKey();
    // Checked before registering, so a plain GUID claimed twice stops the program at preview.
    let adoptGuid = args.adoptGuid;
    if (typeof adoptGuid === "string") claimAdoption(adoptGuid, name);
    else if (adoptGuid !== undefined) {
      adoptGuid = pulumi.output(adoptGuid).apply((g) => {
        if (typeof g === "string") claimAdoption(g, name);
        return g;
      });
    }
    const props = {
      adoptGuid,
      connectUrl: resolveConnectUrl(args.connectUrl, name),
      name: args.name,
      description: args.description,
      template: args.template,
      authType: args.authType,
      config: args.config,
      // Wrapped here so a plain string from the caller is still stored encrypted.
      clientSecret: args.clientSecret === undefined ? undefined : pulumi.secret(args.clientSecret),
      verify: args.verify,
      permissions: args.permissions,
      guid: undefined,
      verified: undefined,
      createdTime: undefined,
      updatedTime: undefined,
    };
    super(
      oauthIntegrationProvider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecret"] }),
      "posit-connect",
      "OAuthIntegration",
    );
    // Known at preview for integrations already in state, so adopting one of them fails there.
    this.guid.apply((guid) => {
      if (guid) noteManaged(guid, this, name);
    });
  }
}
