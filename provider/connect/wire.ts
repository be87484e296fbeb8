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
}

/** Body of `POST /v1/oauth/integrations`. */
export interface WireIntegrationInput {
  template: string;
  name: string;
  description?: string | null;
  config: Record<string, ConfigValue>;
}

/** Body of `PATCH /v1/oauth/integrations/{guid}`; `null` in config removes the key. */
export interface WireIntegrationUpdate {
  name?: string;
  description?: string | null;
  config?: Record<string, ConfigValue | null>;
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
}

/** What the library asks Connect to create. */
export interface IntegrationSpec {
  name: string;
  description?: string;
  template: string;
  authType: string;
  config: Record<string, ConfigValue>;
  clientSecret?: string;
}

/** A partial change; `config` entries set to `null` are removed on the server. */
export interface IntegrationPatch {
  name?: string;
  description?: string | null;
  config?: Record<string, ConfigValue | null>;
  clientSecret?: string | null;
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
    authType:
      wire.auth_type ??
      (typeof configAuthType === "string" ? configAuthType : undefined) ??
      "Viewer",
    config,
    createdTime: wire.created_time ?? "",
    updatedTime: wire.updated_time ?? "",
  };
}

export function toCreateBody(spec: IntegrationSpec): WireIntegrationInput {
  const config: Record<string, ConfigValue> = { ...spec.config, [AUTH_TYPE_KEY]: spec.authType };
  if (spec.clientSecret !== undefined) config[CLIENT_SECRET_KEY] = spec.clientSecret;
  const body: WireIntegrationInput = { template: spec.template, name: spec.name, config };
  if (spec.description !== undefined) body.description = spec.description;
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
  return body;
}

/** A row of `GET /v1/oauth/integrations/{guid}/associations` (connect-api.md §3.5), fields read here. */
export interface WireIntegrationAssociation {
  /** Deprecated alias of `content_guid`, the only one before Connect 2025.07. */
  app_guid?: string;
  content_guid?: string;
}

export function associatedContentGuid(wire: WireIntegrationAssociation): string {
  return wire.content_guid ?? wire.app_guid ?? "";
}
