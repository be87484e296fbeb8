/**
 * Connect's JSON wire shapes (snake_case) and their conversion to the camelCase model.
 * This is the only file that knows both spellings.
 * Contract: shared/docs/connect-api.md §3.
 */

/** A value Connect accepts inside an integration's `config` map. */
export type ConfigValue = string | boolean;

/** `OAuthIntegration` as Connect returns it (GET, POST, PATCH). */
export interface WireIntegration {
  id?: string;
  guid: string;
  created_time?: string;
  updated_time?: string;
  name?: string | null;
  description?: string | null;
  template?: string | null;
  // Absent before Connect 2024.12 (connect-api.md §7).
  auth_type?: string | null;
  config?: Record<string, unknown> | null;
  // Only from Connect versions with integration permissions (see permissions.ts).
  permissions?: WirePermission[] | null;
}

/** Body of `POST /v1/oauth/integrations`. */
export interface WireIntegrationInput {
  template: string;
  name: string;
  description?: string | null;
  config: Record<string, ConfigValue>;
  permissions?: WirePermissionInput[];
}

/** Body of `PATCH /v1/oauth/integrations/{guid}`; `null` in config removes the key. */
export interface WireIntegrationUpdate {
  name?: string;
  description?: string | null;
  config?: Record<string, ConfigValue | null>;
  /** Replaces the whole list when present (connect-api.md §3.3). */
  permissions?: WirePermissionInput[];
}

/** Connect's error body (`APIError`). */
export interface WireError {
  code?: number;
  error?: string;
  payload?: unknown;
}

/** An integration as the rest of the library sees it. */
export interface Integration {
  guid: string;
  name: string;
  description: string | null;
  template: string;
  authType: string;
  /** Non-secret config keys, without `auth_type` (which is `authType`). */
  config: Record<string, ConfigValue>;
  createdTime: string;
  updatedTime: string;
  /** Who may use it; absent when the server does not report permissions. */
  permissions?: Permission[];
}

/** What the library asks Connect to create. */
export interface IntegrationSpec {
  name: string;
  description?: string;
  template: string;
  authType: string;
  config: Record<string, ConfigValue>;
  clientSecret?: string;
  permissions?: Permission[];
}

/** A partial change; `config` entries set to `null` are removed on the server. */
export interface IntegrationPatch {
  name?: string;
  description?: string | null;
  config?: Record<string, ConfigValue | null>;
  clientSecret?: string | null;
  /** The complete new list; `[]` restores Connect's default (every publisher). */
  permissions?: Permission[];
}

const AUTH_TYPE_KEY = "auth_type";
const CLIENT_SECRET_KEY = "client_secret";

export function fromWire(wire: WireIntegration): Integration {
  const config: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(wire.config ?? {})) {
    // Connect never returns secrets (connect-api.md §4.4); drop one defensively if a proxy or
    // an old server echoes it, so it can never reach plaintext outputs.
    if (key === AUTH_TYPE_KEY || key === CLIENT_SECRET_KEY) continue;
    if (typeof value === "string" || typeof value === "boolean") config[key] = value;
    else if (typeof value === "number") config[key] = String(value);
  }
  const configAuthType = wire.config?.[AUTH_TYPE_KEY];
  return {
    guid: wire.guid,
    name: wire.name ?? "",
    description: wire.description ?? null,
    template: wire.template ?? "",
    authType: authTypeOf(wire, configAuthType),
    config,
    createdTime: wire.created_time ?? "",
    updatedTime: wire.updated_time ?? "",
    ...(Array.isArray(wire.permissions)
      ? { permissions: wire.permissions.map(permissionFromWire) }
      : {}),
  };
}

/**
 * The auth type a read reports: top-level `auth_type` (Connect 2024.12 and later), else the
 * `config.auth_type` key an older server may echo. A server that reports neither cannot be
 * managed safely: guessing "Viewer" (as this once did) makes a Service Account integration
 * differ from its program on every run, and `authType` forces replacement, so each `up` would
 * delete and recreate it. Stop with the fix instead (issue 20; docs/emulators.md Limits).
 */
function authTypeOf(wire: WireIntegration, configAuthType: unknown): string {
  if (typeof wire.auth_type === "string") return wire.auth_type;
  if (typeof configAuthType === "string") return configAuthType;
  throw new Error(
    `Connect did not report the auth type of OAuth integration ${wire.guid} ("${wire.name ?? ""}"): ` +
      "servers before Connect 2024.12 omit auth_type, and without it this package cannot tell a " +
      "Viewer integration from a Service Account one without risking a replacement on every run. " +
      "Upgrade Posit Connect to 2024.12 or later.",
  );
}

