/**
 * The fault matrix: every fault mode the emulator injects, alone, against each lifecycle
 * operation run through the provider (the same methods the dynamic-provider host calls), with
 * the emulator's state checked afterwards. Cases run one at a time against a reset emulator, so
 * each request sequence is deterministic and can be written into docs/reliability.md.
 */
import { startEmulator, type ConnectEmulator, type FaultRule } from "../../emulator";
import type { OAuthIntegrationOutputs } from "../../provider";
import {
  byName,
  CANARY_API_KEY,
  CANARY_CLIENT_SECRET,
  CANARY_CLIENT_SECRET_2,
  checked,
  classifyFailure,
  configuredProvider,
  describeRequest,
  programInputs,
} from "./fixtures";

export type Operation = "create" | "read" | "update" | "delete";

export interface FaultCase {
  operation: Operation;
  /** Short human label of the fault, as the report shows it. */
  fault: string;
  /** Rules added once the operation's preconditions exist (the integration, for read/update/delete). */
  rules: FaultRule[];
  /** "succeeded", or "failed: <label>" with a label from fixtures.DOCUMENTED_FAILURES. */
  expected: string;
  /** Integrations of this case left on the server that the user is told about (only the unknown-create case). */
  allowedLeftovers?: number;
}

export interface FaultCaseResult {
  operation: Operation;
  fault: string;
  expected: string;
  outcome: string;
  /** The requests Connect saw during the operation, consecutive repeats folded (`×3`). */
  requests: string[];
  requestCount: number;
  faultsFired: number;
  /** Integrations of this case on the server afterwards. */
  remaining: number;
  duplicates: number;
  orphans: number;
  /** Server state agrees with what Pulumi would hold after this outcome. */
  consistent: boolean;
  /** Error message when the operation failed (kept out of the deterministic table). */
  message?: string;
  durationMs: number;
}

/** Per-attempt timeout for the matrix: small, so `hang` costs about a second. */
export const MATRIX_TIMEOUT_SECONDS = 1;

const ROUTE: Record<Operation, FaultRule["route"]> = {
  create: "create",
  read: "get",
  update: "update",
  delete: "delete",
};

const ONCE: Array<{ fault: string; kind: FaultRule["fault"] }> = [
  { fault: "429 + Retry-After: 1", kind: { kind: "status", status: 429, retryAfterSeconds: 1 } },
  { fault: "500", kind: { kind: "status", status: 500 } },
  { fault: "502", kind: { kind: "status", status: 502 } },
  { fault: "503", kind: { kind: "status", status: 503 } },
  { fault: "latency 300 ms", kind: { kind: "latency", ms: 300 } },
  { fault: "connection reset", kind: { kind: "reset" } },
  { fault: "drop after commit", kind: { kind: "drop-after-commit" } },
  { fault: "hang (> 1 s timeout)", kind: { kind: "hang" } },
];

/** Each fault firing once on each operation's request: all must succeed. */
export const SINGLE_FAULT_CASES: FaultCase[] = (
  ["create", "read", "update", "delete"] as const
).flatMap((operation) =>
  ONCE.map(({ fault, kind }) => ({
    operation,
    fault: `${fault}, once`,
    rules: [{ route: ROUTE[operation], fault: kind, times: 1 }],
    expected: "succeeded",
  })),
);

/** Faults that never stop: the operation must fail with the documented message and leave state consistent. */
export const PERSISTENT_FAULT_CASES: FaultCase[] = [
  {
    operation: "create",
    fault: "500, always",
    rules: [{ route: "create", fault: { kind: "status", status: 500 } }],
    expected: "failed: retries exhausted (HTTP)",
  },
  {
    operation: "create",
    fault: "hang, always",
    rules: [{ route: "create", fault: { kind: "hang" } }],
    expected: "failed: timed out",
  },
  {
    operation: "create",
    fault: "drop after commit, always",
    rules: [{ route: "create", fault: { kind: "drop-after-commit" } }],
    expected: "succeeded",
  },
  {
    operation: "create",
    fault: "drop after commit once, then listing 503 always",
    rules: [
      { route: "create", fault: { kind: "drop-after-commit" }, times: 1 },
      { route: "list", fault: { kind: "status", status: 503 } },
    ],
    expected: "failed: create outcome unknown, listing failed",
    allowedLeftovers: 1,
  },
  {
    operation: "read",
    fault: "503, always",
    rules: [{ route: "get", fault: { kind: "status", status: 503 } }],
    expected: "failed: retries exhausted (HTTP)",
  },
  {
    operation: "update",
    fault: "connection reset, always",
    rules: [{ route: "update", fault: { kind: "reset" } }],
    expected: "failed: connection lost",
  },
  {
    operation: "delete",
    fault: "429 + Retry-After: 1, always",
    rules: [{ route: "delete", fault: { kind: "status", status: 429, retryAfterSeconds: 1 } }],
    expected: "failed: retries exhausted (HTTP)",
  },
];

