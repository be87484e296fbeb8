/**
 * Public types of the Connect OAuth API emulator. Scripts, benchmarks and tests written by
 * other people import these names, so they are part of the package's contract: add, never rename.
 */
import type { FaultKind } from "../fault-injector";
import type { EmulatorBehaviour } from "./behaviour";
import type { WireIntegration, WirePermission, WirePermissionInput } from "./wire-types";
import type {
  ContentSeed,
  GroupSeed,
  UserSeed,
  WireContent,
  WireGroup,
  WireUser,
} from "./directory";

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** TCP port; 0 picks a free ephemeral port. @default 0 */
  port?: number;
  /** API keys with the administrator role. */
  adminKeys?: string[];
  /** API keys with the publisher role. */
  publisherKeys?: string[];
  /**
   * Pre-create the `connect` template integration ("Connect Visitor API Key") that
   * Connect >= 2025.05.0 creates on its own (connect-api.md §4.2).
   * @default behaviour.defaultIntegration: from 2025.05.0 only
   */
  seedDefaultIntegration?: boolean;
  /** Serve HTTPS with this PEM key pair instead of HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Seed of the fault-injection PRNG, so probabilistic faults are reproducible. @default 1 */
  faultSeed?: number;
  /** JSON file to load integrations from on start and save to after each write (CLI use). */
  stateFile?: string;
  /**
   * Connect version reported by `GET /__api__/server_settings`; it also decides which rules
   * apply: one association per content item before 2025.07.0, integration `permissions` from
   * 2026.04.0. @default "2025.07.0"
   */
  version?: string;
  /** Answers to the unknowns the emulator models (see behaviour.ts); each defaults to the documented or by-version answer. */
  behaviour?: Partial<EmulatorBehaviour>;
  /** When set, `/__emulator__/` answers only requests carrying it (control-surface.ts). */
  controlToken?: string;
  /** Users, groups and content items present from the start (and after {@link ConnectEmulator.reset}). */
  users?: UserSeed[];
  groups?: GroupSeed[];
  content?: ContentSeed[];
  /**
   * Where `/verify` sends its client-credentials request for a workspace host, e.g.
   * `{ "127.0.0.1:43123": "http://127.0.0.1:43123" }` for a local Databricks emulator. Keys are
   * compared without scheme, trailing slash or case. @default `https://<workspace_host>`
   */
  workspaceUrls?: Record<string, string>;
  /** Clock (epoch ms) of OAuth session expiry, so tests move time instead of sleeping. @default Date.now */
  now?: () => number;
}

/**
 * Route names used by fault rules and the request log. `"*"` (fault rules only) matches every
 * API request. `verify`, `server_settings` and `user` extend the original list for the
 * endpoints that did not fit any of the others; `users`, `groups` and `content` cover the
 * directory that permissions and associations refer to.
 */
export type RouteName =
  | "list"
  | "get"
  | "create"
  | "update"
  | "delete"
  | "templates"
  | "associations"
  | "verify"
  | "server_settings"
  | "user"
  | "users"
  | "groups"
  | "content"
  | "*";

export type { FaultKind } from "../fault-injector";

/** A fault-injection rule; rules are tried in insertion order and the first that fires wins. */
export interface FaultRule {
  route: RouteName;
  fault: FaultKind;
  /** Chance (0..1) that the rule fires on a matching request. @default 1 */
  probability?: number;
  /** Maximum number of firings. @default unlimited */
  times?: number;
}

/** One entry of the request log. */
export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  route: RouteName | "unknown";
  /** `null` while pending, and for good when no response was sent (reset/drop/hang). */
  status: number | null;
  /** Parsed JSON body (raw string when not JSON) with every secret config value "[redacted]". */
  body: unknown;
  authorized: "admin" | "publisher" | "none" | "invalid";
  /** Fault kind applied, if any. */
  fault?: string;
  /** Id of the TCP (or TLS) connection the request arrived on. */
  connection: number;
  time: number;
}

/** Handle on a running emulator. */
export interface ConnectEmulator {
  /** Base URL without trailing slash, e.g. "http://127.0.0.1:41234". */
  readonly url: string;
  /** Request log of `/__api__` traffic, in arrival order. */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** Connections accepted so far (TLS: completed handshakes). */
  readonly connectionsOpened: number;
  /** Current integrations exactly as GET would return them (no secrets). */
  integrations(): WireIntegration[];
  /** Stored secret config values of an integration, for tests to verify writes. */
  secretsOf(guid: string): Record<string, string> | undefined;
  addApiKey(key: string, role: "admin" | "publisher"): void;
  revokeApiKey(key: string): void;
  /** @returns the rule id, for {@link removeFault} */
  addFault(rule: FaultRule): number;
  removeFault(id: number): void;
  clearFaults(): void;
  /** Out-of-band delete, as if an admin used the Connect UI. */
  deleteIntegration(guid: string): boolean;
  /** Out-of-band edit without validation: merges config (null removes a key), bumps updated_time. */
  tamper(
    guid: string,
    change: { name?: string; description?: string | null; config?: Record<string, unknown> },
  ): void;
  addUser(seed: UserSeed): WireUser;
  addGroup(seed: GroupSeed): WireGroup;
  /** A content item; associations may only name content the emulator knows. */
  addContent(seed: ContentSeed): WireContent;
  /** Integration GUIDs associated with a content item, in order. */
  associationsOf(contentGuid: string): string[];
  /** Out-of-band replacement of a content item's associations, as if done in the dashboard. */
  setAssociations(contentGuid: string, integrationGuids: string[]): void;
  /** An integration's permissions as the API returns them on servers that support them. */
  permissionsOf(guid: string): WirePermission[] | undefined;
  /** Out-of-band replacement of an integration's permissions (the dashboard's Access tab). */
  setPermissions(guid: string, permissions: WirePermissionInput[]): void;
  /** Drop integrations, associations, requests and faults; re-seed the default integration. */
  reset(): void;
  /** Close the server, destroying open sockets (hung requests included). */
  close(): Promise<void>;
}
