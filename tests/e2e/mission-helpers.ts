// Helpers for the engine scenarios that run the whole mission (tests/e2e/mission.test.ts): the
// Connect emulator and the Databricks account emulator side by side, one timeline of both
// request logs, and the stack config that points the root program at both.
import * as crypto from "crypto";
import type { ConnectEmulator } from "../../emulator";
import type { DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import { setConfig, setSecret } from "./helpers";

/**
 * Both emulators stamp each arrival with Date.now() in this process. Milliseconds can tie
 * between two requests that follow each other closely, so while the scenarios run Date.now is
 * made strictly increasing: the stamps then give one total order of arrivals across both logs.
 * Returns the function that restores the real clock.
 */
export function useStrictlyIncreasingClock(): () => void {
  const real = Date.now;
  let last = 0;
  Date.now = () => {
    last = Math.max(real(), last + 1);
    return last;
  };
  return () => {
    Date.now = real;
  };
}

export interface TimelineEntry {
  side: "databricks" | "connect";
  time: number;
  method: string;
  route: string;
  status: number | null;
  path: string;
  body: unknown;
}

/** Both request logs merged in arrival order. */
export function timeline(dbx: DatabricksEmulator, connect: ConnectEmulator): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...dbx.requests.map((r) => ({ side: "databricks" as const, ...pick(r) })),
    ...connect.requests.map((r) => ({ side: "connect" as const, ...pick(r) })),
  ];
  return entries.sort((a, b) => a.time - b.time);
}

function pick(r: {
  time: number;
  method: string;
  route: string;
  status: number | null;
  path: string;
  body: unknown;
}) {
  return {
    time: r.time,
    method: r.method,
    route: r.route,
    status: r.status,
    path: r.path,
    body: r.body,
  };
}

/**
 * Writes to either system as "<side> <METHOD> <route> <status>", in arrival order. OAuth token
 * requests are not writes: they change nothing the scenarios look at.
 */
export function writeTimeline(dbx: DatabricksEmulator, connect: ConnectEmulator): string[] {
  return timeline(dbx, connect)
    .filter((e) => e.method !== "GET" && e.method !== "HEAD")
    .filter((e) => !(e.side === "databricks" && e.route.endsWith("token")))
    .map((e) => `${e.side} ${e.method} ${e.route} ${e.status}`);
}

/** Points a fresh stack of the root program at both emulators (secrets via stdin). */
export async function configureMissionStack(
  cli: PulumiCli,
  stack: string,
  opts: {
    connect: ConnectEmulator;
    connectApiKey: string;
    dbx: DatabricksEmulator;
    workspaceHost: string;
  },
): Promise<void> {
  await cli.runOk(["stack", "init", stack]);
  await setConfig(cli, stack, "connectUrl", opts.connect.url);
  await setConfig(cli, stack, "workspaceHost", opts.workspaceHost);
  await setSecret(cli, stack, "posit-connect:apiKey", opts.connectApiKey);
  await setConfig(cli, stack, "databricks:host", opts.dbx.url);
  await setConfig(cli, stack, "databricks:accountId", opts.dbx.accountId);
  await setConfig(cli, stack, "databricks:clientId", opts.dbx.admin.clientId);
  await setSecret(cli, stack, "databricks:clientSecret", opts.dbx.admin.clientSecret);
}

/**
 * The canary secrets a two-emulator scenario chooses, unique to this run; the secrets the
 * Databricks emulator generates are added to the same record as they appear.
 */
export function chosenSecrets(): Record<string, string> {
  const run = crypto.randomBytes(4).toString("hex");
  const canary = (what: string): string => `canary-${what}-${run}-do-not-leak`;
  return {
    databricksAdminSecret: canary("databricks-admin-sp-secret"),
    connectApiKey: canary("connect-api-key"),
    publisherKey: canary("connect-publisher-key"),
  };
}

/** afterAll of a two-emulator scenario; `E2E_KEEP=1` keeps the project and backend to look at. */
export async function tearDown(parts: {
  cli?: PulumiCli;
  connect?: ConnectEmulator;
  dbx?: DatabricksEmulator;
  restoreClock?: () => void;
}): Promise<void> {
  const { cli, connect, dbx, restoreClock } = parts;
  if (cli) {
    if (process.env.E2E_KEEP) console.log(`kept ${cli.projectDir} and ${cli.backendDir}`);
    else cli.cleanup();
  }
  await connect?.close();
  await dbx?.close();
  restoreClock?.();
}
