/**
 * `check`: validate and normalise inputs before anything reaches Connect. Pure, no I/O, and
 * tolerant of unknown values during preview.
 */
import type { ConfigValue } from "../wire";
import { checkPermissions } from "../permissions";
import { AUTH_TYPES, DEFAULT_AUTH_TYPE, OAuthIntegrationInputs, UNKNOWN } from "./types";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  inputs: OAuthIntegrationInputs;
  failures: CheckFailure[];
}

// Keys that hold credentials must travel as the top-level, secret `clientSecret` input:
// inside `config` they would be stored in state in plaintext and echoed in diffs.
const SECRET_KEY = /(^|_)(secret|password|passphrase|private_key|api_key|access_key)$/i;
const CONFIG_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const TEMPLATE = /^[a-z0-9][a-z0-9_-]*$/;

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

export interface BaseUrlSubject {
  /** What the URL points at, e.g. "the Connect server's base URL". */
  what: string;
  example: string;
  /** Where the value comes from, for the "missing" message. */
  source: string;
  /** What to do instead of putting credentials in the URL. */
  credentials: string;
}

const CONNECT: BaseUrlSubject = {
  what: "the Connect server's base URL",
  example: "such as https://connect.example.org (or https://example.org/connect behind a proxy)",
  source: "set connectUrl, stack config posit-connect:url, or CONNECT_SERVER",
  credentials: "give the API key with posit-connect:apiKey or CONNECT_API_KEY",
};

/** Checks a base URL (Connect by default); returns the normalised URL or a reason. */
export function normaliseConnectUrl(
  raw: unknown,
  subject: BaseUrlSubject = CONNECT,
): { url?: string; reason?: string } {
  const { what, example } = subject;
  if (typeof raw !== "string" || raw.trim() === "") {
    return { reason: `must be ${what}, ${example}; ${subject.source}` };
  }
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { reason: `"${raw}" is not a URL; use ${what}, ${example}` };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    return { reason: `"${raw}" must start with https:// (or http://), ${example}` };
  }
  if (u.username || u.password) {
    return { reason: `must not contain credentials; ${subject.credentials}` };
  }
  if (u.search || u.hash) {
    return { reason: `"${raw}" must not have a query or fragment; use ${what}, ${example}` };
  }
  if (/\/__(api|oauth)__(\/|$)/.test(u.pathname)) {
    return { reason: `"${raw}" must be ${what} without /__api__ or /__oauth__, ${example}` };
  }
  return { url: `${u.origin}${u.pathname.replace(/\/+$/, "")}` };
}

export function validateInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = { ...news };

  if (!isUnknown(news.connectUrl)) {
    const { url, reason } = normaliseConnectUrl(news.connectUrl);
    if (reason) fail("connectUrl", reason);
    else inputs.connectUrl = url;
  }

  if (!isUnknown(news.name) && (typeof news.name !== "string" || news.name.trim() === "")) {
    fail("name", "must be a non-empty string: the integration name publishers see in Connect");
  }

  if (
    news.description !== undefined &&
    news.description !== null &&
    !isUnknown(news.description) &&
    typeof news.description !== "string"
  ) {
    fail("description", "must be a string when given");
  }
  if (news.description === null) delete inputs.description;

  if (
    !isUnknown(news.template) &&
    (typeof news.template !== "string" || !TEMPLATE.test(news.template))
  ) {
    fail(
      "template",
      `must be a Connect template key such as "databricks", "custom", "azure" or "snowflake"; got ${JSON.stringify(news.template)}`,
    );
  }

  if (news.authType === undefined || news.authType === null) {
    inputs.authType = DEFAULT_AUTH_TYPE;
  } else if (
    !isUnknown(news.authType) &&
    !(AUTH_TYPES as readonly unknown[]).includes(news.authType)
  ) {
    fail(
      "authType",
      `must be one of ${AUTH_TYPES.map((a) => `"${a}"`).join(", ")}; got ${JSON.stringify(news.authType)}`,
    );
  }

  if (news.config === undefined || news.config === null) {
    inputs.config = {};
  } else if (!isUnknown(news.config)) {
    checkConfig(news.config, fail);
  }

  if (news.clientSecret === null) delete inputs.clientSecret;
  else if (
    news.clientSecret !== undefined &&
    !isUnknown(news.clientSecret) &&
    (typeof news.clientSecret !== "string" || news.clientSecret === "")
  ) {
    fail("clientSecret", "must be a non-empty string when given; omit it for public OAuth apps");
  }

  if (news.permissions === null) delete inputs.permissions;
  failures.push(...checkPermissions(news.permissions));

  return { inputs: inputs as unknown as OAuthIntegrationInputs, failures };
}

function checkConfig(config: unknown, fail: (property: string, reason: string) => void): void {
  if (typeof config !== "object" || Array.isArray(config)) {
    fail(
      "config",
      'must be a flat map of template keys to strings or booleans, e.g. { workspace_host: "dbc-123.cloud.databricks.com", client_id: "…" }',
    );
    return;
  }
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const property = `config.${key}`;
    if (!CONFIG_KEY.test(key)) {
      fail(
        property,
        "config keys are Connect template field names: letters, digits and underscores, starting with a letter",
      );
    } else if (key === "auth_type") {
      fail(property, "set the authentication type with the authType argument, not inside config");
    } else if (SECRET_KEY.test(key)) {
      fail(
        property,
        "secrets must not go inside config, where they would be stored in plaintext; pass the value as the clientSecret argument, which Pulumi keeps secret",
      );
    } else if (!isUnknown(value) && !isConfigValue(value)) {
      fail(
        property,
        `must be a string or a boolean; got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value} (write lists such as scopes as one space-separated string)`,
      );
    }
  }
}

function isConfigValue(v: unknown): v is ConfigValue {
  return typeof v === "string" || typeof v === "boolean";
}
