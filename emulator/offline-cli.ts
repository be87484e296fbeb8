#!/usr/bin/env node
/**
 * `npx posit-connect-emulators`: everything an own program needs to run offline, from the
 * installed package alone. It starts the Connect emulator and the Databricks account emulator in
 * one process, writes a `pulumi-resource-databricks` launcher for the stand-in plugin (a test
 * double shipped in dist/testing/databricks-plugin/) and prints the lines to paste.
 *
 * The credentials are fixed throwaway values by default so the README's block runs as printed;
 * both emulators listen on 127.0.0.1 only.
 */
import { Command, InvalidArgumentError } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { closeOnSignals, runCli } from "./cli-lifecycle";
import { startEmulator } from "./connect/server";
import { startDatabricksEmulator } from "./databricks/server";

/** Throwaway values of the offline try-out; anyone on this machine may read them. */
export const OFFLINE_DEFAULTS = {
  connectPort: 3939,
  databricksPort: 8787,
  connectApiKey: "try-it-offline-admin-key",
  accountId: "00000000-0000-4000-8000-000000000000",
  adminClientId: "try-it-offline-admin",
  adminClientSecret: "try-it-offline-admin-secret",
  workspaceHost: "dbc-1234abcd-5678.cloud.databricks.com",
} as const;

interface CliOptions {
  dir: string;
  connectPort: number;
  databricksPort: number;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError("expected a TCP port (0-65535)");
  }
  return n;
}

function parseArgs(argv: string[]): CliOptions {
  return new Command()
    .name("posit-connect-emulators")
    .description(
      "Both bundled emulators (local fakes of Posit Connect and of the Databricks account API) and the stand-in Databricks plugin (a test double), to try a program offline",
    )
    .option(
      "--dir <dir>",
      "where the stand-in plugin launcher and the state files go",
      ".emulators",
    )
    .option("--connect-port <port>", "Connect emulator port", port, OFFLINE_DEFAULTS.connectPort)
    .option(
      "--databricks-port <port>",
      "Databricks account emulator port",
      port,
      OFFLINE_DEFAULTS.databricksPort,
    )
    .parse(argv)
    .opts<CliOptions>();
}

/** Writes `<dir>/plugins/pulumi-resource-databricks`, which starts the stand-in with this Node. */
export function writeStandInLauncher(dir: string): string {
  const plugins = path.join(dir, "plugins");
  fs.mkdirSync(plugins, { recursive: true });
  const main = path.join(__dirname, "..", "testing", "databricks-plugin", "main.js");
  if (!fs.existsSync(main)) throw new Error(`the stand-in plugin is missing: ${main}`);
  const file = path.join(plugins, "pulumi-resource-databricks");
  const script = [
    "#!/bin/sh",
    "# TEST DOUBLE written by `posit-connect-emulators`: a stand-in for Pulumi's Databricks plugin",
    "# that talks to the Databricks account emulator. Real stacks never use it.",
    `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(main)} "$@"`,
    "",
  ].join("\n");
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv);
  const dir = path.resolve(cli.dir);
  fs.mkdirSync(dir, { recursive: true });
  const launcher = writeStandInLauncher(dir);
  const d = OFFLINE_DEFAULTS;
  const connect = await startEmulator({
    port: cli.connectPort,
    adminKeys: [d.connectApiKey],
    stateFile: path.join(dir, "connect-state.json"),
  });
  const databricks = await startDatabricksEmulator({
    port: cli.databricksPort,
    accountId: d.accountId,
    admin: { clientId: d.adminClientId, clientSecret: d.adminClientSecret },
    stateFile: path.join(dir, "databricks-state.json"),
  });
  const plugins = path.dirname(launcher);
  const shown = path.relative(process.cwd(), plugins).startsWith("..")
    ? plugins
    : `$PWD/${path.relative(process.cwd(), plugins)}`;
  const lines = [
    "OFFLINE TRY-OUT: local fakes, not Posit Connect and not Databricks.",
    `  Connect emulator:            ${connect.url} (admin key ${d.connectApiKey})`,
    `  Databricks account emulator: ${databricks.url} (account ${d.accountId})`,
    `  Stand-in Databricks plugin:  ${launcher}`,
    "    a TEST DOUBLE for trying things out; real stacks never use it and download the real plugin",
    "",
    "In your program's folder (an own program passes connectUrl to the component, e.g. from",
    'config.require("connectUrl"); the package\'s root program reads the same key):',
    `  export PATH="${shown}:$PATH"`,
    `  pulumi config set connectUrl ${connect.url}`,
    `  pulumi config set workspaceHost ${d.workspaceHost}`,
    `  pulumi config set --secret posit-connect:apiKey ${d.connectApiKey}`,
    `  pulumi config set databricks:host ${databricks.url}`,
    `  pulumi config set databricks:accountId ${d.accountId}`,
    `  pulumi config set databricks:clientId ${d.adminClientId}`,
    `  pulumi config set --secret databricks:clientSecret ${d.adminClientSecret}`,
    "",
    `Request logs (no auth): ${connect.url}/__emulator__/requests, ${databricks.url}/__emulator__/requests`,
    "Press Ctrl+C to stop.",
  ];
  console.log(lines.join("\n"));
  closeOnSignals({ close: () => Promise.all([connect.close(), databricks.close()]) });
}

if (require.main === module) runCli("posit-connect-emulators", main);
