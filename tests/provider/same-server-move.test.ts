/**
 * A new `connectUrl` for an integration the stack created (no adoptGuid): another URL of the same
 * server is an update that keeps the integration, its GUID and every association on it, hand-made
 * ones included; another server is a replacement; a server that cannot answer stops the preview
 * without guessing. The provider runs in-process against the Connect emulator over real HTTP; a
 * pass-through proxy is "another URL of the same server" (a load balancer). The engine-level
 * proof is step 9 of tests/e2e/association-safety.test.ts.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider, type OAuthIntegrationInputs } from "../../provider";
import { configuredWith } from "../support/configured-provider";
import { startGateway, passThrough, type Gateway } from "../support/gateway";

const ADMIN = "canary-admin-key-same-server-3c9e";
const SECRET = "canary-client-secret-same-server-77d1";
const CONTENT = "5a3e0000-0000-4000-8000-00000000000c";

let connect: ConnectEmulator;
let elsewhere: ConnectEmulator;
let proxy: Gateway;

beforeAll(async () => {
  connect = await startEmulator({
    adminKeys: [ADMIN],
    seedDefaultIntegration: false,
    content: [{ name: "dash", guid: CONTENT, appMode: "python-dash" }],
  });
  elsewhere = await startEmulator({ adminKeys: [ADMIN], seedDefaultIntegration: false });
  proxy = await startGateway(connect.url);
});

afterAll(async () => {
  await proxy?.close();
  await elsewhere?.close();
  await connect?.close();
});

beforeEach(() => proxy.handle(passThrough));

const program = (connectUrl: string): OAuthIntegrationInputs =>
  ({
    connectUrl,
    name: "Databricks",
    template: "databricks",
    authType: "Viewer",
    config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: "client-1" },
    clientSecret: SECRET,
  }) as OAuthIntegrationInputs;

async function created() {
  const provider = configuredWith(new OAuthIntegrationProvider(), ADMIN);
  const { id, outs } = await provider.create(program(connect.url));
  return { provider, id, outs };
}

const writes = (e: ConnectEmulator) => e.requests.filter((r) => r.method !== "GET");

describe("connectUrl moves on an integration the stack created", () => {
  it("another URL of the same server: diff says update, update keeps the GUID and every association", async () => {
    const { provider, id, outs } = await created();
    // An admin associated content with the stack's integration by hand.
    connect.setAssociations(CONTENT, [id]);
    connect.clearRequests();

    const d = await provider.diff(id, outs, program(proxy.url));
    expect(d).toEqual({ changes: true, replaces: [] });
    // The question was asked of the new URL, and only a read.
    expect(proxy.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /__api__/v1/oauth/integrations/${id}`,
    ]);

    const { outs: moved } = await provider.update(id, outs, program(proxy.url));
    expect(moved.guid).toBe(id);
    expect(moved.connectUrl).toBe(proxy.url);
    expect(writes(connect)).toEqual([]);
    expect(connect.integrations().map((i) => i.guid)).toEqual([id]);
    expect(connect.associationsOf(CONTENT)).toEqual([id]);
    // Settled: the next diff sees nothing, and asks nothing.
    proxy.requests.length = 0;
    expect(await provider.diff(id, moved, program(proxy.url))).toEqual({
      changes: false,
      replaces: [],
    });
    expect(proxy.requests).toEqual([]);
    await provider.delete(id, moved);
  });

  it("another server (no such GUID there): a replacement, as before", async () => {
    const { provider, id, outs } = await created();
    const d = await provider.diff(id, outs, program(elsewhere.url));
    expect(d).toEqual({ changes: true, replaces: ["connectUrl"] });
    expect(writes(elsewhere)).toEqual([]);
    await provider.delete(id, outs);
  });

  it("a template change still replaces without asking the new URL anything", async () => {
    const { provider, id, outs } = await created();
    proxy.requests.length = 0;
    const d = await provider.diff(id, outs, { ...program(proxy.url), template: "custom" });
    expect(d.replaces.sort()).toEqual(["connectUrl", "template"]);
    expect(proxy.requests).toEqual([]);
    await provider.delete(id, outs);
  });

  it("a new URL that answers with something else stops the preview, names connectUrl, leaks nothing", async () => {
    const { provider, id, outs } = await created();
    proxy.handle(() => ({
      status: 200,
      headers: { "content-type": "text/html" },
      body: "<html>Sign in</html>",
    }));
    const e = await provider.diff(id, outs, program(proxy.url)).then(
      () => new Error("diff should have failed"),
      (err: Error) => err,
    );
    expect(e.message).toMatch(/^connectUrl: could not ask .* whether it holds integration/);
    expect(e.message).toContain("Nothing was changed");
    expect(e.message).not.toContain(SECRET);
    expect(e.message).not.toContain(ADMIN);
    expect(connect.integrations().map((i) => i.guid)).toContain(id);
    await provider.delete(id, outs);
  });

  it("update re-checks: a GUID gone from the new URL by then is refused and nothing changes", async () => {
    const { provider, id, outs } = await created();
    connect.clearRequests();
    const e = await provider.update(id, outs, program(elsewhere.url)).then(
      () => new Error("update should have failed"),
      (err: Error) => err,
    );
    expect(e.message).toMatch(/^connectUrl: .* has no integration .*Nothing was changed\.$/s);
    expect(e.message).not.toMatch(/adoptGuid/);
    expect(writes(connect)).toEqual([]);
    expect(writes(elsewhere)).toEqual([]);
    await provider.delete(id, outs);
  });
});
