// `npm run demo`: the root program end to end, with nothing but this repository.
//
//   npm run demo                 start the Connect emulator, `pulumi up` a `demo` stack against it,
//                                show the outputs and what Connect now holds, stop the emulator
//   npm run demo -- --destroy    restart the emulator from its state file, `pulumi destroy`,
//                                remove the stack and everything under .tools/demo
//
// Everything lives in .tools/demo/ (git-ignored): the emulator's state file, a file:// backend,
// PULUMI_HOME, a throwaway passphrase and API key (demo.json, mode 0600), and a copy of the root
// program (index.ts, Pulumi.yaml, provider/) whose Pulumi.demo.yaml holds the stack config.
// The copy sits inside the repository so the program finds the repository's node_modules.
// The Databricks side is skipped (no credentials here): the stack uses `existingAppClientId`
// and `existingAppClientSecret`, exactly as for an app an admin registered by hand.
import { spawn } from "child_process";
import { Command, InvalidArgumentError } from "commander";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../emulator";
import { ensurePulumi, repoRoot, type PulumiInstall } from "./pulumi-setup";

const STACK = "demo";
const PROJECT = "posit-connect-databricks";

interface Options {
  destroy: boolean;
  /** false with --no-build: fail instead of building the CLI with Go (tests pass it). */
  build: boolean;
  port?: number;
  dir: string;
}

/** What --destroy needs to bring the same emulator back (demo.json). */
interface DemoState {
  version: 1;
  port: number;
  /** Throwaway administrator key of the demo emulator. */
  adminKey: string;
  createdAt: string;
}

interface Paths {
  dir: string;
  stateJson: string;
  passphrase: string;
  emulatorState: string;
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
  return new Command()
    .name("demo")
    .description(
      "Run the root Pulumi program against the bundled Posit Connect emulator on a throwaway local backend.",
    )
    .option(
      "--destroy",
      "tear the demo down: pulumi destroy, remove the stack and its files",
      false,
    )
    .option("--no-build", "fail instead of building the Pulumi CLI when none is usable")
    .option("--port <port>", "emulator port for a new demo (default: a free one)", port)
    .option(
      "--dir <dir>",
      "working directory, inside the repository (so the program finds node_modules)",
      path.join(root, ".tools", "demo"),
    )
    .parse(argv)
    .opts<Options>();
}

function pathsFor(dir: string): Paths {
  return {
    dir,
    stateJson: path.join(dir, "demo.json"),
    passphrase: path.join(dir, "passphrase"),
    emulatorState: path.join(dir, "emulator-state.json"),
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
          `$ pulumi ${args.map(shellQuote).join(" ")}${opts.stdin !== undefined ? "   (value on stdin)" : ""}`,
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
    };
  } else {
    say();
    say(`An earlier demo is still set up in ${rel(p.dir)}; running \`pulumi up\` on it again.`);
    if (opts.port !== undefined && opts.port !== state!.port) {
      say(`(ignoring --port ${opts.port}: that demo's stack uses port ${state!.port})`);
    }
  }

  heading("Connect emulator");
  const emulator = await startDemoEmulator(state!, p);
  state!.port = Number(new URL(emulator.url).port);
  writeState(p, state!);
  say(`Posit Connect emulator (a local fake, not Posit Connect) at ${emulator.url}`);
  say(`state file: ${rel(p.emulatorState)}`);

  try {
    copyProgram(root, p);
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
      await set("existingAppClientId", "demo-databricks-client-id");
      await setSecret(
        "existingAppClientSecret",
        `demo-secret-${crypto.randomBytes(12).toString("hex")}`,
      );
      await setSecret("posit-connect:apiKey", state!.adminKey);
    } else {
      await must(run, ["stack", "select", STACK], { show: true });
    }

    heading("pulumi up");
    await must(run, ["up", "--yes", "--stack", STACK], { show: true });

    heading("Stack outputs (secrets stay masked)");
    await must(run, ["stack", "output", "--stack", STACK], { show: true });

    heading("What the Connect emulator holds now");
    showIntegrations(emulator);
  } finally {
    await emulator.close();
  }

  heading("Done");
  say("The emulator is stopped; its integrations are kept in its state file.");
  say("Tear everything down (restarts the emulator, runs pulumi destroy, removes the stack):");
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

  heading("Connect emulator (restarted from its state file)");
  const emulator = await startDemoEmulator(state, p);
  say(`${emulator.url}, state file ${rel(p.emulatorState)}`);
  try {
    const run = makeRunner(install, p);
    if (await stackExists(p)) {
      heading("pulumi destroy");
      await must(run, ["destroy", "--yes", "--stack", STACK], { show: true });
      await must(run, ["stack", "rm", "--yes", STACK], { show: true });
    } else {
      say(`No stack "${STACK}" in ${rel(p.backend)}; nothing to destroy.`);
    }
    heading("What the Connect emulator holds now");
    showIntegrations(emulator);
  } finally {
    await emulator.close();
  }
  fs.rmSync(p.dir, { recursive: true, force: true });
  heading("Done");
  say(`Removed ${rel(p.dir)} (stack, backend, emulator state, passphrase).`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv);
  const root = repoRoot();
  const dir = path.resolve(opts.dir);
  if (path.relative(root, dir).startsWith("..") || path.relative(root, dir) === "") {
    throw new Error(`--dir must be a folder inside ${root}, so the program finds node_modules`);
  }
  const p = pathsFor(dir);
  if (opts.destroy) await demoDestroy(opts, p);
  else await demoUp(opts, p);
}

main().catch((e: unknown) => {
  console.error(`\ndemo: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
