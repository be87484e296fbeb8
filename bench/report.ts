/**
 * Turns the results into the printed tables (GitHub markdown, so the same text can be pasted
 * into the README's Performance section) and the verdicts the issue asks for. Pure: no I/O.
 */
import type { CliResult } from "./cli";
import type { Machine } from "./measure";
import { round, summarize } from "./measure";
import type { MocksRow } from "./mocks";
import type { OpResult } from "./operations";
import type { RootProgramResult } from "./root-program";
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
  rootProgram: RootProgramResult;
  goals: Goal[];
  verdicts: Verdict[];
}

/** One of issue 16's goals: the measured value beside the target. */
export interface Goal {
  measure: string;
  value: string;
  goal: string;
  met: boolean;
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

type Measured = Omit<Results, "goals" | "verdicts" | "totalSeconds">;

/** The N at which throughput is compared: issue 16 measured 200 creates at concurrency 16. */
export const THROUGHPUT_N = 200;

export function goals(r: Measured): Goal[] {
  const out: Goal[] = [];
  const size = (v: SizeRow["variant"]) => r.sizes.find((s) => s.variant === v);
  const installed = size("installed package");
  const previous = size("installed package, release 0.1.0");
  const reference = size("reference (bare http)");
  if (installed && reference) {
    const ratio = installed.bytes / reference.bytes;
    out.push({
      measure: "serialized provider vs bare reference",
      value: `${round(ratio)}× (${installed.bytes} B vs ${reference.bytes} B${previous ? `; release 0.1.0: ${round(previous.bytes / reference.bytes)}×, ${previous.bytes} B` : ""})`,
      goal: "≤ 2×",
      met: ratio <= 2,
    });
  }
  if ("rows" in r.rootProgram) {
    const [before, after] = r.rootProgram.rows;
    out.push({
      measure: "root program `__provider` per integration (inputs + outputs hold it twice)",
      value: `${after.providerBytes} B, was ${before.providerBytes} B; ${after.sameAsInstalled ? "identical to" : "**differs from**"} the installed package's`,
      goal: "= installed",
      met: after.sameAsInstalled,
    });
  } else {
    out.push({
      measure: "root program `__provider` per integration",
      value: r.rootProgram.notRun,
      goal: "= installed",
      met: false,
    });
  }
  const create = r.operations.find((o) => o.op === "create");
  if (create) {
    out.push({
      measure: "create latency vs bare, one at a time (median)",
      value: `${create.ratio}× (${ms(create.oursMs.median)} vs ${ms(create.referenceMs.median)} ms)`,
      goal: "≤ 1.2×",
      met: create.ratio <= 1.2,
    });
  }
  // Trials of one N are compared by their medians.
  const opsAt = (variant: string, n: number): number[] =>
    r.scale
      .filter((s) => s.variant === variant && s.n === n)
      .map((s) => s.phases.create.opsPerSecond);
  for (const n of [...new Set(r.scale.map((s) => s.n))].filter((n) => n >= THROUGHPUT_N)) {
    const [ours, ref] = [opsAt("ours (installed)", n), opsAt("reference", n)];
    if (!ours.length || !ref.length) continue;
    const [o, b] = [summarize(ours).median, summarize(ref).median];
    const ratio = o / b;
    const trials = ours.length > 1 ? `, median of ${ours.length} alternating trials` : "";
    out.push({
      measure: `create throughput vs bare, N = ${n}, concurrency 16${trials}`,
      value: `${round(ratio)}× (${round(o, 1)} vs ${round(b, 1)} ops/s)`,
      goal: `≥ ${round(1 / 1.2)}× (1/1.2)`,
      met: ratio >= 1 / 1.2,
    });
  }
  const requests = r.operations.map((o) => `${o.op} ${o.requests}`).join(", ");
  out.push({
    measure: "Connect requests per operation",
    value: requests,
    goal: "create/read/update/delete 1, check/diff 0",
    met: r.operations.every((o) => o.requests === o.limit),
  });
  return out;
}

export function verdicts(r: Measured, concurrency: number): Verdict[] {
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

  parts.push("### Goals (issue 16), measured in this run");
  parts.push(
    table(
      ["measure", "value", "goal", "met"],
      r.goals.map((g) => [g.measure, g.value, g.goal, g.met ? "yes" : "**no**"]),
    ),
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

  parts.push("### Root program (`pulumi up` from this repository): `__provider` per integration");
  if ("notRun" in r.rootProgram) {
    parts.push(table(["variant", "result"], [["before / after", r.rootProgram.notRun]]));
  } else {
    parts.push(
      table(
        [
          "index.ts",
          "`__provider` bytes",
          "integration state (inputs + outputs)",
          "require()s",
          "= installed",
        ],
        r.rootProgram.rows.map((x) => [
          x.variant,
          x.providerBytes,
          kb(x.stateBytes),
          x.requires.join(", ") || "—",
          x.sameAsInstalled ? "yes" : "no",
        ]),
      ),
    );
  }

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
