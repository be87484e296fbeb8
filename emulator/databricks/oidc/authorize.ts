/**
 * `GET /oidc/v1/authorize` on a workspace host: the authorization-code request of a user sign-in
 * (RFC 6749 §4.1.1, with PKCE, RFC 7636) for a custom OAuth app of the account. Databricks shows
 * its login page here; the emulator has no users, so it approves at once for one fixed Databricks
 * user and redirects back with a code. What it checks, in Databricks' order as far as public
 * reports show it: the client id names an app, the redirect URI is one the app registered
 * (exact match), then the request itself (response type, PKCE, scopes).
 */
import type { Handler } from "../handlers";
import { invalidRequest, redirectNotRegistered, unknownClient } from "./oidc-errors";
import { userGrantsOf } from "./user-grants";

/** The Databricks user the emulator signs in as (inferred; any name would do). */
export const EMULATED_USER = "viewer@databricks-emulator.invalid";

export const authorize: Handler = (ctx) => {
  const q = ctx.query;
  const workspaceId = ctx.workspaceId;
  if (workspaceId === undefined) {
    throw invalidRequest(
      "This account host serves several workspaces; call /oidc/v1/authorize on a workspace's host",
    );
  }
  const clientId = q.get("client_id") ?? "";
  const app = ctx.store.listApps().find((a) => a.client_id === clientId);
  if (!app) throw unknownClient(clientId, ctx.store.accountId);
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!(app.redirect_urls ?? []).includes(redirectUri)) {
    throw redirectNotRegistered(redirectUri, clientId);
  }
  // From here on errors go back to the client's redirect URI (RFC 6749 §4.1.2.1).
  const state = q.get("state");
  const back = (params: Record<string, string>) => {
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    if (state !== null) target.searchParams.set("state", state);
    return { status: 302, headers: { Location: target.toString() } };
  };
  const fail = (error: string, description: string) =>
    back({ error, error_description: description });

  if (q.get("response_type") !== "code") {
    return fail("unsupported_response_type", "Only response_type=code is supported");
  }
  const challenge = q.get("code_challenge") ?? undefined;
  const method = q.get("code_challenge_method") ?? (challenge ? "plain" : undefined);
  if (challenge !== undefined && method !== "S256") {
    return fail("invalid_request", "code_challenge_method must be S256");
  }
  if (!app.confidential && challenge === undefined) {
    return fail("invalid_request", "PKCE (code_challenge) is required for a public client");
  }
  const requested = (q.get("scope") ?? "").split(/\s+/).filter((s) => s !== "");
  const allowed = new Set([...(app.scopes ?? []), ...(app.user_authorized_scopes ?? [])]);
  const missing = requested.find((s) => !allowed.has(s));
  if (missing !== undefined) {
    return fail(
      "invalid_scope",
      `Scope '${missing}' is not registered for OAuth application '${clientId}'`,
    );
  }
  const code = userGrantsOf(ctx.store).issueCode({
    clientId,
    workspaceId,
    redirectUri,
    scope: (requested.length > 0 ? requested : [...allowed]).join(" "),
    codeChallenge: challenge,
    user: EMULATED_USER,
  });
  return back({ code });
};
