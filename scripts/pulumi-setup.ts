// Makes a Pulumi CLI usable on machines that reach only the npm registry, Debian packages and the
// Go module proxy (see docs: pulumi-notes.md §6). Run as `node dist/scripts/pulumi-setup.js`.
//
// Order of preference:
//   1. a real `pulumi` (>= 3.139, needed for dynamic-provider `configure`) on PATH together with
//      its `pulumi-language-nodejs`: use it as is;
//   2. `.tools/bin/pulumi` built earlier from tools/pulumi/go.mod and still current: reuse it;
//   3. build it with Go from tools/pulumi (a cold build takes minutes on 2 cores).
// In every case `.tools/bin` also gets
//   - `pulumi-language-nodejs`: a shell wrapper around our Node language host
//     (scripts/language-host/), because the Go module of the real host
//     (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) has no tags and the proxy
//     answers 403 for its pseudo-versions, so it cannot be built here;
//   - `pulumi-resource-pulumi-nodejs`: a link to the dynamic-provider launcher shipped in
//     @pulumi/pulumi (the CLI tarball would normally carry it);
// and `.tools/stand-in-plugins` gets `pulumi-resource-databricks`: the launcher of the stand-in
// Databricks provider (testing/databricks-plugin/), which tests and the demo copy into their own
// PULUMI_HOME's plugin cache (testing/databricks-plugin/plugin-cache.ts).
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ensureGoTool, SDKGEN, SDKGEN_DOTNET, YAML_HOST } from "./go-tools";

export interface PulumiInstall {
  /** Directory holding the `pulumi` binary that will be used. */
  binDir: string;
  /** Absolute path of that `pulumi`. */
  pulumi: string;
  source: "path" | "cache" | "built";
  /** Version reported by `pulumi version`, e.g. "v3.248.0". */
  version: string;
  /** Directories to put first on PATH, in order (binDir, then .tools/bin when they differ). */
  pathEntries: string[];
}

export interface EnsureOptions {
  /** Build with Go when nothing usable exists (default true). Tests pass false. */
  allowBuild?: boolean;
  /** Progress messages (default: stderr). */
  log?: (msg: string) => void;
}

/** Oldest CLI that passes stack config to dynamic providers' `configure` (3.139.0). */
const MIN_VERSION = [3, 139, 0];
const PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3";
const VERSION_SYMBOL = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

/** Repository root: this file lives in scripts/ (ts-jest) or dist/scripts/ (compiled). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export function toolsBinDir(root = repoRoot()): string {
  return path.join(root, ".tools", "bin");
}

/** Stand-in provider plugins for tests and the demo (see writeDatabricksStandIn). */
export function standInPluginDir(root = repoRoot()): string {
  return path.join(root, ".tools", "stand-in-plugins");
}

/** The stand-in Databricks provider's launcher, the source of every plugin-cache copy. */
export function databricksStandInLauncher(root = repoRoot()): string {
  return path.join(standInPluginDir(root), "pulumi-resource-databricks");
}

