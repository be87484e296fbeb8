// The stand-in's plugin-cache install (testing/databricks-plugin/plugin-cache.ts): which
// @pulumi/databricks versions it finds and the directory layout the engine's cache scan accepts.
// That the engine then loads it without a PATH warning is shown end to end by
// tests/e2e/mission.test.ts (step 8), demo.test.ts and packaging.test.ts.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  cachedStandInPath,
  databricksSdkVersions,
  installStandIn,
} from "../../testing/databricks-plugin/plugin-cache";

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stand-in-cache-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sdk(nodeModules: string, version: string): void {
  const dir = path.join(nodeModules, "@pulumi", "databricks");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version }));
}

test("finds the hoisted SDK walking up, nested copies one level down, and strips a leading v", () => {
  const program = path.join(tmp, "repo", "work", "program");
  fs.mkdirSync(program, { recursive: true });
  sdk(path.join(tmp, "repo", "node_modules"), "1.110.0");
  sdk(path.join(tmp, "node_modules"), "9.9.9"); // shadowed by the nearer one: never loaded
  expect(databricksSdkVersions([program])).toEqual(["1.110.0"]);

  sdk(path.join(program, "node_modules"), "v1.111.0");
  sdk(path.join(program, "node_modules", "pulumi-posit-connect", "node_modules"), "1.110.0");
  sdk(path.join(program, "node_modules", "@scope", "pkg", "node_modules"), "1.112.0");
  expect(databricksSdkVersions([program])).toEqual(["1.110.0", "1.111.0", "1.112.0"]);
});

test("finds nothing where no SDK is installed", () => {
  expect(databricksSdkVersions([tmp])).toEqual([]);
});

test("writes an executable copy per version where the engine's plugin cache looks", () => {
  const launcher = path.join(tmp, "launcher");
  fs.writeFileSync(launcher, "#!/bin/sh\nexec true\n", { mode: 0o755 });
  const home = path.join(tmp, "home");
  const files = installStandIn(home, launcher, ["1.110.0", "1.111.0"]);
  expect(files).toEqual([
    path.join(home, "plugins", "resource-databricks-v1.110.0", "pulumi-resource-databricks"),
    path.join(home, "plugins", "resource-databricks-v1.111.0", "pulumi-resource-databricks"),
  ]);
  for (const f of files) {
    expect(fs.readFileSync(f, "utf8")).toBe("#!/bin/sh\nexec true\n");
    expect(fs.statSync(f).mode & 0o111).not.toBe(0);
    // Nothing else in the version directory, and no `.partial` marker beside it.
    expect(fs.readdirSync(path.dirname(f))).toEqual(["pulumi-resource-databricks"]);
  }
  expect(fs.readdirSync(path.join(home, "plugins")).sort()).toEqual([
    "resource-databricks-v1.110.0",
    "resource-databricks-v1.111.0",
  ]);

  // A changed launcher replaces the copy; an unchanged one leaves it alone.
  fs.writeFileSync(launcher, "#!/bin/sh\nexec false\n");
  const before = fs.statSync(files[0]).ino;
  installStandIn(home, launcher, ["1.110.0"]);
  expect(fs.readFileSync(files[0], "utf8")).toBe("#!/bin/sh\nexec false\n");
  const replaced = fs.statSync(files[0]).ino;
  expect(replaced).not.toBe(before);
  installStandIn(home, launcher, ["1.110.0"]);
  expect(fs.statSync(files[0]).ino).toBe(replaced);
  expect(cachedStandInPath(home, "1.110.0")).toBe(files[0]);
});
