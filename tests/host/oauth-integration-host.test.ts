/**
 * The OAuth-integration dynamic provider run by the real Pulumi dynamic-provider host over gRPC
 * (no CLI), against an in-process Connect emulator. The API key reaches the host only as a
 * secret Configure value, as the engine sends `posit-connect:apiKey` from stack config.
 */
import { startEmulator, type ConnectEmulator, type RecordedRequest } from "../../emulator";
import { OAUTH_INTEGRATION_TYPE, oauthIntegrationProvider } from "../../provider";
import { version as sdkVersion } from "@pulumi/pulumi/package.json";
import {
  HostCallError,
  PROVIDER_KEY,
  UNKNOWN_VALUE,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
  type SerializedProvider,
  HOST_ENV_TO_UNSET,
} from "../support/dynamic-host";

const API_KEY = "canary-api-key-7f3a9c";
const ROTATED_API_KEY = "canary-api-key-rotated-4d81e0";
const PUBLISHER_KEY = "canary-publisher-key-2b6d13";
const REVOKED_KEY = "canary-api-key-revoked-c05e77";
const CLIENT_SECRET = "canary-client-secret-91b2e4";
const CLIENT_SECRET_2 = "canary-client-secret-rotated-55aa01";
const SECRETS = [
  API_KEY,
  ROTATED_API_KEY,
  PUBLISHER_KEY,
  REVOKED_KEY,
  CLIENT_SECRET,
  CLIENT_SECRET_2,
];

const PROJECT = "posit-host-test";
const API = "/__api__/v1/oauth/integrations";
const OUTPUT_KEYS = [
  "stateVersion",
  "guid",
  "connectUrl",
  "name",
  "description",
  "template",
  "authType",
  "config",
  "managedConfigKeys",
  "createdTime",
  "updatedTime",
  "clientSecret",
  PROVIDER_KEY,
].sort();
const UNSET_ENV = [...HOST_ENV_TO_UNSET];

let emulator: ConnectEmulator;
let provider: SerializedProvider;
let host: DynamicHost;
const hosts: DynamicHost[] = [];

/** Config as the engine sends it: full stack config, namespaced keys, secrets signature-wrapped. */
const stackConfig = (apiKey: string): PropertyMap => ({
  "posit-connect:apiKey": rpcSecret(apiKey),
  "posit-connect:timeoutSeconds": "10",
  [`${PROJECT}:unrelated`]: "value",
});

async function newHost(apiKey: string | undefined): Promise<DynamicHost> {
  const h = await startDynamicHost({
    project: PROJECT,
    unsetEnv: UNSET_ENV,
    env: { NO_PROXY: "127.0.0.1,localhost" },
    resourceType: OAUTH_INTEGRATION_TYPE,
  });
  hosts.push(h);
  const { acceptSecrets } = await h.configure(
    apiKey === undefined ? { [`${PROJECT}:unrelated`]: "value" } : stackConfig(apiKey),
  );
  expect(acceptSecrets).toBe(false);
  return h;
}

/** What a program would pass (before check). */
function programInputs(overrides: PropertyMap = {}): PropertyMap {
  return {
    connectUrl: `${emulator.url}/`,
    name: "Databricks Prod",
    description: "Workspace SSO",
    template: "databricks",
    authType: "Viewer",
    config: {
      workspace_host: "https://dbc-1234.cloud.databricks.com",
      client_id: "client-abc",
      scopes: "all-apis offline_access",
    },
    clientSecret: CLIENT_SECRET,
    [PROVIDER_KEY]: provider.text,
    ...overrides,
  };
}

/** Requests the emulator logged while `fn` ran. */
async function requestsDuring<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; requests: RecordedRequest[] }> {
  emulator.clearRequests();
  const result = await fn();
  return { result, requests: [...emulator.requests] };
}

async function rejectionOf(p: Promise<unknown>): Promise<HostCallError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(HostCallError);
    return e as HostCallError;
  }
  throw new Error("expected the call to fail");
}

/** check → create, as `pulumi up` does for a new resource. */
async function createResource(h: DynamicHost, overrides: PropertyMap = {}) {
  const { inputs, failures } = await h.check({}, programInputs(overrides));
  expect(failures).toEqual([]);
  const { id, properties } = await h.create(inputs);
  return { id, outs: properties, inputs };
}

