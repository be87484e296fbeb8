// Which of the test files a jest run selected drive the real Pulumi CLI, so the global setup
// prepares the CLI only when one of them will run (`npx jest tests/unit` never builds it).
import * as fs from "fs";
import * as path from "path";

/** The parts of jest's global config the selection needs. */
export interface SelectionGlobalConfig {
  rootDir: string;
  listTests?: boolean;
  findRelatedTests?: boolean;
  onlyChanged?: boolean;
  changedSince?: string;
  testPathPatterns?: {
    isSet(): boolean;
    toExecutor(options: { rootDir: string }): { isMatch(absPath: string): boolean };
  };
}

/** The parts of jest's project config the selection needs. */
export interface SelectionProjectConfig {
  roots: string[];
  testPathIgnorePatterns: string[];
}

// Files that start the CLI import its runner directly or through the e2e helpers.
const USES_CLI = /^\s*import[^;]*from\s+["'][^"']*(support\/pulumi-cli|e2e\/helpers)["']/m;

/** Test files under the roots that drive the real CLI: all of tests/e2e, and any importing its runner. */
export function cliTestFiles(roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "fixtures") walk(full);
      } else if (e.name.endsWith(".test.ts")) {
        const inE2e = full.split(path.sep).includes("e2e");
        if (inE2e || USES_CLI.test(fs.readFileSync(full, "utf8"))) found.push(full);
      }
    }
  };
  for (const root of roots) walk(root);
  return found.sort();
}

/**
 * The CLI test files this run will execute. When jest picks files by something other than
 * paths (changed files, related tests), every CLI test file counts: better a needless reuse
 * check than an e2e test failing for want of the CLI.
 */
export function selectedCliTests(
  globalConfig: SelectionGlobalConfig,
  projectConfig: SelectionProjectConfig,
): string[] {
  if (globalConfig.listTests) return [];
  const files = cliTestFiles(projectConfig.roots);
  if (globalConfig.findRelatedTests || globalConfig.onlyChanged || globalConfig.changedSince) {
    return files;
  }
  const patterns = globalConfig.testPathPatterns;
  const executor = patterns?.isSet()
    ? patterns.toExecutor({ rootDir: globalConfig.rootDir })
    : null;
  const ignores = projectConfig.testPathIgnorePatterns.map((p) => new RegExp(p));
  return files.filter(
    (f) => (executor ? executor.isMatch(f) : true) && !ignores.some((re) => re.test(f)),
  );
}
