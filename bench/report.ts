/**
 * Turns the results into the printed tables (GitHub markdown, so the same text can be pasted
 * into the README's Performance section) and the verdicts the issue asks for. Pure: no I/O.
 */
import type { CliResult } from "./cli";
import type { Machine } from "./measure";
import { round } from "./measure";
import type { MocksRow } from "./mocks";
import type { OpResult } from "./operations";
import type { ScaleRow } from "./scale";
import type { SizeRow } from "./size";

export interface Results {
  machine: Machine;
  startedAt: string;
  totalSeconds: number;
  package: { tarballBytes: number };
  operations: OpResult[];
  sizes: SizeRow[];
  scale: ScaleRow[];
  mocks: MocksRow[];
  cli: CliResult;
  verdicts: Verdict[];
}

export interface Verdict {
  check: string;
  ok: boolean;
  detail: string;
}

const table = (head: string[], rows: Array<Array<string | number>>): string =>
  [head, head.map(() => "---"), ...rows.map((r) => r.map(String))]
    .map((r) => `| ${r.join(" | ")} |`)
    .join("\n");

const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;

export function verdicts(
  r: Omit<Results, "verdicts" | "totalSeconds">,
  concurrency: number,
): Verdict[] {
  const out: Verdict[] = r.operations.map((o) => ({
    check: `requests per ${o.op} ≤ ${o.limit}`,
    ok: o.requests <= o.limit,
    detail: `${o.requests} (${o.routes.join(", ") || "none"})`,
  }));
  for (const s of r.sizes) {
    out.push({
      check: `${s.variant} provider works through the host`,
      ok: s.worksThroughHost,
      detail: s.error ?? "create + delete ok",
    });
  }
  const installed = r.sizes.find((s) => s.variant === "installed package");
  if (installed) {
    out.push({
      check: "installed provider ≤ 4 KB (a shim + require)",
      ok: installed.bytes <= 4096,
      detail: kb(installed.bytes),
    });
  }
  for (const s of r.scale) {
    out.push({
      check: `${s.variant} N=${s.n}: TCP connections ≤ ${concurrency + 4}`,
      ok: s.connectionsOpened <= concurrency + 4,
      detail: `${s.connectionsOpened} for ${3 * s.n} operations`,
    });
  }
  for (const variant of new Set(r.scale.map((s) => s.variant))) {
    const rows = r.scale.filter((s) => s.variant === variant).sort((a, b) => a.n - b.n);
    const [first, last] = [rows[1] ?? rows[0], rows[rows.length - 1]];
    if (!first || first === last) continue;
    for (const phase of ["create", "read", "delete"] as const) {
      const growth = last.phases[phase].msPerResource / first.phases[phase].msPerResource;
      out.push({
        check: `${variant} ${phase}: time/N roughly constant N=${first.n}→${last.n} (≤ 2×)`,
        ok: growth <= 2,
        detail: `${round(growth)}×`,
      });
    }
  }
  return out;
}

export function render(r: Results): string {
  const m = r.machine;
  const parts: string[] = [];
  parts.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`,
  );

  parts.push(
    "### Requests and latency per operation (real dynamic-provider host over gRPC, emulator)",
  );
  parts.push(
    table(
      [
        "operation",
        "Connect requests (limit)",
        "reference requests",
        "ours median ms (min–max)",
        "reference median ms (min–max)",
        "ratio",
      ],
      r.operations.map((o) => [
        o.op,
        `${o.requests} (${o.limit})${o.requests <= o.limit ? "" : " ✗"}`,
        o.referenceRequests,
        `${ms(o.oursMs.median)} (${ms(o.oursMs.min)}–${ms(o.oursMs.max)})`,
        `${ms(o.referenceMs.median)} (${ms(o.referenceMs.min)}–${ms(o.referenceMs.max)})`,
        `${o.ratio}×`,
      ]),
    ) +
      `\n\n${r.operations[0]?.oursMs.runs ?? 0} runs per cell after warm-up; ours = the installed package's provider.`,
  );

  parts.push("### Serialized provider (`__provider`) per resource");
  parts.push(
    table(
      [
        "variant",
        "bytes",
        "in state per resource (×2)",
        "vs reference",
        "require()s",
        "works through host",
      ],
      r.sizes.map((s) => [
        s.variant,
        s.bytes,
        kb(s.stateBytesPerResource),
        `${s.ratioToReference}×`,
        s.requires.join(", ") || "—",
        s.worksThroughHost ? "yes" : `**no**: ${s.error}`,
      ]),
    ) + `\n\nPacked tarball: ${kb(r.package.tarballBytes)}.`,
  );

  parts.push(
    "### Scale: create / refresh / delete N integrations through one host, concurrency 16",
  );
  parts.push(
    table(
      [
        "provider",
        "N",
        "create ops/s",
        "read ops/s",
        "delete ops/s",
        "ms/N create·read·delete",
        "TCP connections",
      ],
      r.scale.map((s) => [
        s.variant,
        s.n,
        s.phases.create.opsPerSecond,
        s.phases.read.opsPerSecond,
        s.phases.delete.opsPerSecond,
        `${ms(s.phases.create.msPerResource)} · ${ms(s.phases.read.msPerResource)} · ${ms(s.phases.delete.msPerResource)}`,
        s.connectionsOpened,
      ]),
    ),
  );

  parts.push("### Program time under Pulumi mocks (`DatabricksConnectOAuth`, fresh process per N)");
  parts.push(
    table(
      [
        "N components",
        "setMocks → outputs resolved (ms)",
        "of which loading the library (ms)",
        "per component, after loading (ms)",
        "whole process (ms)",
        "RSS (MiB)",
      ],
      r.mocks.map((x) => [
        x.n,
        ms(x.programMs),
        ms(x.loadMs),
        ms(x.perComponentMs),
        x.processMs,
        x.rssMiB,
      ]),
    ),
  );

  parts.push(
    "### Real CLI (local file:// backend): ConnectOAuthIntegration vs trivial dynamic resource",
  );
  if ("notRun" in r.cli) {
    parts.push(
      table(["N", "command", "result"], [["1, 10, 50", "up / refresh / destroy", r.cli.notRun]]),
    );
  } else {
    parts.push(
      table(
        ["N", "command", "ours (s)", "trivial (s)", "ratio", "Connect requests", "TCP connections"],
        r.cli.rows.map((c) => [
          c.n,
          `pulumi ${c.command}`,
          (c.connectMs / 1000).toFixed(1),
          (c.trivialMs / 1000).toFixed(1),
          `${c.ratio}×`,
          c.connectRequests,
          c.connectionsOpened,
        ]),
      ) + `\n\npulumi ${r.cli.version}, \`--yes --skip-preview\`.`,
    );
  }

  parts.push("### Verdicts");
  parts.push(
    table(
      ["check", "result", "detail"],
      r.verdicts.map((v) => [v.check, v.ok ? "ok" : "**FAIL**", v.detail]),
    ),
  );
  parts.push(`Total bench time: ${r.totalSeconds.toFixed(0)} s`);
  return parts.join("\n\n") + "\n";
}
