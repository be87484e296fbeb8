// Runs the real Pulumi CLI against a throw-away local backend, for end-to-end tests.
//
// Isolation and offline guarantees:
// - the project is copied to `.tools/e2e/<name>-<random>/` inside the repository, so
//   `pulumi config set` writes Pulumi.<stack>.yaml there and not into tests/, while Node module
//   resolution still walks up to the repository's node_modules (no install needed);
// - a temporary `file://` backend and PULUMI_HOME (no credentials); its plugin cache holds only
//   the stand-in Databricks provider (testing/databricks-plugin/), installed before every command
//   under each @pulumi/databricks version the project or the repository can load, so the engine
//   selects it from the cache without the warning a plugin on PATH draws;
// - update checks and plugin downloads disabled, and HTTP(S)_PROXY pointed at a closed local port
//   so that any outbound HTTP attempt fails fast instead of reaching the network
//   (NO_PROXY keeps the CLI's own loopback gRPC traffic direct);
// - every byte the CLI prints is kept in `transcript` so tests can assert that a secret
//   never appears in any output.
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  databricksStandInLauncher,
  ensurePulumi,
  repoRoot,
  type PulumiInstall,
} from "../../scripts/pulumi-setup";
import {
  databricksSdkVersions,
  installStandIn,
} from "../../testing/databricks-plugin/plugin-cache";

export interface RunOptions {
  /** Written to the CLI's stdin, then closed (e.g. a secret for `config set --secret`). */
  stdin?: string;
  /** Extra environment variables for this call only. */
  env?: Record<string, string>;
  /** Kill the CLI after this many ms (default 5 minutes). */
  timeoutMs?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the call in milliseconds. */
  ms: number;
}

export interface PulumiCli {
  install: PulumiInstall;
  /** The copy of the project the CLI runs in. */
  projectDir: string;
  backendDir: string;
  pulumiHome: string;
  /** Environment every call starts from. */
  env: NodeJS.ProcessEnv;
  /** All commands run so far with their complete stdout and stderr. */
  transcript: string[];
  run(args: string[], opts?: RunOptions): Promise<RunResult>;
  /** Like run(), but throws with the CLI output when the exit code is not 0. */
  runOk(args: string[], opts?: RunOptions): Promise<RunResult>;
  /** Removes the project copy, backend and PULUMI_HOME. */
  cleanup(): void;
}

export interface CliOptions {
  /** Secrets-provider passphrase (default: a random one). */
  passphrase?: string;
  /**
   * Directory to copy the project into (default: `.tools/e2e` in the repository). Give one
   * outside the repository for a program that must find its packages only in its own
   * node_modules, as a user's program does.
   */
  workDir?: string;
}

/** Message used when no CLI is available; tests fail with it rather than skipping. */
export const SETUP_HINT =
  "The Pulumi CLI is not set up. `npm test` prepares it (jest's global setup); for a single " +
  "file run `npm run build && npm run pulumi:setup` first (builds .tools/bin/pulumi with Go " +
  "from tools/pulumi; about 6 minutes the first time).";

export async function createPulumiCli(
  projectSource: string,
  options: CliOptions = {},
): Promise<PulumiCli> {
  let install: PulumiInstall;
  try {
    // Never build from inside a test run: that takes minutes and needs the Go proxy.
    install = await ensurePulumi({ allowBuild: false, log: () => undefined });
  } catch (e) {
    throw new Error(`${SETUP_HINT}\nCause: ${(e as Error).message}`);
  }

  const root = repoRoot();
  const suffix = crypto.randomBytes(4).toString("hex");
  const projectDir = path.join(
    options.workDir ?? path.join(root, ".tools", "e2e"),
    `${path.basename(projectSource)}-${suffix}`,
  );
  fs.mkdirSync(path.dirname(projectDir), { recursive: true });
  fs.cpSync(projectSource, projectDir, {
    recursive: true,
    // Never carry over stack config files from a manual run in the fixture directory.
    filter: (src) => !/^Pulumi\..+\.yaml$/.test(path.basename(src)) || src.endsWith("Pulumi.yaml"),
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-e2e-"));
  const backendDir = path.join(tmp, "backend");
  const pulumiHome = path.join(tmp, "home");
  fs.mkdirSync(backendDir);
  fs.mkdirSync(pulumiHome);

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Anything that could point the CLI at Pulumi Cloud or another backend goes.
  for (const k of Object.keys(env)) {
    if (/^PULUMI_/.test(k)) delete env[k];
  }
  Object.assign(env, {
    PATH: [...install.pathEntries, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: pulumiHome,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? crypto.randomBytes(16).toString("hex"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    HTTP_PROXY: "http://127.0.0.1:9",
    HTTPS_PROXY: "http://127.0.0.1:9",
    http_proxy: "http://127.0.0.1:9",
    https_proxy: "http://127.0.0.1:9",
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    NO_COLOR: "1",
  });

  const transcript: string[] = [];

  const launcher = databricksStandInLauncher(root);
  /**
   * Before every command, not once: tests that copy a project outside the repository
   * `npm install` its packages (and so maybe another @pulumi/databricks) after this returns.
   * The repository is a base too: tests/plugin's component registers its Databricks resources
   * through the repository's @pulumi/databricks whatever language the program is in.
   */
  const installStandInPlugin = (): void => {
    installStandIn(pulumiHome, launcher, databricksSdkVersions([projectDir, root]));
  };

  const run = (args: string[], opts: RunOptions = {}): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      const start = Date.now();
      installStandInPlugin();
      const child = spawn(install.pulumi, ["--color=never", ...args], {
        cwd: projectDir,
        env: { ...env, ...opts.env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
      child.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        transcript.push(`$ pulumi ${args.join(" ")}\n${stdout}\n${stderr}`);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - start });
      });
      child.stdin.end(opts.stdin ?? "");
    });

  const runOk = async (args: string[], opts?: RunOptions): Promise<RunResult> => {
    const r = await run(args, opts);
    if (r.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited with ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
      );
    }
    return r;
  };

  const cleanup = (): void => {
    fs.rmSync(projectDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  return { install, projectDir, backendDir, pulumiHome, env, transcript, run, runOk, cleanup };
}
