/**
 * `prepack` / `postpack`: the packed package.json carries no `prepare` script.
 *
 * `prepare` builds a clone on `npm ci` (and a `git+https` install), so the repository needs it.
 * A tarball already holds `dist/` and npm never runs a tarball's `prepare`, but npm 11 still
 * lists it on install as an install script "not yet covered by allowScripts", a warning every
 * user would see for nothing. So `prepack` builds (the `prepare` that `npm pack` would have run)
 * and writes package.json without it; `postpack` puts the original bytes back. A pack that died
 * in between leaves the backup, which the next `strip` restores first, so the repository's
 * package.json is never lost.
 */
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./pulumi-setup";

/** Lifecycle scripts npm lists when a package is installed (npm 11's install-scripts warning). */
const INSTALL_TIME = ["preinstall", "install", "postinstall", "prepare"] as const;
const BACKUP = ".package.json.prepack";

export function strip(root: string): string[] {
  const manifestPath = path.join(root, "package.json");
  const backup = path.join(root, BACKUP);
  if (fs.existsSync(backup)) fs.renameSync(backup, manifestPath);
  const text = fs.readFileSync(manifestPath, "utf8");
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  const removed = INSTALL_TIME.filter((s) => manifest.scripts?.[s] !== undefined);
  if (removed.length === 0) return [];
  fs.writeFileSync(backup, text);
  for (const s of removed) delete manifest.scripts![s];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  return removed;
}

export function restore(root: string): void {
  const backup = path.join(root, BACKUP);
  if (fs.existsSync(backup)) fs.renameSync(backup, path.join(root, "package.json"));
}

function main(): void {
  const [verb] = process.argv.slice(2);
  const root = repoRoot();
  if (verb === "strip") {
    const removed = strip(root);
    if (removed.length > 0)
      process.stderr.write(`pack: package.json packed without ${removed.join(", ")}\n`);
  } else if (verb === "restore") {
    restore(root);
  } else {
    throw new Error(`pack-manifest: expected "strip" or "restore", got ${String(verb)}`);
  }
}

if (require.main === module) main();