/** Runs one case against `emulator` (which it resets first). Never throws for the operation's own failure. */
export async function runFaultCase(
  emulator: ConnectEmulator,
  c: FaultCase,
  index: number,
): Promise<FaultCaseResult> {
  emulator.reset();
  const provider = await configuredProvider({
    "posit-connect:apiKey": CANARY_API_KEY,
    "posit-connect:timeoutSeconds": String(MATRIX_TIMEOUT_SECONDS),
  });
  const name = `matrix-${index}`;
  const v1 = await checked(provider, programInputs(emulator.url, name, 1, CANARY_CLIENT_SECRET));
  const v2 = await checked(provider, programInputs(emulator.url, name, 2, CANARY_CLIENT_SECRET_2));

  let existing: { id: string; outs: OAuthIntegrationOutputs } | undefined;
  if (c.operation !== "create") existing = await provider.create(v1);
  emulator.clearRequests();
  for (const rule of c.rules) emulator.addFault(rule);

  const started = Date.now();
  let outcome = "succeeded";
  let message: string | undefined;
  let returned: { id?: string; outs?: Partial<OAuthIntegrationOutputs> } = {};
  try {
    switch (c.operation) {
      case "create": {
        const r = await provider.create(v1);
        returned = { id: r.id, outs: r.outs };
        break;
      }
      case "read": {
        const r = await provider.read(existing!.id, existing!.outs);
        returned = { id: r.id, outs: r.props as Partial<OAuthIntegrationOutputs> };
        break;
      }
      case "update": {
        const r = await provider.update(existing!.id, existing!.outs, v2);
        returned = { id: existing!.id, outs: r.outs };
        break;
      }
      case "delete":
        await provider.delete(existing!.id, existing!.outs);
        break;
    }
  } catch (e) {
    message = (e as Error).message;
    outcome = `failed: ${classifyFailure(message)}`;
  }
  const durationMs = Date.now() - started;
  // Release hung requests' bookkeeping before inspecting state; nothing else is in flight.
  emulator.clearFaults();

  const guids = byName(emulator, name).get(name) ?? [];
  const { consistent, orphans } = judge(
    emulator,
    c,
    outcome,
    guids,
    existing?.id,
    returned,
    v1.clientSecret,
    v2.clientSecret,
  );
  const requests = emulator.requests.map(describeRequest);
  return {
    operation: c.operation,
    fault: c.fault,
    expected: c.expected,
    outcome,
    requests: fold(requests),
    requestCount: requests.length,
    faultsFired: emulator.requests.filter((r) => r.fault).length,
    remaining: guids.length,
    duplicates: Math.max(0, guids.length - 1),
    orphans,
    consistent,
    message,
    durationMs,
  };
}

/** Does the server hold what Pulumi would record after this outcome? */
function judge(
  emulator: ConnectEmulator,
  c: FaultCase,
  outcome: string,
  guids: string[],
  existingId: string | undefined,
  returned: { id?: string; outs?: Partial<OAuthIntegrationOutputs> },
  secretV1: string | undefined,
  secretV2: string | undefined,
): { consistent: boolean; orphans: number } {
  const ok = outcome === "succeeded";
  const server = (guid: string) => emulator.integrations().find((i) => i.guid === guid);
  switch (c.operation) {
    case "create": {
      // Success: exactly the returned integration, holding our secret. Failure: the engine
      // forgets the resource, so anything left is an orphan.
      if (!ok)
        return { consistent: guids.length <= (c.allowedLeftovers ?? 0), orphans: guids.length };
      const orphans = guids.filter((g) => g !== returned.id).length;
      const consistent =
        guids.length === 1 &&
        guids[0] === returned.id &&
        emulator.secretsOf(returned.id)?.client_secret === secretV1;
      return { consistent, orphans };
    }
    case "read": {
      const s = server(existingId!);
      const consistent =
        guids.length === 1 &&
        (!ok ||
          (returned.id === existingId &&
            returned.outs?.description === s?.description &&
            returned.outs?.config?.client_id === s?.config?.client_id));
      return { consistent, orphans: 0 };
    }
    case "update": {
      const s = server(existingId!);
      const want = ok
        ? { d: "reliability run v2", secret: secretV2 }
        : { d: "reliability run v1", secret: secretV1 };
      const consistent =
        guids.length === 1 &&
        s?.description === want.d &&
        emulator.secretsOf(existingId!)?.client_secret === want.secret &&
        (!ok || returned.outs?.description === want.d);
      return { consistent, orphans: 0 };
    }
    case "delete":
      // Success: gone. Failure: still there, and still in Pulumi's state.
      return { consistent: ok ? guids.length === 0 : guids.length === 1, orphans: 0 };
  }
}

function fold(items: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < items.length) {
    let j = i;
    while (j + 1 < items.length && items[j + 1] === items[i]) j++;
    out.push(j > i ? `${items[i]} ×${j - i + 1}` : items[i]);
    i = j + 1;
  }
  return out;
}

/** Runs `cases` one after another on a fresh emulator. */
export async function runFaultCases(
  cases: FaultCase[],
  firstIndex = 0,
): Promise<FaultCaseResult[]> {
  const emulator = await startEmulator({ adminKeys: [CANARY_API_KEY], faultSeed: 1 });
  try {
    const results: FaultCaseResult[] = [];
    for (const [i, c] of cases.entries())
      results.push(await runFaultCase(emulator, c, firstIndex + i));
    return results;
  } finally {
    await emulator.close();
  }
}
