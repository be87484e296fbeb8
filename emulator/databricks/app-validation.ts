/**
 * Validation of custom-app-integration create/update bodies. What is documented is enforced as
 * documented (databricks-api.md §2): TTL ranges 5..1440 and 5..129600, refresh >= access,
 * `user_authorized_scopes` ⊆ `scopes`, `absolute_session_lifetime_in_minutes` only with single-use
 * refresh tokens, at least one valid scope (the recorded BAD_REQUEST). What is not documented is
 * an inference, listed in docs/emulators.md's Limits: the scope-name shape, the redirect-URL rules,
 * and that an update ignores `name`/`confidential` and replaces `token_access_policy` whole.
 */
import { invalidParameter, malformedRequest, noValidScope } from "./errors";
import type { WireTokenAccessPolicy } from "./wire-types";

/**
 * A well-formed scope name. The full list of Databricks API scopes is not published in a
 * machine-readable form and grows (docs.databricks.com/api/account/scopes), so the emulator
 * accepts any token-shaped name (RFC 6749 §3.3 scope-token characters, without quotes or
 * backslashes) rather than rejecting a scope the live service would accept. Inferred.
 */
export const SCOPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

export const ACCESS_TTL_RANGE = [5, 1440] as const;
export const REFRESH_TTL_RANGE = [5, 129600] as const;

export interface CreateAppInput {
  name: string;
  confidential: boolean;
  redirect_urls?: string[];
  scopes: string[];
  user_authorized_scopes?: string[];
  token_access_policy?: WireTokenAccessPolicy;
}

export interface UpdateAppInput {
  redirect_urls?: string[];
  scopes?: string[];
  user_authorized_scopes?: string[];
  token_access_policy?: WireTokenAccessPolicy;
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw malformedRequest("Request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidParameter(`${field} must be a list of strings`);
  }
  return value as string[];
}

function optionalBool(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidParameter(`${field} must be a boolean`);
  return value;
}

function optionalInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidParameter(`${field} must be an integer`);
  }
  return value;
}

function checkRange(value: number | undefined, field: string, [min, max]: readonly number[]) {
  if (value !== undefined && (value < min || value > max)) {
    throw invalidParameter(`${field} must be between ${min} and ${max}`);
  }
}

function scopes(value: unknown, field = "scopes"): string[] | undefined {
  const list = stringList(value, field);
  if (list === undefined) return undefined;
  if (field === "scopes" && list.length === 0) throw noValidScope();
  const invalid = list.find((s) => !SCOPE_PATTERN.test(s));
  if (invalid !== undefined) {
    throw invalidParameter(
      `Invalid scope ${JSON.stringify(invalid)} in ${field}: a scope is a name such as "all-apis" or "sql"`,
    );
  }
  return list;
}

/** Secret scopes (`CreateServicePrincipalSecretRequest.scopes`): optional, any well-formed names. */
export function parseSecretScopes(value: unknown): string[] | undefined {
  return scopes(value, "secret scopes");
}

/**
 * Redirect URLs must be absolute http(s) URLs without a fragment (RFC 6749 §3.1.2). Whether the
 * real server requires https for non-loopback hosts is unknown, so plain http is accepted.
 */
function redirectUrls(value: unknown): string[] | undefined {
  const list = stringList(value, "redirect_urls");
  for (const url of list ?? []) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidParameter(`Invalid redirect URL '${url}': must be an absolute URL`);
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw invalidParameter(`Invalid redirect URL '${url}': scheme must be http or https`);
    }
    if (url.includes("#")) {
      throw invalidParameter(`Invalid redirect URL '${url}': must not contain a fragment`);
    }
    if (/\s/.test(url)) {
      throw invalidParameter(`Invalid redirect URL '${url}': must not contain whitespace`);
    }
  }
  return list;
}

function tokenAccessPolicy(value: unknown): WireTokenAccessPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidParameter("token_access_policy must be an object");
  }
  const v = value as Record<string, unknown>;
  const access = optionalInt(v.access_token_ttl_in_minutes, "access_token_ttl_in_minutes");
  const refresh = optionalInt(v.refresh_token_ttl_in_minutes, "refresh_token_ttl_in_minutes");
  const singleUse = optionalBool(
    v.enable_single_use_refresh_tokens,
    "enable_single_use_refresh_tokens",
  );
  const absolute = optionalInt(
    v.absolute_session_lifetime_in_minutes,
    "absolute_session_lifetime_in_minutes",
  );
  checkRange(access, "access_token_ttl_in_minutes", ACCESS_TTL_RANGE);
  checkRange(refresh, "refresh_token_ttl_in_minutes", REFRESH_TTL_RANGE);
  if (access !== undefined && refresh !== undefined && refresh < access) {
    throw invalidParameter(
      "refresh_token_ttl_in_minutes must not be shorter than access_token_ttl_in_minutes",
    );
  }
  if (absolute !== undefined && singleUse !== true) {
    throw invalidParameter(
      "absolute_session_lifetime_in_minutes can only be set when enable_single_use_refresh_tokens is true",
    );
  }
  if (absolute !== undefined && absolute <= 0) {
    throw invalidParameter("absolute_session_lifetime_in_minutes must be positive");
  }
  const policy: WireTokenAccessPolicy = {};
  if (access !== undefined) policy.access_token_ttl_in_minutes = access;
  if (refresh !== undefined) policy.refresh_token_ttl_in_minutes = refresh;
  if (singleUse !== undefined) policy.enable_single_use_refresh_tokens = singleUse;
  if (absolute !== undefined) policy.absolute_session_lifetime_in_minutes = absolute;
  return policy;
}

function checkUserAuthorized(userAuthorized: string[] | undefined, all: string[] | undefined) {
  const missing = (userAuthorized ?? []).find((s) => !(all ?? []).includes(s));
  if (missing !== undefined) {
    throw invalidParameter(
      `user_authorized_scopes must be a subset of scopes; '${missing}' is not in scopes`,
    );
  }
}

export function parseCreateApp(body: unknown): CreateAppInput {
  const b = object(body);
  // Databricks answers a create without a name with 400 INVALID_PARAMETER_VALUE (TF marks
  // `name` Required on databricks_custom_app_integration).
  if (b.name === undefined || b.name === null || b.name === "") {
    throw invalidParameter("name is required");
  }
  if (typeof b.name !== "string") throw invalidParameter("name must be a string");
  const scopeList = scopes(b.scopes);
  if (scopeList === undefined) throw noValidScope();
  const userAuthorized = scopes(b.user_authorized_scopes, "user_authorized_scopes");
  checkUserAuthorized(userAuthorized, scopeList);
  return {
    name: b.name,
    confidential: optionalBool(b.confidential, "confidential") ?? false,
    redirect_urls: redirectUrls(b.redirect_urls),
    scopes: scopeList,
    user_authorized_scopes: userAuthorized,
    token_access_policy: tokenAccessPolicy(b.token_access_policy),
  };
}

/** @param currentScopes the stored scopes, for the subset check when only one list changes */
export function parseUpdateApp(body: unknown, currentScopes: string[] | undefined): UpdateAppInput {
  const b = object(body);
  const input: UpdateAppInput = {
    redirect_urls: redirectUrls(b.redirect_urls),
    scopes: scopes(b.scopes),
    user_authorized_scopes: scopes(b.user_authorized_scopes, "user_authorized_scopes"),
    token_access_policy: tokenAccessPolicy(b.token_access_policy),
  };
  if (input.user_authorized_scopes !== undefined || input.scopes !== undefined) {
    checkUserAuthorized(input.user_authorized_scopes, input.scopes ?? currentScopes);
  }
  return input;
}
