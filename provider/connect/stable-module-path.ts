/**
 * Makes Pulumi's closure serializer write a version-free `require` for a shim module under pnpm.
 *
 * The serializer names a module by the first `require.cache` entry whose exports are the object
 * (its real path). Under pnpm that is
 * `node_modules/.pnpm/pulumi-posit-connect@<version>/node_modules/pulumi-posit-connect/dist/…`,
 * so state would hold a `.pnpm/…@<version>/…` path that the next upgrade prunes, and refresh or
 * destroy would fail with "Cannot find module". When the project's own
 * `node_modules/pulumi-posit-connect` (or a parent directory's) leads to the same file, this puts that path first in the
 * cache, so state holds `pulumi-posit-connect/dist/…`, which every later version provides.
 * Anything unexpected leaves the cache as it was. (An `exports` map cannot do this: it makes the
 * serializer throw under pnpm, tests/host/pnpm-layout.test.ts.)
 */
import * as fs from "fs";
import * as path from "path";

const PACKAGE = "pulumi-posit-connect";

export function preferStablePath(mod: { filename?: string } | undefined): void {
  try {
    const cache = require.cache;
    const real = mod?.filename;
    if (!real || !real.includes(`${path.sep}.pnpm${path.sep}`) || cache[real] === undefined) return;
    const marker = `${path.sep}node_modules${path.sep}${PACKAGE}${path.sep}`;
    const at = real.lastIndexOf(marker);
    if (at < 0) return;
    const inside = real.slice(at + marker.length);
    const stable = linkedPath(inside, real);
    if (stable === undefined) return;
    const entry = cache[real];
    // Re-insert the real path after the stable one: lookups by path still find the module.
    delete cache[real];
    cache[stable] = entry;
    cache[real] = entry;
  } catch {
    // Keep the cache as it was; the serializer then writes the real path.
  }
}

/**
 * `<dir>/node_modules/pulumi-posit-connect/<inside>` for the program's directory or the nearest
 * parent (a pnpm workspace links direct dependencies in each package, hoisted ones at the root),
 * when it leads to `real`.
 */
function linkedPath(inside: string, real: string): string | undefined {
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, "node_modules", PACKAGE, inside);
    if (candidate !== real && fs.existsSync(candidate) && fs.realpathSync(candidate) === real) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
