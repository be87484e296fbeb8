// Go-built helper tools for `npm run pulumi:setup`, each from its own module under tools/ (so the
// CLI's dependency graph stays as it is) and cached in .tools/bin with a stamp like the CLI:
// - `pulumi-language-yaml`, the Pulumi YAML language host (the CLI tarball would carry it), from
//   the pulumi-yaml module; v1.25.0 does not compile against pulumi/pkg v3.248 (plugin API
//   changes), so tools/pulumi-yaml keeps the v3.206 it was released with;
// - `pulumi-sdkgen` (tools/pulumi-sdkgen/main.go), the Go and Python SDK generators of pulumi/pkg
//   v3.248, because the language hosts that `pulumi package gen-sdk` needs are not served by the
//   Go module proxy;
// - `pulumi-sdkgen-dotnet` (tools/pulumi-yaml/sdkgen-dotnet/main.go), the C# SDK generator, which
//   left pulumi/pkg after v3.206 for pulumi-dotnet (not served by the proxy): it lives in the
//   YAML host's module because that module already pins pulumi/pkg v3.206.0.
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { findGo, modHash, toolsBinDir, which } from "./pulumi-setup";

export interface GoTool {
  /** Folder under tools/ holding its go.mod. */
  dir: string;
  /** Package to build (a module path, or "." for the folder's own main). */
  pkg: string;
  binary: string;
  /** Rough cold-cache build time, for the message. */
  coldMinutes: number;
  /** Accept a binary of this name on PATH (outside .tools/bin), e.g. a released CLI's. */
  fromPath: boolean;
}

export const YAML_HOST: GoTool = {
  dir: "pulumi-yaml",
  pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
  binary: "pulumi-language-yaml",
  coldMinutes: 4,
  fromPath: true,
};

export const SDKGEN: GoTool = {
  dir: "pulumi-sdkgen",
  pkg: ".",
  binary: "pulumi-sdkgen",
  coldMinutes: 1,
  fromPath: false,
};

export const SDKGEN_DOTNET: GoTool = {
  dir: "pulumi-yaml",
  pkg: "./sdkgen-dotnet",
  binary: "pulumi-sdkgen-dotnet",
  coldMinutes: 1,
  fromPath: false,
};

interface ToolStamp {
  modHash: string;
  builtAt: string;
  buildSeconds: number;
}

function stampFile(root: string, tool: GoTool): string {
  return path.join(toolsBinDir(root), `${tool.binary}.stamp.json`);
}

/** Hash of the tool's go.mod and go.sum, plus its own main.go when it has one. */
function toolHash(root: string, tool: GoTool): string {
  const local = tool.pkg.startsWith(".") ? tool.pkg : "";
  const main = path.join(root, "tools", tool.dir, local, "main.go");
  const extra = fs.existsSync(main) ? fs.readFileSync(main, "utf8") : "";
  return crypto.createHash("sha256").update(modHash(root, tool.dir)).update(extra).digest("hex");
}

/** The cached build, when it was made from the current tools/<dir> files. */
function currentBuild(root: string, tool: GoTool): string | undefined {
  const bin = path.join(toolsBinDir(root), tool.binary);
  if (!fs.existsSync(bin)) return undefined;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(root, tool), "utf8")) as ToolStamp;
    return stamp.modHash === toolHash(root, tool) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Path of a usable tool binary: one on PATH outside .tools/bin (when `fromPath`), else the
 * current cached build, else a fresh build (only when `allowBuild`).
 */
export function ensureGoTool(
  root: string,
  tool: GoTool,
  allowBuild: boolean,
  log: (m: string) => void,
): string {
  const onPath = tool.fromPath ? which(tool.binary) : undefined;
  if (onPath && path.dirname(onPath) !== toolsBinDir(root)) return onPath;
  const cached = currentBuild(root, tool);
  if (cached) return cached;
  if (!allowBuild) {
    throw new Error(
      `${tool.binary} is missing or stale in .tools/bin: run \`npm run pulumi:setup\` (builds it with Go).`,
    );
  }
  const go = findGo();
  if (!go) throw new Error(`cannot build ${tool.binary}: no Go toolchain (see the CLI's message)`);
  const out = path.join(toolsBinDir(root), tool.binary);
  const args = ["build", "-ldflags", "-s -w", "-o", out, tool.pkg];
  log(
    `building ${tool.binary} from tools/${tool.dir} with Go, once per clone (about ` +
      `${tool.coldMinutes} min on 2 cores with cold Go caches, seconds when warm)…`,
  );
  const start = Date.now();
  const r = spawnSync(go, args, {
    cwd: path.join(root, "tools", tool.dir),
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PATH: `${path.dirname(go)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  const seconds = Math.round((Date.now() - start) / 100) / 10;
  if (r.status !== 0) {
    throw new Error(
      `go build of ${tool.binary} failed (exit ${r.status ?? r.signal}) after ${seconds}s`,
    );
  }
  const stamp: ToolStamp = {
    modHash: toolHash(root, tool),
    builtAt: new Date().toISOString(),
    buildSeconds: seconds,
  };
  fs.writeFileSync(stampFile(root, tool), JSON.stringify(stamp, null, 2) + "\n");
  log(`built ${out} in ${seconds}s`);
  return out;
}
