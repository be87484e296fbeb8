/**
 * Proof 4: no canary (API keys, client secrets) appears in plaintext anywhere: process
 * stdout/stderr and console, thrown errors (message, stack, util.inspect, JSON), provider
 * outputs other than `clientSecret` (which Pulumi keeps secret), and the gRPC host's output
 * when its calls fail. Every flow runs, success and failure: create/read/update/delete, 400,
 * 401, 403, 404, 429, 5xx, timeout, TLS failure.
 */
import * as util from "util";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { oauthIntegrationProvider, type OAuthIntegrationOutputs } from "../../provider";
import {
  PROVIDER_KEY,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
} from "../support/dynamic-host";
import {
  CANARIES,
  CANARY_API_KEY,
  CANARY_CLIENT_SECRET,
  CANARY_CLIENT_SECRET_2,
  CANARY_PUBLISHER_KEY,
  checked,
  configuredProvider,
  programInputs,
  repoRoot,
} from "../../scripts/reliability/fixtures";
import { makePki, type TestPki } from "../../scripts/reliability/tls-fixtures";

const REVOKED_KEY = "canary-revoked-key-Pf40aN9s";
const UNKNOWN_KEY = "canary-unknown-key-Wm73cR1v";
const ALL = [...CANARIES, REVOKED_KEY, UNKNOWN_KEY];

let emulator: ConnectEmulator;
let tlsEmulator: ConnectEmulator;
let pki: TestPki;
const captured: string[] = [];
const thrown: unknown[] = [];
const outputs: Array<Partial<OAuthIntegrationOutputs>> = [];
const restore: Array<() => void> = [];

function spy(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[m];
    console[m] = (...args: unknown[]) => {
      captured.push(util.format(...args));
    };
    restore.push(() => (console[m] = original));
  }
}

async function provider(apiKey: string, extra: Record<string, string> = {}) {
  return configuredProvider({
    "posit-connect:apiKey": apiKey,
    "posit-connect:timeoutSeconds": "1",
    ...extra,
  });
}

/** Runs `fn`, keeping its error (if any) and the outputs it returned. */
async function flow(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    const r = (await fn()) as
      { outs?: OAuthIntegrationOutputs; props?: OAuthIntegrationOutputs } | undefined;
    if (r?.outs) outputs.push(r.outs);
    if (r?.props) outputs.push(r.props);
    return undefined;
  } catch (e) {
    thrown.push(e);
    return e;
  }
}

beforeAll(async () => {
  pki = makePki();
  emulator = await startEmulator({
    adminKeys: [CANARY_API_KEY, REVOKED_KEY],
    publisherKeys: [CANARY_PUBLISHER_KEY],
  });
  tlsEmulator = await startEmulator({
    adminKeys: [CANARY_API_KEY],
    tls: { key: pki.serverKey, cert: pki.serverCert },
  });
  spy();
});

afterAll(async () => {
  for (const r of restore.reverse()) r();
  await emulator?.close();
  await tlsEmulator?.close();
  pki?.dispose();
});

