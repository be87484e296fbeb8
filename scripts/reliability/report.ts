/**
 * Markdown for docs/reliability.md. Every deterministic section sits between
 * `<!-- section:<id> -->` and `<!-- /section:<id> -->` markers so a test can compare it with a
 * fresh run; timings and seeded-but-order-dependent counts go in sections marked `volatile`,
 * which the comparison skips.
 */
import type { FaultCaseResult } from "./fault-matrix";

export type SectionId = "single-faults" | "persistent-faults" | "soak" | "bad-inputs";

export function section(id: SectionId | `volatile-${string}`, body: string): string {
  return `<!-- section:${id} -->\n${body.trim()}\n<!-- /section:${id} -->`;
}

/** The text of section `id` in `markdown`, or undefined. */
export function extractSection(markdown: string, id: string): string | undefined {
  const start = `<!-- section:${id} -->`;
  const end = `<!-- /section:${id} -->`;
  const a = markdown.indexOf(start);
  const b = markdown.indexOf(end);
  if (a < 0 || b < a) return undefined;
  return markdown.slice(a, b + end.length);
}

const cell = (s: string | number) => String(s).replace(/\|/g, "\\|");

export function faultMatrixSection(
  id: "single-faults" | "persistent-faults",
  results: FaultCaseResult[],
): string {
  const rows = results.map((r) =>
    [
      r.operation,
      r.fault,
      r.outcome === r.expected ? r.outcome : `**${r.outcome}** (expected ${r.expected})`,
      r.requests.map((q) => `\`${q}\``).join(" → "),
      r.faultsFired,
      r.remaining,
      r.duplicates,
      r.orphans,
      r.consistent ? "yes" : "**NO**",
    ]
      .map(cell)
      .join(" | "),
  );
  const ok = results.filter((r) => r.outcome === r.expected && r.consistent).length;
  const body = [
    `${results.length} cases, ${ok} as expected; ${sum(results, (r) => r.requestCount)} requests, ${sum(results, (r) => r.faultsFired)} faulted, ` +
      `${sum(results, (r) => r.duplicates)} duplicates, ${sum(results, (r) => r.orphans)} orphans.`,
    "",
    "| operation | fault | outcome | requests Connect saw | faulted | left on server | duplicates | orphans | server = state |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
  ];
  return section(id, body.join("\n"));
}

export function timingsSection(id: string, rows: Array<[string, number]>): string {
  const body = [
    "| run | duration (ms) |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${cell(k)} | ${v} |`),
  ];
  return section(`volatile-${id}`, body.join("\n"));
}

export function sum<T>(items: T[], f: (t: T) => number): number {
  return items.reduce((acc, t) => acc + f(t), 0);
}

import type { SoakResult } from "./soak";

/** The reproducible part of the soak: its size and its invariants. */
export function soakSection(r: SoakResult): string {
  const o = r.options;
  const rows: Array<[string, string | number]> = [
    ["integrations", o.count],
    ["concurrency", o.concurrency],
    [
      "faulted share of API requests",
      `${Math.round(o.faultRate * 100)}% (seed ${o.seed}, all 8 fault kinds)`,
    ],
    ["per-attempt timeout", `${o.timeoutSeconds} s`],
    [
      "path",
      "program inputs → gRPC → @pulumi/pulumi dynamic-provider host → provider → Connect emulator",
    ],
    [
      "server = provider report after create/refresh/update",
      r.mismatches.length === 0 && r.onServer === r.tracked
        ? "yes"
        : `**NO** (${r.mismatches.length} mismatches)`,
    ],
    ["duplicates", r.duplicates],
    ["orphans", r.orphans],
    ["failures with an undocumented message", r.undocumentedFailures.length],
    ["failures that left state inconsistent", r.inconsistentFailures.length],
    ["integrations of ours left after delete", r.remainingAfterDelete],
    ["canaries in host output or errors", r.leaks.length],
  ];
  return section(
    "soak",
    [
      "| property | value |",
      "|---|---|",
      ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    ].join("\n"),
  );
}

/** Counts that depend on request arrival order under concurrency; not compared. */
export function soakStatsSection(r: SoakResult): string {
  const phase = (p: SoakResult["phases"]["create"]) =>
    `${p.ok} ok, ${p.failed} failed${
      p.failed
        ? ` (${Object.entries(p.failures)
            .map(([k, v]) => `${k}: ${v}`)
            .join("; ")})`
        : ""
    }`;
  const rows: Array<[string, string | number]> = [
    ["create", phase(r.phases.create)],
    ["refresh (read)", phase(r.phases.read)],
    ["update", phase(r.phases.update)],
    ["delete", phase(r.phases.delete)],
    ["failed deletes re-run without faults", r.deletesRerun],
    ["API requests", r.requests],
    [
      "faulted requests",
      Object.entries(r.faulted)
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(", "),
    ],
    ["extra requests (retries, lookups, resends)", r.extraRequests],
    ["duration", `${(r.durationMs / 1000).toFixed(1)} s`],
  ];
  return section(
    "volatile-soak",
    [
      "| soak run | value |",
      "|---|---|",
      ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    ].join("\n"),
  );
}

import type { CheckPropertyStats, MalformedStats } from "./bad-inputs";

export function badInputsSection(check: CheckPropertyStats, bodies: MalformedStats): string {
  const kinds = Object.entries(bodies.byKind)
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const statuses = Object.entries(bodies.byStatus)
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const rows = [
    `| \`check\` on generated program inputs (schema-shaped, random values, extra keys, preview sentinel) | ${check.runs} | ${check.withFailures} rejected with ${check.failures} failures, ${check.runs - check.withFailures} accepted (including all ${check.acceptedValid} generated valid inputs); 0 throws; every failure names a schema property |`,
    `| malformed create/update bodies over HTTP (${kinds}) | ${bodies.runs} | ${statuses}; all \`{code, error, payload: null}\`; 0 5xx, 0 crashes |`,
  ];
  return section(
    "bad-inputs",
    ["| bad input | tried | outcome |", "|---|---|---|", ...rows].join("\n"),
  );
}
