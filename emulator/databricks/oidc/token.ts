/**
 * `POST /oidc/v1/token` on a workspace host for every grant: client credentials (M2M) stay in
 * token-handlers.ts; the user sign-in grants are here: `authorization_code` (RFC 6749 §4.1.3,
 * PKCE RFC 7636 §4.5) and `refresh_token` (RFC 6749 §6).
 *
 * Client rules (Databricks: a confidential app gets a secret, a public one does not and uses
 * PKCE): a confidential app must authenticate with its secret; a public app must not send one.
 * Token lifetimes come from the app's `token_access_policy` (Databricks' defaults: access 60
 * minutes, refresh 90 days — inferred). A refresh token is issued only when the app has the
 * `offline_access` scope, and `enable_single_use_refresh_tokens` rotates it on each use.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { ok, type Handler, type HandlerContext } from "../handlers";
import { hashSecret, type StoredApp } from "../state";
import { workspaceToken } from "../token-handlers";
import { clientAuthFailed, invalidGrant, invalidRequest, refreshTokenInvalid } from "./oidc-errors";
import { userGrantsOf, type RefreshGrant } from "./user-grants";
import { oauthError } from "../errors";

export const DEFAULT_ACCESS_TTL_MINUTES = 60;
export const DEFAULT_REFRESH_TTL_MINUTES = 90 * 24 * 60;

/** The route's handler: picks the grant. */
export const workspaceTokenAnyGrant: Handler = (ctx) => {
  const form = ctx.body.kind === "form" ? ctx.body.value : {};
  if (form.grant_type === "authorization_code") return codeGrant(ctx, form);
  if (form.grant_type === "refresh_token") return refreshGrant(ctx, form);
  return workspaceToken(ctx);
};

interface ClientAuth {
  clientId: string;
  secret?: string;
}

function decodeForm(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    throw clientAuthFailed("malformed Basic authorization header");
  }
}

function clientAuth(ctx: HandlerContext, form: Record<string, string>): ClientAuth {
  const header = ctx.headers.authorization;
  const basic = typeof header === "string" ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw clientAuthFailed("malformed Basic authorization header");
    return {
      clientId: decodeForm(decoded.slice(0, colon)),
      secret: decodeForm(decoded.slice(colon + 1)) || undefined,
    };
  }
  if (!form.client_id) throw clientAuthFailed("no client_id was sent");
  return { clientId: form.client_id, secret: form.client_secret || undefined };
}

function sameHash(given: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(given), "hex");
  const b = Buffer.from(expectedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The app the client authenticated as, by the confidential/public rules. */
function authenticatedApp(ctx: HandlerContext, form: Record<string, string>): StoredApp {
  const auth = clientAuth(ctx, form);
  const app = ctx.store.listApps().find((a) => a.client_id === auth.clientId);
  if (!app) throw clientAuthFailed(`unknown client_id '${auth.clientId}'`);
  if (app.confidential) {
    if (auth.secret === undefined) {
      throw clientAuthFailed(`a confidential client must send its client_secret`);
    }
    if (app.client_secret_hash === undefined || !sameHash(auth.secret, app.client_secret_hash)) {
      throw clientAuthFailed(`wrong client_secret for client_id '${auth.clientId}'`);
    }
  } else if (auth.secret !== undefined) {
    throw clientAuthFailed(
      `client_id '${auth.clientId}' is a public client and must not send a client_secret`,
    );
  }
  return app;
}

function requireWorkspace(ctx: HandlerContext): number {
  if (ctx.workspaceId === undefined) {
    throw invalidRequest(
      "This account host serves several workspaces; call /oidc/v1/token on a workspace's host",
    );
  }
  return ctx.workspaceId;
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

function codeGrant(ctx: HandlerContext, form: Record<string, string>) {
  const workspaceId = requireWorkspace(ctx);
  const app = authenticatedApp(ctx, form);
  if (!form.code) throw invalidRequest("code is required");
  const pending = userGrantsOf(ctx.store).takeCode(form.code);
  if (!pending || pending.clientId !== app.client_id || pending.workspaceId !== workspaceId) {
    throw invalidGrant("Authorization code is invalid or expired");
  }
  if (form.redirect_uri !== pending.redirectUri) {
    throw invalidGrant("redirect_uri does not match the one of the authorization request");
  }
  if (pending.codeChallenge !== undefined) {
    if (!form.code_verifier) throw invalidGrant("code_verifier is required");
    if (s256(form.code_verifier) !== pending.codeChallenge) {
      throw invalidGrant("code_verifier does not match the code_challenge");
    }
  }
  return issueTokens(ctx, app, {
    clientId: app.client_id,
    workspaceId,
    scope: pending.scope,
    user: pending.user,
    expiresMs: 0,
  });
}

function refreshGrant(ctx: HandlerContext, form: Record<string, string>) {
  const workspaceId = requireWorkspace(ctx);
  const app = authenticatedApp(ctx, form);
  const grants = userGrantsOf(ctx.store);
  const grant = form.refresh_token ? grants.refreshGrant(form.refresh_token) : undefined;
  if (!grant || grant.clientId !== app.client_id || grant.workspaceId !== workspaceId) {
    throw refreshTokenInvalid();
  }
  if (!(app.scopes ?? []).includes("offline_access")) {
    throw oauthError(
      400,
      "invalid_scope",
      `OAuth application '${app.client_id}' does not have the offline_access scope`,
    );
  }
  if (grant.sessionEndsMs !== undefined && grant.sessionEndsMs <= ctx.store.now()) {
    throw refreshTokenInvalid();
  }
  const policy = app.token_access_policy ?? {};
  if (policy.enable_single_use_refresh_tokens) grants.revokeRefreshToken(form.refresh_token);
  return issueTokens(
    ctx,
    app,
    grant,
    policy.enable_single_use_refresh_tokens ? undefined : form.refresh_token,
  );
}

/** Access token (and refresh token with `offline_access`); `keep` reuses a refresh token. */
function issueTokens(ctx: HandlerContext, app: StoredApp, grant: RefreshGrant, keep?: string) {
  const policy = app.token_access_policy ?? {};
  const accessTtl = (policy.access_token_ttl_in_minutes ?? DEFAULT_ACCESS_TTL_MINUTES) * 60;
  const body: Record<string, unknown> = {
    access_token: ctx.store.issueToken(app.client_id, grant.workspaceId, accessTtl),
    token_type: "Bearer",
    expires_in: accessTtl,
    scope: grant.scope,
  };
  if ((app.scopes ?? []).includes("offline_access")) {
    const now = ctx.store.now();
    const refreshMinutes = policy.refresh_token_ttl_in_minutes ?? DEFAULT_REFRESH_TTL_MINUTES;
    const sessionMinutes = policy.absolute_session_lifetime_in_minutes;
    body.refresh_token =
      keep ??
      userGrantsOf(ctx.store).issueRefreshToken({
        ...grant,
        expiresMs: now + refreshMinutes * 60_000,
        sessionEndsMs:
          grant.sessionEndsMs ??
          (sessionMinutes === undefined ? undefined : now + sessionMinutes * 60_000),
      });
  }
  return ok(body, { "Cache-Control": "no-store", Pragma: "no-cache" });
}
