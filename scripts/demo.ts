// `npm run demo`: the root program end to end, with nothing but this repository.
//
//   npm run demo                   start the Connect emulator and the Databricks account emulator,
//                                  `pulumi up` a `demo` stack that creates the Databricks custom
//                                  OAuth app and hands its client id and secret to Connect, show
//                                  what both sides now hold (secrets masked), stop the emulators
//   npm run demo -- --existing-app the Connect half only: the stack uses `existingAppClientId` and
//                                  `existingAppClientSecret`, as for an app an admin registered by hand
//   npm run demo -- --destroy      restart the emulators from their state files, `pulumi destroy`,
//                                  show both empty of ours, remove everything under .tools/demo
//   npm run demo -- pulumi <args>  any pulumi command in the demo's environment (its backend,
//                                  PULUMI_HOME, passphrase and project copy), with the emulators
//                                  restarted from their state files for the command's duration;
//                                  every command the demo echoes is printed in this form
//
// Everything lives in .tools/demo/ (git-ignored): the emulators' state files, a file:// backend,
// PULUMI_HOME, a throwaway passphrase, Connect API key and Databricks admin credentials
// (demo.json, mode 0600), and a copy of the root program (index.ts, Pulumi.yaml, provider/) whose
// Pulumi.demo.yaml holds the stack config. The copy sits inside the repository so the program
// finds the repository's node_modules. The Databricks provider plugin cannot be downloaded here:
// the demo installs the stand-in (testing/databricks-plugin/, whose launcher `npm run pulumi:setup`
// writes) into that PULUMI_HOME's plugin cache, and it talks to the Databricks account emulator
// exactly as the real one talks to Databricks. From the cache, unlike from PATH, the engine loads
// it without a warning, so the demo labels it itself, once.
import { spawn } from "child_process";
import { Command, InvalidArgumentError } from "commander";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../emulator/databricks";
import { demoDoctor } from "./demo-doctor";
import { demoSignIn } from "./demo-sign-in";
import { databricksSdkVersions, installStandIn } from "../testing/databricks-plugin/plugin-cache";
import {
  databricksStandInLauncher,
  ensurePulumi,
  repoRoot,
  type PulumiInstall,
} from "./pulumi-setup";

const STACK = "demo";
const PROJECT = "posit-connect-databricks";

interface Options {
  destroy: boolean;
  /** Today's Connect-only variant: an app registered by hand (existingApp). */
  existingApp: boolean;
  /** Run the policy pack (policy/) as part of `up`. */
  policyPack: boolean;
  /** false with --no-build: fail instead of building the CLI with Go (tests pass it). */
  build: boolean;
  port?: number;
  dir: string;
  /** `pulumi <args>`: run one pulumi command in the demo's environment. */
  pulumi: string[];
}

/** What --destroy needs to bring the same emulators back (demo.json). */
interface DemoState {
  version: 1;
  port: number;
  /** Throwaway administrator key of the demo emulator. */
  adminKey: string;
  createdAt: string;
  /** Absent for --existing-app demos (and demos made before the Databricks side existed). */
  databricks?: {
    port: number;
    accountId: string;
    /** Throwaway account-admin service principal of the demo's Databricks emulator. */
    admin: { clientId: string; clientSecret: string };
  };
}

