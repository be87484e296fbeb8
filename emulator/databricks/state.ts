/**
 * In-memory store of the emulated account. Secrets (custom-app client secrets, service-principal
 * OAuth secrets, bearer tokens) are kept only as SHA-256 hashes: the emulator can check them but
 * never reveal them, so neither a snapshot nor the state file holds one in plain text.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import type {
  WireComplexValue,
  WireTokenAccessPolicy,
  WireWorkspacePermission,
} from "./wire-types";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** RFC3339 UTC with milliseconds, the format assumed for `create_time` (fixtures README). */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A new OAuth secret: `dose` + 32 hex digits. The prefix is the one Databricks service-principal
 * secrets carry; the length follows the recorded fixture (an assumption for custom apps).
 */
export function newSecret(): string {
  return `dose${randomBytes(16).toString("hex")}`;
}

/** Databricks ids of principals are int64; 16 digits stays below 2^53 so JS clients keep them exact. */
export function newNumericId(): string {
  // randomInt spans at most 2^48 values.
  return String(1_000_000_000_000_000 + randomInt(0, 2 ** 48 - 1));
}

export interface StoredApp {
  integration_id: string;
  client_id: string;
  name?: string;
  confidential: boolean;
  redirect_urls?: string[];
  scopes?: string[];
  user_authorized_scopes?: string[];
  token_access_policy?: WireTokenAccessPolicy;
  create_time: string;
  created_by: number;
  creator_username: string;
  /** The id of the service principal Databricks associates with the app (newest spec); absent in snapshots saved before it was modelled. */
  principal_id?: string;
  /** SHA-256 of the client secret (confidential apps only). */
  client_secret_hash?: string;
  /** Epoch ms the client secret expires (secret-expiry.ts); absent = never. */
  client_secret_expire_ms?: number;
}

export interface StoredServicePrincipal {
  id: string;
  applicationId: string;
  displayName?: string;
  externalId?: string;
  active: boolean;
  roles?: WireComplexValue[];
}

export interface StoredSecret {
  id: string;
  service_principal_id: string;
  secret_hash: string;
  create_time: string;
  update_time: string;
  /** Epoch ms; absent = never expires. */
  expire_ms?: number;
  /** The OAuth scopes the secret may request, when the create named them. */
  scopes?: string[];
}

export interface StoredToken {
  client_id: string;
  /** "account", or the workspace id the token was minted for. */
  audience: "account" | number;
  expires_ms: number;
}

/** Persisted form (`stateFile`). */
export interface DatabricksStateSnapshot {
  version: 1;
  account_id: string;
  apps: StoredApp[];
  service_principals: StoredServicePrincipal[];
  secrets: StoredSecret[];
  /** workspace id → principal id → permissions */
  assignments: Record<string, Record<string, WireWorkspacePermission[]>>;
  /** token hash → token, so a restarted emulator still honours tokens it issued */
  tokens: Record<string, StoredToken>;
}

export class AccountStore {
  private apps = new Map<string, StoredApp>();
  private principals = new Map<string, StoredServicePrincipal>();
  private secrets = new Map<string, StoredSecret>();
  private assignments = new Map<number, Map<string, WireWorkspacePermission[]>>();
  private tokens = new Map<string, StoredToken>();

