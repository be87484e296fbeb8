/**
 * Program-side defaults: where `connectUrl` comes from when the program does not give one.
 * (Provider-side settings, such as the API key, are read in connect/settings.ts.)
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { unknownKeys, unknownKeysMessage } from "./config-keys";
import { CONFIG_KEYS, ENV } from "./connect/settings";

/**
 * The Connect URL for a resource: the argument, else stack config `posit-connect:url`, else
 * the CONNECT_SERVER environment variable. Resolved while the program runs and stored as an
 * input, because the server is part of the integration's identity.
 */
export function resolveConnectUrl(
  explicit: pulumi.Input<string> | undefined,
  resourceName: string,
): pulumi.Input<string> {
  if (explicit !== undefined) return explicit;
  const [namespace, key] = CONFIG_KEYS.url.split(":");
  const fromConfig = new pulumi.Config(namespace).get(key);
  const fromEnv = process.env[ENV.url];
  const url = fromConfig || fromEnv;
  if (!url) {
    throw new Error(
      `${resourceName}: no Connect URL. Pass connectUrl, or run \`pulumi config set ${CONFIG_KEYS.url} https://connect.example.org\`, or set ${ENV.url}.`,
    );
  }
  return url;
}

/**
 * Refuses a `posit-connect:apiKey` set without `--secret`: the engine hands stack config to the
 * dynamic provider as its inputs, so a plaintext key would be stored unencrypted in state. Also
 * stops at an unknown `posit-connect:` key (see {@link checkProviderConfigKeys}); every resource
 * and component calls this while the program runs, so both are caught at preview.
 */
export function requireSecretApiKey(): void {
  checkProviderConfigKeys();
  const [namespace, key] = CONFIG_KEYS.apiKey.split(":");
  if (new pulumi.Config(namespace).get(key) === undefined) return;
  // Not in the typings, present in every SDK since 3.x; skip the check if it ever disappears.
  const isConfigSecret = (runtimeConfig as { isConfigSecret?: (k: string) => boolean })
    .isConfigSecret;
  if (isConfigSecret && !isConfigSecret(CONFIG_KEYS.apiKey)) {
    throw new pulumi.RunError(
      `${CONFIG_KEYS.apiKey} is stored in plaintext in Pulumi.${pulumi.getStack()}.yaml (and in version control, if that file was committed), so it would also be saved unencrypted in the stack's state. ` +
        `Treat the key as exposed: create a new key in Connect and delete this one, then set the new one with \`pulumi config set --secret ${CONFIG_KEYS.apiKey} <new-key>\`.`,
    );
  }
}

/** Every key of the `posit-connect:` namespace the package reads. */
export const PROVIDER_CONFIG_KEYS: readonly string[] = Object.values(CONFIG_KEYS).map(
  (k) => k.split(":")[1],
);

/**
 * Stops the program at an unknown `posit-connect:` key, naming the key it most likely meant
 * (`posit-connect:apikey` → `apiKey`): otherwise the typo passes silently and the provider
 * later reports only that no API key is set.
 */
export function checkProviderConfigKeys(): void {
  const namespace = CONFIG_KEYS.apiKey.split(":")[0];
  const unknown = unknownKeys(pulumi.runtime.allConfig(), namespace, PROVIDER_CONFIG_KEYS);
  if (unknown.length === 0) return;
  throw new pulumi.RunError(
    unknownKeysMessage(unknown, {
      namespace,
      reader: "pulumi-posit-connect",
      secretKeys: [CONFIG_KEYS.apiKey.split(":")[1]],
      cliName: (k) => `${namespace}:${k}`,
      reference: "docs/configuration.md",
    }),
  );
}
