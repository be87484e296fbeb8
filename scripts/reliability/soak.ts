/**
 * The soak: many integrations created, refreshed, updated and deleted through the real
 * dynamic-provider host over gRPC (tests/support/dynamic-host.ts), concurrently, while the
 * emulator faults a seeded fraction of all API requests across every fault kind. Afterwards the
 * server must hold exactly what the provider reported, with no duplicate and no orphan, and
 * every failure must be a documented one that left state consistent.
 *
 * The emulator draws its seeded PRNG in request-arrival order, and arrival order under
 * concurrency varies, so which requests get faulted differs between runs with the same seed:
 * the invariants are reproducible, the exact counts are not (the report keeps them apart).
 */
import {
  startEmulator,
  type ConnectEmulator,
  type FaultKind,
  type WireIntegration,
} from "../../emulator";
import { OAUTH_INTEGRATION_TYPE as TYPE, oauthIntegrationProvider } from "../../provider";
import {
  HostCallError,
  PROVIDER_KEY,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
  HOST_ENV_TO_UNSET,
} from "../../tests/support/dynamic-host";
import {
  byName,
  CANARIES,
  CANARY_API_KEY,
  CANARY_CLIENT_SECRET,
  CANARY_CLIENT_SECRET_2,
  classifyFailure,
  programInputs,
  repoRoot,
} from "./fixtures";

export interface SoakOptions {
  count?: number;
  concurrency?: number;
  /** Fraction of API requests faulted. */
  faultRate?: number;
  seed?: number;
  timeoutSeconds?: number;
}

export const SOAK_DEFAULTS: Required<SoakOptions> = {
  count: 200,
  concurrency: 16,
  faultRate: 0.1,
  seed: 20260917,
  timeoutSeconds: 2,
};

export const SOAK_FAULTS: Array<{ label: string; fault: FaultKind }> = [
  { label: "429 + Retry-After: 1", fault: { kind: "status", status: 429, retryAfterSeconds: 1 } },
  { label: "500", fault: { kind: "status", status: 500 } },
  { label: "502", fault: { kind: "status", status: 502 } },
  { label: "503", fault: { kind: "status", status: 503 } },
  { label: "latency 200 ms", fault: { kind: "latency", ms: 200 } },
  { label: "reset", fault: { kind: "reset" } },
  { label: "drop-after-commit", fault: { kind: "drop-after-commit" } },
  { label: "hang", fault: { kind: "hang" } },
];

type Phase = "create" | "read" | "update" | "delete";

export interface SoakResult {
  options: Required<SoakOptions>;
  /** Operations that succeeded and failed, per phase, with failures by documented label. */
  phases: Record<Phase, { ok: number; failed: number; failures: Record<string, number> }>;
  requests: number;
  faulted: Record<string, number>;
  /** Requests beyond one per successful operation: retries, lookups and resends. */
  extraRequests: number;
  /** After creates, refreshes and updates. */
  tracked: number;
  onServer: number;
  duplicates: number;
  orphans: number;
  /** Integrations whose server copy differs from what the provider reported (guid: field). */
  mismatches: string[];
  /** Failures whose state was not what Pulumi would record (e.g. a failed create that left something). */
  inconsistentFailures: string[];
  undocumentedFailures: string[];
  /** After deletes (failed ones re-run without faults, as a second `pulumi destroy` would). */
  remainingAfterDelete: number;
  deletesRerun: number;
  /** Canary values found in host output or error messages. */
  leaks: string[];
  durationMs: number;
}

interface Tracked {
  name: string;
  id: string;
  outs: PropertyMap;
  /** Secret the server should hold. */
  secret: string;
}

const PREFIX = "soak-";
const UNSET_ENV = [...HOST_ENV_TO_UNSET, "NODE_EXTRA_CA_CERTS"];

