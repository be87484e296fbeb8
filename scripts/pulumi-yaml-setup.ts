// The Pulumi YAML language host (`pulumi-language-yaml`) for `npm run pulumi:setup`: the CLI
// tarball would carry it; here it is built from the pulumi-yaml Go module, pinned by
// tools/pulumi-yaml/go.mod (its own module, so the CLI's dependency graph stays as it is), and
// cached in .tools/bin with a stamp like the CLI. pulumi-yaml v1.25.0 does not compile against
// pulumi/pkg v3.248 (plugin API changes), so it keeps the v3.206 it was released with.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findGo, modHash, toolsBinDir, which } from "./pulumi-setup";

const MODULE = "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml";
const BINARY = "pulumi-language-yaml";

interface YamlStamp {
  modHash: string;
  builtAt: string;
  buildSeconds: number;
}

function stampFile(root: string): string {
  return path.join(toolsBinDir(root), `${BINARY}.stamp.json`);
}

/** The cached build, when it was made from the current tools/pulumi-yaml go.mod and go.sum. */
function currentBuild(root: string): string | undefined {
  const bin = path.join(toolsBinDir(root), BINARY);
  if (!fs.existsSync(bin)) return undefined;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(root), "utf8")) as YamlStamp;
    return stamp.modHash === modHash(root, "pulumi-yaml") ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Path of a usable `pulumi-language-yaml`: one on PATH outside .tools/bin (a released CLI's),
 * else the current cached build, else a fresh build (only when `allowBuild`).
 */
export function ensureYamlHost(
  root: string,
  allowBuild: boolean,
  log: (m: string) => void,
): string {
  const onPath = which(BINARY);
  if (onPath && path.dirname(onPath) !== toolsBinDir(root)) return onPath;
  const cached = currentBuild(root);
  if (cached) return cached;
  if (!allowBuild) {
    throw new Error(
      `${BINARY} is missing or stale in .tools/bin: run \`npm run pulumi:setup\` (builds it with Go).`,
    );
  }
  const go = findGo();
  if (!go) throw new Error(`cannot build ${BINARY}: no Go toolchain (see the CLI's message)`);
  const out = path.join(toolsBinDir(root), BINARY);
  const args = ["build", "-ldflags", "-s -w", "-o", out, MODULE];
  log(
    `building ${BINARY} from tools/pulumi-yaml with Go, once per clone (about 4 minutes on ` +
      "2 cores with cold Go caches, seconds when warm)…",
  );
  const start = Date.now();
  const r = spawnSync(go, args, {
    cwd: path.join(root, "tools", "pulumi-yaml"),
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PATH: `${path.dirname(go)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  const seconds = Math.round((Date.now() - start) / 100) / 10;
  if (r.status !== 0) {
    throw new Error(
      `go build of ${BINARY} failed (exit ${r.status ?? r.signal}) after ${seconds}s`,
    );
  }
  const stamp: YamlStamp = {
    modHash: modHash(root, "pulumi-yaml"),
    builtAt: new Date().toISOString(),
    buildSeconds: seconds,
  };
  fs.writeFileSync(stampFile(root), JSON.stringify(stamp, null, 2) + "\n");
  log(`built ${out} in ${seconds}s`);
  return out;
}