export function toCreateBody(spec: IntegrationSpec): WireIntegrationInput {
  const config: Record<string, ConfigValue> = { ...spec.config, [AUTH_TYPE_KEY]: spec.authType };
  if (spec.clientSecret !== undefined) config[CLIENT_SECRET_KEY] = spec.clientSecret;
  const body: WireIntegrationInput = { template: spec.template, name: spec.name, config };
  if (spec.description !== undefined) body.description = spec.description;
  if (spec.permissions !== undefined) body.permissions = spec.permissions.map(permissionToWire);
  return body;
}

export function toUpdateBody(patch: IntegrationPatch): WireIntegrationUpdate {
  const body: WireIntegrationUpdate = {};
  if (patch.name !== undefined) body.name = patch.name;
  if (patch.description !== undefined) body.description = patch.description;
  if (patch.config !== undefined || patch.clientSecret !== undefined) {
    body.config = { ...patch.config };
    if (patch.clientSecret !== undefined) body.config[CLIENT_SECRET_KEY] = patch.clientSecret;
  }
  if (patch.permissions !== undefined) body.permissions = patch.permissions.map(permissionToWire);
  return body;
}

// ---- Permissions, associations and the directory (users, groups, content) ----

/** `OAuthIntegrationPermission` (connect-api.md §3.4). */
export interface WirePermission {
  id?: string;
  guid?: string;
  integration_guid?: string;
  user_guid?: string | null;
  group_guid?: string | null;
}

/** `OAuthIntegrationPermissionInput`: exactly one of the two, the other `null` as rsconnect sends it. */
export interface WirePermissionInput {
  user_guid: string | null;
  group_guid: string | null;
}

/** One grant: a user or a group (exactly one of the two). */
export interface Permission {
  userGuid?: string;
  groupGuid?: string;
}

export function permissionFromWire(w: WirePermission): Permission {
  return w.user_guid ? { userGuid: w.user_guid } : { groupGuid: w.group_guid ?? "" };
}

export function permissionToWire(p: Permission): WirePermissionInput {
  return { user_guid: p.userGuid ?? null, group_guid: p.groupGuid ?? null };
}

/** `OAuthIntegrationAssociationOutput` (connect-api.md §3.5; `content_guid` from 2025.07). */
export interface WireAssociation {
  app_guid?: string;
  content_guid?: string;
  oauth_integration_guid: string;
  oauth_integration_name?: string | null;
  oauth_integration_auth_type?: string | null;
  created_time?: string;
}

/** Item of the `PUT /v1/content/{guid}/oauth/integrations/associations` body (an array). */
export interface WireAssociationInput {
  oauth_integration_guid: string;
}

export interface Association {
  contentGuid: string;
  integrationGuid: string;
  integrationName: string | null;
  authType: string | null;
  createdTime: string;
}

export function associationFromWire(w: WireAssociation, contentGuid: string): Association {
  return {
    contentGuid: w.content_guid ?? w.app_guid ?? contentGuid,
    integrationGuid: w.oauth_integration_guid,
    integrationName: w.oauth_integration_name ?? null,
    authType: w.oauth_integration_auth_type ?? null,
    createdTime: w.created_time ?? "",
  };
}

export function associationsToWire(integrationGuids: string[]): WireAssociationInput[] {
  return integrationGuids.map((g) => ({ oauth_integration_guid: g }));
}

/** A page of `GET /v1/users` or `GET /v1/groups`. */
export interface WirePage<T> {
  results?: T[];
  current_page?: number;
  total?: number;
}

export interface WireUser {
  guid: string;
  username: string;
  email?: string;
  locked?: boolean;
}

export interface WireGroup {
  guid: string;
  name: string;
}

export interface WireContent {
  guid: string;
  name: string;
  title?: string | null;
  app_mode?: string | null;
}

export interface ConnectUser {
  guid: string;
  username: string;
  locked: boolean;
}

export interface ConnectGroup {
  guid: string;
  name: string;
}

export interface ConnectContent {
  guid: string;
  name: string;
  title: string | null;
  /** Connect's `app_mode`, e.g. `python-dash`; empty when the server does not say. */
  appMode: string;
}

export const userFromWire = (w: WireUser): ConnectUser => ({
  guid: w.guid,
  username: w.username,
  locked: w.locked ?? false,
});

export const groupFromWire = (w: WireGroup): ConnectGroup => ({ guid: w.guid, name: w.name });

export const contentFromWire = (w: WireContent): ConnectContent => ({
  guid: w.guid,
  name: w.name,
  title: w.title ?? null,
  appMode: w.app_mode ?? "",
});
