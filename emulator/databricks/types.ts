/**
 * Public types of the Databricks account API emulator. The stand-in plugin, the demo and the
 * engine scenarios import these names, so they are a contract: add, never rename.
 */
import type { FaultKind } from "../fault-injector";
import type { EmulatorBehaviour } from "./behaviour";
import type { SecretExpiryOptions } from "./secret-expiry";
import type {
  WireAssignment,
  WireCustomAppIntegration,
  WireSecretInfo,
  WireServicePrincipal,
  WireTokenAccessPolicy,
} from "./wire-types";

export type { FaultKind } from "../fault-injector";

/** OAuth M2M credentials of a service principal (the account admin's, or one created via SCIM). */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** A workspace of the emulated account; it gets its own host (see {@link DatabricksEmulator.workspaces}). */
export interface WorkspaceOption {
  /** Workspace id, as used in `/workspaces/{workspace_id}/permissionassignments`. */
  id: number;
  /** Deployment name (`dbc-…`), shown in the CLI banner. @default `dbc-emulator-<id>` */
  name?: string;
}

/** Options for {@link startDatabricksEmulator}. */
export interface DatabricksEmulatorOptions extends SecretExpiryOptions {
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** TCP port of the account host; 0 picks a free ephemeral port. @default 0 */
  port?: number;
  /** Account id in every `/accounts/{account_id}/…` path. @default DEFAULT_ACCOUNT_ID */
  accountId?: string;
  /** Account-admin service principal whose OAuth M2M credentials may call the account API. @default DEFAULT_ADMIN */
  admin?: ClientCredentials;
  /** Lifetime of the bearer tokens both token endpoints issue. @default 3600 */
  tokenTtlSeconds?: number;
  /** JSON file to load state from on start and save it to after each change (secrets only as hashes). */
  stateFile?: string;
  /** Seed of the fault-injection PRNG, so probabilistic faults are reproducible. @default 1 */
  faultSeed?: number;
  /**
   * Workspaces of the account. Each answers `POST /oidc/v1/token` on its own host (a separate
   * port, since a workspace is a different host); the account host answers it too when there is
   * exactly one workspace. @default [{ id: DEFAULT_WORKSPACE_ID }]
   */
  workspaces?: WorkspaceOption[];
  /**
   * Clock in epoch milliseconds, for token/secret expiry and timestamps; tests pass a settable one
   * instead of sleeping. @default Date.now
   */
  now?: () => number;
  /** Serve TLS on every host (account and workspaces) with this PEM key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Answers to the unknowns (behaviour.ts); `appNames` wins over `uniqueAppNames`. */
  behaviour?: Partial<EmulatorBehaviour>;
  /** Reject a create whose `name` an existing custom app already has (409); the real rule is unknown. @default false */
  uniqueAppNames?: boolean;
  /** When set, `/__emulator__/` answers only requests carrying it (control-surface.ts). */
  controlToken?: string;
}

/**
 * Route names used by fault rules and the request log. `"*"` (fault rules only) matches every
 * API request.
 */
export type DatabricksRouteName =
  | "token"
  | "workspace.token"
  | "metadata"
  | "discovery"
  | "workspace.discovery"
  | "apps.create"
  | "apps.list"
  | "apps.get"
  | "apps.update"
  | "apps.delete"
  | "sp.create"
  | "sp.list"
  | "sp.get"
  | "sp.patch"
  | "sp.put"
  | "sp.delete"
  | "secrets.create"
  | "secrets.list"
  | "secrets.delete"
  | "assignments.list"
  | "assignments.permissions"
  | "assignments.put"
  | "assignments.delete"
  | "workspace.authorize"
  | "*";

/** A fault-injection rule; same kinds as the Connect emulator's; first firing rule wins. */
export interface DatabricksFaultRule {
  route: DatabricksRouteName;
  fault: FaultKind;
  /** Chance (0..1) that the rule fires on a matching request. @default 1 */
  probability?: number;
  /** Maximum number of firings. @default unlimited */
  times?: number;
}

/** Who made a request, from its credentials. */
export type DatabricksCaller =
  /** Bearer token of an account admin (the configured admin, or an SP with the account_admin role). */
  | "admin"
  /** Bearer token of a service principal that is not an account admin. */
  | "principal"
  /** Bearer token issued by a workspace token endpoint (not valid on the account API). */
  | "workspace"
  | "none"
  | "invalid"
  | "expired";