interface Paths {
  dir: string;
  stateJson: string;
  passphrase: string;
  emulatorState: string;
  databricksState: string;
  backend: string;
  home: string;
  project: string;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function parseArgs(argv: string[]): Options {
  const root = repoRoot();
  const port = (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new InvalidArgumentError("expected a TCP port (1-65535)");
    return n;
  };
  const command = new Command()
    .name("demo")
    .description(
      "Run the root Pulumi program against the bundled Posit Connect and Databricks account emulators on a throwaway local backend.",
    )
    .option(
      "--destroy",
      "tear the demo down: pulumi destroy, remove the stack and its files",
      false,
    )
    .option(
      "--existing-app",
      "Connect half only: use a Databricks app registered by hand (existingApp) instead of creating one",
      false,
    )
    .option(
      "--policy-pack",
      "apply the policy pack in policy/ to the demo's up (docs/policies.md)",
      false,
    )
    .option("--no-build", "fail instead of building the Pulumi CLI when none is usable")
    .option("--port <port>", "emulator port for a new demo (default: a free one)", port)
    .option(
      "--dir <dir>",
      "working directory, inside the repository (so the program finds node_modules)",
      // DEMO_DIR lets tests run the printed commands as printed against their own folder.
      process.env.DEMO_DIR || path.join(root, ".tools", "demo"),
    )
    .argument("[pulumi...]", "pulumi <args>: run a pulumi command in the demo's environment")
    .passThroughOptions()
    .parse(argv);
  const args = command.args;
  if (args.length > 0 && args[0] !== "pulumi") {
    command.error(
      `unknown command "${args[0]}"; did you mean \`npm run demo -- pulumi ${args.join(" ")}\`?`,
    );
  }
  return { ...command.opts<Omit<Options, "pulumi">>(), pulumi: args.slice(1) };
}

function pathsFor(dir: string): Paths {
  return {
    dir,
    stateJson: path.join(dir, "demo.json"),
    passphrase: path.join(dir, "passphrase"),
    emulatorState: path.join(dir, "emulator-state.json"),
    databricksState: path.join(dir, "databricks-emulator-state.json"),
    backend: path.join(dir, "backend"),
    home: path.join(dir, "home"),
    project: path.join(dir, "project"),
  };
}

const rel = (p: string): string => path.relative(process.cwd(), p) || ".";

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function heading(title: string): void {
  say();
  say(`== ${title}`);
}

async function findCli(opts: Options): Promise<PulumiInstall> {
  heading("Pulumi CLI");
  const install = await ensurePulumi({ allowBuild: opts.build, log: (m) => say(`  ${m}`) });
  const how = {
    path: "found on PATH",
    cache: "reused the build in .tools/bin (npm run pulumi:setup made it earlier)",
    built: "built it from tools/pulumi with Go just now",
  }[install.source];
  say(`Using ${install.pulumi} (${install.version}): ${how}.`);
  return install;
}

/** Environment for every pulumi call: local backend, demo passphrase, no cloud, no downloads. */
function pulumiEnv(install: PulumiInstall, p: Paths): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^PULUMI_/.test(k)) delete env[k];
  const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, "127.0.0.1", "localhost"]
    .filter(Boolean)
    .join(",");
  return {
    ...env,
    // No stand-in on PATH: it is in PULUMI_HOME's plugin cache (installStandInPlugin).
    PATH: [...install.pathEntries, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: p.home,
    PULUMI_BACKEND_URL: `file://${p.backend}`,
    PULUMI_CONFIG_PASSPHRASE_FILE: p.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

/**
 * Copies the stand-in Databricks provider into the demo's PULUMI_HOME plugin cache under each
 * @pulumi/databricks version the program can load (testing/databricks-plugin/plugin-cache.ts);
 * returns the cached launchers. Repeated before every command so a `npm ci` that changed the
 * SDK version since the demo was set up is followed.
 */
function installStandInPlugin(p: Paths): string[] {
  const root = repoRoot();
  return installStandIn(
    p.home,
    databricksStandInLauncher(root),
    databricksSdkVersions([p.project, root]),
  );
}

/** The demo's one line about the stand-in, printed before the first command that loads it. */
function sayStandIn(p: Paths): void {
  const cached = installStandInPlugin(p).map(rel).join(", ");
  say(
    `stand-in Databricks provider (test double, tests and demo only): ${cached} ` +
      "(testing/databricks-plugin/ in this PULUMI_HOME's plugin cache; the real plugin cannot be downloaded here)",
  );
}

/** An argument as a user would type it in a POSIX shell, for the echoed commands. */
const shellQuote = (a: string): string =>
  /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;

function makeRunner(install: PulumiInstall, p: Paths) {
  const env = pulumiEnv(install, p);
  /**
   * Runs `pulumi <args>` in the project copy. `show` streams its output to the terminal (and
   * echoes the command first); otherwise output is captured. `stdin` carries secret values so
   * they never appear in an argument list.
   */
  return (args: string[], opts: { show?: boolean; stdin?: string } = {}): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      if (opts.show)
        say(
          `$ npm run demo -- pulumi ${args.map(shellQuote).join(" ")}${opts.stdin !== undefined ? "   (value on stdin)" : ""}`,
        );
      const child = spawn(install.pulumi, args, {
        cwd: p.project,
        env,
        stdio: ["pipe", opts.show ? "inherit" : "pipe", opts.show ? "inherit" : "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin?.end(opts.stdin ?? "");
    });
}

type Runner = ReturnType<typeof makeRunner>;

async function must(run: Runner, args: string[], opts: { show?: boolean; stdin?: string } = {}) {
  const r = await run(args, opts);
  if (r.code !== 0) {
    const detail = opts.show ? "" : `\n${r.stdout}${r.stderr}`.trimEnd();
    throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.code})${detail}`);
  }
  return r;
}

/** Copies the root program into the demo project (sources refreshed on every run). */
function copyProgram(root: string, p: Paths): void {
  fs.mkdirSync(p.project, { recursive: true });
  for (const f of ["index.ts", "Pulumi.yaml"]) {
    fs.copyFileSync(path.join(root, f), path.join(p.project, f));
  }
  fs.rmSync(path.join(p.project, "provider"), { recursive: true, force: true });
  fs.cpSync(path.join(root, "provider"), path.join(p.project, "provider"), { recursive: true });
}

async function startDemoEmulator(state: DemoState, p: Paths): Promise<ConnectEmulator> {
  try {
    return await startEmulator({
      port: state.port,
      adminKeys: [state.adminKey],
      stateFile: p.emulatorState,
      seedDefaultIntegration: true,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `port ${state.port} is in use. The demo's stack points at http://127.0.0.1:${state.port}, so its emulator must come back on that port: stop whatever listens there, then run this again.`,
      );
    }
    throw e;
  }
}

