/**
 * Issue 19 items 7, 8 and 9, and the association resources' ownership rules (item 1), with the
 * providers called in-process against the Connect emulator over real HTTP (a non-Connect
 * gateway in front of it where the case needs one). Engine-level proofs are in
 * tests/e2e/association-safety.test.ts.
 */
import * as net from "net";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import {
  ContentIntegrationProvider,
  ContentIntegrationsProvider,
  IntegrationAssociationsProvider,
  OAuthIntegrationProvider,
} from "../../provider";
import type {
  IntegrationAssociationsInputs,
  IntegrationAssociationsOutputs,
  OAuthIntegrationInputs,
} from "../../provider";
import { startGateway, passThrough, type Gateway } from "../support/gateway";

const ADMIN = "canary-admin-key-safety-7a1f";
const A = "5afe0000-0000-4000-8000-00000000000a";
const B = "5afe0000-0000-4000-8000-00000000000b";
const C = "5afe0000-0000-4000-8000-00000000000c";

let emulator: ConnectEmulator;
let gateway: Gateway;

type Configurable = {
  configure(req: { config: { get(k: string): string | undefined } }): Promise<void>;
};
async function configured<T extends Configurable>(p: T, extra: Record<string, string> = {}) {
  const values: Record<string, string> = { "posit-connect:apiKey": ADMIN, ...extra };
  await p.configure({ config: { get: (k: string) => values[k] } });
  return p;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error(`expected a rejection, got ${String(e)}`);
  return e;
}

async function integration(name: string, on: ConnectEmulator = emulator): Promise<string> {
  const p = await configured(new OAuthIntegrationProvider());
  const { id } = await p.create({
    connectUrl: on.url,
    name,
    template: "databricks",
    authType: "Viewer",
    config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: name },
    clientSecret: `canary-secret-${name}`,
  } as OAuthIntegrationInputs);
  return id;
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [ADMIN],
    seedDefaultIntegration: false,
    content: [
      { name: "a", guid: A, appMode: "python-dash" },
      { name: "b", guid: B, appMode: "python-dash" },
      { name: "c", guid: C, appMode: "python-dash" },
    ],
  });
  gateway = await startGateway(emulator.url);
});
afterAll(async () => {
  await gateway.close();
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
  gateway.handle(passThrough);
  delete process.env.CONNECT_API_KEY;
});

describe("item 1: ConnectIntegrationAssociations adds and removes by difference, and removes only its own", () => {
  const inputs = (
    integrationGuid: string,
    contentGuids: string[],
  ): IntegrationAssociationsInputs => ({
    connectUrl: emulator.url,
    integrationGuid,
    contentGuids,
  });

  it("keeps an association that was there before, on removal from the list and on delete", async () => {
    const mine = await integration("mine");
    const other = await integration("other");
    emulator.setAssociations(B, [mine, other]); // made in the dashboard
    const p = await configured(new IntegrationAssociationsProvider());
    const { id, outs } = await p.create(inputs(mine, [A, B]));
    expect(outs.created).toEqual([A]);
    expect(outs.keptOnDelete).toEqual([B]);
    expect(emulator.associationsOf(A)).toEqual([mine]);
    // [A, B] -> [B]: A goes (ours), B stays.
    const d1 = await p.diff(id, outs, inputs(mine, [B]));
    expect(d1).toMatchObject({ changes: true, replaces: [] });
    const { outs: o2 } = await p.update(id, outs, inputs(mine, [B]));
    expect(emulator.associationsOf(A)).toEqual([]);
    expect(emulator.associationsOf(B).sort()).toEqual([mine, other].sort());
    // Reordered and back to [B, A]: A is added again, nothing else written.
    const { outs: o3 } = await p.update(id, o2, inputs(mine, [B, A]));
    expect(o3.created).toEqual([A]);
    expect(emulator.associationsOf(A)).toEqual([mine]);
    // A reorder alone is no change at all.
    expect((await p.diff(id, o3, inputs(mine, [A, B]))).changes).toBe(false);
    // Delete: A (ours) goes; B (there before) stays with both integrations.
    await p.delete(id, o3);
    expect(emulator.associationsOf(A)).toEqual([]);
    expect(emulator.associationsOf(B).sort()).toEqual([mine, other].sort());
  });

  it("a new integration swaps in with one PUT per item, so a one-association server never sees two", async () => {
    const old = await startEmulator({
      adminKeys: [ADMIN],
      seedDefaultIntegration: false,
      version: "2025.04.0",
      content: [{ name: "a", guid: A, appMode: "python-dash" }],
    });
    try {
      const first = await integration("first", old);
      const second = await integration("second", old);
      const p = await configured(new IntegrationAssociationsProvider());
      const on = (i: string) => ({ connectUrl: old.url, integrationGuid: i, contentGuids: [A] });
      const { id, outs } = await p.create(on(first));
      old.clearRequests();
      const { outs: o2 } = await p.update(id, outs, on(second));
      expect(old.associationsOf(A)).toEqual([second]);
      expect(o2.created).toEqual([A]);
      const puts = old.requests.filter((r) => r.method === "PUT");
      expect(puts.map((r) => r.body)).toEqual([[{ oauth_integration_guid: second }]]);
    } finally {
      await old.close();
    }
  });

  it("a part-way failure records what was made, so the next run removes only its own", async () => {
    const mine = await integration("mine");
    const gone = "5afe0000-0000-4000-8000-0000000000dd"; // no such content item
    const p = await configured(new IntegrationAssociationsProvider());
    const { id, outs } = await p.create(inputs(mine, [A]));
    const e = (await failure(p.update(id, outs, inputs(mine, [A, B, gone])))) as Error & {
      id?: string;
      properties?: IntegrationAssociationsOutputs;
    };
    expect(e.message).toContain(`Connect has no content item ${gone}`);
    // Handed to the engine as the resource's new state: A and B are ours.
    expect(e.id).toBe(id);
    expect(e.properties?.created).toEqual([A, B]);
    expect(emulator.associationsOf(B)).toEqual([mine]);
    await p.delete(id, e.properties as IntegrationAssociationsOutputs);
    expect(emulator.associationsOf(A)).toEqual([]);
    expect(emulator.associationsOf(B)).toEqual([]);
  });

  it("a single ConnectContentIntegration created over an existing association keeps it on delete", async () => {
    const mine = await integration("mine");
    emulator.setAssociations(A, [mine]);
    const p = await configured(new ContentIntegrationProvider());
    const { id, outs } = await p.create({
      connectUrl: emulator.url,
      contentGuid: A,
      integrationGuid: mine,
    });
    expect(outs.keptOnDelete).toBe(true);
    await p.delete(id, outs);
    expect(emulator.associationsOf(A)).toEqual([mine]);
    // Another URL of the same server is an update, not a replacement.
    const d = await p.diff(id, outs, {
      connectUrl: emulator.url.replace("127.0.0.1", "localhost"),
      contentGuid: A,
      integrationGuid: mine,
    });
    expect(d).toEqual({ changes: true, replaces: [] });
  });
});

