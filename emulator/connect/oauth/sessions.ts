/**
 * What Connect keeps for viewer sign-ins: OAuth sessions (one per user and integration, holding
 * the Databricks tokens Connect never shows), sign-ins under way (by `state`), and the session
 * tokens Connect hands content: `Posit-Connect-User-Session-Token` per viewer request and
 * `CONNECT_CONTENT_SESSION_TOKEN` per content process. In memory only.
 */
import { randomBytes, randomUUID } from "node:crypto";

/** `GET /v1/oauth/sessions` shape (posit-sdk-py tests/…/oauth/sessions.json). */
export interface WireOAuthSession {
  id: string;
  guid: string;
  user_guid: string;
  oauth_integration_guid: string;
  has_refresh_token: boolean;
  created_time: string;
  updated_time: string;
}

export interface StoredSession extends WireOAuthSession {
  accessToken: string;
  refreshToken?: string;
  expiresMs: number;
}

export interface PendingSignIn {
  integrationGuid: string;
  userGuid: string;
  codeVerifier: string;
  redirectUri: string;
  /** Where the browser goes after the callback (the content), if given. */
  returnTo?: string;
}

export type SessionToken =
  | { kind: "user"; contentGuid: string; userGuid: string }
  | { kind: "content"; contentGuid: string };

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export class OAuthSessions {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly tokens = new Map<string, SessionToken>();
  private nextId = 1;

  constructor(readonly now: () => number) {}

  startSignIn(signIn: PendingSignIn): string {
    const state = randomBytes(16).toString("hex");
    this.pending.set(state, signIn);
    return state;
  }

  /** A state is single-use. */
  finishSignIn(state: string): PendingSignIn | undefined {
    const found = this.pending.get(state);
    this.pending.delete(state);
    return found;
  }

  /** Stores the tokens of a completed sign-in, replacing the user's earlier session. */
  save(
    userGuid: string,
    integrationGuid: string,
    tokens: { accessToken: string; refreshToken?: string; expiresInSeconds: number },
  ): StoredSession {
    const now = this.now();
    const existing = this.find(userGuid, integrationGuid);
    const session: StoredSession = {
      id: existing?.id ?? String(this.nextId++),
      guid: existing?.guid ?? randomUUID(),
      user_guid: userGuid,
      oauth_integration_guid: integrationGuid,
      has_refresh_token: tokens.refreshToken !== undefined,
      created_time: existing?.created_time ?? stamp(now),
      updated_time: stamp(now),
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresMs: now + tokens.expiresInSeconds * 1000,
    };
    this.sessions.set(session.guid, session);
    return session;
  }

  find(userGuid: string, integrationGuid: string): StoredSession | undefined {
    return [...this.sessions.values()].find(
      (s) => s.user_guid === userGuid && s.oauth_integration_guid === integrationGuid,
    );
  }

  get(guid: string): StoredSession | undefined {
    return this.sessions.get(guid);
  }

  list(): StoredSession[] {
    return [...this.sessions.values()];
  }

  remove(guid: string): boolean {
    return this.sessions.delete(guid);
  }

  issueToken(token: SessionToken): string {
    const value = `${token.kind === "user" ? "ust" : "cst"}-${randomBytes(24).toString("hex")}`;
    this.tokens.set(value, token);
    return value;
  }

  token(value: string): SessionToken | undefined {
    return this.tokens.get(value);
  }

  clear(): void {
    this.sessions.clear();
    this.pending.clear();
    this.tokens.clear();
  }
}

/** The wire projection: never a token. */
export function toWireSession(s: StoredSession): WireOAuthSession {
  return {
    id: s.id,
    guid: s.guid,
    user_guid: s.user_guid,
    oauth_integration_guid: s.oauth_integration_guid,
    has_refresh_token: s.has_refresh_token,
    created_time: s.created_time,
    updated_time: s.updated_time,
  };
}
