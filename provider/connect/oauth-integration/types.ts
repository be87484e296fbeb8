/**
 * Resolved (plain) inputs and outputs of the OAuth-integration dynamic resource, as the
 * provider sees them. Public `pulumi.Input` args live in resource.ts.
 */
import type { ConfigValue, Permission } from "../wire";

/** Inputs after `check`: defaults applied, URL normalised. */
export interface OAuthIntegrationInputs {
  connectUrl: string;
  name: string;
  description?: string;
  template: string;
  authType: string;
  config: Record<string, ConfigValue>;
  clientSecret?: string;
  /** GUID of an existing integration the first `up` adopts instead of creating one. */
  adoptGuid?: string;
  /** Service Account only; `false` skips Connect's verification. */
  verify?: boolean;
  /** Who may use the integration; absent = not managed by Pulumi, `[]` = every publisher. */
  permissions?: Permission[];
}

/**
 * Bump when the stored shape changes, and keep `read`/`delete`/`diff` able to handle every
 * earlier version: state created by older releases is served by newer provider code.
 */
export const STATE_VERSION = 1;

export interface OAuthIntegrationOutputs {
  stateVersion: number;
  guid: string;
  connectUrl: string;
  name: string;
  description: string | null;
  template: string;
  authType: string;
  /** Non-secret config as Connect returns it. */
  config: Record<string, ConfigValue>;
  /** Config keys the program declares, so a key removed from the program is removed on the server. */
  managedConfigKeys: string[];
  createdTime: string;
  updatedTime: string;
  /** Echoed from the input; Connect never returns it. */
  clientSecret?: string;
  /** Service Account only: Connect verified the credentials last sent (absent in older state). */
  verified?: boolean;
  /** Present only when the program manages permissions: the list Connect reports. */
  permissions?: Permission[];
}

export const AUTH_TYPES = ["Viewer", "Service Account", "Visitor API Key"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const DEFAULT_AUTH_TYPE: AuthType = "Viewer";

/** What the engine sends for values not known yet during preview (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
