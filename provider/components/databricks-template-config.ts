/**
 * The `config` block `DatabricksConnectOAuth` gives Connect's `databricks` template: the
 * request Posit's admin guide documents, and a key it does not document only where the
 * integration cannot work without it. Key by key (README "Limits" keeps the same list):
 *
 * - `workspace_host`: documented. The admin guide sends the bare host name
 *   (`"cust-success.cloud.databricks.com"`, "the Databricks workspace hostname"), so no scheme.
 * - `client_id`, `client_secret`: documented (admin guide). The secret is not in this block:
 *   the resource's write-only `clientSecret` travels as `config.client_secret`.
 * - `auth_type`: documented as the way the auth type is chosen (API reference,
 *   `OAuthIntegrationInput.config`; Posit cookbook). Not in this block either: the resource's
 *   `authType` ("Viewer") travels as `config.auth_type`.
 * - `auth_mode`: inferred. Only for a public app (`"Public"`), which has no secret; for a
 *   confidential app Connect's default is relied on and the key is not sent.
 * - `scopes`: inferred. Only when the app's scopes differ from the six the admin guide
 *   registers, space-separated (the form Connect's other templates use), so Connect never
 *   asks for a scope the app does not allow.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigValue } from "../connect/wire";
import { DEFAULT_SCOPES } from "../databricks/custom-app";

export interface DatabricksTemplateInputs {
  /** Bare host name, already normalised (no scheme, no path). */
  workspaceHost: pulumi.Input<string>;
  clientId: pulumi.Input<string>;
  confidential: boolean;
  /** Scopes of the app this component registers; `undefined` for an existing app. */
  appScopes?: readonly string[];
}

export function databricksTemplateConfig(
  inputs: DatabricksTemplateInputs,
): Record<string, pulumi.Input<ConfigValue>> {
  const config: Record<string, pulumi.Input<ConfigValue>> = {
    workspace_host: inputs.workspaceHost,
    client_id: inputs.clientId,
  };
  if (!inputs.confidential) config.auth_mode = "Public";
  const scopes = connectScopes(inputs.appScopes);
  if (scopes !== undefined) config.scopes = scopes;
  return config;
}

/** The `scopes` value for Connect, or `undefined` when the app has the documented default six. */
export function connectScopes(scopes: readonly string[] | undefined): string | undefined {
  if (scopes === undefined) return undefined;
  const defaults = new Set(DEFAULT_SCOPES);
  const same = scopes.length === defaults.size && scopes.every((s) => defaults.has(s));
  return same ? undefined : scopes.join(" ");
}