/** Rules whose combined firing chance is `rate`, split evenly across kinds (rules are tried in order). */
export function soakRules(rate: number): Array<{ fault: FaultKind; probability: number }> {
  const each = rate / SOAK_FAULTS.length;
  return SOAK_FAULTS.map((f, k) => ({ fault: f.fault, probability: each / (1 - k * each) }));
}

export async function runSoak(opts: SoakOptions = {}): Promise<SoakResult> {
  const options = { ...SOAK_DEFAULTS, ...opts };
  const started = Date.now();
  const emulator = await startEmulator({ adminKeys: [CANARY_API_KEY], faultSeed: options.seed });
  let host: DynamicHost | undefined;
  try {
    const provider = await serializeProvider(oauthIntegrationProvider);
    host = await startDynamicHost({
      cwd: repoRoot(),
      project: "reliability",
      unsetEnv: UNSET_ENV,
      env: { NO_PROXY: "127.0.0.1,localhost" },
      resourceType: TYPE,
      callTimeoutMs: 180_000,
    });
    await host.configure({
      "posit-connect:apiKey": rpcSecret(CANARY_API_KEY),
      "posit-connect:timeoutSeconds": String(options.timeoutSeconds),
    });
    return await drive(emulator, host, provider.text, options, started);
  } finally {
    await host?.close();
    await emulator.close();
  }
}

