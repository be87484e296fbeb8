/**
 * Item 5: program time under Pulumi mocks for N components, each N in its own child process
 * (bench/mocks-program.ts). The child's total wall time is reported too: it includes Node and
 * @pulumi/pulumi start-up, which users also pay for every `pulumi preview` and test run.
 */
import { execFile } from "child_process";
import * as path from "path";
import { nowMs, round } from "./measure";

export interface MocksRow {
  n: number;
  /** setMocks → all component outputs resolved. */
  programMs: number;
  /** Part of programMs spent loading the library module (and @pulumi/databricks). */
  loadMs: number;
  perComponentMs: number;
  /** Spawn → exit of the child process. */
  processMs: number;
  rssMiB: number;
}

export async function measureMocks(modulePath: string, sizes: number[]): Promise<MocksRow[]> {
  const script = path.join(__dirname, "mocks-program.js");
  const rows: MocksRow[] = [];
  for (const n of sizes) {
    const start = nowMs();
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [script, String(n), modulePath],
        { timeout: 180_000, maxBuffer: 16 << 20 },
        (err, out, errOut) =>
          // The closure serializer's DEP0025 warnings go to stderr; keep them only on failure.
          err
            ? reject(new Error(`mocks program (N=${n}) failed: ${err.message}\n${errOut}`))
            : resolve(out),
      ),
    );
    const processMs = nowMs() - start;
    const line = stdout.trim().split("\n").pop() ?? "{}";
    const r = JSON.parse(line) as { ms: number; loadMs: number; rssMiB: number };
    rows.push({
      n,
      programMs: round(r.ms, 1),
      loadMs: round(r.loadMs, 1),
      perComponentMs: round((r.ms - r.loadMs) / n, 2),
      processMs: round(processMs, 0),
      rssMiB: r.rssMiB,
    });
  }
  return rows;
}
