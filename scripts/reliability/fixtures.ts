/**
 * Shared pieces of the reliability runs (fault matrix, soak, leak checks): canary credentials,
 * program inputs, a configured provider, and the emulator-state checks every run ends with.
 * Plain module, no jest: the report script imports it too.
 */
import * as fs from "fs";
import * as path from "path";
import type { ConnectEmulator, RecordedRequest } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs } from "../../provider";

/** Canaries: distinctive values that must never show up in plaintext anywhere we capture. */
export const CANARY_API_KEY = "canary-apikey-Zq81xT4w";
export const CANARY_PUBLISHER_KEY = "canary-pubkey-Lr5mVb27";
export const CANARY_CLIENT_SECRET = "canary-secret-Hd93Kp0a";
export const CANARY_CLIENT_SECRET_2 = "canary-secret-rotated-Yw62Qe5c";
export const CANARIES = [
  CANARY_API_KEY,
  CANARY_PUBLISHER_KEY,
  CANARY_CLIENT_SECRET,
  CANARY_CLIENT_SECRET_2,
];

export const API_PATH = "/__api__/v1/oauth/integrations";

/** A provider configured the way the engine would, from `posit-connect:*` stack config. */
export async function configuredProvider(
  values: Record<string, string>,
): Promise<OAuthIntegrationProvider> {
  const provider = new OAuthIntegrationProvider();
  await provider.configure({ config: { get: (k: string) => values[k] } });
  return provider;
}

/** What a program declares for integration `name` (before `check`). */
export function programInputs(
  connectUrl: string,
  name: string,
  version = 1,
  secret = CANARY_CLIENT_SECRET,
): Record<string, unknown> {
  return {
    connectUrl,
    name,
    description: `reliability run v${version}`,
    template: "databricks",
    authType: "Viewer",
    config: {
      workspace_host: "https://dbc-1234.cloud.databricks.com",
      client_id: `client-${name}-v${version}`,
      auth_mode: "Confidential",
    },
    clientSecret: secret,
  };
}

/** `check`, failing loudly: every input used by the runs is valid. */
export async function checked(
  provider: OAuthIntegrationProvider,
  news: Record<string, unknown>,
): Promise<OAuthIntegrationInputs> {
  const { inputs, failures } = await provider.check(
    {} as OAuthIntegrationInputs,
    news as unknown as OAuthIntegrationInputs,
  );
  if (failures.length > 0) throw new Error(`inputs rejected by check: ${JSON.stringify(failures)}`);
  return inputs;
}

/** Integrations in the emulator whose name starts with `prefix`, grouped by name. */
export function byName(emulator: ConnectEmulator, prefix: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const i of emulator.integrations()) {
    const name = i.name ?? "";
    if (!name.startsWith(prefix)) continue;
    groups.set(name, [...(groups.get(name) ?? []), i.guid]);
  }
  return groups;
}

/** A request as a short, deterministic label: `POST create→500 [status]`. */
export function describeRequest(r: RecordedRequest): string {
  const answer = r.status === null ? "no answer" : String(r.status);
  return `${r.method} ${r.route}→${answer}${r.fault ? ` [${r.fault}]` : ""}`;
}

/**
 * The documented failure messages (docs/reliability.md, provider/connect/errors.ts hints). A
 * failure whose message matches none of them is a defect, and the runs report it as such.
 */
export const DOCUMENTED_FAILURES: ReadonlyArray<{ label: string; pattern: RegExp }> = [
  // Most specific first: these two wrap one of the messages below.
  {
    label: "create outcome unknown, listing failed",
    pattern:
      /Connect may or may not have created integration ".*", and listing integrations to find out failed too\. Look in Connect/,
  },
  {
    label: "adopted, secret not confirmed",
    pattern:
      /Adopted integration \S+ after an unanswered create, but re-sending its client secret failed/,
  },
  {
    label: "retries exhausted (HTTP)",
    pattern:
      /failed: (GET|POST|PATCH|DELETE) \S+ returned HTTP (429|5\d\d) .*retries were exhausted/,
  },
  {
    label: "timed out",
    pattern:
      /failed: (GET|POST|PATCH|DELETE) \S+ got no answer \(ECONNABORTED\)\. The request timed out; raise posit-connect:timeoutSeconds/,
  },
  {
    label: "connection lost",
    pattern:
      /failed: (GET|POST|PATCH|DELETE) \S+ got no answer \((ECONNRESET|EPIPE|socket hang up)\)\. Check that Connect is reachable/,
  },
];

/** The documented failure a message is, or "UNDOCUMENTED". */
export function classifyFailure(message: string): string {
  return DOCUMENTED_FAILURES.find((f) => f.pattern.test(message))?.label ?? "UNDOCUMENTED";
}

/** The repository root (the directory whose node_modules holds @pulumi/pulumi), from source or dist. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the repository root from " + __dirname);
    dir = parent;
  }
  return dir;
}
