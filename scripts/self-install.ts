/**
 * `postbuild`: installs this repository's own package into `node_modules/pulumi-posit-connect`
 * exactly as `npm install <tarball>` would lay it out (an `npm pack`, unpacked as real files),
 * so the root program (index.ts) imports the package the way users' programs do.
 *
 * Why a copy and not a link: Pulumi's closure serializer writes a module as a `require(...)` only
 * when the module's resolved path runs through a `node_modules` directory; Node resolves a
 * symlink (`npm link`, a `file:` dependency) to its target in the repository, which the serializer
 * then writes out by value, about 50 KB per integration in state. With real files under
 * node_modules, the root program's `__provider` is the installed one byte for byte.
 *
 * npm does not know this directory (it is not in package-lock.json), so `npm ci` and
 * `npm install <pkg>` remove it; every `npm run build` (and `prepare`, which builds) puts it
 * back. Nothing here reaches users: node_modules is never packed.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "./pulumi-setup";

export const PACKAGE = "pulumi-posit-connect";

export interface PackedInstall {
  /** The unpacked package: `<nodeModules>/pulumi-posit-connect`. */
  packageDir: string;
  tarball: string;
  tarballBytes: number;
}

/**
 * `npm pack` of the built repository at `root`, unpacked into `<nodeModules>/pulumi-posit-connect`
 * (replacing what was there). The tarball is written to `tarballDir`.
 */
export function packInto(root: string, nodeModules: string, tarballDir: string): PackedInstall {
  fs.mkdirSync(tarballDir, { recursive: true });
  // --ignore-scripts: this runs from `postbuild`, possibly under `prepare`; no hook may recurse.
  const out = execFileSync(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", tarballDir],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  const tarball = path.join(tarballDir, path.basename(filename));

  // Unpack beside the target, then swap, so an interrupted run never leaves half a package.
  fs.mkdirSync(nodeModules, { recursive: true });
  const staging = fs.mkdtempSync(path.join(nodeModules, `.${PACKAGE}-`));
  const packageDir = path.join(nodeModules, PACKAGE);
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", staging, "--strip-components=1"]);
    fs.chmodSync(staging, 0o755); // mkdtemp's 0700 is not what npm installs
    fs.rmSync(packageDir, { recursive: true, force: true });
    fs.renameSync(staging, packageDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { packageDir, tarball, tarballBytes: fs.statSync(tarball).size };
}

function main(): void {
  const root = repoRoot();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${PACKAGE}-pack-`));
  try {
    const { packageDir } = packInto(root, path.join(root, "node_modules"), tmp);
    process.stderr.write(
      `self-install: ${path.relative(root, packageDir)} now holds this build, as installed from npm\n`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main();