export function which(name: string, envPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `pulumi version` output ("v3.248.0"), or "" when the binary prints nothing or fails. */
function pulumiVersion(bin: string): string {
  const r = spawnSync(bin, ["version"], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return r.status === 0 ? r.stdout.trim() : "";
}

function atLeast(version: string, min: number[]): boolean {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** Go toolchain: PATH first, then the usual install location, then $GOROOT. */
export function findGo(): string | undefined {
  const candidates = [
    which("go"),
    "/usr/local/go/bin/go",
    process.env.GOROOT ? path.join(process.env.GOROOT, "bin", "go") : undefined,
  ];
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

/** The pkg/v3 version pinned by tools/pulumi/go.mod, e.g. "v3.248.0". */
export function pinnedVersion(root = repoRoot()): string {
  const gomod = fs.readFileSync(path.join(root, "tools", "pulumi", "go.mod"), "utf8");
  const m = new RegExp(`^\\s*${PKG_MODULE.replace(/\./g, "\\.")}\\s+(v\\S+)`, "m").exec(gomod);
  if (!m) throw new Error(`tools/pulumi/go.mod does not require ${PKG_MODULE}`);
  return m[1];
}

/** Hash of go.mod + go.sum: a build is current only if it was made from these exact files. */
export function modHash(root: string, tool = "pulumi"): string {
  const h = crypto.createHash("sha256");
  for (const f of ["go.mod", "go.sum"]) {
    const p = path.join(root, "tools", tool, f);
    if (fs.existsSync(p)) h.update(fs.readFileSync(p));
  }
  return h.digest("hex");
}

interface Stamp {
  version: string;
  modHash: string;
  builtAt: string;
  buildSeconds: number;
}

function stampPath(root: string): string {
  return path.join(toolsBinDir(root), "pulumi.stamp.json");
}

function cachedIsCurrent(root: string, pulumi: string): string | undefined {
  if (!fs.existsSync(pulumi)) return undefined;
  const version = pulumiVersion(pulumi);
  // A plain `go build` without -ldflags prints an empty version; such a binary is not current.
  if (version !== pinnedVersion(root)) return undefined;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampPath(root), "utf8")) as Stamp;
    if (stamp.modHash !== modHash(root)) return undefined;
  } catch {
    // no stamp: the version check alone decides
  }
  return version;
}

/** Builds .tools/bin/pulumi from tools/pulumi; returns the wall time in seconds. */
function buildWithGo(root: string, go: string, log: (m: string) => void): number {
  const version = pinnedVersion(root);
  const out = path.join(toolsBinDir(root), "pulumi");
  // -X sets the version `pulumi version` prints (releases do the same); -s -w drop debug info
  // (~35% smaller). Both are link-time flags, so an earlier plain build's cache is reused.
  const args = [
    "build",
    "-ldflags",
    `-s -w -X ${VERSION_SYMBOL}=${version}`,
    "-o",
    out,
    `${PKG_MODULE}/cmd/pulumi`,
  ];
  log(
    `no usable Pulumi CLI: building ${version} into .tools/bin with Go, once per clone. ` +
      "Usually about 6 minutes on 2 cores with empty Go caches (plus ~250 MB of Go modules), " +
      "well under a minute when Go's build cache is warm…",
  );
  log(`  cd tools/pulumi && ${go} ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ")}`);
  const start = Date.now();
  const r = spawnSync(go, args, {
    cwd: path.join(root, "tools", "pulumi"),
    stdio: ["ignore", "inherit", "inherit"],
    // Go's own directories must be found even when go is not on PATH.
    env: { ...process.env, PATH: `${path.dirname(go)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  const seconds = Math.round((Date.now() - start) / 100) / 10;
  if (r.status !== 0) {
    throw new Error(`go build failed (exit ${r.status ?? r.signal}) after ${seconds}s`);
  }
  const stamp: Stamp = {
    version,
    modHash: modHash(root),
    builtAt: new Date().toISOString(),
    buildSeconds: seconds,
  };
  fs.writeFileSync(stampPath(root), JSON.stringify(stamp, null, 2) + "\n");
  return seconds;
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Writes the language-host wrapper and the dynamic-provider link into .tools/bin. */
export function writeShims(root = repoRoot()): string[] {
  const bin = toolsBinDir(root);
  fs.mkdirSync(bin, { recursive: true });
  const hostMain = path.join(root, "dist", "scripts", "language-host", "main.js");
  if (!fs.existsSync(hostMain)) {
    throw new Error(`${hostMain} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  }
  const wrapper = path.join(bin, "pulumi-language-nodejs");
  const script = [
    "#!/bin/sh",
    "# Generated by scripts/pulumi-setup.ts: the Node.js language host from",
    "# scripts/language-host/, standing in for the Go pulumi-language-nodejs.",
    `if command -v node >/dev/null 2>&1; then exec node ${JSON.stringify(hostMain)} "$@"; fi`,
    `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(hostMain)} "$@"`,
    "",
  ].join("\n");
  // Rewrite only when different: parallel test workers call this concurrently.
  if (readOrEmpty(wrapper) !== script) {
    const tmp = `${wrapper}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script, { mode: 0o755 });
    fs.renameSync(tmp, wrapper);
  }
  // Resolve the launcher from the repository so the link follows `npm ci` upgrades.
  const provider = require.resolve("@pulumi/pulumi/pulumi-resource-pulumi-nodejs", {
    paths: [root],
  });
  const link = path.join(bin, "pulumi-resource-pulumi-nodejs");
  let current = "";
  try {
    current = fs.readlinkSync(link);
  } catch {
    // missing
  }
  if (current !== provider) {
    const tmp = `${link}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(provider, tmp);
    fs.renameSync(tmp, link);
  }
  return [wrapper, link, writeDatabricksStandIn(root)];
}

/**
 * `pulumi-resource-databricks`: the launcher of the stand-in Databricks provider
 * (testing/databricks-plugin/), for tests and the demo only. Nothing puts it on PATH, where the
 * engine would prefer it over its plugin cache whatever version the @pulumi/databricks SDK asks
 * for, and warn about it on every load. Tests (tests/support/pulumi-cli.ts) and the demo copy it
 * into the plugin cache of their own throw-away PULUMI_HOME under the version the program's SDK
 * requests (testing/databricks-plugin/plugin-cache.ts). Its own directory, not .tools/bin, keeps
 * it off the PATH this script tells users to export.
 */
function writeDatabricksStandIn(root: string): string {
  const bin = standInPluginDir(root);
  fs.mkdirSync(bin, { recursive: true });
  const main = path.join(root, "dist", "testing", "databricks-plugin", "main.js");
  const file = databricksStandInLauncher(root);
  const script = [
    "#!/bin/sh",
    "# Generated by scripts/pulumi-setup.ts: the stand-in Databricks provider from",
    "# testing/databricks-plugin/ (tests and demo only; users download the real plugin).",
    `if command -v node >/dev/null 2>&1; then exec node ${JSON.stringify(main)} "$@"; fi`,
    `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(main)} "$@"`,
    "",
  ].join("\n");
  if (readOrEmpty(file) !== script) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script, { mode: 0o755 });
    fs.renameSync(tmp, file);
  }
  return file;
}

/** Finds, reuses or builds a Pulumi CLI; see the header comment for the order. */
export async function ensurePulumi(opts: EnsureOptions = {}): Promise<PulumiInstall> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const root = repoRoot();
  const toolsBin = toolsBinDir(root);
  fs.mkdirSync(toolsBin, { recursive: true });
  const [wrapper, link] = writeShims(root);
  log(`language host wrapper: ${wrapper}`);
  // Before the CLI's early returns: every path below wants them too. Only the multi-language
  // tests (tests/plugin) need them, so a failure here is reported, not fatal for the rest.
  for (const [what, tool] of [
    ["YAML language host", YAML_HOST],
    ["SDK generator", SDKGEN],
    [".NET SDK generator", SDKGEN_DOTNET],
  ] as const) {
    try {
      log(`${what}: ${ensureGoTool(root, tool, opts.allowBuild !== false, log)}`);
    } catch (e) {
      log(`${what}: unavailable (${(e as Error).message}); tests/plugin will fail without it`);
    }
  }
  log(`dynamic provider link: ${link} -> ${fs.readlinkSync(link)}`);

  // 1. A real CLI on PATH, unless that PATH entry is our own .tools/bin.
  const onPath = which("pulumi");
  const isToolsBin = (file: string): boolean =>
    fs.realpathSync(path.dirname(file)) === fs.realpathSync(toolsBin);
  if (onPath && !isToolsBin(onPath)) {
    const version = pulumiVersion(onPath);
    const langHost =
      which("pulumi-language-nodejs", path.dirname(onPath)) ?? which("pulumi-language-nodejs");
    if (atLeast(version, MIN_VERSION) && langHost && !isToolsBin(langHost)) {
      log(`using pulumi ${version} from PATH (${onPath}) with its ${langHost}`);
      const dirs = [path.dirname(onPath), path.dirname(langHost), toolsBin];
      return {
        binDir: path.dirname(onPath),
        pulumi: onPath,
        source: "path",
        version,
        // .tools/bin last: it only contributes pulumi-resource-pulumi-nodejs if the install lacks it.
        pathEntries: [...new Set(dirs)],
      };
    }
    log(
      `ignoring pulumi on PATH (${onPath}, version "${version || "?"}"): need >= ` +
        `${MIN_VERSION.join(".")} and a real pulumi-language-nodejs`,
    );
  }

  // 2. A current cached build.
  const cached = path.join(toolsBin, "pulumi");
  const cachedVersion = cachedIsCurrent(root, cached);
  if (cachedVersion) {
    log(`reusing ${cached} (${cachedVersion}, built from tools/pulumi/go.mod)`);
    return result(cached, "cache", cachedVersion, toolsBin);
  }

  // 3. Build it.
  const go = findGo();
  if (opts.allowBuild === false) {
    throw new Error(
      `no usable Pulumi CLI: none on PATH and ${cached} is missing or stale. ` +
        "Run `npm run pulumi:setup` (builds it with Go, several minutes the first time).",
    );
  }
  if (!go) {
    throw new Error(
      "no usable Pulumi CLI and no Go toolchain: looked for `go` on PATH, /usr/local/go/bin/go " +
        "and $GOROOT/bin/go. Install Go >= 1.25.11 (and reach the Go module proxy) or put " +
        `pulumi >= ${MIN_VERSION.join(".")} with its language plugins on PATH.`,
    );
  }
  const seconds = buildWithGo(root, go, log);
  const version = pulumiVersion(cached);
  log(`built ${cached} (${version}) in ${seconds}s`);
  return result(cached, "built", version, toolsBin);
}

function result(
  pulumi: string,
  source: PulumiInstall["source"],
  version: string,
  toolsBin: string,
): PulumiInstall {
  return { binDir: toolsBin, pulumi, source, version, pathEntries: [toolsBin] };
}

async function main(): Promise<void> {
  try {
    const r = await ensurePulumi();
    const sizeMb = (fs.statSync(r.pulumi).size / 1024 / 1024).toFixed(1);
    console.log(`pulumi: ${r.pulumi} (${r.version}, ${sizeMb} MB, source: ${r.source})`);
    console.log(`language host: ${path.join(toolsBinDir(), "pulumi-language-nodejs")}`);
    // Only here: the demo prints its own label for the stand-in, once.
    console.log(
      `stand-in Databricks provider (test double, tests and demo only; they install it into ` +
        `their own plugin cache): ${databricksStandInLauncher()}`,
    );
    console.log("use it with:");
    console.log(`  export PATH="${r.pathEntries.join(path.delimiter)}${path.delimiter}$PATH"`);
  } catch (e) {
    console.error(`pulumi-setup: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  void main();
}
