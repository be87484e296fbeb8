/**
 * Proof 5: TLS and proxies against a local HTTPS emulator whose certificate is signed by a
 * throwaway CA. Untrusted by default (with the TLS hint), trusted through
 * posit-connect:caCertificate or NODE_EXTRA_CA_CERTS (in the real provider host, a child
 * process), verification off only for the exact string "true"; HTTPS_PROXY tunnels through a
 * CONNECT proxy unless NO_PROXY names the host.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import {
  rpcSecret,
  PROVIDER_KEY,
  serializeProvider,
  startDynamicHost,
  HostCallError,
} from "../support/dynamic-host";
import {
  CANARIES,
  CANARY_API_KEY,
  checked,
  configuredProvider,
  programInputs,
  repoRoot,
} from "../../scripts/reliability/fixtures";
import {
  makePki,
  startTunnelProxy,
  type TestPki,
  type TunnelProxy,
} from "../../scripts/reliability/tls-fixtures";

const AGENTS = Symbol.for("pulumi-posit-connect.agents");
const PROXY_ENV = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "NO_PROXY",
  "no_proxy",
  "ALL_PROXY",
  "all_proxy",
];

let pki: TestPki;
let emulator: ConnectEmulator;
let proxy: TunnelProxy;
const savedEnv = { ...process.env };

function clearAgents(): void {
  (globalThis as unknown as Record<symbol, Map<string, unknown> | undefined>)[AGENTS]?.clear();
}

async function createWith(config: Record<string, string>, name: string) {
  const provider = await configuredProvider({
    "posit-connect:apiKey": CANARY_API_KEY,
    "posit-connect:timeoutSeconds": "5",
    ...config,
  });
  return provider.create(await checked(provider, programInputs(emulator.url, name)));
}

async function failureOf(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: Error) => err,
  );
  if (!e) throw new Error("expected a failure");
  return e;
}

beforeAll(async () => {
  pki = makePki();
  emulator = await startEmulator({
    adminKeys: [CANARY_API_KEY],
    tls: { key: pki.serverKey, cert: pki.serverCert },
    seedDefaultIntegration: false,
  });
  proxy = await startTunnelProxy();
});

afterAll(async () => {
  process.env = { ...savedEnv };
  clearAgents();
  await proxy?.close();
  await emulator?.close();
  pki?.dispose();
});

beforeEach(() => {
  for (const k of PROXY_ENV) delete process.env[k];
  clearAgents();
  emulator.reset();
  proxy.tunnels.length = 0;
});

describe("certificate verification", () => {
  test("an unknown CA is rejected with the actionable TLS hint, and nothing is created", async () => {
    const e = await failureOf(createWith({}, "tls-default"));
    expect(e.message).toMatch(
      /create failed: POST https:\/\/127\.0\.0\.1:\d+\/__api__\/v1\/oauth\/integrations got no answer \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/,
    );
    expect(e.message).toContain("posit-connect:caCertificate");
    expect(e.message).toContain("NODE_EXTRA_CA_CERTS");
    // A verification failure is final: no retry, no lookup, no resend.
    expect(emulator.requests).toEqual([]);
    expect(emulator.integrations()).toEqual([]);
    for (const c of CANARIES) expect(e.message).not.toContain(c);
  });

  test("posit-connect:caCertificate (PEM) makes the server trusted", async () => {
    const { id } = await createWith({ "posit-connect:caCertificate": pki.caPem }, "tls-ca");
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
  });

  test.each(["TRUE", "1", "yes", "false", ""])(
    "dangerouslyDisableTlsVerification=%j leaves verification on",
    async (value) => {
      const e = await failureOf(
        createWith(
          { "posit-connect:dangerouslyDisableTlsVerification": value },
          "tls-not-disabled",
        ),
      );
      expect(e.message).toContain("TLS certificate is not trusted");
    },
  );

  test('dangerouslyDisableTlsVerification="true" turns verification off', async () => {
    const { id } = await createWith(
      { "posit-connect:dangerouslyDisableTlsVerification": "true" },
      "tls-insecure",
    );
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
  });

  test("NODE_EXTRA_CA_CERTS is honoured in the provider host, alone and next to another caCertificate", async () => {
    const serialized = await serializeProvider(new OAuthIntegrationProvider());
    const host = await startDynamicHost({
      cwd: repoRoot(),
      unsetEnv: PROXY_ENV.concat("CONNECT_API_KEY"),
      env: { NODE_EXTRA_CA_CERTS: pki.caFile },
    });
    try {
      const make = async (name: string) => {
        const { inputs } = await host.check(
          {},
          { ...programInputs(emulator.url, name), [PROVIDER_KEY]: serialized.text },
        );
        return host.create(inputs);
      };
      await host.configure({ "posit-connect:apiKey": rpcSecret(CANARY_API_KEY) });
      const viaEnv = await make("extra-ca");
      // An unrelated caCertificate must not push NODE_EXTRA_CA_CERTS out of the trust store.
      const other = makePki();
      try {
        const host2 = await startDynamicHost({
          cwd: repoRoot(),
          unsetEnv: PROXY_ENV.concat("CONNECT_API_KEY"),
          env: { NODE_EXTRA_CA_CERTS: pki.caFile },
        });
        try {
          await host2.configure({
            "posit-connect:apiKey": rpcSecret(CANARY_API_KEY),
            "posit-connect:caCertificate": other.caPem,
          });
          const { inputs } = await host2.check(
            {},
            { ...programInputs(emulator.url, "extra-ca-2"), [PROVIDER_KEY]: serialized.text },
          );
          const both = await host2.create(inputs).catch((e: HostCallError) => e);
          expect(both).not.toBeInstanceOf(HostCallError);
        } finally {
          await host2.close();
        }
      } finally {
        other.dispose();
      }
      expect(
        emulator
          .integrations()
          .map((i) => i.name)
          .sort(),
      ).toEqual(["extra-ca", "extra-ca-2"]);
      expect(viaEnv.id).toBeTruthy();
    } finally {
      await host.close();
    }
  }, 60_000);
});

describe("proxies", () => {
  test("HTTPS_PROXY: requests tunnel through the proxy, and the CA still applies end to end", async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const { id } = await createWith({ "posit-connect:caCertificate": pki.caPem }, "via-proxy");
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
    const port = new URL(emulator.url).port;
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${port}`]));
    // Through the tunnel the server's certificate is still checked.
    clearAgents();
    const e = await failureOf(createWith({}, "via-proxy-untrusted"));
    expect(e.message).toContain("TLS certificate is not trusted");
  });

  test("NO_PROXY=127.0.0.1 bypasses the proxy", async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = "127.0.0.1";
    const { id } = await createWith({ "posit-connect:caCertificate": pki.caPem }, "no-proxy");
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
    expect(proxy.tunnels).toEqual([]);
  });
});
