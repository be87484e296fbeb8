/**
 * Issue 19 item 11 under pnpm's layout, where the package's real path is
 * `node_modules/.pnpm/pulumi-posit-connect@<version>/node_modules/pulumi-posit-connect` and
 * `@pulumi/pulumi` lives in its own `.pnpm/…` directory. Pulumi's real closure serializer runs in
 * a plain Node process over such a tree (built in a temp dir from the installed build, other
 * packages linked from the repository). It proves two things: the provider serializes to the
 * version-free `pulumi-posit-connect/dist/…` path (stable-module-path.ts), not the versioned
 * `.pnpm/…@<version>/…` real path an upgrade prunes; and an object `exports` map in
 * package.json would make serialization fail outright, which is why the package has none.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import { REPO_ROOT } from "../support/dynamic-host";

const INSTALLED = path.join(REPO_ROOT, "node_modules", "pulumi-posit-connect");
const MODULES = path.join(REPO_ROOT, "node_modules");

function pnpmProject(packageJson: Record<string, unknown>): string {
  const proj = fs.mkdtempSync(path.join(os.tmpdir(), "pnpm-layout-"));
  const nm = path.join(proj, "node_modules");
  const store = (dir: string) => path.join(nm, ".pnpm", dir, "node_modules");
  const pkg = path.join(store("pulumi-posit-connect@0.1.0"), "pulumi-posit-connect");
  fs.mkdirSync(pkg, { recursive: true });
  fs.cpSync(path.join(INSTALLED, "dist"), path.join(pkg, "dist"), { recursive: true });
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(packageJson));
  // @pulumi/pulumi in its own store directory, its dependencies beside it, as pnpm does.
  const sdkStore = store("@pulumi+pulumi@3");
  fs.mkdirSync(path.join(sdkStore, "@pulumi"), { recursive: true });
  fs.cpSync(path.join(MODULES, "@pulumi", "pulumi"), path.join(sdkStore, "@pulumi", "pulumi"), {
    recursive: true,
  });
  for (const dep of fs.readdirSync(MODULES)) {
    if (dep === "@pulumi" || dep === "pulumi-posit-connect" || dep.startsWith(".")) continue;
    fs.symlinkSync(path.join(MODULES, dep), path.join(sdkStore, dep));
    fs.symlinkSync(path.join(MODULES, dep), path.join(store("pulumi-posit-connect@0.1.0"), dep));
  }
  fs.mkdirSync(path.join(store("pulumi-posit-connect@0.1.0"), "@pulumi"));
  fs.symlinkSync(
    path.join(sdkStore, "@pulumi", "pulumi"),
    path.join(store("pulumi-posit-connect@0.1.0"), "@pulumi", "pulumi"),
  );
  fs.symlinkSync(
    path.join(MODULES, "@pulumi", "databricks"),
    path.join(store("pulumi-posit-connect@0.1.0"), "@pulumi", "databricks"),
  );
  fs.mkdirSync(path.join(nm, "@pulumi"));
  fs.symlinkSync(path.join(sdkStore, "@pulumi", "pulumi"), path.join(nm, "@pulumi", "pulumi"));
  fs.symlinkSync(pkg, path.join(nm, "pulumi-posit-connect"));
  fs.writeFileSync(
    path.join(proj, "serialize.js"),
    `const pulumi = require("@pulumi/pulumi");
     const { oauthIntegrationProvider } = require("pulumi-posit-connect");
     // Module names are relative to the working directory, as in a program.
     pulumi.runtime.serializeFunction(() => oauthIntegrationProvider, { allowSecrets: true }).then(
       (r) => process.stdout.write(JSON.stringify({ requires: r.text.match(/require\\("[^"]+"\\)/g) })),
       (e) => process.stdout.write(JSON.stringify({ error: e.message })));`,
  );
  return proj;
}

function serialize(
  packageJson: Record<string, unknown>,
  cwd?: string,
): { requires?: string[]; error?: string } {
  const proj = pnpmProject(packageJson);
  try {
    const out = execFileSync(process.execPath, [path.join(proj, "serialize.js")], {
      cwd: cwd ?? proj,
      encoding: "utf8",
    });
    return JSON.parse(out) as { requires?: string[]; error?: string };
  } finally {
    fs.rmSync(proj, { recursive: true, force: true });
  }
}

const manifest = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
) as Record<string, unknown>;

const SDK_VERSION = (
  JSON.parse(fs.readFileSync(path.join(MODULES, "@pulumi", "pulumi", "package.json"), "utf8")) as {
    version: string;
  }
).version;
const SDK_STRIPS_PNPM_STORE = semver.gte(SDK_VERSION, "3.251.0");

jest.setTimeout(120_000);

test("the package as published serializes to a version-free path, which an upgrade keeps", () => {
  expect(manifest.exports).toBeUndefined();
  // Without provider/connect/stable-module-path.ts this was
  // ".pnpm/pulumi-posit-connect@0.1.0/node_modules/pulumi-posit-connect/dist/…".
  expect(serialize(manifest)).toEqual({
    requires: ['require("pulumi-posit-connect/dist/provider/connect/oauth-integration/shim.js")'],
  });
});

test("an object exports map turns the fallback into a failure (why the package has none)", () => {
  const withExports = {
    ...manifest,
    exports: {
      ".": "./dist/provider/index.js",
      "./package.json": "./package.json",
      "./dist/*": "./dist/*",
    },
  };
  // Where no node_modules link leads to the package (here: the program runs from outside the
  // project), the serializer falls back to the real path; with an exports map it throws instead.
  // @pulumi/pulumi 3.251.0 (pulumi/pulumi#23767) strips the pnpm store prefix from that real
  // path itself; older SDKs, the oldest this package supports among them, keep the version.
  expect(serialize(manifest, "/")).toEqual({
    requires: [
      SDK_STRIPS_PNPM_STORE
        ? 'require("pulumi-posit-connect/dist/provider/connect/oauth-integration/shim.js")'
        : 'require(".pnpm/pulumi-posit-connect@0.1.0/node_modules/pulumi-posit-connect/dist/provider/connect/oauth-integration/shim.js")',
    ],
  });
  // From 3.251.0 the fallback is the version-free path, which the exports map's "./dist/*" covers:
  // an exports map no longer breaks serialization there, but it still does for older SDKs.
  if (SDK_STRIPS_PNPM_STORE) {
    expect(serialize(withExports, "/").error).toBeUndefined();
  } else {
    expect(serialize(withExports, "/").error).toMatch(
      /package\.json export path for "\.pnpm\/.*not found/,
    );
  }
});
