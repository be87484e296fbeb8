/**
 * Items 1 and 3: what one resource operation costs through the real dynamic-provider host.
 * For each of check, diff, create, read, update and delete we count the Connect requests the
 * emulator logged (our provider must make at most 1, 1, 1, 1, 0, 0 for create, read, update,
 * delete, check, diff) and time the gRPC call, for our provider and for the bare-http
 * reference, alternating the two in every round so drift on the machine hits both alike.
 */
import type { PropertyMap } from "../tests/support/dynamic-host";
import { round, summarize, timed, type Summary } from "./measure";
import { programInputs, startSession } from "./session";

export const OPS = ["create", "read", "update", "delete", "check", "diff"] as const;
export type Op = (typeof OPS)[number];
/** Connect requests allowed per operation (the budget). */
export const REQUEST_LIMIT: Record<Op, number> = {
  create: 1,
  read: 1,
  update: 1,
  delete: 1,
  check: 0,
  diff: 0,
};

export interface OpResult {
  op: Op;
  /** Requests our provider made, the most seen in any round (should be constant). */
  requests: number;
  routes: string[];
  referenceRequests: number;
  limit: number;
  oursMs: Summary;
  referenceMs: Summary;
  /** Median of ours / median of reference. */
  ratio: number;
}

type Sample = { ms: number; requests: number; routes: string[] };
type Samples = Record<Op, Sample[]>;

const emptySamples = (): Samples =>
  Object.fromEntries(OPS.map((op) => [op, [] as Sample[]])) as unknown as Samples;

/** `ours`/`reference` are `__provider` texts; `cwd` is the host's (scratch install) directory. */
export async function measureOperations(opts: {
  cwd: string;
  ours: string;
  reference: string;
  rounds: number;
  warmup?: number;
}): Promise<OpResult[]> {
  const { rounds, warmup = 15 } = opts;
  const texts = { ours: opts.ours, reference: opts.reference };
  const session = await startSession({ cwd: opts.cwd });
  const { emulator, host } = session;
  const ours = emptySamples();
  const ref = emptySamples();
  try {
    let n = 0;
    // One resource lifecycle per call: check, create, diff, update, read, delete, as `up`,
    // `up` after an edit, `refresh` and `destroy` would send them.
    const lifecycle = async (text: string, into: Samples | undefined): Promise<void> => {
      const step = async <T>(op: Op, fn: () => Promise<T>): Promise<T> => {
        emulator.clearRequests();
        const { ms, result } = await timed(fn);
        const routes = emulator.requests.map((r) => `${r.method} ${r.route}`);
        into?.[op].push({ ms, requests: routes.length, routes });
        return result;
      };
      const news = programInputs(emulator.url, text, n++);
      const checked = await step("check", () => host.check({}, news));
      const { id, properties: outs } = await step("create", () => host.create(checked.inputs));
      const edited: PropertyMap = { ...checked.inputs, description: "benchmark, edited" };
      await step("diff", () => host.diff(id, outs, edited, { oldInputs: checked.inputs }));
      const updated = await step("update", () =>
        host.update(id, outs, edited, { oldInputs: checked.inputs }),
      );
      await step("read", () => host.read(id, updated.properties, edited));
      await step("delete", () => host.delete(id, updated.properties));
    };
    // Warm-up: the host deserializes each provider text once and caches it, and the first
    // ~100 gRPC calls of a fresh host run 3-10x slower until V8 has compiled the hot paths.
    for (let i = 0; i < warmup; i++) {
      await lifecycle(texts.ours, undefined);
      await lifecycle(texts.reference, undefined);
    }
    for (let i = 0; i < rounds; i++) {
      await lifecycle(texts.ours, ours);
      await lifecycle(texts.reference, ref);
    }
  } finally {
    await session.close();
  }
  return OPS.map((op) => {
    const o = summarize(ours[op].map((s) => s.ms));
    const r = summarize(ref[op].map((s) => s.ms));
    const worst = ours[op].reduce((a, s) => (s.requests >= a.requests ? s : a), ours[op][0]);
    return {
      op,
      requests: worst.requests,
      routes: worst.routes,
      referenceRequests: Math.max(...ref[op].map((s) => s.requests)),
      limit: REQUEST_LIMIT[op],
      oursMs: o,
      referenceMs: r,
      ratio: round(o.median / r.median),
    };
  });
}
