// The package as a user gets it before it is published: `git clone` of this repository into a
// scratch directory, `npm ci` there WITHOUT running scripts (so nothing is built yet), `npm pack`
// (whose `prepare` must build), then a separate program outside the repository that installs
// only the tarball and @pulumi/pulumi and runs `pulumi up` / `pulumi destroy` with the real CLI
// against the emulator the package ships, started as `npx connect-emulator`.
//
// The clone is of the committed HEAD: commit before running this file. npm uses its cache first
// (--prefer-offline) and the npm registry only for what is missing.
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { version as sdkVersion } from "@pulumi/pulumi/package.json";
import { version as tsVersion } from "typescript/package.json";
import { createPulumiCli, type PulumiCli } from "../support/pulumi-cli";
import { exportStack, INTEGRATION_TYPE, isEncryptedSecret, onlyResource, REPO } from "./helpers";

jest.setTimeout(15 * 60 * 1000);

const RUN = crypto.randomBytes(4).toString("hex");
const API_KEY = `canary-packaged-api-key-${RUN}`;
const CLIENT_SECRET = `canary-packaged-client-secret-${RUN}`;

/**
 * This process's environment without the npm_* variables an npm/npx parent (`npx jest`) sets:
 * inherited, they make a nested npx parse the command's own options as npm's.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: cleanEnv({ npm_config_loglevel: "error" }),
  });
}

/** `npm` as above, at npm's default log level: what it warns about, on stderr. */
function npmWarnings(args: string[], cwd: string): string {
  const r = spawnSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd,
    encoding: "utf8",
    env: cleanEnv({ npm_config_loglevel: "warn" }),
  });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stderr;
}

/** Starts `npx connect-emulator` in `cwd` and resolves with its URL once it printed it. */
function startPackagedEmulator(cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    "npx",
    ["connect-emulator", "--port", "0", "--admin-key", API_KEY, "--no-default-integration"],
    // npm_config_yes=false: run the installed bin or fail, never download one. Its own process
    // group, so the emulator npx starts is stopped with it.
    {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: cleanEnv({ npm_config_yes: "false" }),
    },
  );
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /URL:\s+(\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.once("exit", (code) =>
      reject(new Error(`npx connect-emulator exited with ${code}\n${out}\n${err}`)),
    );
  });
}

