/**
 * Fault injection, shared by both emulators. Rules are matched per request after routing and
 * before handling; a seeded PRNG decides probabilistic rules so a run with the same seed and
 * traffic repeats exactly. Each emulator passes its own route names.
 */

/** What a fault rule does to a request it fires on. */
export type FaultKind =
  /** Respond with the API's error body (and `Retry-After` when given); request not applied. */
  | { kind: "status"; status: 429 | 500 | 502 | 503; retryAfterSeconds?: number }
  /** Delay, then process normally. */
  | { kind: "latency"; ms: number }
  /** Destroy the socket before processing: the request is surely not applied. */
  | { kind: "reset" }
  /** Apply the change, then destroy the socket without responding. */
  | { kind: "drop-after-commit" }
  /** Never respond (until the client gives up or the emulator closes); request not applied. */
  | { kind: "hang" };

/** What the injector needs of a rule; the Databricks emulator's rules use their own route names. */
export interface BaseFaultRule {
  route: string;
  fault: FaultKind;
  probability?: number;
  times?: number;
}

interface ActiveRule<Rule extends BaseFaultRule> {
  rule: Rule;
  fired: number;
}

/** mulberry32: tiny, fast, good enough for test traffic. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector<Rule extends BaseFaultRule> {
  private readonly rules = new Map<number, ActiveRule<Rule>>();
  private nextId = 1;
  private random: () => number;

  /** @param routes route names a rule may name (besides "*") */
  constructor(
    private readonly seed: number,
    private readonly routes: ReadonlySet<string>,
  ) {
    this.random = mulberry32(seed);
  }

  add(rule: Rule): number {
    const id = this.nextId++;
    this.rules.set(id, {
      rule: validateFaultRule(rule, this.routes) as Rule,
      fired: 0,
    });
    return id;
  }

  remove(id: number): void {
    this.rules.delete(id);
  }

  list(): Array<Rule & { id: number; fired: number }> {
    return [...this.rules].map(([id, r]) => ({ ...r.rule, id, fired: r.fired }));
  }

  clear(): void {
    this.rules.clear();
  }

  /** Clears the rules and rewinds the PRNG to the seed. */
  reset(): void {
    this.clear();
    this.random = mulberry32(this.seed);
  }

  /** The fault to apply to a request on `route`, if any rule fires (counting the firing). */
  pick(route: string): FaultKind | undefined {
    for (const active of this.rules.values()) {
      const { rule } = active;
      if (rule.route !== "*" && rule.route !== route) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      // Draw only for probabilistic rules, so adding a certain rule does not shift the sequence.
      const p = rule.probability ?? 1;
      if (p < 1 && this.random() >= p) continue;
      active.fired++;
      return rule.fault;
    }
    return undefined;
  }
}

/**
 * Checks a rule (it may come as JSON from `POST /__emulator__/faults`).
 * @throws Error describing the first problem
 */
export function validateFaultRule(input: unknown, routes: ReadonlySet<string>): BaseFaultRule {
  const rule = input as Partial<BaseFaultRule> | null;
  if (typeof rule !== "object" || rule === null) throw new Error("fault rule must be an object");
  if (typeof rule.route !== "string" || (rule.route !== "*" && !routes.has(rule.route))) {
    throw new Error(`unknown route ${JSON.stringify(rule.route)}`);
  }
  const p = rule.probability;
  if (p !== undefined && (typeof p !== "number" || !(p >= 0 && p <= 1))) {
    throw new Error("probability must be a number in [0, 1]");
  }
  const times = rule.times;
  if (times !== undefined && (!Number.isInteger(times) || times < 0)) {
    throw new Error("times must be a non-negative integer");
  }
  validateFaultKind(rule.fault);
  return rule as BaseFaultRule;
}

function validateFaultKind(fault: unknown): void {
  const f = fault as Record<string, unknown> | null;
  if (typeof f !== "object" || f === null) throw new Error("fault must be an object");
  switch (f.kind) {
    case "status":
      if (![429, 500, 502, 503].includes(f.status as number)) {
        throw new Error("status must be one of 429, 500, 502, 503");
      }
      if (f.retryAfterSeconds !== undefined && typeof f.retryAfterSeconds !== "number") {
        throw new Error("retryAfterSeconds must be a number");
      }
      return;
    case "latency":
      if (typeof f.ms !== "number" || f.ms < 0) throw new Error("latency ms must be >= 0");
      return;
    case "reset":
    case "drop-after-commit":
    case "hang":
      return;
    default:
      throw new Error(`unknown fault kind ${JSON.stringify(f.kind)}`);
  }
}
