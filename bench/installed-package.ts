/**
 * The package as a user gets it: `npm pack` of the built repository, unpacked into
 * `.tools/bench/scratch/node_modules/pulumi-posit-connect`, with every dependency linked from
 * the repository's node_modules (offline and fast; `npm install` of the tarball would need the
 * whole @pulumi/pulumi tree from the npm cache). Because the package then lives under
 * node_modules, Pulumi serializes its modules as `require("pulumi-posit-connect/dist/…")`
 * instead of by value, which is what users' state holds.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./session";

export const PACKAGE = "pulumi-posit-connect";

export interface InstalledPackage {
  /** Directory whose node_modules holds the package; run the host with this cwd. */
  dir: string;
  /** Absolute path of the unpacked package. */
  packageDir: string;
  tarball: string;
  tarballBytes: number;
}

export function installPackedPackage(): InstalledPackage {
  const work = path.join(ROOT, ".tools", "bench");
  const dir = path.join(work, "scratch");
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });

  // --ignore-scripts: `prepare`-style hooks must not rebuild or touch the network.
  const out = execFileSync(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", work],
    {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  const tarball = path.join(work, filename);

  const packageDir = path.join(dir, "node_modules", PACKAGE);
  fs.mkdirSync(packageDir);
  execFileSync("tar", ["-xzf", tarball, "-C", packageDir, "--strip-components=1"]);

  // Link each top-level dependency (scoped ones per scope dir) so `require` from the package
  // finds the same files, hence the same @pulumi/pulumi instance, as the bench itself.
  const source = path.join(ROOT, "node_modules");
  for (const name of fs.readdirSync(source)) {
    if (name === PACKAGE || name.startsWith(".")) continue;
    fs.symlinkSync(path.join(source, name), path.join(dir, "node_modules", name));
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "bench-scratch", private: true }) + "\n",
  );
  return { dir, packageDir, tarball, tarballBytes: fs.statSync(tarball).size };
}