/** Outputs hold config as the library models it: `auth_type` is the separate authType output. */
function withoutAuthType(config: PropertyMap): PropertyMap {
  const rest = { ...config };
  delete rest.auth_type;
  return rest;
}

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [API_KEY],
    publisherKeys: [PUBLISHER_KEY],
    seedDefaultIntegration: false,
  });
  provider = await serializeProvider(oauthIntegrationProvider);
  host = await newHost(API_KEY);
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await emulator?.close();
});

describe("serialized provider (__provider)", () => {
  test("captures no secret and is not marked secret", () => {
    expect(provider.containsSecrets).toBe(false);
    expect(provider.text).toContain("exports.handler");
    expectNoSecrets(provider.text);
  });

  test("does not capture CONNECT_API_KEY from the program's environment", async () => {
    const saved = process.env.CONNECT_API_KEY;
    process.env.CONNECT_API_KEY = API_KEY;
    try {
      const again = await serializeProvider(oauthIntegrationProvider);
      expect(again.containsSecrets).toBe(false);
      expectNoSecrets(again.text);
    } finally {
      if (saved === undefined) delete process.env.CONNECT_API_KEY;
      else process.env.CONNECT_API_KEY = saved;
    }
  });
});

describe("host handshake", () => {
  test("GetPluginInfo reports the SDK version and Configure refuses secrets", async () => {
    const { version } = await host.getPluginInfo();
    expect(version).toBe(sdkVersion);
    // Configure already ran in newHost(); a second one is accepted the same way.
    expect(await host.configure(stackConfig(API_KEY))).toEqual({ acceptSecrets: false });
  });
});

describe("Check", () => {
  test("valid inputs come back normalised, with no HTTP request", async () => {
    const news = programInputs({
      connectUrl: `${emulator.url}//`,
      authType: undefined,
      config: undefined,
      description: null,
    });
    delete news.authType;
    delete news.config;
    const { result, requests } = await requestsDuring(() => host.check({}, news));
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({
      connectUrl: emulator.url,
      name: "Databricks Prod",
      template: "databricks",
      authType: "Viewer",
      config: {},
      clientSecret: CLIENT_SECRET,
      [PROVIDER_KEY]: provider.text,
    });
    expect(requests).toEqual([]);
  });

  test("invalid inputs fail with one failure per offending property, naming no secret", async () => {
    const news = programInputs({
      connectUrl: "ftp://connect.example.org",
      name: " ",
      template: "Databricks!",
      authType: "Admin",
      config: {
        client_secret: CLIENT_SECRET,
        auth_type: "Viewer",
        "bad-key": "v",
        scopes: ["all-apis"],
      },
      clientSecret: "",
    });
    const { result, requests } = await requestsDuring(() => host.check({}, news));
    expect(result.failures.map((f) => f.property).sort()).toEqual(
      [
        "authType",
        "clientSecret",
        "config.auth_type",
        "config.bad-key",
        "config.client_secret",
        "config.scopes",
        "connectUrl",
        "name",
        "template",
      ].sort(),
    );
    for (const f of result.failures) {
      expect(f.reason.length).toBeGreaterThan(10);
      expectNoSecrets(f.reason);
    }
    expect(result.failures.find((f) => f.property === "config.client_secret")?.reason).toMatch(
      /clientSecret argument/,
    );
    expect(result.failures.find((f) => f.property === "authType")?.reason).toMatch(
      /"Viewer", "Service Account", "Visitor API Key"/,
    );
    expect(requests).toEqual([]);
  });

  test("unknown values (preview) are tolerated and passed through", async () => {
    const news = programInputs({
      connectUrl: UNKNOWN_VALUE,
      name: UNKNOWN_VALUE,
      description: UNKNOWN_VALUE,
      authType: UNKNOWN_VALUE,
      config: { workspace_host: UNKNOWN_VALUE, client_id: "client-abc" },
      clientSecret: UNKNOWN_VALUE,
    });
    const { result, requests } = await requestsDuring(() => host.check({}, news));
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      connectUrl: UNKNOWN_VALUE,
      name: UNKNOWN_VALUE,
      authType: UNKNOWN_VALUE,
      config: { workspace_host: UNKNOWN_VALUE, client_id: "client-abc" },
      clientSecret: UNKNOWN_VALUE,
    });
    const wholeConfig = await host.check({}, programInputs({ config: UNKNOWN_VALUE }));
    expect(wholeConfig.failures).toEqual([]);
    expect(wholeConfig.inputs.config).toBe(UNKNOWN_VALUE);
    expect(requests).toEqual([]);
  });
});

