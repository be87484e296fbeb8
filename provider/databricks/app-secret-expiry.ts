/**
 * When a Databricks custom app's client secret expires. `@pulumi/databricks` does not expose the
 * app's `client_secret_expire_time`, so the component reads it from the account API itself (GET
 * of the app), with the account credentials of the stack's `databricks:*` configuration, else
 * the standard `DATABRICKS_*` variables. A read from the program, not a resource: it adds nothing
 * to state and creates nothing in Databricks. When the expiry cannot be read (the spec returns it
 * on create only; no credentials; an explicit provider with other credentials), the result says
 * why, and nothing fails: an informational read never stops an `up`.
 */
import { DatabricksReadClient, type DatabricksCredentials } from "./account-read-client";

export interface AppSecretExpiry {
  /** RFC 3339; absent when Databricks did not report it. */
  expireTime?: string;
  /** Why `expireTime` is absent. */
  note?: string;
}

export interface ConfigSource {
  get(key: string): string | undefined;
}

const KEYS = {
  host: ["databricks:host", "DATABRICKS_HOST"],
  accountId: ["databricks:accountId", "DATABRICKS_ACCOUNT_ID"],
  clientId: ["databricks:clientId", "DATABRICKS_CLIENT_ID"],
  clientSecret: ["databricks:clientSecret", "DATABRICKS_CLIENT_SECRET"],
} as const;

/** Account credentials from the stack config, else the environment; `undefined` when incomplete. */
export function accountCredentials(
  config: ConfigSource,
  env: NodeJS.ProcessEnv = process.env,
): DatabricksCredentials | undefined {
  const pick = ([key, variable]: readonly [string, string]) => config.get(key) || env[variable];
  const host = pick(KEYS.host);
  const accountId = pick(KEYS.accountId);
  const clientId = pick(KEYS.clientId);
  const clientSecret = pick(KEYS.clientSecret);
  if (!host || !accountId || !clientId || !clientSecret) return undefined;
  return { host, accountId, clientId, clientSecret, timeoutMs: 30_000 };
}

export async function readAppSecretExpiry(
  credentials: DatabricksCredentials | undefined,
  integrationId: string,
): Promise<AppSecretExpiry> {
  if (!credentials) {
    return {
      note: "no Databricks account credentials in the stack config (databricks:host, accountId, clientId, clientSecret) or DATABRICKS_* variables",
    };
  }
  try {
    const app = await new DatabricksReadClient(credentials).app(integrationId);
    if (!app) return { note: `Databricks has no custom app ${integrationId}` };
    if (!app.clientSecretExpireTime) {
      return { note: "Databricks does not report this app's client_secret_expire_time on read" };
    }
    return { expireTime: app.clientSecretExpireTime };
  } catch (e) {
    // The read client scrubs the secret from its messages.
    return { note: `the expiry could not be read: ${(e as Error).message}` };
  }
}
