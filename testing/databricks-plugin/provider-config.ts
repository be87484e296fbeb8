/**
 * Provider configuration the way the real provider reads it for an account-level provider:
 * stack config `databricks:host`, `databricks:accountId`, `databricks:clientId`,
 * `databricks:clientSecret` (secret), each falling back to DATABRICKS_HOST / DATABRICKS_ACCOUNT_ID
 * / DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET (pulumi-databricks sdk/nodejs/config/vars.ts
 * and provider.ts; databricks-api.md §4). Only OAuth M2M is supported: that is what account
 * APIs accept from automation (PATs do not work there).
 */
import type { Props } from "./values";

export interface ProviderSettings {
  host: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Total time to keep retrying 429/503 answers (real provider key `retryTimeoutSeconds`, default 300). */
  retryTimeoutSeconds: number;
  /** Per-request timeout (real provider key `httpTimeoutSeconds`, default 65). */
  httpTimeoutSeconds: number;
}

const KEYS = {
  host: "DATABRICKS_HOST",
  accountId: "DATABRICKS_ACCOUNT_ID",
  clientId: "DATABRICKS_CLIENT_ID",
  clientSecret: "DATABRICKS_CLIENT_SECRET",
} as const;

export class ConfigError extends Error {}

function str(args: Props, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") {
    throw new ConfigError(`databricks:${key} must be a string, got ${typeof v}`);
  }
  return v;
}

function seconds(args: Props, key: string, fallback: number): number {
  const v = args[key];
  if (v === undefined || v === null || v === "") return fallback;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`databricks:${key} must be a positive number of seconds`);
  }
  return n;
}

/** The settings from Configure's args (stack config) and the environment; names every gap. */
export function resolveSettings(
  args: Props,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const authType = str(args, "authType") ?? (env.DATABRICKS_AUTH_TYPE || undefined);
  if (authType !== undefined && authType !== "oauth-m2m") {
    throw new ConfigError(
      `databricks:authType "${authType}" is not supported by this stand-in provider (tests and demo only); it authenticates with oauth-m2m only`,
    );
  }
  const missing: string[] = [];
  const pick = (key: keyof typeof KEYS): string => {
    const v = str(args, key) ?? (env[KEYS[key]] || undefined);
    if (v === undefined) missing.push(`databricks:${key} (or ${KEYS[key]})`);
    return v ?? "";
  };
  const settings = {
    host: pick("host"),
    accountId: pick("accountId"),
    clientId: pick("clientId"),
    clientSecret: pick("clientSecret"),
    retryTimeoutSeconds: seconds(args, "retryTimeoutSeconds", 300),
    httpTimeoutSeconds: seconds(args, "httpTimeoutSeconds", 65),
  };
  if (missing.length > 0) {
    throw new ConfigError(
      `account-level Databricks provider is missing ${missing.join(", ")}. Set them with ` +
        "`pulumi config set databricks:<key> <value>` (`--secret` for clientSecret) or in the environment; " +
        "this provider authenticates with OAuth M2M (a service principal's client id and secret).",
    );
  }
  // The SDKs accept a bare host name and add https://.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(settings.host)) settings.host = `https://${settings.host}`;
  let url: URL;
  try {
    url = new URL(settings.host);
  } catch {
    throw new ConfigError(
      `databricks:host "${settings.host}" is not a URL such as https://accounts.cloud.databricks.com`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`databricks:host "${settings.host}" must be an http(s) URL`);
  }
  settings.host = `${url.protocol}//${url.host}`;
  return settings;
}