describe("lifecycle over gRPC", () => {
  let id: string;
  let outs: PropertyMap;
  let inputs: PropertyMap;

  test("Create: one POST, secret stored server-side, whitelisted outputs", async () => {
    const { result, requests } = await requestsDuring(() => createResource(host));
    ({ id, outs, inputs } = result);

    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: API,
      status: 200,
      authorized: "admin",
    });
    expect(requests[0].body).toEqual({
      template: "databricks",
      name: "Databricks Prod",
      description: "Workspace SSO",
      config: {
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-abc",
        scopes: "all-apis offline_access",
        auth_type: "Viewer",
        client_secret: "[redacted]",
      },
    });
    expect(emulator.secretsOf(id)).toEqual({ client_secret: CLIENT_SECRET });

    const server = emulator.integrations().find((i) => i.guid === id)!;
    expect(Object.keys(outs).sort()).toEqual(OUTPUT_KEYS);
    expect(outs).toEqual({
      stateVersion: 1,
      guid: id,
      connectUrl: emulator.url,
      name: "Databricks Prod",
      description: "Workspace SSO",
      template: "databricks",
      authType: "Viewer",
      config: withoutAuthType(server.config!),
      managedConfigKeys: ["client_id", "scopes", "workspace_host"],
      createdTime: server.created_time,
      updatedTime: server.updated_time,
      clientSecret: CLIENT_SECRET,
      [PROVIDER_KEY]: provider.text,
    });
    // The secret lives under the top-level key the engine keeps secret, never inside config.
    expect(JSON.stringify(outs.config)).not.toContain(CLIENT_SECRET);
  });

  test("Create without a client secret omits the clientSecret output", async () => {
    const news = programInputs({
      name: "Public app",
      config: {
        workspace_host: "dbc-9.cloud.databricks.com",
        client_id: "pub",
        auth_mode: "Public",
      },
    });
    delete news.clientSecret;
    const { inputs: checked } = await host.check({}, news);
    const { result, requests } = await requestsDuring(() => host.create(checked));
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200"]);
    expect(Object.keys(result.properties).sort()).toEqual(
      OUTPUT_KEYS.filter((k) => k !== "clientSecret"),
    );
    const { requests: deletes } = await requestsDuring(() =>
      host.delete(result.id, result.properties),
    );
    expect(deletes.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
  });

  describe("Diff (no HTTP, except to tell a moved connectUrl's server)", () => {
    const diffAgainst = async (overrides: PropertyMap) => {
      const { inputs: news, failures } = await host.check(inputs, programInputs(overrides));
      expect(failures).toEqual([]);
      return host.diff(id, outs, news, { oldInputs: inputs });
    };

    test("no change when only __provider differs", async () => {
      const { result, requests } = await requestsDuring(() =>
        diffAgainst({ [PROVIDER_KEY]: `${provider.text}\n// provider code v2\n` }),
      );
      expect(result).toMatchObject({ changes: "none", replaces: [], deleteBeforeReplace: false });
      expect(requests).toEqual([]);
    });

    test("no change for an equivalent URL spelling", async () => {
      expect(await diffAgainst({ connectUrl: `${emulator.url}///` })).toMatchObject({
        changes: "none",
        replaces: [],
      });
    });

    test("connectUrl of another server replaces, after one GET there for the GUID", async () => {
      const other = await startEmulator({ adminKeys: [API_KEY], seedDefaultIntegration: false });
      try {
        const { result, requests } = await requestsDuring(() =>
          diffAgainst({ connectUrl: other.url }),
        );
        expect(result).toMatchObject({ changes: "some", replaces: ["connectUrl"] });
        expect(requests).toEqual([]);
        expect(other.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
          `GET ${API}/${id} 404`,
        ]);
      } finally {
        await other.close();
      }
    });

    test("connectUrl naming the same server another way is an update (one GET)", async () => {
      const { result, requests } = await requestsDuring(() =>
        diffAgainst({ connectUrl: emulator.url.replace("127.0.0.1", "localhost") }),
      );
      expect(result).toMatchObject({ changes: "some", replaces: [] });
      expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        `GET ${API}/${id} 200`,
      ]);
    });

    test.each([
      ["template", { template: "custom" }],
      ["authType", { authType: "Service Account" }],
    ])("%s change replaces", async (key, overrides) => {
      const { result, requests } = await requestsDuring(() => diffAgainst(overrides));
      expect(result).toMatchObject({ changes: "some", replaces: [key] });
      expect(requests).toEqual([]);
    });

    test.each([
      ["name", { name: "Databricks Production" }],
      ["description", { description: "Changed" }],
      ["description removed", { description: null }],
      [
        "config value",
        {
          config: {
            workspace_host: "https://dbc-1234.cloud.databricks.com",
            client_id: "client-xyz",
            scopes: "all-apis offline_access",
          },
        },
      ],
      [
        "config key removed",
        {
          config: {
            workspace_host: "https://dbc-1234.cloud.databricks.com",
            client_id: "client-abc",
          },
        },
      ],
      ["clientSecret", { clientSecret: CLIENT_SECRET_2 }],
    ])("%s change updates in place", async (_label, overrides) => {
      const { result, requests } = await requestsDuring(() => diffAgainst(overrides));
      expect(result).toMatchObject({ changes: "some", replaces: [] });
      expect(requests).toEqual([]);
    });

    test("unknown values during preview show a change without HTTP", async () => {
      const { result, requests } = await requestsDuring(() =>
        diffAgainst({ name: UNKNOWN_VALUE, connectUrl: UNKNOWN_VALUE }),
      );
      expect(result.changes).toBe("some");
      expect(result.replaces).toEqual(["connectUrl"]);
      expect(requests).toEqual([]);
    });
  });

  test("Read: refresh without drift is one GET and returns the same outputs", async () => {
    const { result, requests } = await requestsDuring(() => host.read(id, outs, inputs));
    expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET ${API}/${id} 200`,
    ]);
    expect(result.id).toBe(id);
    expect(result.properties).toEqual(outs);
    expect(result.inputs).toEqual({
      connectUrl: emulator.url,
      name: "Databricks Prod",
      description: "Workspace SSO",
      template: "databricks",
      authType: "Viewer",
      config: {
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-abc",
        scopes: "all-apis offline_access",
      },
      clientSecret: CLIENT_SECRET,
      [PROVIDER_KEY]: provider.text,
    });
  });

  test("Read: drift made in Connect shows in outputs and inputs; unmanaged keys stay out of inputs", async () => {
    emulator.tamper(id, {
      name: "Renamed in UI",
      description: null,
      config: { scopes: "all-apis", auth_mode: "Confidential" },
    });
    const { result, requests } = await requestsDuring(() => host.read(id, outs, inputs));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "GET", status: 200 });
    expect(result.id).toBe(id);
    expect(Object.keys(result.properties).sort()).toEqual(OUTPUT_KEYS);
    expect(result.properties).toMatchObject({
      name: "Renamed in UI",
      description: null,
      config: {
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-abc",
        scopes: "all-apis",
        auth_mode: "Confidential",
      },
      managedConfigKeys: ["client_id", "scopes", "workspace_host"],
      clientSecret: CLIENT_SECRET,
      [PROVIDER_KEY]: provider.text,
    });
    expect(result.inputs).toEqual({
      connectUrl: emulator.url,
      name: "Renamed in UI",
      template: "databricks",
      authType: "Viewer",
      config: {
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-abc",
        scopes: "all-apis",
      },
      clientSecret: CLIENT_SECRET,
      [PROVIDER_KEY]: provider.text,
    });
    outs = result.properties;

    // The next `up` with the unchanged program sees the drift and repairs it in place.
    const diff = await host.diff(id, outs, inputs, { oldInputs: result.inputs });
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    const { result: repaired, requests: patch } = await requestsDuring(() =>
      host.update(id, outs, inputs, { oldInputs: result.inputs }),
    );
    expect(patch).toHaveLength(1);
    expect(patch[0]).toMatchObject({ method: "PATCH", path: `${API}/${id}`, status: 200 });
    // A config change sends the whole declared config and the secret (right whether Connect
    // merges or replaces config: docs/emulators.md Limits).
    expect(patch[0].body).toEqual({
      name: "Databricks Prod",
      description: "Workspace SSO",
      config: {
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-abc",
        scopes: "all-apis offline_access",
        client_secret: "[redacted]",
      },
    });
    expect(repaired.properties).toMatchObject({
      name: "Databricks Prod",
      description: "Workspace SSO",
    });
    // The unmanaged key is Connect's business: left alone.
    expect((repaired.properties.config as PropertyMap).auth_mode).toBe("Confidential");
    outs = repaired.properties;
  });

  test("Update: one PATCH with only the changed fields; a removed config key is sent as null", async () => {
    const { inputs: news } = await host.check(
      inputs,
      programInputs({
        name: "Databricks Production",
        config: {
          workspace_host: "https://dbc-1234.cloud.databricks.com",
          client_id: "client-xyz",
        },
        clientSecret: CLIENT_SECRET_2,
        [PROVIDER_KEY]: `${provider.text}\n// provider code v2\n`,
      }),
    );
    const { result, requests } = await requestsDuring(() =>
      host.update(id, outs, news, { oldInputs: inputs }),
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "PATCH",
      path: `${API}/${id}`,
      status: 200,
      authorized: "admin",
    });
    expect(requests[0].body).toEqual({
      name: "Databricks Production",
      config: {
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-xyz",
        scopes: null,
        client_secret: "[redacted]",
      },
    });
    expect(emulator.secretsOf(id)).toEqual({ client_secret: CLIENT_SECRET_2 });

    const server = emulator.integrations().find((i) => i.guid === id)!;
    expect(server.config).not.toHaveProperty("scopes");
    expect(Object.keys(result.properties).sort()).toEqual(OUTPUT_KEYS);
    expect(result.properties).toEqual({
      stateVersion: 1,
      guid: id,
      connectUrl: emulator.url,
      name: "Databricks Production",
      description: "Workspace SSO",
      template: "databricks",
      authType: "Viewer",
      config: withoutAuthType(server.config!),
      managedConfigKeys: ["client_id", "workspace_host"],
      createdTime: outs.createdTime,
      updatedTime: server.updated_time,
      clientSecret: CLIENT_SECRET_2,
      [PROVIDER_KEY]: news[PROVIDER_KEY],
    });
    outs = result.properties;
    inputs = news;
  });

  test("Update with nothing to change sends no request and still returns full outputs", async () => {
    const news = { ...inputs, [PROVIDER_KEY]: provider.text };
    const { result, requests } = await requestsDuring(() =>
      host.update(id, outs, news, { oldInputs: inputs }),
    );
    expect(requests).toEqual([]);
    expect(Object.keys(result.properties).sort()).toEqual(OUTPUT_KEYS);
    expect(result.properties).toEqual({ ...outs, [PROVIDER_KEY]: provider.text });
  });

  test("Read after the integration was deleted in Connect returns an empty id", async () => {
    const created = await createResource(host, { name: "Deleted out of band" });
    expect(emulator.deleteIntegration(created.id)).toBe(true);
    const { result, requests } = await requestsDuring(() =>
      host.read(created.id, created.outs, created.inputs),
    );
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404"]);
    expect(result.id).toBe("");
    expect(result.inputs).toBeUndefined();
  });

  test("Update of an integration deleted in Connect fails with an actionable message", async () => {
    const created = await createResource(host, { name: "Gone before update" });
    emulator.deleteIntegration(created.id);
    const { inputs: news } = await host.check(
      created.inputs,
      programInputs({ name: "Gone before update", description: "new" }),
    );
    emulator.clearRequests();
    const err = await rejectionOf(host.update(created.id, created.outs, news));
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404"]);
    expect(err.code).toBe(2);
    expect(err.details).toMatch(/deleted outside Pulumi.*pulumi refresh/);
    expectNoSecrets(err.details);
  });

  test("Delete: one DELETE; deleting again tolerates 404", async () => {
    const { requests } = await requestsDuring(() => host.delete(id, outs));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "DELETE",
      path: `${API}/${id}`,
      status: 204,
      authorized: "admin",
    });
    expect(emulator.integrations().some((i) => i.guid === id)).toBe(false);

    const { requests: again } = await requestsDuring(() => host.delete(id, outs));
    expect(again.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 404"]);
  });
});