describe("item 8: an empty 2xx where Connect always sends JSON is a foreign answer, never 'gone'", () => {
  it("refresh does not drop the integration; the lost-create look-up does not conclude 'absent'", async () => {
    const p = await configured(new OAuthIntegrationProvider());
    const program = {
      connectUrl: gateway.url,
      name: "Databricks",
      template: "databricks",
      authType: "Viewer",
      config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: "c" },
      clientSecret: "canary-secret-empty-answers",
    } as OAuthIntegrationInputs;
    const { id, outs } = await p.create(program);
    gateway.handle(() => ({ status: 200, headers: {}, body: "" }));
    const read = await failure(p.read(id, outs));
    expect(read.message).toContain("HTTP 200");
    expect(emulator.integrations().map((i) => i.guid)).toEqual([id]);
    // A POST whose answer is lost, then an empty list answer: no second POST.
    let posts = 0;
    gateway.handle(async (request, forward) => {
      if (request.method === "POST") {
        posts++;
        await forward();
        return { status: 503, headers: { "content-type": "text/plain" }, body: "gateway" };
      }
      return { status: 200, headers: {} as Record<string, string>, body: "" };
    });
    await failure(p.create({ ...program, name: "Second" }));
    expect(posts).toBe(1);
    expect(emulator.integrations().filter((i) => i.name === "Second")).toHaveLength(1);
  });
});

describe("item 9: the association providers hold a bad setting instead of running unconfigured", () => {
  it.each([
    ["ConnectContentIntegration", () => new ContentIntegrationProvider()],
    ["ConnectContentIntegrations", () => new ContentIntegrationsProvider()],
    ["ConnectIntegrationAssociations", () => new IntegrationAssociationsProvider()],
  ])(
    "%s: configure does not throw; every later call names the setting, even with CONNECT_API_KEY set",
    async (_n, make) => {
      const p = make();
      await expect(
        configured(p, { "posit-connect:timeoutSeconds": "soon" }),
      ).resolves.toBeDefined();
      process.env.CONNECT_API_KEY = ADMIN;
      emulator.clearRequests();
      const e = await failure(
        (p as unknown as { read(id: string, props: object): Promise<unknown> }).read(`${A}/x`, {
          connectUrl: emulator.url,
          contentGuid: A,
          integrationGuid: "x",
          contentGuids: [A],
        }),
      );
      expect(e.message).toContain("Invalid provider configuration");
      expect(e.message).toContain("posit-connect:timeoutSeconds");
      expect(emulator.requests).toEqual([]);
    },
  );
});

describe("item 7: every association resource refuses plain HTTP to another host before any request", () => {
  let connects: jest.SpyInstance;
  beforeEach(() => {
    connects = jest.spyOn(net.Socket.prototype, "connect").mockImplementation(() => {
      throw new Error("a connection was attempted");
    });
  });
  afterEach(() => connects.mockRestore());

  it.each([
    [
      "ConnectContentIntegration",
      () => new ContentIntegrationProvider(),
      { contentGuid: A, integrationGuid: B },
    ],
    [
      "ConnectContentIntegrations",
      () => new ContentIntegrationsProvider(),
      { contentGuid: A, integrationGuids: [B] },
    ],
    [
      "ConnectIntegrationAssociations",
      () => new IntegrationAssociationsProvider(),
      { integrationGuid: B, contentGuids: [A] },
    ],
  ])("%s: check fails at preview; create, read and delete send nothing", async (_n, make, rest) => {
    const p = (await configured(make())) as unknown as {
      check(
        o: object,
        n: object,
      ): Promise<{ failures: Array<{ property: string; reason: string }> }>;
      create(i: object): Promise<unknown>;
      read(id: string, props: object): Promise<unknown>;
      delete(id: string, props: object): Promise<unknown>;
    };
    const news = { connectUrl: "http://connect.example.org", ...rest };
    const { failures } = await p.check({}, news);
    expect(failures).toEqual([
      expect.objectContaining({
        property: "connectUrl",
        reason: expect.stringContaining("unencrypted"),
      }),
    ]);
    for (const call of [p.create(news), p.read(`${A}/${B}`, news), p.delete(`${A}/${B}`, news)]) {
      expect((await failure(call)).message).toContain("unencrypted");
    }
    expect(connects).not.toHaveBeenCalled();
  });
});