/** A short table of what the emulator holds; secrets only as "set" (they are write-only). */
function showIntegrations(emulator: ConnectEmulator): void {
  const rows = emulator.integrations().map((i) => {
    const config = Object.entries(i.config).map(([k, v]) => `${k}=${String(v)}`);
    for (const k of Object.keys(emulator.secretsOf(i.guid) ?? {})) config.push(`${k}=(set)`);
    return [i.guid, i.name ?? "", i.template, config.join(" ")];
  });
  const header = ["guid", "name", "template", "config"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join("  ");
  say(line(header));
  say(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) say(line(r));
  if (rows.length === 0) say("(none)");
}

function readState(p: Paths): DemoState | undefined {
  if (!fs.existsSync(p.stateJson)) return undefined;
  return JSON.parse(fs.readFileSync(p.stateJson, "utf8")) as DemoState;
}

function writeState(p: Paths, state: DemoState): void {
  fs.writeFileSync(p.stateJson, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
}

async function stackExists(p: Paths): Promise<boolean> {
  return fs.existsSync(path.join(p.backend, ".pulumi", "stacks", PROJECT, `${STACK}.json`));
}

async function startDemoDatabricks(
  db: NonNullable<DemoState["databricks"]>,
  p: Paths,
): Promise<DatabricksEmulator> {
  try {
    return await startDatabricksEmulator({
      port: db.port,
      accountId: db.accountId,
      admin: db.admin,
      stateFile: p.databricksState,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `port ${db.port} is in use. The demo's stack points at http://127.0.0.1:${db.port} for Databricks, so its emulator must come back on that port: stop whatever listens there, then run this again.`,
      );
    }
    throw e;
  }
}

/** The custom OAuth apps the Databricks emulator holds (it never reveals a secret). */
function showDatabricksApps(emulator: DatabricksEmulator): void {
  const apps = emulator.snapshot().customAppIntegrations;
  if (apps.length === 0) say("(no custom OAuth app integrations)");
  for (const a of apps) {
    say(`integration_id  ${a.integration_id}`);
    say(`  name          ${a.name ?? ""}`);
    say(`  client_id     ${a.client_id}`);
    say(
      `  confidential  ${String(a.confidential ?? false)} (its client secret is write-once: shown at create, never again)`,
    );
    say(`  redirect_urls ${(a.redirect_urls ?? []).join(", ")}`);
    say(`  scopes        ${(a.scopes ?? []).join(" ")}`);
  }
}

async function demoUp(opts: Options, p: Paths): Promise<void> {
  const root = repoRoot();
  const install = await findCli(opts);

  let state = readState(p);
  const fresh = state === undefined;
  if (fresh) {
    fs.mkdirSync(p.dir, { recursive: true });
    fs.mkdirSync(p.backend, { recursive: true });
    fs.mkdirSync(p.home, { recursive: true });
    fs.writeFileSync(p.passphrase, crypto.randomBytes(24).toString("hex"), { mode: 0o600 });
    state = {
      version: 1,
      port: opts.port ?? 0,
      adminKey: `demo-admin-${crypto.randomBytes(16).toString("hex")}`,
      createdAt: new Date().toISOString(),
      databricks: opts.existingApp
        ? undefined
        : {
            port: 0,
            accountId: crypto.randomUUID(),
            admin: {
              clientId: crypto.randomUUID(),
              clientSecret: `demo-sp-secret-${crypto.randomBytes(16).toString("hex")}`,
            },
          },
    };
  } else {
    say();
    say(`An earlier demo is still set up in ${rel(p.dir)}; running \`pulumi up\` on it again.`);
    if (opts.port !== undefined && opts.port !== state!.port) {
      say(`(ignoring --port ${opts.port}: that demo's stack uses port ${state!.port})`);
    }
    if (opts.existingApp !== (state!.databricks === undefined)) {
      throw new Error(
        `the demo in ${rel(p.dir)} was set up ${state!.databricks ? "to create the Databricks app" : "with --existing-app"}; run \`npm run demo -- --destroy\` first to switch.`,
      );
    }
  }

  heading("Emulators");
  const emulator = await startDemoEmulator(state!, p);
  let dbx: DatabricksEmulator | undefined;
  try {
    state!.port = Number(new URL(emulator.url).port);
    say(`Posit Connect emulator (a local fake, not Posit Connect) at ${emulator.url}`);
    say(`  state file: ${rel(p.emulatorState)}`);
    if (state!.databricks) {
      dbx = await startDemoDatabricks(state!.databricks, p);
      state!.databricks.port = Number(new URL(dbx.url).port);
      say(`Databricks account emulator (a local fake, not Databricks) at ${dbx.url}`);
      say(`  account ${dbx.accountId}, state file: ${rel(p.databricksState)}`);
    }
    writeState(p, state!);

    copyProgram(root, p);
    installStandInPlugin(p);
    const run = makeRunner(install, p);
    heading(`Stack "${STACK}" on a local backend (${rel(p.backend)})`);
    if (!(await stackExists(p))) {
      await must(run, ["stack", "init", STACK], { show: true });
      const set = (key: string, value: string) =>
        must(run, ["config", "set", "--stack", STACK, key, value], { show: true });
      const setSecret = (key: string, value: string) =>
        must(run, ["config", "set", "--secret", "--stack", STACK, key], {
          show: true,
          stdin: value,
        });
      await set("connectUrl", emulator.url);
      await set("workspaceHost", "dbc-demo-1234.cloud.databricks.com");
      await set("description", "Created by npm run demo");
      await setSecret("posit-connect:apiKey", state!.adminKey);
      if (state!.databricks && dbx) {
        // The account-level provider: OAuth M2M as the account's admin service principal.
        await set("databricks:host", dbx.url);
        await set("databricks:accountId", dbx.accountId);
        await set("databricks:clientId", state!.databricks.admin.clientId);
        await setSecret("databricks:clientSecret", state!.databricks.admin.clientSecret);
      } else {
        await set("existingAppClientId", "demo-databricks-client-id");
        await setSecret(
          "existingAppClientSecret",
          `demo-secret-${crypto.randomBytes(12).toString("hex")}`,
        );
      }
    } else {
      await must(run, ["stack", "select", STACK], { show: true });
    }

    heading("pulumi up");
    if (dbx) sayStandIn(p);
    const policy = opts.policyPack ? ["--policy-pack", path.join(root, "policy")] : [];
    await must(run, ["up", "--yes", "--stack", STACK, ...policy], { show: true });

    heading("Stack outputs (secrets stay masked)");
    await must(run, ["stack", "output", "--stack", STACK], { show: true });

    if (dbx) {
      heading("What the Databricks account emulator holds now");
      showDatabricksApps(dbx);
    }
    heading("What the Connect emulator holds now");
    showIntegrations(emulator);
    if (dbx) await demoSignIn(emulator, dbx, say, heading);
    await demoDoctor({
      connect: emulator,
      connectApiKey: state!.adminKey,
      dbx,
      dbxAdmin: state!.databricks?.admin,
    });
  } finally {
    await dbx?.close();
    await emulator.close();
  }

  heading("Done");
  say("The emulators are stopped; what they hold is kept in their state files.");
  say("Tear everything down (restarts the emulators, runs pulumi destroy, removes the stack):");
  say("  npm run demo -- --destroy");
}

async function demoDestroy(opts: Options, p: Paths): Promise<void> {
  const state = readState(p);
  if (!state) {
    say(`Nothing to tear down: ${rel(p.stateJson)} does not exist.`);
    if (fs.existsSync(p.dir)) {
      fs.rmSync(p.dir, { recursive: true, force: true });
      say(`Removed the leftovers in ${rel(p.dir)}.`);
    }
    return;
  }
  const install = await findCli(opts);

  heading("Emulators (restarted from their state files)");
  const emulator = await startDemoEmulator(state, p);
  let dbx: DatabricksEmulator | undefined;
  try {
    say(`Connect: ${emulator.url}, state file ${rel(p.emulatorState)}`);
    if (state.databricks) {
      dbx = await startDemoDatabricks(state.databricks, p);
      say(`Databricks: ${dbx.url}, state file ${rel(p.databricksState)}`);
    }
    installStandInPlugin(p);
    const run = makeRunner(install, p);
    if (await stackExists(p)) {
      heading("pulumi destroy");
      if (dbx) sayStandIn(p);
      await must(run, ["destroy", "--yes", "--stack", STACK], { show: true });
      await must(run, ["stack", "rm", "--yes", STACK], { show: true });
    } else {
      say(`No stack "${STACK}" in ${rel(p.backend)}; nothing to destroy.`);
    }
    if (dbx) {
      heading("What the Databricks account emulator holds now");
      showDatabricksApps(dbx);
    }
    heading("What the Connect emulator holds now (its built-in integration is not ours)");
    showIntegrations(emulator);
  } finally {
    await dbx?.close();
    await emulator.close();
  }
  fs.rmSync(p.dir, { recursive: true, force: true });
  heading("Done");
  say(`Removed ${rel(p.dir)} (stack, backend, emulator state, passphrase).`);
}

/** `npm run demo -- pulumi <args>`: one pulumi command against the demo, as a user would type it. */
async function demoPulumi(opts: Options, p: Paths): Promise<number> {
  const state = readState(p);
  if (!state) throw new Error(`no demo in ${rel(p.dir)}: run \`npm run demo\` first.`);
  const install = await ensurePulumi({ allowBuild: opts.build, log: () => undefined });
  // Emulators back for the command's duration, so up/preview/refresh reach them as in the demo.
  const emulator = await startDemoEmulator(state, p);
  const dbx = state.databricks ? await startDemoDatabricks(state.databricks, p) : undefined;
  try {
    installStandInPlugin(p);
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(install.pulumi, opts.pulumi, {
        cwd: p.project,
        env: pulumiEnv(install, p),
        stdio: "inherit",
      });
      child.on("error", reject);
      child.on("close", (code) => resolve(code ?? 1));
    });
  } finally {
    await dbx?.close();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv);
  const root = repoRoot();
  const dir = path.resolve(opts.dir);
  if (path.relative(root, dir).startsWith("..") || path.relative(root, dir) === "") {
    throw new Error(`--dir must be a folder inside ${root}, so the program finds node_modules`);
  }
  const p = pathsFor(dir);
  if (opts.pulumi.length > 0) process.exitCode = await demoPulumi(opts, p);
  else if (opts.destroy) await demoDestroy(opts, p);
  else await demoUp(opts, p);
}

main().catch((e: unknown) => {
  console.error(`\ndemo: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