describe("packaging: a fresh clone packs built code that a separate program can use", () => {
  let scratch: string;
  let tarball: string;
  let cli: PulumiCli | undefined;
  let emulator: ChildProcess | undefined;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "posit-connect-packaging-"));
  });

  afterAll(() => {
    if (emulator?.pid !== undefined && emulator.exitCode === null) {
      process.kill(-emulator.pid, "SIGTERM");
    }
    cli?.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("npm pack in a fresh clone builds and ships dist/ and the emulator", () => {
    const clone = path.join(scratch, "clone");
    execFileSync("git", ["clone", "--quiet", REPO, clone]);
    expect(fs.existsSync(path.join(clone, "dist"))).toBe(false);
    npm(["ci", "--ignore-scripts"], clone);
    expect(fs.existsSync(path.join(clone, "dist"))).toBe(false);

    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", scratch], clone)) as [
      { filename: string; files: Array<{ path: string }> },
    ];
    const files = packed[0].files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "dist/provider/index.js",
        "dist/provider/index.d.ts",
        "dist/provider/connect/oauth-integration/provider.js",
        "dist/emulator/connect/cli.js",
        "dist/cli/main.js",
      ]),
    );
    // Only the library, the emulators, the command line, the Pulumi plugin (docs/languages.md)
    // and the policy pack (docs/policies.md): no tests, scripts or benchmarks. The stand-in
    // Databricks plugin ships only for the offline try-out (posit-connect-emulators).
    const shipped =
      /^(dist\/(provider|emulator|cli|plugin|policy|testing\/databricks-plugin)\/|plugin\/(PulumiPlugin\.yaml|package\.json)$|policy\/(PulumiPolicy\.yaml|package\.json)$|README\.md$|CHANGELOG\.md$|package\.json$)/;
    expect(files.filter((f) => !shipped.test(f))).toEqual([]);
    tarball = path.join(scratch, packed[0].filename);

    const manifest = JSON.parse(
      execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
    ) as {
      bin?: Record<string, string>;
      dependencies?: Record<string, string>;
      scripts?: Record<string, string>;
    };
    // No install-time script, so npm 11 has none to list under allowScripts (prepack strips
    // `prepare`), and the clone's own package.json is put back byte for byte.
    for (const s of ["preinstall", "install", "postinstall", "prepare"]) {
      expect(manifest.scripts ?? {}).not.toHaveProperty(s);
    }
    expect(execFileSync("git", ["status", "--porcelain"], { cwd: clone, encoding: "utf8" })).toBe(
      "",
    );
    expect(manifest.bin).toEqual({
      "connect-emulator": "dist/emulator/connect/cli.js",
      "databricks-emulator": "dist/emulator/databricks/cli.js",
      "posit-connect-emulators": "dist/emulator/offline-cli.js",
      "pulumi-posit-connect": "dist/cli/main.js",
    });
    // The emulator's command line parser must install with the package.
    expect(Object.keys(manifest.dependencies ?? {})).toContain("commander");
  });

  it("a program installed from the tarball runs pulumi up and destroy against npx connect-emulator", async () => {
    expect(tarball).toBeDefined();
    // Outside the repository, so nothing resolves from the repository's node_modules.
    const programs = path.join(scratch, "programs");
    fs.mkdirSync(programs);
    cli = await createPulumiCli(path.join(__dirname, "fixtures", "packaged"), {
      workDir: programs,
    });
    const dir = cli.projectDir;
    expect(path.relative(REPO, dir).startsWith("..")).toBe(true);
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "packaged-user-program", private: true }) + "\n",
    );
    const warnings = npmWarnings(
      [
        "install",
        tarball,
        `@pulumi/pulumi@${sdkVersion}`,
        `typescript@${tsVersion}`,
        "@types/node@20",
      ],
      dir,
    );
    expect(warnings).not.toMatch(/pulumi-posit-connect.*(prepare|install)/);
    const installed = path.join(dir, "node_modules", "pulumi-posit-connect");
    expect(fs.realpathSync(installed).startsWith(fs.realpathSync(dir))).toBe(true);
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);

    const started = await startPackagedEmulator(dir);
    emulator = started.child;
    const url = started.url;

    await cli.runOk(["stack", "init", "dev"]);
    await cli.runOk(["config", "set", "posit-connect:url", url]);
    await cli.runOk(["config", "set", "--secret", "posit-connect:apiKey"], { stdin: API_KEY });
    await cli.runOk(["config", "set", "--secret", "clientSecret"], { stdin: CLIENT_SECRET });

    const up = await cli.runOk(["up", "--yes"]);
    expect(up.stdout).toMatch(/\+ 2 created/);

    // The emulator's control endpoint shows what the package's provider sent.
    const integrations = (await (await fetch(`${url}/__emulator__/state`)).json()) as Array<{
      guid: string;
      name: string;
    }>;
    expect(integrations.map((i) => i.name)).toEqual(["Installed from the tarball"]);
    const { state: exported, text } = await exportStack(cli, "dev");
    const resource = onlyResource(exported, INTEGRATION_TYPE);
    expect(resource.id).toBe(integrations[0].guid);
    expect(isEncryptedSecret(resource.outputs?.clientSecret)).toBe(true);
    // The serialized provider requires the installed package by name instead of inlining it.
    expect(String(resource.inputs?.__provider)).toContain("pulumi-posit-connect/dist/provider");
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain(API_KEY);

    // The package's own command line, as the README runs it: `npx pulumi-posit-connect discover`.
    const discovered = JSON.parse(
      execFileSync("npx", ["pulumi-posit-connect", "discover", "--json"], {
        cwd: dir,
        encoding: "utf8",
        env: cleanEnv({ npm_config_yes: "false", CONNECT_SERVER: url, CONNECT_API_KEY: API_KEY }),
      }),
    ) as { integrations: Array<{ guid: string; contentCount: number }> };
    expect(discovered.integrations).toEqual([
      expect.objectContaining({ guid: integrations[0].guid, contentCount: 0 }),
    ]);

    const destroy = await cli.runOk(["destroy", "--yes"]);
    expect(destroy.stdout).toMatch(/- 2 deleted/);
    const after = (await (await fetch(`${url}/__emulator__/state`)).json()) as unknown[];
    expect(after).toEqual([]);
    expect(cli.transcript.join("\n")).not.toContain(CLIENT_SECRET);
  });

  it("the README's own-program offline path runs from an empty folder with only the tarball", async () => {
    expect(tarball).toBeDefined();
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const section = /<!-- own-program:start -->([\s\S]*?)<!-- own-program:end -->/.exec(readme);
    const program = /### In your own program\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const block = section && /```sh\n([\s\S]*?)```/.exec(section[1])?.[1];
    if (!block || !program) throw new Error("README.md lost its own-program block or program");
    const dir = fs.mkdtempSync(path.join(scratch, "own-"));
    const home = fs.mkdtempSync(path.join(scratch, "home-"));
    fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "own", "private": true }\n');
    npm(["install", tarball, `@pulumi/pulumi@${sdkVersion}`, `typescript@${tsVersion}`], dir);
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: own\nruntime: nodejs\n");
    // The one substitution: free ports instead of 3939 and 8787.
    const [connectPort, databricksPort] = [await freePort(), await freePort()];
    const script = block
      .replace(
        "--dir .emulators",
        `--dir .emulators --connect-port ${connectPort} --databricks-port ${databricksPort}`,
      )
      .split("3939")
      .join(String(connectPort))
      .split("8787")
      .join(String(databricksPort));
    // A user's shell: the test CLI on PATH, but no backend, passphrase or PULUMI_HOME (whose
    // plugin cache holds the repository's stand-in plugin) from the test harness.
    const base = cli?.env ?? process.env;
    const env = cleanEnv({ npm_config_yes: "false", HOME: home });
    for (const k of Object.keys(env))
      if (/^PULUMI_(BACKEND_URL|CONFIG_PASSPHRASE|HOME)/.test(k)) delete env[k];
    env.PULUMI_SKIP_UPDATE_CHECK = "true";
    env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
    env.PATH = base.PATH ?? "";
    expect(env.PATH).not.toContain("stand-in-plugins");
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", script], {
      cwd: dir,
      env,
      encoding: "utf8",
      timeout: 10 * 60 * 1000,
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`the README block failed with ${r.status}:\n${out}`);
    expect(out).toContain("TEST DOUBLE");
    // Every command the emulators print for the program's folder is in the block as printed.
    const printed = out
      .split("\n")
      .filter((l) => /^ {2}(export|pulumi) /.test(l))
      .map((l) => l.trim());
    expect(printed).toContain('export PULUMI_HOME="$PWD/.emulators/pulumi-home"');
    for (const line of printed) expect(script).toContain(line);
    // The stand-in comes from the try-out's own plugin cache: no PATH warning from the engine,
    // and the user's ~/.pulumi never gets a plugin that would stand in for the real one.
    expect(out).not.toContain("from $PATH");
    expect(fs.existsSync(path.join(home, ".pulumi", "plugins"))).toBe(false);
    const cached = fs.readdirSync(path.join(dir, ".emulators", "pulumi-home", "plugins"));
    expect(cached).toContain(`resource-databricks-v${databricksVersion(dir)}`);
    // The try-out keeps its state in the folder: the user's own `pulumi login` is untouched.
    expect(fs.existsSync(path.join(dir, ".pulumi-state", ".pulumi", "stacks"))).toBe(true);
    expect(out).toMatch(
      /\+ {2}databricks:index:CustomAppIntegration databricks-databricks-app created/,
    );
    expect(out).toMatch(/- \d+ deleted/);
    // The block's last line stopped both emulators (not only npx): nothing is left listening.
    await waitUntilClosed(connectPort);
    await waitUntilClosed(databricksPort);
  });
});

/** Resolves once nothing accepts connections on `port` (a few seconds at most), else throws. */
async function waitUntilClosed(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `port ${port} still accepts connections after the README block's last line (kill)`,
  );
}

/** The @pulumi/databricks version the program in `dir` loads (and so requests from the engine). */
function databricksVersion(dir: string): string {
  const file = path.join(dir, "node_modules", "@pulumi", "databricks", "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
