/**
 * OAuth M2M token endpoints (client-credentials grant, RFC 6749 §4.4):
 * - account: `POST /oidc/accounts/{account_id}/v1/token` (sdk-go
 *   `credentials/u2m/endpoint_supplier.go` GetAccountOAuthEndpoints, `config/auth_m2m.go`:
 *   `grant_type=client_credentials`, `scope=all-apis`, credentials in the Basic header);
 * - workspace: `POST /oidc/v1/token` on a workspace host (databricks-api.md §1 "Workspace OAuth
 *   endpoints"), granted only to a service principal assigned to that workspace.
 * Client credentials come by HTTP Basic (RFC 6749 §2.3.1: form-urlencoded, then base64) or as
 * `client_id`/`client_secret` form fields. Errors use the RFC 6749 §5.2 body; the real
 * `error_description` texts are not published, so these are the emulator's own.
 */
import { timingSafeEqual } from "node:crypto";
import { oauthError } from "./errors";
import { ok, type Handler, type HandlerContext } from "./handlers";
import { hashSecret, type AccountStore } from "./state";
import { appSecretCurrent } from "./secret-expiry";
import type { WireTokenResponse } from "./wire-types";

/**
 * Scopes a client-credentials token may ask for: the documented ones (the create docstring) plus
 * the fine-grained API scopes named in docs.databricks.com/api/account/scopes. The token endpoint
 * answers `invalid_scope` outside them (inferred); app and secret scopes are only checked for
 * shape (app-validation.ts SCOPE_PATTERN), since the full list is not published.
 */
const TOKEN_SCOPES: ReadonlySet<string> = new Set([
  "all-apis",
  "sql",
  "offline_access",
  "openid",
  "profile",
  "email",
  "access-management",
  "authentication",
  "dashboards",
  "apps",
  "clusters",
  "jobs",
  "unity-catalog",
  "vector-search",
  "serving-endpoints",
  "files",
  "scim",
  "identity",
]);

interface Credentials {
  clientId: string;
  clientSecret: string;
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

function basicCredentials(header: string | string[] | undefined): Credentials | undefined {
  if (typeof header !== "string") return undefined;
  const match = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw oauthError(401, "invalid_client", "Malformed Basic authorization header");
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw oauthError(401, "invalid_client", "Malformed Basic authorization header");
  }
}

/** The validated form and client credentials of a token request. */
function tokenRequest(ctx: HandlerContext): { creds: Credentials; scope: string } {
  const { body } = ctx;
  if (body.kind !== "form" && body.kind !== "empty") {
    throw oauthError(
      400,
      "invalid_request",
      "The token request must be application/x-www-form-urlencoded",
    );
  }
  const form = body.kind === "form" ? body.value : {};
  const grant = form.grant_type;
  if (grant === undefined) throw oauthError(400, "invalid_request", "grant_type is required");
  if (grant !== "client_credentials") {
    throw oauthError(
      400,
      "unsupported_grant_type",
      `grant_type '${grant}' is not supported here; use client_credentials`,
    );
  }
  const fromHeader = basicCredentials(ctx.headers.authorization);
  const inForm = form.client_id !== undefined || form.client_secret !== undefined;
  if (fromHeader && inForm) {
    throw oauthError(
      400,
      "invalid_request",
      "Use either HTTP Basic authentication or client_id/client_secret form fields, not both",
    );
  }
  const creds =
    fromHeader ??
    (form.client_id !== undefined
      ? { clientId: form.client_id, clientSecret: form.client_secret ?? "" }
      : undefined);
  if (!creds) throw oauthError(401, "invalid_client", "Client authentication is required");
  const scope = (form.scope ?? "all-apis").trim() || "all-apis";
  const unknown = scope.split(/\s+/).find((s) => !TOKEN_SCOPES.has(s));
  if (unknown !== undefined) throw oauthError(400, "invalid_scope", `Unknown scope '${unknown}'`);
  return { creds, scope };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(hashSecret(given), "hex");
  const b = Buffer.from(expected, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `secret` is a current (unexpired) OAuth secret of the service principal `clientId`. */
export function principalSecretValid(
  store: AccountStore,
  clientId: string,
  secret: string,
): boolean {
  const sp = store.principalByApplicationId(clientId);
  if (!sp || !sp.active) return false;
  const now = store.now();
  return store
    .secretsOf(sp.id)
    .some(
      (s) => (s.expire_ms === undefined || s.expire_ms > now) && sameSecret(secret, s.secret_hash),
    );
}

/** Whether `secret` is the client secret of the custom app whose client id is `clientId`. */
export function appSecretValid(store: AccountStore, clientId: string, secret: string): boolean {
  const app = store.listApps().find((a) => a.client_id === clientId);
  return (
    app?.client_secret_hash !== undefined &&
    appSecretCurrent(app, store.now()) &&
    sameSecret(secret, app.client_secret_hash)
  );
}

const badCredentials = (clientId: string) =>
  oauthError(401, "invalid_client", `Client authentication failed for client_id '${clientId}'`);

function issue(ctx: HandlerContext, clientId: string, audience: "account" | number, scope: string) {
  const ttl = ctx.settings.tokenTtlSeconds;
  const response: WireTokenResponse = {
    access_token: ctx.store.issueToken(clientId, audience, ttl),
    token_type: "Bearer",
    expires_in: ttl,
    scope,
  };
  return ok(response, { "Cache-Control": "no-store", Pragma: "no-cache" });
}

export const accountToken: Handler = (ctx) => {
  const { creds, scope } = tokenRequest(ctx);
  const { admin } = ctx.settings;
  const isAdmin =
    creds.clientId === admin.clientId &&
    sameSecret(creds.clientSecret, hashSecret(admin.clientSecret));
  if (!isAdmin && !principalSecretValid(ctx.store, creds.clientId, creds.clientSecret)) {
    throw badCredentials(creds.clientId);
  }
  return issue(ctx, creds.clientId, "account", scope);
};

export const workspaceToken: Handler = (ctx) => {
  const { creds, scope } = tokenRequest(ctx);
  const workspaceId = ctx.workspaceId;
  if (workspaceId === undefined) {
    throw oauthError(
      400,
      "invalid_request",
      "This account host serves several workspaces; call /oidc/v1/token on a workspace's host",
    );
  }
  if (!principalSecretValid(ctx.store, creds.clientId, creds.clientSecret)) {
    throw badCredentials(creds.clientId);
  }
  const sp = ctx.store.principalByApplicationId(creds.clientId);
  if (!sp || ctx.store.assignment(workspaceId, sp.id) === undefined) {
    throw oauthError(
      401,
      "invalid_client",
      `Service principal '${creds.clientId}' is not assigned to workspace ${workspaceId}`,
    );
  }
  return issue(ctx, creds.clientId, workspaceId, scope);
};
