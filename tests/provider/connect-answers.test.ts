/**
 * Answers that must not be taken for Connect's, and failures that must say what happened:
 * the provider's lifecycle called in-process against the Connect emulator over real HTTP, with a
 * non-Connect server (tests/support/gateway.ts) in front of it where the case needs one.
 */
import * as net from "net";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "../../provider";
import { makePki, type TestPki } from "../../scripts/reliability/tls-fixtures";
import { startGateway, passThrough, type Gateway } from "../support/gateway";

const ADMIN = "canary-admin-key-answers-31c9";
const SECRET = "canary-client-secret-answers-8e02";
const API = "/__api__/v1/oauth/integrations";
const LOGIN_PAGE =
  "<!DOCTYPE html><html><head><title>Sign in - Example SSO</title></head><body>…</body></html>";
// What Envoy/Istio answer when the upstream dropped after reading the request.
const ENVOY_503 =
  "upstream connect error or disconnect/reset before headers. reset reason: connection termination";

let emulator: ConnectEmulator;
let gateway: Gateway;

function configured(extra: Record<string, string> = {}): OAuthIntegrationProvider {
  const p = new OAuthIntegrationProvider();
  const values: Record<string, string> = { "posit-connect:apiKey": ADMIN, ...extra };
  void p.configure({ config: { get: (k: string) => values[k] } });
  return p;
}

function program(connectUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    connectUrl,
    name: "Databricks",
    description: "viewer credentials",
    template: "databricks",
    config: {
      workspace_host: "https://dbc-1.cloud.databricks.com",
      client_id: "client-1",
      auth_mode: "Confidential",
    },
    clientSecret: SECRET,
    ...overrides,
  };
}

async function checked(
  p: OAuthIntegrationProvider,
  news: Record<string, unknown>,
): Promise<OAuthIntegrationInputs> {
  const { inputs, failures } = await p.check(
    {} as OAuthIntegrationInputs,
    news as unknown as OAuthIntegrationInputs,
  );
  expect(failures).toEqual([]);
  return inputs;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error(`expected a rejection, got ${String(e)}`);
  return e;
}

const ops = () => emulator.requests.map((r) => `${r.method} ${r.route} ${r.status}`);

beforeAll(async () => {
  emulator = await startEmulator({ adminKeys: [ADMIN], seedDefaultIntegration: false });
  gateway = await startGateway(emulator.url);
});
afterAll(async () => {
  await gateway.close();
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
  gateway.handle(passThrough);
  gateway.requests.length = 0;
  delete process.env.CONNECT_API_KEY;
});

