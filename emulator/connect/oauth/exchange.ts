/**
 * `POST /__api__/v1/oauth/integrations/credentials`: Connect's RFC 8693 token exchange, as
 * posit-sdk-py's `OAuth.get_credentials` / `get_content_credentials` call it (form-encoded;
 * `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, `subject_token`,
 * `subject_token_type`, optional `requested_token_type` and `audience` = integration GUID;
 * `Authorization: Key <api key>`), answering `{access_token, issued_token_type, token_type}`
 * (posit-sdk-py `Credentials`) plus RFC 8693's `expires_in`.
 * - user-session token (a viewer's request): the viewer's OAuth session for the integration,
 *   refreshed at the workspace when its access token has expired;
 * - content-session token (a content process): a Service Account integration, for which a real
 *   client-credentials grant is made at the workspace with the integration's client id/secret;
 * - requested type API key: a Visitor API Key integration (`connect` template) — a fresh key.
 */
import { randomBytes } from "node:crypto";
import { ApiError, integrationNotFound } from "../errors";
import type { ApiResponse } from "../handlers";
import type { StoredIntegration } from "../state";
import { databricksClient, unableToRetrieve, type OAuthContext } from "./context";
import type { SessionToken } from "./sessions";
import { requestToken, workspaceEndpoint, WorkspaceTokenError } from "./workspace-client";

export const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const TOKEN_TYPES = {
  accessToken: "urn:ietf:params:oauth:token-type:access_token",
  idToken: "urn:ietf:params:oauth:token-type:id_token",
  apiKey: "urn:posit:connect:api-key",
  userSession: "urn:posit:connect:user-session-token",
  contentSession: "urn:posit:connect:content-session-token",
} as const;

const bad = (message: string) => new ApiError(400, 2, message);

export async function exchange(ctx: OAuthContext, raw: string): Promise<ApiResponse> {
  const form = Object.fromEntries(new URLSearchParams(raw));
  if (form.grant_type !== GRANT_TYPE) {
    throw bad(`grant_type must be ${GRANT_TYPE} (a form-encoded RFC 8693 token exchange)`);
  }
  const subject = subjectOf(ctx, form.subject_token_type, form.subject_token);
  const requested = form.requested_token_type || TOKEN_TYPES.accessToken;
  if (requested !== TOKEN_TYPES.accessToken && requested !== TOKEN_TYPES.apiKey) {
    throw bad(`requested_token_type ${requested} is not supported`);
  }
  const integration = audienceOf(ctx, subject, form.audience, requested);
  if (requested === TOKEN_TYPES.apiKey) {
    if (integration.template !== "connect") {
      throw bad(
        `integration ${integration.guid} does not issue API keys; request ${TOKEN_TYPES.accessToken}`,
      );
    }
    const key = `emu-visitor-${randomBytes(16).toString("hex")}`;
    ctx.keys.add(key, "publisher");
    return answer(key, TOKEN_TYPES.apiKey);
  }
  const client = databricksClient(integration);
  const tokenUrl = workspaceEndpoint(client.workspaceHost, "/oidc/v1/token", ctx.workspaceUrls);
  try {
    if (subject.kind === "content") {
      const t = await requestToken(tokenUrl, client, {
        grant_type: "client_credentials",
        scope: "all-apis",
      });
      return answer(t.access_token, TOKEN_TYPES.accessToken, t.expires_in);
    }
    const session = ctx.sessions.find(subject.userGuid, integration.guid);
    if (!session) {
      throw unableToRetrieve(
        `user ${subject.userGuid} has not signed in to integration ${integration.guid}; the viewer must sign in first`,
      );
    }
    if (session.expiresMs > ctx.sessions.now()) {
      return answer(
        session.accessToken,
        TOKEN_TYPES.accessToken,
        secondsLeft(ctx, session.expiresMs),
      );
    }
    if (!session.refreshToken) {
      throw unableToRetrieve(
        "the viewer's access token expired and there is no refresh token (offline_access); the viewer must sign in again",
      );
    }
    const t = await requestToken(tokenUrl, client, {
      grant_type: "refresh_token",
      refresh_token: session.refreshToken,
    });
    const saved = ctx.sessions.save(subject.userGuid, integration.guid, {
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? session.refreshToken,
      expiresInSeconds: t.expires_in,
    });
    return answer(saved.accessToken, TOKEN_TYPES.accessToken, t.expires_in);
  } catch (e) {
    if (e instanceof WorkspaceTokenError) throw unableToRetrieve(e.message);
    throw e;
  }
}

function secondsLeft(ctx: OAuthContext, expiresMs: number): number {
  return Math.max(0, Math.floor((expiresMs - ctx.sessions.now()) / 1000));
}

function answer(token: string, type: string, expiresIn?: number): ApiResponse {
  return {
    status: 200,
    body: {
      access_token: token,
      issued_token_type: type,
      token_type: type === TOKEN_TYPES.apiKey ? "Key" : "Bearer",
      ...(expiresIn === undefined ? {} : { expires_in: expiresIn }),
    },
  };
}

function subjectOf(
  ctx: OAuthContext,
  type: string | undefined,
  token: string | undefined,
): SessionToken {
  if (type === TOKEN_TYPES.idToken) {
    throw bad(
      "subject_token_type id_token is accepted only for integrations that federate an OIDC identity; the Databricks template does not",
    );
  }
  if (type !== TOKEN_TYPES.userSession && type !== TOKEN_TYPES.contentSession) {
    throw bad(
      `subject_token_type must be ${TOKEN_TYPES.userSession} or ${TOKEN_TYPES.contentSession}`,
    );
  }
  const found = token ? ctx.sessions.token(token) : undefined;
  const wanted = type === TOKEN_TYPES.userSession ? "user" : "content";
  if (!found || found.kind !== wanted) throw new ApiError(401, 30, "Invalid subject_token.");
  return found;
}

/** The integration named by `audience`, else the content's only association of the right kind. */
function audienceOf(
  ctx: OAuthContext,
  subject: SessionToken,
  audience: string | undefined,
  requested: string,
): StoredIntegration {
  const associated = ctx.store
    .contentAssociations(subject.contentGuid)
    .map((a) => ctx.store.get(a.integration_guid))
    .filter((i): i is StoredIntegration => i !== undefined);
  const kind = (i: StoredIntegration) =>
    requested === TOKEN_TYPES.apiKey
      ? i.auth_type === "Visitor API Key"
      : subject.kind === "user"
        ? i.auth_type === "Viewer"
        : i.auth_type === "Service Account";
  if (audience) {
    const integration = ctx.store.get(audience);
    if (!integration) throw integrationNotFound();
    if (!associated.some((i) => i.guid === audience)) {
      throw bad(`integration ${audience} is not associated with content ${subject.contentGuid}`);
    }
    if (!kind(integration)) {
      throw bad(
        `integration ${audience} is a ${integration.auth_type} integration; a ${subject.kind}-session token cannot use it`,
      );
    }
    return integration;
  }
  const candidates = associated.filter(kind);
  if (candidates.length === 1) return candidates[0];
  throw bad(
    candidates.length === 0
      ? `content ${subject.contentGuid} has no associated integration that a ${subject.kind}-session token can use`
      : `content ${subject.contentGuid} has several such integrations; name one with audience=<integration GUID>`,
  );
}
