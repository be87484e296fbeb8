#!/usr/bin/env node
/**
 * `npm run emulator:databricks`: runs the Databricks account API emulator in the foreground so the
 * package (or the stand-in `databricks` plugin) can be tried locally without a Databricks account.
 */
import { Command, InvalidArgumentError } from "commander";
import { randomBytes, randomUUID } from "node:crypto";
import { behaviourFromFlags } from "./behaviour";
import { DEFAULT_ACCOUNT_ID, startDatabricksEmulator } from "./server";
import type { DatabricksEmulatorOptions, WorkspaceOption } from "./types";
import { closeOnSignals, runCli } from "../cli-lifecycle";
import { CONTROL_TOKEN_HEADER, isLoopbackHost } from "../control-surface";

interface CliOptions {
  port: number;
  host: string;
  accountId: string;
  adminClientId?: string;
  workspace: WorkspaceOption[];
  tokenTtl?: number;
  stateFile?: string;
  faultSeed?: number;
  uniqueAppNames: boolean;
  behaviour: string[];
  controlToken?: string;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError("expected a non-negative integer");
  }
  return n;
}

function workspace(value: string, previous: WorkspaceOption[]): WorkspaceOption[] {
  const match = /^(\d+)(?::(.+))?$/.exec(value);
  const id = match ? Number(match[1]) : NaN;
  if (!match || !Number.isSafeInteger(id) || id <= 0) {
    throw new InvalidArgumentError("expected <id> or <id>:<name>, e.g. 1234567890123456:dbc-prod");
  }
  return [...previous, { id, ...(match[2] ? { name: match[2] } : {}) }];
}

function parseArgs(argv: string[]): CliOptions {
  return new Command()
    .name("databricks-emulator")
    .description("Databricks account API emulator (a local fake, not Databricks)")
    .option("--port <port>", "TCP port of the account host", integer, 8787)
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--account-id <id>", "account id in /accounts/{account_id}/ paths", DEFAULT_ACCOUNT_ID)
    .option(
      "--admin-client-id <id>",
      "account admin's OAuth client id (default $DATABRICKS_CLIENT_ID or a random UUID); its secret comes from $DATABRICKS_CLIENT_SECRET or is generated",
    )
    .option(
      "--workspace <id[:name]>",
      "a workspace of the account, served on its own port (repeatable; default one workspace)",
      workspace,
      [],
    )
    .option("--token-ttl <seconds>", "lifetime of issued bearer tokens", integer)
    .option("--state-file <file>", "load state from and save it to this JSON file (secrets hashed)")
    .option("--fault-seed <n>", "seed of the fault-injection PRNG", integer)
    .option("--unique-app-names", "refuse a second custom app with the same name (409)", false)
    .option(
      "--behaviour <switch=answer>",
      "answer to an unknown (repeatable), e.g. appNames=unique; see docs/emulators.md",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      "--control-token <token>",
      "token the /__emulator__ control endpoints require (header x-emulator-control-token); generated when --host is not a loopback address",
    )
    .parse(argv)
    .opts<CliOptions>();
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv);
  const clientId = cli.adminClientId || process.env.DATABRICKS_CLIENT_ID || randomUUID();
  const fromEnv = Boolean(process.env.DATABRICKS_CLIENT_SECRET);
  // A `dose`-style secret, like the ones Databricks issues to service principals.
  const clientSecret =
    process.env.DATABRICKS_CLIENT_SECRET || `dose${randomBytes(16).toString("hex")}`;
  // Reachable from other machines: the control surface needs a token (control-surface.ts).
  const loopback = isLoopbackHost(cli.host);
  const controlToken = cli.controlToken ?? (loopback ? undefined : randomBytes(16).toString("hex"));
  const options: DatabricksEmulatorOptions = {
    host: cli.host,
    port: cli.port,
    accountId: cli.accountId,
    admin: { clientId, clientSecret },
    tokenTtlSeconds: cli.tokenTtl,
    stateFile: cli.stateFile,
    faultSeed: cli.faultSeed,
    uniqueAppNames: cli.uniqueAppNames,
    behaviour: behaviourFromFlags(cli.behaviour),
    controlToken,
    ...(cli.workspace.length > 0 ? { workspaces: cli.workspace } : {}),
  };
  const emulator = await startDatabricksEmulator(options);
  // The generated secret must be shown once or nobody could use it; one from the environment
  // is already known to the user and is not echoed.
  const shownSecret = fromEnv ? "(from DATABRICKS_CLIENT_SECRET)" : clientSecret;
  const lines = [
    "Databricks account API EMULATOR — a local fake for testing, not Databricks.",
    `  URL:           ${emulator.url}`,
    `  Account id:    ${emulator.accountId}`,
    `  Admin client:  ${clientId}`,
    `  Admin secret:  ${shownSecret}${fromEnv ? "" : "  (generated; set DATABRICKS_CLIENT_SECRET to choose one)"}`,
    ...emulator.workspaces.map((w) => `  Workspace:     ${w.id} ${w.name} ${w.url}`),
    cli.stateFile
      ? `  State file:    ${cli.stateFile} (secrets stored only as hashes)`
      : "  State:         in memory (lost on exit; use --state-file to keep it)",
    "",
    "Try it:",
    `  pulumi config set databricks:host ${emulator.url}`,
    `  pulumi config set databricks:accountId ${emulator.accountId}`,
    `  pulumi config set databricks:clientId ${clientId}`,
    "  pulumi config set --secret databricks:clientSecret <admin secret>",
    `  (or: export DATABRICKS_HOST=${emulator.url} DATABRICKS_ACCOUNT_ID=${emulator.accountId} DATABRICKS_CLIENT_ID=${clientId} DATABRICKS_CLIENT_SECRET=<admin secret>)`,
    `  curl -u "${clientId}:<admin secret>" -d grant_type=client_credentials -d scope=all-apis ${emulator.url}/oidc/accounts/${emulator.accountId}/v1/token`,
    "  The Pulumi plugin for these keys must reach this emulator: `npx posit-connect-emulators` also",
    "  writes the stand-in pulumi-resource-databricks (a test double) and prints how to use it.",
    "",
    controlToken === undefined
      ? `Control endpoints (open: bound to loopback only; --control-token requires a token): ${emulator.url}/__emulator__/state, /requests, /faults, /reset`
      : `Control endpoints (token required; header ${CONTROL_TOKEN_HEADER}: ${cli.controlToken ? "the --control-token value (not printed)" : controlToken}): ${emulator.url}/__emulator__/state, /requests, /faults, /reset`,
    "Press Ctrl+C to stop.",
  ];
  console.log(lines.join("\n"));

  closeOnSignals(emulator);
}

runCli("databricks-emulator", main);
