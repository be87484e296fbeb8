/**
 * One ConnectClient per configuration: provider calls reuse it, each still makes exactly one
 * Connect request (none for check and diff), and the secrets to redact travel with each call
 * instead of accumulating in the shared client.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { ConnectClient, OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "../../provider";
import { connectClientFor } from "../../provider/connect/client-cache";

const ADMIN = "canary-admin-key-reuse-31c9";
const OTHER_ADMIN = "canary-admin-key-reuse-other-8e02";
const SECRET_A = "canary-client-secret-reuse-a1";
const SECRET_B = "canary-client-secret-reuse-b2";

let emulator: ConnectEmulator;

function configured(apiKey: string): OAuthIntegrationProvider {
  const p = new OAuthIntegrationProvider();
  const values: Record<string, string> = { "posit-connect:apiKey": apiKey };
  void p.configure({ config: { get: (k: string) => values[k] } });
  return p;
}

const inputs = (n: number, secret = SECRET_A) =>
  ({
    connectUrl: emulator.url,
    name: `Reuse ${n}`,
    template: "databricks",
    config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: `c-${n}` },
    clientSecret: secret,
  }) as unknown as OAuthIntegrationInputs;

/** Runs `fn` and returns the Connect requests it made, as `METHOD route`. */
async function requestsOf<T>(fn: () => Promise<T>): Promise<{ result: T; routes: string[] }> {
  emulator.clearRequests();
  const result = await fn();
  return { result, routes: emulator.requests.map((r) => `${r.method} ${r.route}`) };
}

beforeAll(async () => {
  emulator = await startEmulator({ adminKeys: [ADMIN, OTHER_ADMIN] });
});
afterAll(() => emulator.close());
afterEach(() => jest.restoreAllMocks());

describe("connectClientFor", () => {
  const base = () => ({ baseUrl: emulator.url, apiKey: ADMIN });

  test("the same configuration gets the same client, however the URL ends", () => {
    const a = connectClientFor(base());
    expect(connectClientFor(base())).toBe(a);
    expect(connectClientFor({ ...base(), baseUrl: `${emulator.url}//` })).toBe(a);
  });

  test.each([
    ["API key", { apiKey: OTHER_ADMIN }],
    ["URL", { baseUrl: "http://127.0.0.1:1" }],
    ["timeout", { timeoutMs: 1234 }],
    ["CA certificate", { caCertificate: "-----BEGIN CERTIFICATE-----\nx\n" }],
    ["TLS verification", { dangerouslyDisableTlsVerification: true }],
  ])("a different %s gets a different client", (_what, change) => {
    expect(connectClientFor({ ...base(), ...change })).not.toBe(connectClientFor(base()));
  });

  test("a proxy set in the environment after the first call gets a new client", () => {
    const direct = connectClientFor({ ...base(), baseUrl: "https://connect.invalid" });
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = "http://127.0.0.1:3128";
    try {
      expect(connectClientFor({ ...base(), baseUrl: "https://connect.invalid" })).not.toBe(direct);
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});

describe("provider calls share one client", () => {
  test("create, diff, update, read, delete: one request each (none for check and diff), all on one client", async () => {
    const provider = configured(ADMIN);
    const shared = connectClientFor({ baseUrl: emulator.url, apiKey: ADMIN });
    const used: unknown[] = [];
    for (const method of ["create", "get", "update", "delete"] as const) {
      const proto = ConnectClient.prototype as unknown as Record<
        string,
        (...a: unknown[]) => Promise<unknown>
      >;
      const original = proto[method];
      jest.spyOn(proto, method).mockImplementation(function (this: ConnectClient, ...args) {
        used.push(Object.getPrototypeOf(this));
        return original.apply(this, args);
      });
    }

    const checked = await requestsOf(() => provider.check({} as OAuthIntegrationInputs, inputs(1)));
    expect(checked.routes).toEqual([]);
    const news = checked.result.inputs;

    const created = await requestsOf(() => provider.create(news));
    expect(created.routes).toEqual(["POST create"]);
    const { id, outs } = created.result;

    const edited = { ...news, name: "Reuse 1, edited" };
    const diffed = await requestsOf(() => provider.diff(id, outs, edited));
    expect(diffed.routes).toEqual([]);
    expect(diffed.result.changes).toBe(true);

    const updated = await requestsOf(() => provider.update(id, outs, edited));
    expect(updated.routes).toEqual(["PATCH update"]);

    const read = await requestsOf(() =>
      provider.read(id, updated.result.outs as OAuthIntegrationOutputs),
    );
    expect(read.routes).toEqual(["GET get"]);

    const deleted = await requestsOf(() =>
      provider.delete(id, updated.result.outs as OAuthIntegrationOutputs),
    );
    expect(deleted.routes).toEqual(["DELETE delete"]);

    // Each call ran on a per-call view whose prototype is the one cached client.
    expect(used).toHaveLength(4);
    for (const client of used) expect(client).toBe(shared);
    expect(connectClientFor({ baseUrl: emulator.url, apiKey: ADMIN })).toBe(shared);
  });

  test("another API key is served by another client", async () => {
    const { id } = await configured(OTHER_ADMIN).create(inputs(2));
    const gets = jest.spyOn(ConnectClient.prototype, "get");
    await configured(OTHER_ADMIN).read(id, { connectUrl: emulator.url } as OAuthIntegrationOutputs);
    const viewPrototype = Object.getPrototypeOf(gets.mock.contexts[0]);
    expect(viewPrototype).toBe(connectClientFor({ baseUrl: emulator.url, apiKey: OTHER_ADMIN }));
    expect(viewPrototype).not.toBe(connectClientFor({ baseUrl: emulator.url, apiKey: ADMIN }));
  });
});

describe("secrets to redact are per call", () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    // A Connect that echoes the request body into its error, as a careless proxy might.
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ code: 3, error: `rejected: ${body}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("each call's client secret is redacted from its error, and the shared client keeps none", async () => {
    const provider = configured(ADMIN);
    const failureOf = (secret: string) =>
      provider
        .create({ ...inputs(3, secret), connectUrl: url })
        .then(() => undefined)
        .catch((e: Error) => e);

    const first = await failureOf(SECRET_A);
    const second = await failureOf(SECRET_B);
    for (const [error, secret] of [
      [first, SECRET_A],
      [second, SECRET_B],
    ] as const) {
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toContain("rejected:");
      expect(error!.message).toContain("[redacted]");
      expect(error!.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }

    // The cached client redacts its API key only: per-call secrets never became its state.
    const shared = connectClientFor({ baseUrl: url, apiKey: ADMIN }) as unknown as {
      secrets: ReadonlyArray<string | undefined>;
    };
    expect(shared.secrets).toEqual([ADMIN]);
  });
});
