/**
 * The viewer's sign-in, Connect's half (Posit Connect admin guide, "OAuth integrations": the
 * viewer is sent to the provider and back to `/__oauth__/integrations/callback`):
 * - `GET /__oauth__/integrations/{guid}/login` redirects to the workspace's authorize URL with a
 *   fresh `state` and a PKCE S256 challenge (Connect sends PKCE for public and confidential apps
 *   alike — inferred). Connect knows the viewer from its login cookie; the emulator has no login,
 *   so the viewer is named by `?user_guid=` (or `?user=` username). `?redirect=` is where the
 *   browser goes once signed in.
 * - `GET /__oauth__/integrations/callback` redeems the code at the workspace's token endpoint and
 *   stores the viewer's OAuth session.
 */
import { createHash, randomBytes } from "node:crypto";
import { ApiError, integrationNotFound } from "../errors";
import type { ApiResponse } from "../handlers";
import { CALLBACK_PATH, databricksClient, unableToRetrieve, type OAuthContext } from "./context";
import { toWireSession } from "./sessions";
import { requestToken, workspaceEndpoint, WorkspaceTokenError } from "./workspace-client";

const redirect = (location: string): ApiResponse => ({
  status: 302,
  headers: { Location: location },
});

function viewerGuid(ctx: OAuthContext, query: URLSearchParams): string {
  const byGuid = query.get("user_guid");
  const byName = query.get("user");
  const user = byGuid
    ? ctx.directory.user(byGuid)
    : byName
      ? ctx.directory.searchUsers(byName).find((u) => u.username === byName)
      : undefined;
  if (!user) {
    throw new ApiError(
      401,
      24,
      "Authentication required: name the signed-in viewer with ?user_guid= (the emulator has no login page)",
    );
  }
  return user.guid;
}

export function login(ctx: OAuthContext, guid: string, query: URLSearchParams): ApiResponse {
  const integration = ctx.store.get(guid);
  if (!integration) throw integrationNotFound();
  if (integration.auth_type !== "Viewer") {
    throw unableToRetrieve(
      `integration ${guid} is a ${integration.auth_type} integration; only Viewer integrations sign viewers in`,
    );
  }
  const client = databricksClient(integration);
  const userGuid = viewerGuid(ctx, query);
  const codeVerifier = randomBytes(32).toString("base64url");
  const redirectUri = `${ctx.baseUrl()}${CALLBACK_PATH}`;
  const state = ctx.sessions.startSignIn({
    integrationGuid: guid,
    userGuid,
    codeVerifier,
    redirectUri,
    ...(query.get("redirect") ? { returnTo: query.get("redirect") as string } : {}),
  });
  const target = new URL(
    workspaceEndpoint(client.workspaceHost, "/oidc/v1/authorize", ctx.workspaceUrls),
  );
  target.search = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: redirectUri,
    scope: client.scopes,
    state,
    code_challenge: createHash("sha256").update(codeVerifier, "ascii").digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  return redirect(target.toString());
}

export async function callback(ctx: OAuthContext, query: URLSearchParams): Promise<ApiResponse> {
  const pending = ctx.sessions.finishSignIn(query.get("state") ?? "");
  if (!pending)
    throw unableToRetrieve(
      "the sign-in state is unknown or was already used; start the sign-in again",
    );
  const error = query.get("error");
  if (error) {
    throw unableToRetrieve(
      `Databricks refused the sign-in: ${error}: ${query.get("error_description") ?? ""}`,
    );
  }
  const code = query.get("code");
  if (!code) throw unableToRetrieve("the callback carried no authorization code");
  const integration = ctx.store.get(pending.integrationGuid);
  if (!integration) throw integrationNotFound();
  const client = databricksClient(integration);
  let tokens;
  try {
    tokens = await requestToken(
      workspaceEndpoint(client.workspaceHost, "/oidc/v1/token", ctx.workspaceUrls),
      client,
      {
        grant_type: "authorization_code",
        code,
        redirect_uri: pending.redirectUri,
        code_verifier: pending.codeVerifier,
      },
    );
  } catch (e) {
    if (e instanceof WorkspaceTokenError) throw unableToRetrieve(e.message);
    throw e;
  }
  const session = ctx.sessions.save(pending.userGuid, pending.integrationGuid, {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresInSeconds: tokens.expires_in,
  });
  if (pending.returnTo) return redirect(pending.returnTo);
  return { status: 200, body: toWireSession(session) };
}
