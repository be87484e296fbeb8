#!/usr/bin/env node
/**
 * `npx posit-connect-emulators`: everything an own program needs to run offline, from the
 * installed package alone. It starts the Connect emulator and the Databricks account emulator in
 * one process, writes a `pulumi-resource-databricks` launcher for the stand-in plugin (a test
 * double shipped in dist/testing/databricks-plugin/), installs it into a plugin cache of the
 * try-out's own (`<dir>/pulumi-home`, a PULUMI_HOME for this folder only) and prints the lines to
 * paste.
 *
 * A PULUMI_HOME of its own, not the user's ~/.pulumi: the cache entry carries the version of the
 * real plugin @pulumi/databricks asks for, so in the user's own cache it would stand in for the
 * real plugin in every real stack. Not PATH either: the engine warns about a plugin it takes from
 * PATH each time it loads it, and from PATH it would also shadow the real plugin.
 *
 * The credentials are fixed throwaway values by default so the README's block runs as printed;
 * both emulators listen on 127.0.0.1 only.
 */
import { Command, InvalidArgumentError } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { databricksSdkVersions, installStandIn } from "../testing/databricks-plugin/plugin-cache";
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
      "where the stand-in plugin, its plugin cache (pulumi-home) and the state files go",
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

/**
 * Installs the launcher into `<dir>/pulumi-home`'s plugin cache under every @pulumi/databricks
 * version the program in the current folder (where the README runs this) or this package can
 * load: the engine selects a cached plugin by exact version. Returns the versions.
 */
export function installStandInCache(dir: string, launcher: string): string[] {
  const packageRoot = path.join(__dirname, "..", "..");
  const versions = databricksSdkVersions([process.cwd(), packageRoot]);
  if (versions.length === 0) {
    throw new Error(`no @pulumi/databricks found from ${process.cwd()} or ${packageRoot}`);
  }
  installStandIn(path.join(dir, "pulumi-home"), launcher, versions);
  return versions;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv);
  const dir = path.resolve(cli.dir);
  fs.mkdirSync(dir, { recursive: true });
  const launcher = writeStandInLauncher(dir);
  const versions = installStandInCache(dir, launcher);
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
  const home = path.join(dir, "pulumi-home");
  const pidFile = path.join(dir, "emulators.pid");
  const shown = path.relative(process.cwd(), home).startsWith("..")
    ? home
    : `$PWD/${path.relative(process.cwd(), home)}`;
  const lines = [
    "OFFLINE TRY-OUT: local fakes, not Posit Connect and not Databricks.",
    `  Connect emulator:            ${connect.url} (admin key ${d.connectApiKey})`,
    `  Databricks account emulator: ${databricks.url} (account ${d.accountId})`,
    `  Stand-in Databricks plugin:  ${launcher}`,
    "    a TEST DOUBLE for trying things out; real stacks never use it and download the real plugin",
    `    installed as databricks ${versions.join(", ")} in ${home}/plugins, the plugin cache of`,
    "    the PULUMI_HOME below: for this folder only, your own ~/.pulumi is untouched",
    "",
    "In your program's folder (an own program passes connectUrl to the component, e.g. from",
    'config.require("connectUrl"); the package\'s root program reads the same key):',
    `  export PULUMI_HOME="${shown}"`,
    `  pulumi config set connectUrl ${connect.url}`,
    `  pulumi config set workspaceHost ${d.workspaceHost}`,
    `  pulumi config set --secret posit-connect:apiKey ${d.connectApiKey}`,
    `  pulumi config set databricks:host ${databricks.url}`,
    `  pulumi config set databricks:accountId ${d.accountId}`,
    `  pulumi config set databricks:clientId ${d.adminClientId}`,
    `  pulumi config set --secret databricks:clientSecret ${d.adminClientSecret}`,
    "",
    `Request logs (no auth): ${connect.url}/__emulator__/requests, ${databricks.url}/__emulator__/requests`,
    `Press Ctrl+C to stop, or from another shell: kill "$(cat ${path.relative(process.cwd(), pidFile) || pidFile})"`,
  ];
  // The pid file: started in the background through npx, this process is a grandchild of the
  // shell's job, and outside an interactive shell `kill %1` reaches only npx, which does not pass
  // the signal on. Killing this pid always stops both emulators.
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  console.log(lines.join("\n"));
  closeOnSignals({
    close: async () => {
      await Promise.all([connect.close(), databricks.close()]);
      fs.rmSync(pidFile, { force: true });
    },
  });
}

if (require.main === module) runCli("posit-connect-emulators", main);