/** One entry of the request log. */
export interface DatabricksRecordedRequest {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string parameters (e.g. `page_size`, `page_token`, `filter`). */
  query: Record<string, string>;
  route: DatabricksRouteName | "unknown";
  /** `null` while pending, and for good when no response was sent (reset/drop/hang). */
  status: number | null;
  /** Parsed JSON or form body with every secret value "[redacted]" (raw text when unparsable). */
  body: unknown;
  /** Caller classified from the `Authorization` header (token endpoints: from the client credentials). */
  authorized: DatabricksCaller;
  /** Client id that authenticated (token endpoints) or whose token was used, if known. */
  clientId?: string;
  /** The workspace whose host received the request (workspace token endpoint). */
  workspaceId?: number;
  /** Fault kind applied, if any. */
  fault?: string;
  time: number;
}

/** The account's state as tests see it: everything the API returns, secrets only as hashes. */
export interface DatabricksSnapshot {
  accountId: string;
  /** As GET returns them (never a client secret); `creator_username` always filled. */
  customAppIntegrations: WireCustomAppIntegration[];
  /** As SCIM GET returns them. */
  servicePrincipals: WireServicePrincipal[];
  /** Per service principal id, as the secrets list returns them (`secret_hash`, never the secret). */
  secrets: Record<string, WireSecretInfo[]>;
  /** Per workspace id, as the permission-assignments list returns them. */
  assignments: Record<string, WireAssignment[]>;
}

/** What {@link DatabricksEmulator.tamperCustomAppIntegration} may change. */
export interface CustomAppTamper {
  name?: string;
  redirect_urls?: string[];
  scopes?: string[];
  user_authorized_scopes?: string[];
  token_access_policy?: WireTokenAccessPolicy;
}

/** A workspace host served by the emulator. */
export interface EmulatedWorkspace {
  id: number;
  name: string;
  /** Base URL of this workspace's host, e.g. "http://127.0.0.1:43125". */
  url: string;
}

/** Handle on a running Databricks account emulator. */
export interface DatabricksEmulator {
  /** Account host base URL without trailing slash; use as `databricks:host`. */
  readonly url: string;
  readonly accountId: string;
  readonly admin: ClientCredentials;
  readonly workspaces: EmulatedWorkspace[];
  /** Request log of API traffic (account and workspace hosts), in arrival order. */
  readonly requests: DatabricksRecordedRequest[];
  clearRequests(): void;
  /** Replaces all fault rules. */
  setFaults(rules: DatabricksFaultRule[]): void;
  /** @returns the rule id */
  addFault(rule: DatabricksFaultRule): number;
  removeFault(id: number): void;
  clearFaults(): void;
  /** Current state; secrets never in plaintext. */
  snapshot(): DatabricksSnapshot;
  /**
   * Whether `clientSecret` is the current secret of the custom app or service principal whose
   * client id (`client_id` / `applicationId`) is `clientId`, so tests can check what another
   * system holds without the emulator ever revealing a secret.
   */
  checkClientSecret(clientId: string, clientSecret: string): boolean;
  /** Out-of-band delete of a custom app, as if an admin used the account console. */
  deleteCustomAppIntegration(integrationId: string): boolean;
  /**
   * Out-of-band edit of a custom app without validation (drift made in the account console):
   * given keys replace the stored ones. @throws when the app does not exist
   */
  tamperCustomAppIntegration(integrationId: string, changes: CustomAppTamper): void;
  /** A fresh account bearer token of the admin, without a token request (not logged). */
  issueAdminToken(): string;
  /** Base URL of a workspace's host. @throws when the id is not a workspace of the account */
  workspaceUrl(workspaceId: number): string;
  /** Moves the emulator's clock forward (secret expiry without waiting; clock-control.ts). */
  advanceClock(seconds: number): void;
  /** The emulator's time and how far it was moved. */
  clock(): { now: string; offsetSeconds: number };
  /** Drop apps, service principals, secrets, assignments, tokens, requests and faults. */
  reset(): void;
  /** Close every listener, destroying open sockets (hung requests included). */
  close(): Promise<void>;
}
