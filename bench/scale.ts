/**
 * Item 4: N integrations created (check + create), refreshed (read) and deleted through one
 * real host with 16 operations in flight, the engine's default parallelism scale. Each
 * (variant, N) gets a fresh emulator and host, so `connectionsOpened` counts exactly the TCP
 * connections that run needed: with keep-alive it stays near the concurrency, not near N.
 */
import type { PropertyMap } from "../tests/support/dynamic-host";
import { nowMs, pool, round } from "./measure";
import { createOne, programInputs, startSession } from "./session";

export const CONCURRENCY = 16;
type Phase = "create" | "read" | "delete";

export interface PhaseResult {
  ms: number;
  opsPerSecond: number;
  msPerResource: number;
  connectionsOpened: number;
  requests: number;
}

export interface ScaleRow {
  variant: string;
  n: number;
  phases: Record<Phase, PhaseResult>;
  connectionsOpened: number;
}

export async function measureScale(opts: {
  cwd: string;
  variants: Array<{ name: string; text: string }>;
  sizes: number[];
}): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  const seen = new Map<number, number>();
  for (const n of opts.sizes) {
    // A size listed again is another trial; every other trial runs the variants in reverse, so
    // a machine that is busier early or late in a pair weighs on both alike.
    const trial = seen.get(n) ?? 0;
    seen.set(n, trial + 1);
    const order = trial % 2 ? [...opts.variants].reverse() : opts.variants;
    for (const v of order) rows.push(await runOne(opts.cwd, v.name, v.text, n));
  }
  return rows;
}

async function runOne(cwd: string, variant: string, text: string, n: number): Promise<ScaleRow> {
  const session = await startSession({ cwd });
  const { emulator, host } = session;
  try {
    const state: Array<{ id: string; inputs: PropertyMap; outs: PropertyMap }> = [];
    const phase = async (task: (i: number) => Promise<void>): Promise<PhaseResult> => {
      const connectionsBefore = emulator.connectionsOpened;
      emulator.clearRequests();
      const start = nowMs();
      await pool(n, CONCURRENCY, task);
      const ms = nowMs() - start;
      return {
        ms: round(ms, 1),
        opsPerSecond: round((n / ms) * 1000, 1),
        msPerResource: round(ms / n, 3),
        connectionsOpened: emulator.connectionsOpened - connectionsBefore,
        requests: emulator.requests.length,
      };
    };
    const create = await phase(async (i) => {
      state[i] = await createOne(host, programInputs(emulator.url, text, i));
    });
    const read = await phase(async (i) => {
      const r = await host.read(state[i].id, state[i].outs, state[i].inputs);
      if (r.id !== state[i].id) throw new Error(`read of ${state[i].id} lost the resource`);
    });
    const del = await phase(async (i) => {
      await host.delete(state[i].id, state[i].outs);
    });
    return {
      variant,
      n,
      phases: { create, read, delete: del },
      connectionsOpened: emulator.connectionsOpened,
    };
  } finally {
    await session.close();
  }
}