describe("answers that did not come from Connect (defect 2)", () => {
  it("a refresh answered 200 text/html fails naming status, content type and first bytes; nothing is dropped", async () => {
    const p = configured();
    const { id, outs } = await p.create(await checked(p, program(gateway.url)));
    gateway.handle(() => ({
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: LOGIN_PAGE,
    }));
    const e = await failure(p.read(id, outs));
    expect(e.message).toContain("Connect answered with something that is not an integration");
    expect(e.message).toContain("HTTP 200");
    expect(e.message).toContain("content type text/html; charset=utf-8");
    expect(e.message).toContain('first bytes "<!DOCTYPE html><html><head><title>Sign in');
    expect(e.message).toContain(`${gateway.url}${API}/${id}`);
    expect(e.message).toContain("State is unchanged");
    // The integration is untouched in Connect.
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
  });

  it("a JSON 200 that is not an integration is refused too", async () => {
    const p = configured();
    const { id, outs } = await p.create(await checked(p, program(gateway.url)));
    gateway.handle(() => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"status":"maintenance"}',
    }));
    const e = await failure(p.read(id, outs));
    expect(e.message).toContain("Connect answered with something that is not an integration");
    expect(e.message).toContain('{\\"status\\":\\"maintenance\\"}');
  });

  it("a 404 without Connect's error body is not 'gone': refresh and delete fail and Connect keeps the integration", async () => {
    const p = configured();
    const { id, outs } = await p.create(await checked(p, program(gateway.url)));
    gateway.handle(() => ({
      status: 404,
      headers: { "content-type": "text/html" },
      body: "<html><body><h1>404 Not Found</h1><hr>nginx</body></html>",
    }));
    const read = await failure(p.read(id, outs));
    expect(read.message).toContain("returned HTTP 404 without a Connect error body");
    expect(read.message).toContain("content type text/html");
    expect(read.message).toContain("404 Not Found");
    expect(read.message).toContain("not assumed gone");
    const del = await failure(p.delete(id, outs));
    expect(del.message).toContain("returned HTTP 404 without a Connect error body");
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
  });

  it("Connect's own 404 still means gone", async () => {
    const p = configured();
    const { id, outs } = await p.create(await checked(p, program(gateway.url)));
    emulator.reset();
    expect(await p.read(id, outs)).toEqual({ id: "" });
    await expect(p.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("a gateway 503 after Connect committed the create (defect 4)", () => {
  it("looks up before re-sending: one POST, one integration, secret re-sent", async () => {
    const p = configured();
    let posts = 0;
    gateway.handle(async (request, forward) => {
      if (request.method !== "POST") return forward();
      posts++;
      await forward(); // Connect commits …
      return { status: 503, headers: { "content-type": "text/plain" }, body: ENVOY_503 }; // … the answer is lost
    });
    const { id, outs } = await p.create(await checked(p, program(gateway.url)));
    expect(posts).toBe(1);
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
    expect(ops()).toEqual(["POST create 200", "GET list 200", "PATCH update 200"]);
    expect(emulator.secretsOf(id)).toEqual({ client_secret: SECRET });
    expect(outs.guid).toBe(id);
  });

  it("Connect's own 503 (with its error body) is still re-sent", async () => {
    const p = configured();
    emulator.addFault({ route: "create", fault: { kind: "status", status: 503 }, times: 1 });
    const { id } = await p.create(await checked(p, program(emulator.url)));
    expect(ops()).toEqual(["POST create 503", "POST create 200"]);
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
  });
});

describe("redirects (defect 7)", () => {
  it.each([301, 302, 307, 308])(
    "%d says Connect redirected, names the target and is not followed with the API key",
    async (status) => {
      const p = configured();
      const target = "https://connect.example.org";
      gateway.handle((request) => ({
        status,
        headers: { location: `${target}${request.url}` },
      }));
      const e = await failure(p.create(await checked(p, program(gateway.url))));
      expect(e.message).toContain(
        `POST ${gateway.url}${API} returned HTTP ${status}: Connect redirected the request to ${target}${API}.`,
      );
      expect(e.message).toContain(
        `use the final URL as connectUrl (posit-connect:url): ${target}.`,
      );
      expect(e.message).not.toContain("may or may not");
      // One request, to the gateway only; nothing was created.
      expect(gateway.requests).toHaveLength(1);
      expect(emulator.integrations()).toEqual([]);
    },
  );
});

describe("scheme mismatches are 'not applied' (handshake failed)", () => {
  let pki: TestPki;
  let tlsEmulator: ConnectEmulator;
  beforeAll(async () => {
    pki = makePki();
    tlsEmulator = await startEmulator({
      adminKeys: [ADMIN],
      seedDefaultIntegration: false,
      tls: { key: pki.serverKey, cert: pki.serverCert },
    });
  });
  afterAll(async () => {
    await tlsEmulator.close();
    pki.dispose();
  });

  it("https:// against a plain-HTTP server (EPROTO): nothing sent, no 'may or may not', no retries", async () => {
    const p = configured();
    const url = emulator.url.replace("http:", "https:");
    const e = await failure(p.create(await checked(p, program(url))));
    expect(e.message).toContain(`POST ${url}${API} got no answer (EPROTO)`);
    expect(e.message).toContain("does not speak TLS");
    expect(e.message).toContain("nothing was changed in Connect");
    expect(e.message).not.toContain("may or may not");
    expect(emulator.requests).toEqual([]);
  });

  it("http:// against a TLS server (ECONNRESET): says the server speaks HTTPS, no 'may or may not'", async () => {
    const p = configured();
    const url = tlsEmulator.url.replace("https:", "http:");
    const e = await failure(p.create(await checked(p, program(url))));
    expect(e.message).toContain(`POST ${url}${API} got no answer (ECONNRESET)`);
    expect(e.message).toContain("speaks HTTPS but the URL says http://; use https://");
    expect(e.message).not.toContain("may or may not");
    expect(tlsEmulator.requests).toEqual([]);
  });

  it("a refresh over http:// against TLS fails at once with the same hint", async () => {
    const p = configured();
    const url = tlsEmulator.url.replace("https:", "http:");
    const e = await failure(
      p.read("0f6e1c3a-0000-4000-8000-000000000001", {
        connectUrl: url,
      } as OAuthIntegrationOutputs),
    );
    expect(e.message).toContain("speaks HTTPS");
  });
});

describe("connection errors", () => {
  it("name the URL tried and print progress on stderr while retries last", async () => {
    // A port nothing listens on.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `http://127.0.0.1:${port}`;

    const lines: string[] = [];
    const write = jest
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    try {
      const p = configured();
      const e = await failure(
        p.read("0f6e1c3a-0000-4000-8000-000000000002", {
          connectUrl: url,
        } as OAuthIntegrationOutputs),
      );
      expect(e.message).toContain(`GET ${url}${API}/0f6e1c3a-0000-4000-8000-000000000002`);
      expect(e.message).toContain("ECONNREFUSED");
    } finally {
      write.mockRestore();
    }
    const progress = lines.filter((l) => l.startsWith("posit-connect: GET"));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(
      new RegExp(
        `^posit-connect: GET ${url.replace(/\./g, "\\.")}${API}/\\S+ failed \\(ECONNREFUSED\\); retrying \\(retry \\d of 5, \\d+ s so far\\)\\n$`,
      ),
    );
    expect(lines.join("")).not.toContain(ADMIN);
  });
});

describe("config keys the program starts declaring (defect 3)", () => {
  it("a key added with Connect's value is recorded, so removing it later sends null", async () => {
    const p = configured();
    const inputs = await checked(p, program(emulator.url));
    const { id, outs: created } = await p.create(inputs);
    // Set by hand in Connect, then refreshed into state.
    emulator.tamper(id, { config: { scopes: "all-apis offline_access" } });
    const refreshed = await p.read(id, created);
    const stored = refreshed.props!;
    expect(stored.managedConfigKeys).not.toContain("scopes");

    // The program adds the same value: no PATCH is needed, but the key must become managed.
    const withScopes = await checked(
      p,
      program(emulator.url, {
        config: { ...inputs.config, scopes: "all-apis offline_access" },
      }),
    );
    const d1 = await p.diff(id, stored, withScopes);
    expect(d1).toEqual({ changes: true, replaces: [] });
    emulator.clearRequests();
    const { outs: recorded } = await p.update(id, stored, withScopes);
    expect(emulator.requests).toEqual([]);
    expect(recorded.managedConfigKeys).toContain("scopes");

    // The program removes it: Connect must lose it.
    const d2 = await p.diff(id, recorded, inputs);
    expect(d2.changes).toBe(true);
    await p.update(id, recorded, inputs);
    expect(ops()).toEqual(["PATCH update 200"]);
    expect(JSON.stringify(emulator.requests[0].body)).toContain('"scopes":null');
    const after = emulator.integrations().find((i) => i.guid === id);
    expect(after?.config).not.toHaveProperty("scopes");
  });
});

describe("a lost create answer plus a failed secret re-send (defect 1)", () => {
  it("the error carries full outputs without the secret, so the next up PATCHes the secret in place", async () => {
    const p = configured();
    const inputs = {
      ...(await checked(p, program(emulator.url))),
      __provider: "exports.handler = …",
    } as OAuthIntegrationInputs;
    emulator.addFault({ route: "create", fault: { kind: "drop-after-commit" }, times: 1 });
    emulator.addFault({ route: "update", fault: { kind: "status", status: 500 } });
    const e = (await failure(p.create(inputs))) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
      reasons?: string[];
    };
    expect(e.message).toContain("re-sending its client secret failed");
    const [created] = emulator.integrations();
    expect(e.id).toBe(created.guid);
    expect(e.reasons).toEqual(["client secret not confirmed; run `pulumi up` again"]);
    expect(e.properties).toMatchObject({
      guid: created.guid,
      connectUrl: emulator.url,
      template: "databricks",
      authType: "Viewer",
      name: "Databricks",
      __provider: "exports.handler = …",
    });
    expect(e.properties).not.toHaveProperty("clientSecret");
    expect(JSON.stringify(e.properties)).not.toContain(SECRET);

    // The next `up`: diff against what the engine recorded, then update.
    emulator.clearFaults();
    emulator.clearRequests();
    const olds = e.properties as unknown as OAuthIntegrationOutputs;
    const d = await p.diff(created.guid, olds, inputs);
    expect(d.replaces).toEqual([]);
    expect(d.changes).toBe(true);
    const { outs } = await p.update(created.guid, olds, inputs);
    expect(ops()).toEqual(["PATCH update 200"]);
    expect(emulator.integrations()).toHaveLength(1);
    expect(emulator.secretsOf(created.guid)).toEqual({ client_secret: SECRET });
    expect(outs.clientSecret).toBe(SECRET);
  });
});
