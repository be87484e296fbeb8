/**
 * Argument checks shared by the components (`DatabricksConnectOAuth`,
 * `DatabricksConnectServiceAccount`), run while the program runs so a bad value
 * stops `pulumi preview`/`up` before anything is created. Every message names the argument
 * and the fix. Values that are still Outputs are checked when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import { isLoopbackHost } from "../connect/settings";
import { BaseUrlSubject, normaliseConnectUrl } from "../connect/oauth-integration/validate";
import { TOKEN_TTL_RANGES, TokenAccessPolicy } from "../databricks/custom-app";

// The policy pack applies the same loopback rule.
export { isLoopbackHost };

/** Class name of the component whose argument is at fault, for the first words of a message. */
export type ComponentKind = "DatabricksConnectOAuth" | "DatabricksConnectServiceAccount";

/**
 * A RunError, so Pulumi reports it as a run error: the message alone, without the "unhandled
 * exception" banner and a stack of `.ts` paths that are not shipped.
 */
export class ArgumentError extends pulumi.RunError {
  constructor(
    component: string,
    argument: string,
    reason: string,
    kind: ComponentKind = "DatabricksConnectOAuth",
  ) {
    super(`${kind} "${component}": ${argument} ${reason}`);
    this.name = "ArgumentError";
  }
}

const LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST = new RegExp(`^(?<name>${LABEL}(\\.${LABEL})*)(:(?<port>[0-9]{1,5}))?$`);

/** `dbc-1234.cloud.databricks.com` from that, `https://…` or `https://…/`; a path is an error. */
export function normaliseWorkspaceHost(
  component: string,
  raw: unknown,
  kind?: ComponentKind,
): string {
  const example =
    'a workspace host name such as "dbc-1234abcd-5678.cloud.databricks.com" or "adb-123.4.azuredatabricks.net"';
  const fail = (reason: string) => new ArgumentError(component, "workspaceHost", reason, kind);
  if (typeof raw !== "string" || raw.trim() === "") throw fail(`must be ${example}`);
  let host = raw.trim();
  if (/^https:\/\//i.test(host)) host = host.slice("https://".length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) {
    throw fail(`"${raw}" must use https:// or no scheme at all; give ${example}`);
  }
  host = host.replace(/\/+$/, "");
  if (/[/?#]/.test(host))
    throw fail(`"${raw}" must not have a path, query or fragment; give ${example}`);
  const match = HOST.exec(host);
  if (!match || (match.groups?.name.length ?? 0) > 253)
    throw fail(`"${raw}" is not a host name; give ${example}`);
  const port = match.groups?.port;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw fail(`"${raw}" has port ${port}; a port must be 1 to 65535 (usually leave it out)`);
  }
  return host.toLowerCase();
}

const SUBJECTS: Record<string, BaseUrlSubject> = {
  connectUrl: {
    what: "the Connect server's base URL",
    example: "such as https://connect.example.org",
    source: "set connectUrl",
    credentials: "give the API key with posit-connect:apiKey or CONNECT_API_KEY",
  },
  workbenchUrl: {
    what: "the Workbench server's base URL",
    example: "such as https://workbench.example.org",
    source: "set workbenchUrl",
    credentials: "Workbench needs none here",
  },
};

/** A base URL (Connect or Workbench): http(s), no query, no credentials; trailing slash dropped. */
export function normaliseBaseUrl(
  component: string,
  argument: string,
  raw: unknown,
  kind?: ComponentKind,
): string {
  const subject = SUBJECTS[argument] ?? {
    what: "a base URL",
    example: "such as https://server.example.org",
    source: `set ${argument}`,
    credentials: "remove them",
  };
  const { url, reason } = normaliseConnectUrl(raw, subject);
  if (!url) throw new ArgumentError(component, argument, reason ?? "must be a URL", kind);
  // The Workbench callback becomes a redirect URL of the Databricks app: like
  // extraRedirectUrls, an authorization code must never travel in the clear to another host.
  // (connectUrl's plain-HTTP rule is the provider's: it depends on posit-connect:allowInsecureHttp.)
  if (
    argument === "workbenchUrl" &&
    url.startsWith("http:") &&
    !isLoopbackHost(new URL(url).hostname)
  ) {
    throw new ArgumentError(
      component,
      argument,
      `"${url}" must use https:// (http:// is accepted for localhost only): Databricks would send sign-in codes to it unencrypted`,
      kind,
    );
  }
  return url;
}

/** Where plain http:// is tolerated (a local test server); the policy pack shares this rule. */
export function checkRedirectUrl(component: string, index: number, value: unknown): string {
  const fail = (reason: string) =>
    new ArgumentError(component, `extraRedirectUrls[${index}]`, reason);
  if (typeof value !== "string") throw fail("must be an absolute URL string");
  // Databricks matches redirect URLs exactly; stray spaces would never match.
  const raw = value.trim();
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw fail(`"${raw}" is not an absolute URL such as https://app.example.org/callback`);
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && isLoopbackHost(u.hostname))) {
    throw fail(`"${raw}" must use https:// (http:// is accepted for localhost only)`);
  }
  if (u.hash || raw.includes("#")) {
    throw fail(
      `"${raw}" must not have a fragment (#…); OAuth forbids it in redirect URLs (RFC 6749 §3.1.2)`,
    );
  }
  if (u.username || u.password) throw fail(`"${raw}" must not contain a user name or password`);
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
  // An index loop, not forEach: holes in a sparse array must be rejected, not skipped.
  for (let i = 0; i < scopes.length; i++) {
    const s: unknown = scopes[i];
    if (typeof s !== "string" || !/^[A-Za-z0-9:._/-]+$/.test(s)) {
      const got = s === undefined ? "nothing" : JSON.stringify(s);
      throw new ArgumentError(
        component,
        `scopes[${i}]`,
        `must be one scope name without spaces, such as "all-apis"; got ${got}`,
      );
    }
  }
  return [...new Set(scopes as string[])];
}