  constructor(
    readonly accountId: string,
    readonly now: () => number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Call after a write so the state file follows. */
  changed(): void {
    this.onChange();
  }

  // --- custom app integrations -------------------------------------------------------------

  listApps(): StoredApp[] {
    return [...this.apps.values()];
  }

  getApp(id: string): StoredApp | undefined {
    return this.apps.get(id);
  }

  putApp(app: StoredApp): void {
    this.apps.set(app.integration_id, app);
    this.onChange();
  }

  removeApp(id: string): boolean {
    const removed = this.apps.delete(id);
    if (removed) this.onChange();
    return removed;
  }

  // --- service principals ------------------------------------------------------------------

  listPrincipals(): StoredServicePrincipal[] {
    return [...this.principals.values()];
  }

  getPrincipal(id: string): StoredServicePrincipal | undefined {
    return this.principals.get(id);
  }

  principalByApplicationId(applicationId: string): StoredServicePrincipal | undefined {
    for (const sp of this.principals.values()) if (sp.applicationId === applicationId) return sp;
    return undefined;
  }

  putPrincipal(sp: StoredServicePrincipal): void {
    this.principals.set(sp.id, sp);
    this.onChange();
  }

  /** Deletes a principal with its secrets, workspace assignments and tokens. */
  removePrincipal(id: string): boolean {
    const sp = this.principals.get(id);
    if (!sp) return false;
    this.principals.delete(id);
    for (const [secretId, s] of this.secrets) {
      if (s.service_principal_id === id) this.secrets.delete(secretId);
    }
    for (const perWorkspace of this.assignments.values()) perWorkspace.delete(id);
    this.revokeTokensOf(sp.applicationId);
    this.onChange();
    return true;
  }

  // --- service-principal secrets -----------------------------------------------------------

  secretsOf(principalId: string): StoredSecret[] {
    return [...this.secrets.values()].filter((s) => s.service_principal_id === principalId);
  }

  putSecret(secret: StoredSecret): void {
    this.secrets.set(secret.id, secret);
    this.onChange();
  }

  removeSecret(principalId: string, secretId: string): boolean {
    const secret = this.secrets.get(secretId);
    if (!secret || secret.service_principal_id !== principalId) return false;
    this.secrets.delete(secretId);
    this.onChange();
    return true;
  }

  // --- workspace permission assignments ----------------------------------------------------

  assignmentsOf(workspaceId: number): Array<[string, WireWorkspacePermission[]]> {
    return [...(this.assignments.get(workspaceId) ?? new Map())];
  }

  assignment(workspaceId: number, principalId: string): WireWorkspacePermission[] | undefined {
    return this.assignments.get(workspaceId)?.get(principalId);
  }

  setAssignment(
    workspaceId: number,
    principalId: string,
    permissions: WireWorkspacePermission[],
  ): void {
    let perWorkspace = this.assignments.get(workspaceId);
    if (!perWorkspace) this.assignments.set(workspaceId, (perWorkspace = new Map()));
    perWorkspace.set(principalId, permissions);
    this.onChange();
  }

  removeAssignment(workspaceId: number, principalId: string): boolean {
    const removed = this.assignments.get(workspaceId)?.delete(principalId) ?? false;
    if (removed) this.onChange();
    return removed;
  }

  // --- bearer tokens -----------------------------------------------------------------------

  /** Mints a token; expired ones are purged on the way so the map stays small. */
  issueToken(clientId: string, audience: "account" | number, ttlSeconds: number): string {
    const now = this.now();
    for (const [hash, t] of this.tokens) if (t.expires_ms <= now) this.tokens.delete(hash);
    const token = `dapi-emu-${randomBytes(24).toString("hex")}`;
    this.tokens.set(hashSecret(token), {
      client_id: clientId,
      audience,
      expires_ms: now + ttlSeconds * 1000,
    });
    this.onChange();
    return token;
  }

  token(token: string): StoredToken | undefined {
    return this.tokens.get(hashSecret(token));
  }

  private revokeTokensOf(clientId: string): void {
    for (const [hash, t] of this.tokens) if (t.client_id === clientId) this.tokens.delete(hash);
  }

  // --- whole state -------------------------------------------------------------------------

  clear(): void {
    this.apps.clear();
    this.principals.clear();
    this.secrets.clear();
    this.assignments.clear();
    this.tokens.clear();
    this.onChange();
  }

  snapshot(): DatabricksStateSnapshot {
    return {
      version: 1,
      account_id: this.accountId,
      apps: this.listApps(),
      service_principals: this.listPrincipals(),
      secrets: [...this.secrets.values()],
      assignments: Object.fromEntries(
        [...this.assignments].map(([ws, m]) => [String(ws), Object.fromEntries(m)]),
      ),
      tokens: Object.fromEntries(this.tokens),
    };
  }

  load(snapshot: DatabricksStateSnapshot): void {
    this.apps = new Map(snapshot.apps.map((a) => [a.integration_id, a]));
    this.principals = new Map(snapshot.service_principals.map((p) => [p.id, p]));
    this.secrets = new Map(snapshot.secrets.map((s) => [s.id, s]));
    this.assignments = new Map(
      Object.entries(snapshot.assignments).map(([ws, m]) => [
        Number(ws),
        new Map(Object.entries(m)),
      ]),
    );
    this.tokens = new Map(Object.entries(snapshot.tokens));
  }
}