async function drive(
  emulator: ConnectEmulator,
  host: DynamicHost,
  providerText: string,
  options: Required<SoakOptions>,
  started: number,
): Promise<SoakResult> {
  const phases = { create: stats(), read: stats(), update: stats(), delete: stats() };
  const messages: string[] = [];
  const inconsistentFailures: string[] = [];
  const tracked = new Map<number, Tracked>();
  const failedCreates: string[] = [];
  const withProvider = (p: Record<string, unknown>): PropertyMap => ({
    ...p,
    [PROVIDER_KEY]: providerText,
  });
  // `{ value }` so that a call resolving to nothing (Delete) still reads as a success.
  const attempt = async <T>(
    phase: Phase,
    fn: () => Promise<T>,
  ): Promise<{ value: T } | undefined> => {
    try {
      const value = await fn();
      phases[phase].ok++;
      return { value };
    } catch (e) {
      const message = e instanceof HostCallError ? e.details : String(e);
      messages.push(message);
      const label = classifyFailure(message);
      phases[phase].failed++;
      phases[phase].failures[label] = (phases[phase].failures[label] ?? 0) + 1;
      return undefined;
    }
  };

  for (const r of soakRules(options.faultRate)) emulator.addFault({ route: "*", ...r });

  await pool(options.count, options.concurrency, async (i) => {
    const name = `${PREFIX}${i}`;
    const { inputs } = await host.check(
      {},
      withProvider(programInputs(emulator.url, name, 1, CANARY_CLIENT_SECRET)),
    );
    const created = await attempt("create", () => host.create(inputs, { urn: host.urn(name) }));
    if (created)
      tracked.set(i, {
        name,
        id: created.value.id,
        outs: created.value.properties,
        secret: CANARY_CLIENT_SECRET,
      });
    else failedCreates.push(name);
  });

  await pool(options.count, options.concurrency, async (i) => {
    const t = tracked.get(i);
    if (!t) return;
    const refreshed = await attempt("read", () =>
      host.read(t.id, t.outs, undefined, { urn: host.urn(t.name) }),
    );
    if (refreshed) t.outs = refreshed.value.properties;
    const { inputs } = await host.check(
      {},
      withProvider(programInputs(emulator.url, t.name, 2, CANARY_CLIENT_SECRET_2)),
    );
    const d = await host.diff(t.id, t.outs, inputs, { urn: host.urn(t.name) });
    if (d.changes !== "some" || d.replaces.length > 0)
      throw new Error(`soak: unexpected diff for ${t.name}: ${JSON.stringify(d)}`);
    const updated = await attempt("update", () =>
      host.update(t.id, t.outs, inputs, { urn: host.urn(t.name) }),
    );
    if (updated)
      Object.assign(t, { outs: updated.value.properties, secret: CANARY_CLIENT_SECRET_2 });
  });

  // Compare with faults off: emulator.integrations() is a direct look, not an HTTP request.
  emulator.clearFaults();
  const servers = new Map(emulator.integrations().map((i) => [i.guid, i] as const));
  const groups = byName(emulator, PREFIX);
  const trackedIds = new Set([...tracked.values()].map((t) => t.id));
  const ours = [...groups.values()].flat();
  const mismatches: string[] = [];
  for (const t of tracked.values()) {
    const field = mismatch(t, servers.get(t.id), emulator.secretsOf(t.id));
    if (field) mismatches.push(`${t.id}: ${field}`);
  }
  for (const name of failedCreates) {
    if (groups.has(name))
      inconsistentFailures.push(
        `create of ${name} failed but left ${groups.get(name)!.join(", ")}`,
      );
  }
  const afterUpdate = {
    tracked: tracked.size,
    onServer: ours.length,
    duplicates: [...groups.values()].reduce((n, g) => n + g.length - 1, 0),
    orphans: ours.filter((g) => !trackedIds.has(g)).length,
  };

  for (const r of soakRules(options.faultRate)) emulator.addFault({ route: "*", ...r });
  const failedDeletes: Tracked[] = [];
  const all = [...tracked.values()];
  await pool(all.length, options.concurrency, async (k) => {
    const t = all[k];
    const ok = await attempt("delete", () => host.delete(t.id, t.outs, { urn: host.urn(t.name) }));
    if (ok === undefined) failedDeletes.push(t);
  });
  emulator.clearFaults();
  for (const t of failedDeletes) {
    if (!emulator.integrations().some((i) => i.guid === t.id))
      inconsistentFailures.push(`delete of ${t.id} failed but it is gone`);
    await host.delete(t.id, t.outs, { urn: host.urn(t.name) });
  }

  const faulted: Record<string, number> = {};
  for (const r of emulator.requests) if (r.fault) faulted[r.fault] = (faulted[r.fault] ?? 0) + 1;
  const attempted =
    Object.values(phases).reduce((n, p) => n + p.ok + p.failed, 0) + failedDeletes.length;
  const text = [host.output, ...messages].join("\n");
  return {
    options,
    phases,
    requests: emulator.requests.length,
    faulted,
    extraRequests: emulator.requests.length - attempted,
    ...afterUpdate,
    mismatches,
    inconsistentFailures,
    undocumentedFailures: messages.filter((m) => classifyFailure(m) === "UNDOCUMENTED"),
    remainingAfterDelete: [...byName(emulator, PREFIX).values()].flat().length,
    deletesRerun: failedDeletes.length,
    leaks: CANARIES.filter((c) => text.includes(c)),
    durationMs: Date.now() - started,
  };
}

/** The first field where the server's copy differs from the provider's report, if any. */
function mismatch(
  t: Tracked,
  server: WireIntegration | undefined,
  secrets: Record<string, string> | undefined,
): string | undefined {
  if (!server) return "missing on server";
  const outs = t.outs as {
    name?: string;
    description?: string | null;
    template?: string;
    authType?: string;
    config?: Record<string, unknown>;
  };
  const { auth_type: authType, ...config } = server.config ?? {};
  if (outs.name !== server.name) return "name";
  if (outs.description !== server.description) return "description";
  if (outs.template !== server.template) return "template";
  if (outs.authType !== (server.auth_type ?? authType)) return "authType";
  if (JSON.stringify(sorted(outs.config ?? {})) !== JSON.stringify(sorted(config))) return "config";
  if (secrets?.client_secret !== t.secret) return "client secret";
  return undefined;
}

const sorted = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

function stats() {
  return { ok: 0, failed: 0, failures: {} as Record<string, number> };
}

/** Runs `fn(0..n-1)` with at most `width` in flight. */
async function pool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
}
