/**
 * Issue 19 item 7 as someone on the network path sees it. `http_proxy` points at a recording
 * proxy on this machine that forwards to the Connect emulator, so any request to
 * `http://connect.example.org` crosses it in the clear, Authorization header included, and
 * succeeds. The lookups, the association resources' providers and `discover` must refuse a
 * plain-HTTP URL to another host before the first request: the proxy must see nothing.
 *
 * Only APIs that existed before the fix are used, so scripts/proof/failed-before.sh can run this
 * file on the parent commits, where the proxy records the administrator key.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { outputValue } from "../support/output-value";
import {
  ContentIntegrationProvider,
  ContentIntegrationsProvider,
  getConnectContent,
  getConnectGroup,
  getConnectUser,
} from "../../provider";
import { run } from "../../cli/main";
import { installMocks } from "../mocks/mock-monitor";

const ADMIN = "canary-plain-http-admin-key-3f9e";
const FAR = "http://connect.example.org";
const CONTENT = "9a1a0000-0000-4000-8000-00000000000a";
const PROXY_ENV = ["http_proxy", "HTTP_PROXY", "npm_config_http_proxy", "npm_config_proxy"];
const NO_PROXY_ENV = ["no_proxy", "NO_PROXY", "npm_config_noproxy"];

interface Seen {
  url: string;
  authorization?: string;
}

let emulator: ConnectEmulator;
let proxy: http.Server;
let seen: Seen[] = [];
const savedEnv: Record<string, string | undefined> = {};

/** A forward proxy for plain HTTP: records each request, then replays it to the emulator. */
function startRecordingProxy(upstream: URL): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    const target = new URL(req.url ?? "/", "http://unused");
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Settles without throwing, so the proxy log is asserted before the outcome. */
async function settle(p: Promise<unknown>): Promise<{ ok: boolean; message: string }> {
  try {
    const value = await p;
    return { ok: true, message: JSON.stringify(value) ?? "undefined" };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [ADMIN],
    users: [{ username: "analyst", guid: "u-analyst" }],
    groups: [{ name: "data-science", guid: "g-ds" }],
    content: [{ name: "sales-dashboard", guid: CONTENT, appMode: "python-dash" }],
  });
  proxy = await startRecordingProxy(new URL(emulator.url));
  for (const key of [...PROXY_ENV, ...NO_PROXY_ENV, "CONNECT_API_KEY"]) {
    savedEnv[key] = process.env[key];
    delete process.env[key];
  }
  const { port } = proxy.address() as AddressInfo;
  process.env.http_proxy = `http://127.0.0.1:${port}`;
  installMocks({
    project: "plain-http",
    config: { "posit-connect:apiKey": ADMIN },
    secretKeys: ["posit-connect:apiKey"],
  });
});
afterAll(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise((done) => proxy.close(done));
  await emulator.close();
});
beforeEach(() => {
  seen = [];
});

describe("item 7: lookups refuse plain HTTP to another host before any request", () => {
  test.each([
    ["getConnectUser", () => getConnectUser({ connectUrl: FAR, username: "analyst" })],
    ["getConnectGroup", () => getConnectGroup({ connectUrl: FAR, name: "data-science" })],
    ["getConnectContent", () => getConnectContent({ connectUrl: FAR, name: "sales-dashboard" })],
  ])("%s: the key never reaches the network", async (_name, lookup) => {
    const outcome = await settle(outputValue(lookup() as pulumi.Output<unknown>));
    expect(seen).toEqual([]);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain("unencrypted");
  });
});

describe("item 7: association providers refuse plain HTTP to another host before any request", () => {
  test.each([
    [
      "ConnectContentIntegration",
      () => new ContentIntegrationProvider(),
      { contentGuid: CONTENT, integrationGuid: "9a1a0000-0000-4000-8000-0000000000b1" },
    ],
    [
      "ConnectContentIntegrations",
      () => new ContentIntegrationsProvider(),
      { contentGuid: CONTENT, integrationGuids: ["9a1a0000-0000-4000-8000-0000000000b1"] },
    ],
  ])("%s: create, read and delete send nothing", async (_name, make, rest) => {
    const p = make() as unknown as {
      configure(req: { config: { get(k: string): string | undefined } }): Promise<void>;
      create(i: object): Promise<unknown>;
      read(id: string, props: object): Promise<unknown>;
      delete(id: string, props: object): Promise<unknown>;
    };
    await p.configure({
      config: { get: (k: string) => (k === "posit-connect:apiKey" ? ADMIN : undefined) },
    });
    const props = { connectUrl: FAR, ...rest };
    const outcomes = [
      await settle(p.create(props)),
      await settle(p.read(`${CONTENT}/x`, props)),
      await settle(p.delete(`${CONTENT}/x`, props)),
    ];
    expect(seen).toEqual([]);
    for (const o of outcomes) expect(o.message).toContain("unencrypted");
  });
});

describe("item 7: discover refuses plain HTTP to another host before any request", () => {
  test("CONNECT_SERVER=http://<another host>: nothing sent, the error names the CLI's flag", async () => {
    let err = "";
    const code = await run(
      ["discover"],
      { out: () => undefined, err: (t) => (err += t) },
      { CONNECT_SERVER: FAR, CONNECT_API_KEY: ADMIN },
    );
    expect(seen).toEqual([]);
    expect(code).toBe(1);
    expect(err).toContain("--allow-insecure-http");
  });
});
