/**
 * Provider-side settings: what the dynamic provider reads from stack config in `configure()`
 * and from the environment at call time. Nothing here is captured at program time, so a key
 * rotated in stack config reaches `refresh` and `destroy` without an `up` first.
 *
 * This file must not import @pulumi/pulumi: it is serialized into the provider.
 */

/** The subset of the dynamic-provider `Config` that is read here. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderSettings {
  apiKey?: string;
  timeoutSeconds?: number;
  caCertificate?: string;
  dangerouslyDisableTlsVerification?: boolean;
}

export const CONFIG_KEYS = {
  url: "posit-connect:url",
  apiKey: "posit-connect:apiKey",
  timeoutSeconds: "posit-connect:timeoutSeconds",
  caCertificate: "posit-connect:caCertificate",
  dangerouslyDisableTlsVerification: "posit-connect:dangerouslyDisableTlsVerification",
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
  return settings;
}

/** Settings in force for one call: stack config first, then the environment. */
export function effectiveSettings(
  settings: ProviderSettings | undefined,
): Required<Pick<ProviderSettings, "apiKey">> & ProviderSettings {
  const apiKey = settings?.apiKey || process.env[ENV.apiKey];
  if (!apiKey) {
    throw new Error(
      `No Connect API key: set one with \`pulumi config set --secret ${CONFIG_KEYS.apiKey} <key>\` or the ${ENV.apiKey} environment variable (an administrator key).`,
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
