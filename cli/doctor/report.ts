/** The doctor's two outputs: a table for people and `--json` for scripts. Never a secret. */
import type { IntegrationReport } from "./gather";

export function toJson(reports: IntegrationReport[]): string {
  return JSON.stringify({ integrations: reports }, null, 2);
}

const MARK = { ok: "ok", warn: "WARN", error: "ERROR", skipped: "skipped" } as const;

export function toTable(reports: IntegrationReport[], notes: string[]): string {
  const lines: string[] = [];
  if (reports.length === 0)
    lines.push("No databricks-template integrations on this Connect server.");
  for (const r of reports) {
    lines.push(`${r.name} (${r.guid})`);
    const width = Math.max(...r.checks.map((c) => c.id.length));
    for (const c of r.checks) {
      lines.push(`  ${MARK[c.status].padEnd(7)} ${c.id.padEnd(width)}  ${c.message}`);
    }
    lines.push("");
  }
  const counts = { ok: 0, warn: 0, error: 0, skipped: 0 };
  for (const c of reports.flatMap((r) => r.checks)) counts[c.status]++;
  lines.push(
    `${counts.error} error(s), ${counts.warn} warning(s), ${counts.ok} ok, ${counts.skipped} skipped`,
  );
  for (const n of notes) lines.push(n);
  return `${lines.join("\n")}\n`;
}