test("every flow, successful and failing, leaks no canary", async () => {
  const admin = await provider(CANARY_API_KEY);
  const inputs = await checked(admin, programInputs(emulator.url, "leak"));
  const rotated = await checked(
    admin,
    programInputs(emulator.url, "leak", 2, CANARY_CLIENT_SECRET_2),
  );
  const { id, outs } = await admin.create(inputs);
  outputs.push(outs);
  await flow(() => admin.read(id, outs));
  await flow(() => admin.update(id, outs, rotated));

  const errorsBefore = thrown.length;
  // 400: Connect rejects a config key, on create and on update.
  await flow(async () =>
    admin.create(
      await checked(admin, {
        ...programInputs(emulator.url, "bad"),
        config: { colour: CANARY_CLIENT_SECRET },
      }),
    ),
  );
  await flow(async () =>
    admin.update(
      id,
      outs,
      await checked(admin, {
        ...programInputs(emulator.url, "leak", 3, CANARY_CLIENT_SECRET_2),
        config: { colour: "x" },
      }),
    ),
  );
  // 401 (revoked key), 403 (publisher key) on every operation.
  emulator.revokeApiKey(REVOKED_KEY);
  for (const key of [REVOKED_KEY, CANARY_PUBLISHER_KEY]) {
    const p = await provider(key);
    await flow(() => p.create(inputs));
    await flow(() => p.read(id, outs));
    await flow(() => p.update(id, outs, rotated));
    await flow(() => p.delete(id, outs));
  }
  // 429 / 500 / 502 / 503 until retries are exhausted (POST: 500 is not retried, so fast), timeouts.
  emulator.addFault({ route: "create", fault: { kind: "status", status: 500 } });
  await flow(() => admin.create(inputs));
  emulator.clearFaults();
  emulator.addFault({ route: "update", fault: { kind: "status", status: 502 }, times: 6 });
  await flow(() => admin.update(id, outs, rotated));
  emulator.clearFaults();
  emulator.addFault({ route: "get", fault: { kind: "status", status: 429 }, times: 6 });
  await flow(() => admin.read(id, outs));
  emulator.clearFaults();
  emulator.addFault({ route: "create", fault: { kind: "hang" } });
  await flow(() => admin.create(inputs));
  emulator.clearFaults();
  // 404 on update; TLS failure.
  emulator.deleteIntegration(id);
  await flow(() => admin.update(id, outs, rotated));
  const tlsProvider = await provider(CANARY_API_KEY);
  await flow(async () =>
    tlsProvider.create(await checked(tlsProvider, programInputs(tlsEmulator.url, "tls"))),
  );
  await flow(() =>
    tlsProvider.delete("x", {
      connectUrl: tlsEmulator.url,
      clientSecret: CANARY_CLIENT_SECRET,
    } as OAuthIntegrationOutputs),
  );

  // Every error path above really failed, and with a ConnectError-style message.
  const failures = thrown.slice(errorsBefore) as Error[];
  expect(failures.length).toBe(2 + 8 + 4 + 1 + 1);
  for (const e of failures)
    expect(e.message).toMatch(/^(Connect OAuth integration|Adopted integration)/);
  const statuses = failures.map((e) => (e as { status?: number }).status ?? "none");
  expect(new Set(statuses)).toEqual(new Set([400, 401, 403, 404, 429, 500, 502, "none"]));

  const places: Record<string, string> = {
    "stdout/stderr/console": captured.join("\n"),
    "error messages": thrown.map((e) => (e as Error).message).join("\n"),
    "error stacks": thrown.map((e) => String((e as Error).stack)).join("\n"),
    "util.inspect": thrown
      .map((e) => util.inspect(e, { depth: 10, showHidden: true, getters: true }))
      .join("\n"),
    JSON: thrown.map((e) => JSON.stringify(e)).join("\n"),
    "outputs except clientSecret": outputs
      .map(({ clientSecret: _s, ...rest }) => JSON.stringify(rest))
      .join("\n"),
  };
  for (const [where, text] of Object.entries(places)) {
    for (const canary of ALL)
      expect({ where, leaked: text.includes(canary) ? canary : null }).toEqual({
        where,
        leaked: null,
      });
  }
  // The secret did reach Connect, so the check above is not vacuous.
  expect(outputs.some((o) => o.clientSecret === CANARY_CLIENT_SECRET)).toBe(true);
}, 90_000);

test("the gRPC host's stdout/stderr hold no canary when its calls fail", async () => {
  const serialized = await serializeProvider(oauthIntegrationProvider);
  expect(ALL.some((c) => serialized.text.includes(c))).toBe(false);
  const host = await startDynamicHost({
    cwd: repoRoot(),
    unsetEnv: ["CONNECT_API_KEY", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"],
    env: { NO_PROXY: "127.0.0.1" },
  });
  try {
    // A key Connect does not know: every call fails with 401.
    await host.configure({
      "posit-connect:apiKey": rpcSecret(UNKNOWN_KEY),
      "posit-connect:timeoutSeconds": "1",
    });
    const { inputs } = await host.check(
      {},
      { ...programInputs(emulator.url, "host-leak"), [PROVIDER_KEY]: serialized.text },
    );
    const errors: string[] = [];
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => errors.push("no error"),
        (e: Error) => errors.push(e.message),
      );
    await fail(host.create(inputs));
    await fail(
      host.read("00000000-0000-0000-0000-000000000000", {
        ...inputs,
        clientSecret: CANARY_CLIENT_SECRET,
      }),
    );
    await fail(
      host.delete("00000000-0000-0000-0000-000000000000", {
        ...inputs,
        clientSecret: CANARY_CLIENT_SECRET,
      }),
    );
    await fail(
      host.update(
        "00000000-0000-0000-0000-000000000000",
        { ...inputs, description: "old" },
        inputs,
      ),
    );
    expect(errors).toHaveLength(4);
    for (const m of errors)
      expect(m).toMatch(
        /Connect OAuth integration \w+ failed: .* returned HTTP 401 \(Connect error code 30/,
      );
    // The host logs read/delete errors with their stack itself: the capture is not empty.
    expect(host.stderr).toMatch(/read failed|delete failed/);
    for (const canary of ALL) {
      expect(host.output.includes(canary)).toBe(false);
      expect(errors.join("\n").includes(canary)).toBe(false);
    }
  } finally {
    await host.close();
  }
}, 60_000);
