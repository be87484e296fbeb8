/**
 * The provider's lifecycle methods called directly, against the Connect emulator over real HTTP.
 */
import { startEmulator, ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "../../provider";

const ADMIN = "canary-admin-key-5d1e";
const PUBLISHER = "canary-publisher-key-8c2f";
const SECRET = "canary-client-secret-77aa";

let emulator: ConnectEmulator;
let provider: OAuthIntegrationProvider;

function configured(apiKey: string, extra: Record<string, string> = {}): OAuthIntegrationProvider {
  const p = new OAuthIntegrationProvider();
  const values: Record<string, string> = { "posit-connect:apiKey": apiKey, ...extra };
  void p.configure({ config: { get: (k: string) => values[k] } });
  return p;
}

async function checked(news: Record<string, unknown>): Promise<OAuthIntegrationInputs> {
  const { inputs, failures } = await provider.check(
    {} as OAuthIntegrationInputs,
    news as unknown as OAuthIntegrationInputs,
  );
  expect(failures).toEqual([]);
  return inputs;
}

const databricks = () => ({
  connectUrl: `${emulator.url}/`,
  name: "Databricks",
  description: "viewer credentials",
  template: "databricks",
  config: {
    workspace_host: "https://dbc-1.cloud.databricks.com",
    client_id: "client-1",
    auth_mode: "Confidential",
  },
  clientSecret: SECRET,
});

beforeAll(async () => {
  emulator = await startEmulator({ adminKeys: [ADMIN], publisherKeys: [PUBLISHER] });
  provider = configured(ADMIN);
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  delete process.env.CONNECT_API_KEY;
});

describe("create", () => {
  it("makes one POST and returns whitelisted outputs with the guid as id", async () => {
    const { id, outs } = await provider.create(await checked(databricks()));
    expect(emulator.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["POST create"]);
    expect(id).toBe(outs.guid);
    expect(Object.keys(outs).sort()).toEqual([
      "authType",
      "clientSecret",
      "config",
      "connectUrl",
      "createdTime",
      "description",
      "guid",
      "managedConfigKeys",
      "name",
      "stateVersion",
      "template",
      "updatedTime",
    ]);
    expect(outs).toMatchObject({
      connectUrl: emulator.url,
      name: "Databricks",
      template: "databricks",
      authType: "Viewer",
      clientSecret: SECRET,
    });
    expect(outs.config).toEqual({
      workspace_host: "https://dbc-1.cloud.databricks.com",
      client_id: "client-1",
      auth_mode: "Confidential",
    });
    expect(emulator.secretsOf(id)).toEqual({ client_secret: SECRET });
    // The request log stores bodies redacted, but the secret did travel in config.client_secret.
    expect(JSON.stringify(emulator.requests[0].body)).not.toContain(SECRET);
  });

  it("falls back to CONNECT_API_KEY when stack config has no key", async () => {
    process.env.CONNECT_API_KEY = ADMIN;
    const bare = new OAuthIntegrationProvider();
    await bare.configure({ config: { get: () => undefined } });
    const { id } = await bare.create(await checked(databricks()));
    expect(emulator.integrations().map((i) => i.guid)).toContain(id);
  });

  it("explains a publisher key's 403 without echoing the key", async () => {
    const err = await configured(PUBLISHER)
      .create(await checked(databricks()))
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /create failed: POST \/__api__\/v1\/oauth\/integrations returned HTTP 403 \(Connect error code 22/,
    );
    expect((err as Error).message).toContain("administrator API key");
    expect(JSON.stringify(err)).not.toContain(PUBLISHER);
    expect(String((err as Error).stack)).not.toContain(PUBLISHER);
  });

  it("explains an unknown key's 401", async () => {
    const err = (await configured("wrong-key-123")
      .create(await checked(databricks()))
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 401 \(Connect error code 30/);
    expect(err.message).toContain("posit-connect:apiKey");
    expect(err.message).not.toContain("wrong-key-123");
  });

  it("surfaces Connect's template validation", async () => {
    const err = (await provider
      .create(
        await checked({
          ...databricks(),
          config: { workspace_host: "https://h", client_id: "c", colour: "blue" },
        }),
      )
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 400 \(Connect error code 228: The config key colour/);
    expect(emulator.integrations().filter((i) => i.template === "databricks")).toHaveLength(0);
  });
});

describe("read", () => {
  it("makes one GET and reports drift made behind Pulumi's back, keeping the secret", async () => {
    const { id, outs } = await provider.create(await checked(databricks()));
    emulator.tamper(id, { description: "changed in the UI", config: { client_id: "client-x" } });
    emulator.clearRequests();
    const result = await provider.read(id, outs);
    expect(emulator.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET get"]);
    expect(result.id).toBe(id);
    const props = result.props as OAuthIntegrationOutputs;
    expect(props.description).toBe("changed in the UI");
    expect(props.config.client_id).toBe("client-x");
    expect(props.clientSecret).toBe(SECRET);
    expect(result.inputs).toMatchObject({
      description: "changed in the UI",
      config: { client_id: "client-x" },
      clientSecret: SECRET,
    });
  });

  it("returns an empty id when the integration was deleted outside Pulumi", async () => {
    const { id, outs } = await provider.create(await checked(databricks()));
    emulator.deleteIntegration(id);
    expect(await provider.read(id, outs)).toEqual({ id: "" });
  });
});

describe("update", () => {
  it("sends one PATCH with only what changed, and returns full outputs", async () => {
    const inputs = await checked(databricks());
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const next = await checked({
      ...databricks(),
      description: "new words",
      config: { ...databricks().config, client_id: "client-2" },
    });
    const { outs: updated } = await provider.update(id, outs, next);
    expect(emulator.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["PATCH update"]);
    // A config change sends the whole declared config and the secret (right whether Connect
    // merges or replaces config: docs/emulators.md Limits).
    expect(emulator.requests[0].body).toEqual({
      description: "new words",
      config: {
        auth_mode: "Confidential",
        client_id: "client-2",
        workspace_host: "https://dbc-1.cloud.databricks.com",
        client_secret: "[redacted]",
      },
    });
    expect(updated).toMatchObject({
      guid: id,
      description: "new words",
      clientSecret: SECRET,
      createdTime: outs.createdTime,
    });
    expect(updated.config.client_id).toBe("client-2");
  });

  it("rotates the client secret in place", async () => {
    const { id, outs } = await provider.create(await checked(databricks()));
    await provider.update(
      id,
      outs,
      await checked({ ...databricks(), clientSecret: "rotated-secret-2" }),
    );
    expect(emulator.secretsOf(id)).toEqual({ client_secret: "rotated-secret-2" });
    expect(emulator.integrations().filter((i) => i.template === "databricks")).toHaveLength(1);
  });

  it("removes a config key the program no longer declares", async () => {
    const withScopes = {
      ...databricks(),
      config: { ...databricks().config, scopes: "all-apis sql" },
    };
    const { id, outs } = await provider.create(await checked(withScopes));
    const { outs: updated } = await provider.update(id, outs, await checked(databricks()));
    expect(emulator.requests.at(-1)?.body).toEqual({
      config: {
        auth_mode: "Confidential",
        client_id: "client-1",
        workspace_host: "https://dbc-1.cloud.databricks.com",
        client_secret: "[redacted]",
        scopes: null,
      },
    });
    expect(updated.config).not.toHaveProperty("scopes");
    expect(emulator.integrations().find((i) => i.guid === id)?.config).not.toHaveProperty("scopes");
  });

  it("tells the user to refresh when the integration vanished", async () => {
    const { id, outs } = await provider.create(await checked(databricks()));
    emulator.deleteIntegration(id);
    const err = (await provider
      .update(id, outs, await checked({ ...databricks(), name: "x" }))
      .catch((e: Error) => e)) as Error;
    expect(err.message).toContain("pulumi refresh");
  });
});

describe("delete", () => {
  it("sends one DELETE and treats an already-deleted integration as success", async () => {
    const { id, outs } = await provider.create(await checked(databricks()));
    emulator.clearRequests();
    await provider.delete(id, outs);
    expect(emulator.requests.map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
      "DELETE delete 204",
    ]);
    await provider.delete(id, outs);
    expect(emulator.requests.at(-1)?.status).toBe(404);
  });

  it("leaves the pre-existing default integration alone", async () => {
    const before = emulator.integrations();
    const { id, outs } = await provider.create(await checked(databricks()));
    await provider.delete(id, outs);
    expect(emulator.integrations()).toEqual(before);
  });
});

describe("unknown create outcome", () => {
  it("adopts the integration when the answer to a committed POST is lost", async () => {
    emulator.addFault({ route: "create", fault: { kind: "drop-after-commit" }, times: 1 });
    const { id } = await provider.create(await checked(databricks()));
    const ours = emulator.integrations().filter((i) => i.template === "databricks");
    expect(ours.map((i) => i.guid)).toEqual([id]);
    expect(emulator.secretsOf(id)).toEqual({ client_secret: SECRET });
  });

  it("sends the POST again when the listing shows it never landed", async () => {
    emulator.addFault({ route: "create", fault: { kind: "status", status: 500 }, times: 1 });
    const { id } = await provider.create(await checked(databricks()));
    expect(
      emulator
        .integrations()
        .filter((i) => i.template === "databricks")
        .map((i) => i.guid),
    ).toEqual([id]);
    expect(emulator.requests.map((r) => r.route)).toEqual(["create", "list", "list", "create"]);
  });
});

describe("request economy on rejection", () => {
  it("does not look up or resend a create Connect rejected", async () => {
    await configured(PUBLISHER)
      .create(await checked(databricks()))
      .catch(() => undefined);
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 403"]);
  });
});
