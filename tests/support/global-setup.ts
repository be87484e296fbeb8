// jest globalSetup: prepares the Pulumi CLI before any end-to-end test runs, so the README's
// `npm ci && npm test` needs no earlier step. scripts/pulumi-setup.ts decides how (a real
// `pulumi` >= 3.139 on PATH, the current build in .tools/bin, or a new Go build); this file
// only decides whether the run needs a CLI at all and says what it is doing.
import * as path from "path";
import { ensurePulumi } from "../../scripts/pulumi-setup";
import {
  selectedCliTests,
  type SelectionGlobalConfig,
  type SelectionProjectConfig,
} from "./cli-tests";

const log = (m: string): void => {
  process.stderr.write(`[pulumi-cli] ${m}\n`);
};

export default async function globalSetup(
  globalConfig: SelectionGlobalConfig,
  projectConfig: SelectionProjectConfig,
): Promise<void> {
  const needing = selectedCliTests(globalConfig, projectConfig);
  if (needing.length === 0) return;
  const names = needing.map((f) => path.relative(globalConfig.rootDir, f));
  log(`${names.length} test file(s) drive the real Pulumi CLI (${names.join(", ")})`);
  const install = await ensurePulumi({ allowBuild: true, log });
  log(`using ${install.pulumi} (${install.version}, ${install.source})`);
}
