/**
 * Provider-side settings: what the dynamic provider reads from stack config in `configure()`
 * and from the environment at call time. Nothing here is captured at program time, so a key
 * rotated in stack config reaches `refresh` and `destroy` without an `up` first.
 *
 * This file must not import @pulumi/pulumi: it is serialized into the provider.
 */
import { forHost } from "./errors";

/** The subset of the dynamic-provider `Config` that is read here. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderSettings {
  apiKey?: string;
  timeoutSeconds?: number;
  caCertificate?: string;
  dangerouslyDisableTlsVerification?: boolean;
  /** Accept http:// Connect URLs for hosts other than this machine (the API key travels unencrypted). */
  allowInsecureHttp?: boolean;
  /**
   * Set when the configuration could not be read. The host configures a provider once per
   * process and keeps it, so the error must be raised again by every later call, not just once.
   */
  configurationError?: string;
}

export const CONFIG_KEYS = {
  url: "posit-connect:url",
  apiKey: "posit-connect:apiKey",
  timeoutSeconds: "posit-connect:timeoutSeconds",
  caCertificate: "posit-connect:caCertificate",
  dangerouslyDisableTlsVerification: "posit-connect:dangerouslyDisableTlsVerification",
  allowInsecureHttp: "posit-connect:allowInsecureHttp",
} as const;

export const ENV = {
  url: "CONNECT_SERVER",
  apiKey: "CONNECT_API_KEY",
  timeoutSeconds: "CONNECT_TIMEOUT_SECONDS",
} as const;

/** Reads the `posit-connect:*` keys the engine hands to `configure()`. */
export function readSettings(config: ConfigSource): ProviderSettings {
  const settings: ProviderSettings = {};
  const apiKey = config.get(CONFIG_KEYS.apiKey);
  if (apiKey) settings.apiKey = apiKey;
  const timeout = config.get(CONFIG_KEYS.timeoutSeconds);
  if (timeout !== undefined && timeout !== "")
    settings.timeoutSeconds = parseTimeout(timeout, CONFIG_KEYS.timeoutSeconds);
  const ca = config.get(CONFIG_KEYS.caCertificate);
  if (ca) settings.caCertificate = ca;
  if (config.get(CONFIG_KEYS.dangerouslyDisableTlsVerification) === "true") {
    settings.dangerouslyDisableTlsVerification = true;
  }
  const insecure = config.get(CONFIG_KEYS.allowInsecureHttp);
  if (insecure !== undefined && insecure !== "") {
    if (insecure !== "true" && insecure !== "false") {
      throw new Error(`${CONFIG_KEYS.allowInsecureHttp} must be true or false; got "${insecure}".`);
    }
    settings.allowInsecureHttp = insecure === "true";
  }
  return settings;
}

/** Like {@link readSettings}, but a bad value is kept as `configurationError` instead of thrown. */
export function readSettingsOrError(config: ConfigSource): ProviderSettings {
  try {
    return readSettings(config);
  } catch (e) {
    return { configurationError: e instanceof Error ? e.message : String(e) };
  }
}

/** Throws the configuration error kept by {@link readSettingsOrError}, if any. */
export function requireConfigured(settings: ProviderSettings | undefined): void {
  if (settings?.configurationError) {
    throw forHost(new Error(`Invalid provider configuration: ${settings.configurationError}`));
  }
}

/** Settings in force for one call: stack config first, then the environment. */
export function effectiveSettings(
  settings: ProviderSettings | undefined,
): Required<Pick<ProviderSettings, "apiKey">> & ProviderSettings {
  requireConfigured(settings);
  const apiKey = settings?.apiKey || process.env[ENV.apiKey];
  if (!apiKey) {
    throw forHost(
      new Error(
        `No Connect API key: set one with \`pulumi config set --secret ${CONFIG_KEYS.apiKey} <key>\` or the ${ENV.apiKey} environment variable (an administrator key).`,
      ),
    );
  }
  const envTimeout = process.env[ENV.timeoutSeconds];
  return {
    ...settings,
    apiKey,
    timeoutSeconds:
      settings?.timeoutSeconds ??
      (envTimeout ? parseTimeout(envTimeout, ENV.timeoutSeconds) : undefined),
  };
}

function parseTimeout(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new Error(`${name} must be a number of seconds between 1 and 3600; got "${value}".`);
  }
  return n;
}

/** True for this machine's own addresses, where http:// never leaves the host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** Why an http:// Connect URL is refused, or `undefined` when it is acceptable. */
export function insecureUrlReason(
  url: unknown,
  settings: ProviderSettings | undefined,
): string | undefined {
  if (typeof url !== "string" || settings?.allowInsecureHttp) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== "http:" || isLoopbackHost(u.hostname)) return undefined;
  return (
    `"${url}" would send the Connect administrator API key unencrypted over the network; use https://. ` +
    `To accept plain HTTP anyway (a test server on a private network), run \`pulumi config set ${CONFIG_KEYS.allowInsecureHttp} true\`.`
  );
}

/**
 * What `check` must report at preview for a resource's Connect URL under these settings: a
 * configuration error, a missing API key, an http:// URL that would send the key in the clear.
 * Without settings (a provider that was never configured, as in a unit test) nothing is
 * reported: the host always configures before it checks.
 */
export function settingsFailures(
  connectUrl: unknown,
  settings: ProviderSettings | undefined,
): Array<{ property: string; reason: string }> {
  if (settings === undefined) return [];
  const failures: Array<{ property: string; reason: string }> = [];
  try {
    effectiveSettings(settings);
  } catch (e) {
    failures.push({ property: "", reason: (e as Error).message });
  }
  const insecure = insecureUrlReason(connectUrl, settings);
  if (insecure) failures.push({ property: "connectUrl", reason: insecure });
  return failures;
}

/**
 * Refuses, before any request, a URL that would send the key in the clear. Every client the
 * provider, the lookups and the CLI build goes through this.
 */
export function requireSafeUrl(connectUrl: string, settings: ProviderSettings | undefined): void {
  const insecure = insecureUrlReason(connectUrl, settings);
  if (insecure) throw forHost(new Error(`connectUrl: ${insecure}`));
}
