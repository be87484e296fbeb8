// Puts a launcher of this stand-in into a Pulumi plugin cache ($PULUMI_HOME/plugins), for tests,
// the demo and `npx posit-connect-emulators`; never into a user's own PULUMI_HOME.
//
// Why the cache and not PATH: the engine takes a plugin found on PATH before its cache and then
// warns `using pulumi-resource-databricks from $PATH at …` each time it loads it, twice per
// preview (sdk/go/common/workspace/plugins.go, getPluginInfoAndPath). From the cache it loads
// silently. The cache is matched by exact version: with a version in the request, and
// PULUMI_ENABLE_LEGACY_PLUGIN_SEARCH unset, SelectCompatiblePlugin takes only a directory whose
// version equals the requested one, and with PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true a
// miss is an error rather than a download. The requested version is the `version` of the
// @pulumi/databricks package.json the program loads (its utilities.getVersion), so the launcher
// goes in once per @pulumi/databricks version found.
//
// The layout is what `pulumi plugin install resource databricks <v> --file <launcher>` makes (it
// works offline; v3.248 also leaves an empty `<dir>.lock` behind): a directory
// `resource-databricks-v<v>` holding an executable `pulumi-resource-databricks`. A directory with
// a `<dir>.partial` beside it counts as half-installed and is skipped, so none is written.
// Writing the files directly saves a CLI start per test and can be repeated before every command,
// which matters because some tests `npm install` the program's packages after the CLI is created.
import * as fs from "fs";
import * as path from "path";

const PACKAGE = path.join("@pulumi", "databricks", "package.json");

/** The version a @pulumi/databricks package.json makes the SDK request, or undefined. */
function requestedVersion(packageJson: string): string | undefined {
  try {
    const { version } = JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version?: unknown };
    // utilities.getVersion() strips a leading "v" the same way.
    return typeof version === "string" ? version.replace(/^v/, "") : undefined;
  } catch {
    return undefined;
  }
}

/** Package directories directly in `nodeModules`, scoped ones (`@scope/name`) included. */
function packageDirs(nodeModules: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(nodeModules);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const dir = path.join(nodeModules, name);
    if (!name.startsWith("@")) {
      dirs.push(dir);
      continue;
    }
    try {
      for (const scoped of fs.readdirSync(dir)) dirs.push(path.join(dir, scoped));
    } catch {
      // not a directory
    }
  }
  return dirs;
}

/**
 * Every @pulumi/databricks version a program in one of `bases` can load: the one Node's
 * resolution finds walking up from the base, and the copies nested one level down in the base's
 * own node_modules (e.g. under pulumi-posit-connect when the program pins another version).
 */
export function databricksSdkVersions(bases: string[]): string[] {
  const versions = new Set<string>();
  const add = (file: string): void => {
    const v = requestedVersion(file);
    if (v) versions.add(v);
  };
  for (const base of bases) {
    for (let dir = path.resolve(base); ; dir = path.dirname(dir)) {
      const file = path.join(dir, "node_modules", PACKAGE);
      if (fs.existsSync(file)) {
        add(file);
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    for (const pkg of packageDirs(path.join(base, "node_modules"))) {
      add(path.join(pkg, "node_modules", PACKAGE));
    }
  }
  return [...versions].sort();
}

/** `<pulumiHome>/plugins/resource-databricks-v<version>/pulumi-resource-databricks`. */
export function cachedStandInPath(pulumiHome: string, version: string): string {
  return path.join(
    pulumiHome,
    "plugins",
    `resource-databricks-v${version}`,
    "pulumi-resource-databricks",
  );
}

/**
 * Copies the launcher script into `pulumiHome`'s plugin cache once per version; returns the
 * cached paths. Rewrites a copy only when it differs, through a rename, so a command the engine
 * is running at the same time never sees a half-written file.
 */
export function installStandIn(pulumiHome: string, launcher: string, versions: string[]): string[] {
  const script = fs.readFileSync(launcher, "utf8");
  return versions.map((version) => {
    const file = cachedStandInPath(pulumiHome, version);
    let current = "";
    try {
      current = fs.readFileSync(file, "utf8");
    } catch {
      // not installed yet
    }
    if (current !== script) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script, { mode: 0o755 });
      fs.renameSync(tmp, file);
    }
    return file;
  });
}
