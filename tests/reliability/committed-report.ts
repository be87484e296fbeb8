/** Compares a freshly computed report section with the one committed in docs/reliability.md. */
import * as fs from "fs";
import * as path from "path";
import { extractSection } from "../../scripts/reliability/report";

export const REPORT_PATH = path.resolve(__dirname, "..", "..", "docs", "reliability.md");

export function expectMatchesCommittedSection(id: string, fresh: string): void {
  const committed = fs.existsSync(REPORT_PATH)
    ? extractSection(fs.readFileSync(REPORT_PATH, "utf8"), id)
    : undefined;
  // On mismatch: `npm run build && npm run reliability` regenerates the report.
  expect(committed).toBe(fresh);
}
