/**
 * Program-side defaults: where `connectUrl` comes from when the program does not give one.
 * (Provider-side settings, such as the API key, are read in connect/settings.ts.)
 */
import * as pulumi from "@pulumi/pulumi";
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
