/**
 * Secret expiry in the Databricks emulator: a movable clock, the custom-app secret's
 * `client_secret_expire_time`, which service-principal secrets a listing shows, and the
 * per-principal active-secret limit. Every unknown is a switch here, each with its source:
 *
 * - `appSecretLifetimeSeconds`: the create answer's `client_secret_expire_time` is in the newest
 *   spec only (databricks-sdk-py >= 0.123 `CreateCustomAppIntegrationOutput`: "If not present, the
 *   secret does not expire"). The lifetime itself is not documented; 730 days, the
 *   service-principal maximum, is inferred. `null` models servers that send no expiry.
 * - `appSecretExpiryOnGet`: the spec's `GetCustomAppIntegrationOutput` has no expiry field, so by
 *   default get/list do not carry it; `true` models a server that also returns it there (inferred).
 * - `listExpiredSecrets`: terraform-provider-databricks `tokens/resource_service_principal_secret.go`
 *   says "in practice API just doesn't return expired tokens" (a code comment, not API docs), so
 *   expired secrets are left out by default; `true` lists them with `status: "EXPIRED"`.
 * - `maxSecretsPerPrincipal`: a vendor guide says at most 5 active OAuth secrets per principal;
 *   Databricks does not document it. `null` = no limit.
 */
import type { StoredApp, StoredSecret } from "./state";
import { timestamp } from "./state";

const DAY_SECONDS = 86_400;
/** Inferred: the longest service-principal secret lifetime (730 days). */
export const DEFAULT_APP_SECRET_LIFETIME_SECONDS = 730 * DAY_SECONDS;
/** Vendor guide (undocumented by Databricks). */
export const DEFAULT_MAX_SECRETS_PER_PRINCIPAL = 5;

/** Expiry switches of {@link DatabricksEmulatorOptions}. */
export interface SecretExpiryOptions {
  /** Lifetime of a new confidential app's client secret; `null`: the answer carries no expiry. @default 730 days (inferred) */
  appSecretLifetimeSeconds?: number | null;
  /** Get and list answers carry `client_secret_expire_time` too (inferred; the spec has it on create only). @default false */
  appSecretExpiryOnGet?: boolean;
  /** List expired service-principal secrets (with status EXPIRED) instead of leaving them out. @default false */
  listExpiredSecrets?: boolean;
  /** Active secrets a principal may hold; `null`: no limit. @default 5 (vendor guide) */
  maxSecretsPerPrincipal?: number | null;
}

export type SecretExpirySettings = Required<SecretExpiryOptions>;

export function secretExpirySettings(options: SecretExpiryOptions = {}): SecretExpirySettings {
  const lifetime = options.appSecretLifetimeSeconds;
  if (lifetime !== undefined && lifetime !== null && !(lifetime > 0)) {
    throw new Error("databricks-emulator: appSecretLifetimeSeconds must be positive or null");
  }
  const max = options.maxSecretsPerPrincipal;
  if (max !== undefined && max !== null && !(Number.isInteger(max) && max > 0)) {
    throw new Error(
      "databricks-emulator: maxSecretsPerPrincipal must be a positive integer or null",
    );
  }
  return {
    appSecretLifetimeSeconds:
      lifetime === undefined ? DEFAULT_APP_SECRET_LIFETIME_SECONDS : lifetime,
    appSecretExpiryOnGet: options.appSecretExpiryOnGet ?? false,
    listExpiredSecrets: options.listExpiredSecrets ?? false,
    maxSecretsPerPrincipal: max === undefined ? DEFAULT_MAX_SECRETS_PER_PRINCIPAL : max,
  };
}

/**
 * The emulator's clock: the configured one plus an offset tests move forward (never back, so
 * timestamps stay ordered) instead of sleeping for days.
 */
export class EmulatorClock {
  private offsetMs = 0;
  constructor(private readonly base: () => number) {}

  readonly now = (): number => this.base() + this.offsetMs;

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new Error("databricks-emulator: the clock only moves forward (seconds >= 0)");
    }
    this.offsetMs += Math.round(seconds * 1000);
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}

/** Epoch ms when a new confidential app's secret expires, or `undefined` for none. */
export function appSecretExpiry(
  settings: SecretExpirySettings,
  now: number,
  confidential: boolean,
): number | undefined {
  if (!confidential || settings.appSecretLifetimeSeconds === null) return undefined;
  return now + settings.appSecretLifetimeSeconds * 1000;
}

/** `client_secret_expire_time` for an answer, when the app has one. */
export function appExpiryField(app: StoredApp): { client_secret_expire_time?: string } {
  return app.client_secret_expire_ms === undefined
    ? {}
    : { client_secret_expire_time: timestamp(app.client_secret_expire_ms) };
}

/** Whether the app's secret (if any) is still valid at `now`. */
export function appSecretCurrent(app: StoredApp, now: number): boolean {
  return app.client_secret_expire_ms === undefined || app.client_secret_expire_ms > now;
}

const active = (s: StoredSecret, now: number) => s.expire_ms === undefined || s.expire_ms > now;

/** The secrets a listing shows. */
export function listedSecrets(
  secrets: StoredSecret[],
  settings: SecretExpirySettings,
  now: number,
): StoredSecret[] {
  return settings.listExpiredSecrets ? secrets : secrets.filter((s) => active(s, now));
}

/** A message when one more secret would pass the limit, else `undefined`. */
export function secretLimitReached(
  principalId: string,
  secrets: StoredSecret[],
  settings: SecretExpirySettings,
  now: number,
): string | undefined {
  const max = settings.maxSecretsPerPrincipal;
  if (max === null) return undefined;
  const count = secrets.filter((s) => active(s, now)).length;
  return count < max
    ? undefined
    : `Service principal ${principalId} already has ${count} active OAuth secrets (the limit is ${max}); delete one first`;
}
