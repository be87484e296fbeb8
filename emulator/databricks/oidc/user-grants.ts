/**
 * What the workspace OAuth endpoints remember between requests of a user sign-in (U2M):
 * authorization codes until redeemed, refresh tokens until they expire or are used up. Both are
 * kept only as SHA-256 hashes, like every other secret of the emulator, and only in memory: a
 * restarted emulator forgets them (a signed-in viewer signs in again).
 */
import { randomBytes } from "node:crypto";
import { hashSecret, type AccountStore } from "../state";

/** Codes live this long (RFC 6749 §4.1.2 recommends at most 10 minutes; Databricks' value is unknown). */
export const CODE_TTL_MS = 5 * 60 * 1000;

export interface PendingCode {
  clientId: string;
  workspaceId: number;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  /** The Databricks user who approved (the emulator approves for one fixed user). */
  user: string;
  expiresMs: number;
}

export interface RefreshGrant {
  clientId: string;
  workspaceId: number;
  scope: string;
  user: string;
  expiresMs: number;
  /** When the whole session ends (`absolute_session_lifetime_in_minutes`), if the app sets one. */
  sessionEndsMs?: number;
}

export class UserGrants {
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(private readonly now: () => number) {}

  issueCode(pending: Omit<PendingCode, "expiresMs">): string {
    this.purge();
    const code = `dcode-${randomBytes(24).toString("hex")}`;
    this.codes.set(hashSecret(code), { ...pending, expiresMs: this.now() + CODE_TTL_MS });
    return code;
  }

  /** A code is single-use (RFC 6749 §4.1.2): taking it removes it, valid or not. */
  takeCode(code: string): PendingCode | undefined {
    const key = hashSecret(code);
    const found = this.codes.get(key);
    this.codes.delete(key);
    return found && found.expiresMs > this.now() ? found : undefined;
  }

  issueRefreshToken(grant: RefreshGrant): string {
    this.purge();
    const token = `drt-${randomBytes(24).toString("hex")}`;
    this.refreshTokens.set(hashSecret(token), grant);
    return token;
  }

  refreshGrant(token: string): RefreshGrant | undefined {
    const found = this.refreshTokens.get(hashSecret(token));
    return found && found.expiresMs > this.now() ? found : undefined;
  }

  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(hashSecret(token));
  }

  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
  }

  private purge(): void {
    const now = this.now();
    for (const [k, c] of this.codes) if (c.expiresMs <= now) this.codes.delete(k);
    for (const [k, r] of this.refreshTokens) if (r.expiresMs <= now) this.refreshTokens.delete(k);
  }
}

const byStore = new WeakMap<AccountStore, UserGrants>();

/** The grants of one emulated account (one per store, so each emulator instance has its own). */
export function userGrantsOf(store: AccountStore): UserGrants {
  let grants = byStore.get(store);
  if (!grants) byStore.set(store, (grants = new UserGrants(store.now)));
  return grants;
}