export function checkTokenAccessPolicy(
  component: string,
  policy: unknown,
): TokenAccessPolicy | undefined {
  if (policy === undefined) return undefined;
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) {
    throw new ArgumentError(
      component,
      "tokenAccessPolicy",
      "must be an object { accessTokenTtlInMinutes?, refreshTokenTtlInMinutes? }",
    );
  }
  const p = policy as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    // Own keys only: `in` would accept toString, constructor and the like.
    if (!Object.prototype.hasOwnProperty.call(TOKEN_TTL_RANGES, key)) {
      throw new ArgumentError(
        component,
        `tokenAccessPolicy.${key}`,
        "is not supported; use accessTokenTtlInMinutes or refreshTokenTtlInMinutes",
      );
    }
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
  return { accessTokenTtlInMinutes: access, refreshTokenTtlInMinutes: refresh };
}

/** Checks a value now when it is known, or when it resolves when it is an Output. */
export function checked<T, U>(value: pulumi.Input<T>, check: (v: T) => U): pulumi.Input<U> {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return pulumi.output(value).apply((v) => check(v as T));
  }
  return check(value as T);
}

/** The two endpoints every component needs: Connect's base URL and the workspace host. */
export function checkEndpoints(
  component: string,
  args: { connectUrl: pulumi.Input<string>; workspaceHost: pulumi.Input<string> },
  kind?: ComponentKind,
): { connectUrl: pulumi.Input<string>; workspaceHost: pulumi.Input<string> } {
  return {
    connectUrl: checked(args.connectUrl, (v) => normaliseBaseUrl(component, "connectUrl", v, kind)),
    workspaceHost: checked(args.workspaceHost, (v) => normaliseWorkspaceHost(component, v, kind)),
  };
}

/** An optional on/off switch; `undefined` gives the default. */
export function checkBoolean(
  component: string,
  argument: string,
  value: unknown,
  fallback: boolean,
  kind?: ComponentKind,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new ArgumentError(
      component,
      argument,
      `must be true or false; got ${JSON.stringify(value)}`,
      kind,
    );
  }
  return value;
}
