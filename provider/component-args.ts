/**
 * Argument checks for `DatabricksConnectOAuth`, run while the program runs so a bad value
 * stops `pulumi preview`/`up` before anything is created. Every message names the argument
 * and the fix. Values that are still Outputs are checked when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import { normaliseConnectUrl } from "./connect/oauth-integration/validate";
import { TOKEN_TTL_RANGES, TokenAccessPolicy } from "./databricks/custom-app";

export class ArgumentError extends Error {
  constructor(component: string, argument: string, reason: string) {
    super(`DatabricksConnectOAuth "${component}": ${argument} ${reason}`);
    this.name = "ArgumentError";
  }
}

const HOST =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?$/;

/** `dbc-1234.cloud.databricks.com` from that, `https://…` or `https://…/`; a path is an error. */
export function normaliseWorkspaceHost(component: string, raw: unknown): string {
  const example =
    'a workspace host name such as "dbc-1234abcd-5678.cloud.databricks.com" or "adb-123.4.azuredatabricks.net"';
  if (typeof raw !== "string" || raw.trim() === "")
    throw new ArgumentError(component, "workspaceHost", `must be ${example}`);
  let host = raw.trim();
  if (/^https:\/\//i.test(host)) host = host.slice("https://".length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host))
    throw new ArgumentError(
      component,
      "workspaceHost",
      `"${raw}" must use https:// or no scheme at all; give ${example}`,
    );
  host = host.replace(/\/+$/, "");
  if (/[/?#]/.test(host))
    throw new ArgumentError(
      component,
      "workspaceHost",
      `"${raw}" must not have a path, query or fragment; give ${example}`,
    );
  if (!HOST.test(host))
    throw new ArgumentError(
      component,
      "workspaceHost",
      `"${raw}" is not a host name; give ${example}`,
    );
  return host.toLowerCase();
}

/** A base URL (Connect or Workbench): http(s), no query, no credentials; trailing slash dropped. */
export function normaliseBaseUrl(component: string, argument: string, raw: unknown): string {
  const { url, reason } = normaliseConnectUrl(raw);
  if (!url)
    throw new ArgumentError(
      component,
      argument,
      (reason ?? "must be a URL").replace(
        /set connectUrl, stack config posit-connect:url, or CONNECT_SERVER/,
        `set ${argument}`,
      ),
    );
  return url;
}

export function checkRedirectUrl(component: string, index: number, raw: unknown): string {
  const argument = `extraRedirectUrls[${index}]`;
  if (typeof raw !== "string")
    throw new ArgumentError(component, argument, "must be an absolute URL string");
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ArgumentError(
      component,
      argument,
      `"${raw}" is not an absolute URL such as https://app.example.org/callback`,
    );
  }
  const local = u.hostname === "localhost" || u.hostname === "127.0.0.1";
  if (u.protocol !== "https:" && !(u.protocol === "http:" && local)) {
    throw new ArgumentError(
      component,
      argument,
      `"${raw}" must use https:// (http:// is accepted for localhost only)`,
    );
  }
  return raw;
}

export function checkScopes(component: string, scopes: unknown): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new ArgumentError(
      component,
      "scopes",
      'must be a non-empty list such as ["all-apis", "offline_access"]; omit it for the defaults',
    );
  }
  scopes.forEach((s, i) => {
    if (typeof s !== "string" || !/^[A-Za-z0-9:._/-]+$/.test(s)) {
      throw new ArgumentError(
        component,
        `scopes[${i}]`,
        `must be one scope name without spaces, such as "all-apis"; got ${JSON.stringify(s)}`,
      );
    }
  });
  return [...new Set(scopes as string[])];
}

export function checkTokenAccessPolicy(
  component: string,
  policy: unknown,
): TokenAccessPolicy | undefined {
  if (policy === undefined) return undefined;
  if (typeof policy !== "object" || policy === null)
    throw new ArgumentError(
      component,
      "tokenAccessPolicy",
      "must be an object { accessTokenTtlInMinutes?, refreshTokenTtlInMinutes? }",
    );
  const p = policy as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!(key in TOKEN_TTL_RANGES))
      throw new ArgumentError(
        component,
        `tokenAccessPolicy.${key}`,
        "is not supported; use accessTokenTtlInMinutes or refreshTokenTtlInMinutes",
      );
  }
  for (const [key, [min, max]] of Object.entries(TOKEN_TTL_RANGES)) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new ArgumentError(
        component,
        `tokenAccessPolicy.${key}`,
        `must be a whole number of minutes from ${min} to ${max}; got ${JSON.stringify(v)}`,
      );
    }
  }
  const { accessTokenTtlInMinutes: access, refreshTokenTtlInMinutes: refresh } =
    p as TokenAccessPolicy;
  if (access !== undefined && refresh !== undefined && refresh < access) {
    throw new ArgumentError(
      component,
      "tokenAccessPolicy.refreshTokenTtlInMinutes",
      `(${refresh}) must not be shorter than accessTokenTtlInMinutes (${access})`,
    );
  }
  return p as TokenAccessPolicy;
}

/** Checks a value now when it is known, or when it resolves when it is an Output. */
export function checked<T, U>(value: pulumi.Input<T>, check: (v: T) => U): pulumi.Input<U> {
  if (pulumi.Output.isInstance(value) || value instanceof Promise)
    return pulumi.output(value).apply((v) => check(v as T));
  return check(value as T);
}
