/**
 * One benchmark session: an in-process Connect emulator on 127.0.0.1 and the real Pulumi
 * dynamic-provider host (tests/support/dynamic-host.ts, the same driver the host tests use),
 * configured the way the engine configures it from stack config. Sections build on this so
 * that every number goes through the same gRPC path `pulumi up` uses.
 */
import { startEmulator, type ConnectEmulator } from "../emulator";
import { OAUTH_INTEGRATION_TYPE, oauthIntegrationProvider } from "../provider";
import {
  PROVIDER_KEY,
  REPO_ROOT,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
  HOST_ENV_TO_UNSET,
} from "../tests/support/dynamic-host";
import { ReferenceProvider } from "./reference-provider";
import * as fs from "fs";
import * as path from "path";

export const API_KEY = "bench-admin-key";
export const PROJECT = "posit-connect-bench";
export const TYPE = OAUTH_INTEGRATION_TYPE;
export const ROOT = REPO_ROOT;

const UNSET_ENV = [...HOST_ENV_TO_UNSET];

export interface Providers {
  /** Our provider as it serializes from this repository: its modules by value. */
  repo: string;
  /** Our provider as users get it, from the packed package under node_modules. */
  installed: string;
  /** What release 0.1.0 stored for installed users: a class instance around a lifecycle require. */
  previous: string;
  /** The bare-http reference provider. */
  reference: string;
}

let cachedProviders: Promise<Providers> | undefined;

/**
 * Serializes the three providers once per bench process (Pulumi, too, serializes once per
 * provider instance). `installedDir` is the scratch dir holding node_modules/pulumi-posit-connect.
 */
export function providers(installedDir: string): Promise<Providers> {
  cachedProviders ??= (async () => {
    const installed = (await import(
      path.join(installedDir, "node_modules", "pulumi-posit-connect")
    )) as {
      oauthIntegrationProvider: object;
    };
    return {
      repo: (await serializeProvider(oauthIntegrationProvider)).text,
      installed: (await serializeProvider(installed.oauthIntegrationProvider)).text,
      previous: fs.readFileSync(
        path.join(ROOT, "tests", "host", "fixtures", "provider-0.1.0.txt"),
        "utf8",
      ),
      reference: (await serializeProvider(new ReferenceProvider())).text,
    };
  })();
  return cachedProviders;
}

export interface Session {
  emulator: ConnectEmulator;
  host: DynamicHost;
  close(): Promise<void>;
}

/**
 * `cwd` is where the host resolves serialized `require()`s, as the engine runs it in the
 * program directory: the scratch install dir, so the installed package is found.
 */
export async function startSession(opts: {
  cwd: string;
  emulator?: ConnectEmulator;
}): Promise<Session> {
  const emulator = opts.emulator ?? (await startEmulator({ adminKeys: [API_KEY] }));
  const host = await startDynamicHost({
    project: PROJECT,
    cwd: opts.cwd,
    unsetEnv: UNSET_ENV,
    env: { NO_PROXY: "127.0.0.1,localhost" },
    resourceType: TYPE,
  });
  await host.configure({
    "posit-connect:apiKey": rpcSecret(API_KEY),
    [`${PROJECT}:unrelated`]: "x",
  });
  return {
    emulator,
    host,
    close: async () => {
      await host.close();
      if (!opts.emulator) await emulator.close();
    },
  };
}

/** Inputs as a program sends them for integration number `i` (before check). */
export function programInputs(emulatorUrl: string, providerText: string, i: number): PropertyMap {
  return {
    connectUrl: emulatorUrl,
    name: `Bench ${i}`,
    description: "benchmark",
    template: "databricks",
    authType: "Viewer",
    config: {
      workspace_host: "https://dbc-1234.cloud.databricks.com",
      client_id: `client-${i}`,
      scopes: "all-apis offline_access",
    },
    clientSecret: `bench-secret-${i}`,
    [PROVIDER_KEY]: providerText,
  };
}

/** check → create, as the engine does for a new resource. */
export async function createOne(host: DynamicHost, news: PropertyMap) {
  const { inputs, failures } = await host.check({}, news);
  if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
  const { id, properties } = await host.create(inputs);
  return { id, inputs, outs: properties };
}