describe("credentials", () => {
  test("with no key in Configure (and none in the environment) nothing is sent and the error says how to set one", async () => {
    const bare = await newHost(undefined);
    const { inputs } = await bare.check({}, programInputs());
    emulator.clearRequests();
    const err = await rejectionOf(bare.create(inputs));
    expect(err.details).toContain("No Connect API key");
    expect(err.details).toContain("posit-connect:apiKey");
    expect(emulator.requests).toEqual([]);
  });

  test("a publisher key gets 403 with the provider's hint, one request, no key in the message", async () => {
    const publisher = await newHost(PUBLISHER_KEY);
    const { inputs } = await publisher.check({}, programInputs({ name: "Publisher attempt" }));
    emulator.clearRequests();
    const err = await rejectionOf(publisher.create(inputs));
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      method: "POST",
      status: 403,
      authorized: "publisher",
    });
    expect(err.code).toBe(2);
    expect(err.details).toContain(
      "Connect OAuth integration create failed: POST /__api__/v1/oauth/integrations returned HTTP 403",
    );
    expect(err.details).toContain("An administrator API key is needed");
    expectNoSecrets(err.details);
    expect(emulator.integrations().some((i) => i.name === "Publisher attempt")).toBe(false);

    // Reading is allowed for publishers; deleting is not.
    const created = await createResource(host, { name: "Admin-made" });
    const { result: read, requests } = await requestsDuring(() =>
      publisher.read(created.id, created.outs, created.inputs),
    );
    expect(requests.map((r) => `${r.method} ${r.status} ${r.authorized}`)).toEqual([
      "GET 200 publisher",
    ]);
    expect(read.id).toBe(created.id);
    emulator.clearRequests();
    const delErr = await rejectionOf(publisher.delete(created.id, created.outs));
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 403"]);
    expect(delErr.details).toMatch(
      /delete failed: DELETE .* returned HTTP 403.*administrator API key/,
    );
    expectNoSecrets(delErr.details);
    await host.delete(created.id, created.outs);
  });

  test("a revoked key gets 401 with the provider's hint, one request, no key in the message", async () => {
    emulator.addApiKey(REVOKED_KEY, "admin");
    const revoked = await newHost(REVOKED_KEY);
    const created = await createResource(revoked, { name: "Made before revocation" });
    emulator.revokeApiKey(REVOKED_KEY);

    emulator.clearRequests();
    const err = await rejectionOf(revoked.read(created.id, created.outs, created.inputs));
    expect(err.code).toBe(2);
    expect(emulator.requests.map((r) => `${r.method} ${r.status} ${r.authorized}`)).toEqual([
      "GET 401 invalid",
    ]);
    expect(err.details).toContain("read failed");
    expect(err.details).toContain("HTTP 401");
    expect(err.details).toContain("Check the API key");
    expectNoSecrets(err.details);

    emulator.clearRequests();
    const updErr = await rejectionOf(
      revoked.update(created.id, created.outs, { ...created.inputs, name: "Renamed" }),
    );
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 401"]);
    expect(updErr.details).toContain("HTTP 401");
    expectNoSecrets(updErr.details);
    await host.delete(created.id, created.outs);
  });

  test("key rotation: a new host with a new key reads and deletes what the old key created, with the old __provider", async () => {
    emulator.addApiKey(ROTATED_API_KEY, "admin");
    // Created under the original key by the original host, with the original serialized provider.
    const created = await createResource(host, { name: "Survives rotation" });
    expect(created.outs[PROVIDER_KEY]).toBe(provider.text);
    emulator.revokeApiKey(API_KEY);
    try {
      // The old key no longer works...
      emulator.clearRequests();
      await rejectionOf(host.read(created.id, created.outs, created.inputs));
      expect(emulator.requests.map((r) => `${r.status} ${r.authorized}`)).toEqual(["401 invalid"]);

      // ...but state from before the rotation is served by a host configured with the new key.
      const rotated = await newHost(ROTATED_API_KEY);
      const { result: read, requests } = await requestsDuring(() =>
        rotated.read(created.id, created.outs, created.inputs),
      );
      expect(requests.map((r) => `${r.method} ${r.status} ${r.authorized}`)).toEqual([
        "GET 200 admin",
      ]);
      expect(read.id).toBe(created.id);
      expect(read.properties).toEqual(created.outs);

      const { requests: deletes } = await requestsDuring(() =>
        rotated.delete(created.id, read.properties),
      );
      expect(deletes.map((r) => `${r.method} ${r.status} ${r.authorized}`)).toEqual([
        "DELETE 204 admin",
      ]);
      expect(emulator.integrations().some((i) => i.guid === created.id)).toBe(false);
    } finally {
      emulator.addApiKey(API_KEY, "admin");
    }
  });
});

describe("host output", () => {
  test("no secret appears in any host's stdout or stderr", () => {
    expect(hosts.length).toBeGreaterThanOrEqual(5);
    // Errors from read/delete are logged by the host itself (console.error), so stderr is not empty.
    expect(hosts.some((h) => /read failed|delete failed/.test(h.stderr))).toBe(true);
    for (const h of hosts) {
      expect(h.stdout.split("\n")[0]).toBe(String(h.port));
      expectNoSecrets(h.output);
    }
  });
});
