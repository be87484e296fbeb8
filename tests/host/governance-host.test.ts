/**
 * Permissions and content associations through the real dynamic-provider host over gRPC: the
 * providers serialized as `__provider` (so the per-content lock must work when the lifecycle
 * modules are serialized by value), the API key only as a secret Configure value.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import {
  CONTENT_INTEGRATION_TYPE,
  ContentIntegrationProvider,
  ContentIntegrationsProvider,
  OAuthIntegrationProvider,
} from "../../provider";
import {
  HOST_ENV_TO_UNSET,
  HostCallError,
  PROVIDER_KEY,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
  type SerializedProvider,
} from "../support/dynamic-host";

const API_KEY = "canary-gov-host-key-61d0e2";
const CLIENT_SECRET = "canary-gov-host-secret-a4c3";
const PROJECT = "posit-gov-host";
const GROUP = "0f0f0000-0000-4000-8000-0000000000g1";
const USER = "0f0f0000-0000-4000-8000-0000000000u1";
const DASH = "0f0f0000-0000-4000-8000-00000000da51";

let emulator: ConnectEmulator;
let host: DynamicHost;
let integrationProvider: SerializedProvider;
let singleProvider: SerializedProvider;
let setProvider: SerializedProvider;

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [API_KEY],
    version: "2026.04.0",
    seedDefaultIntegration: false,
    users: [{ username: "analyst", guid: USER }],
    groups: [{ name: "data-science", guid: GROUP }],
    content: [{ name: "sales", guid: DASH, appMode: "python-shiny" }],
  });
  integrationProvider = await serializeProvider(new OAuthIntegrationProvider());
  singleProvider = await serializeProvider(new ContentIntegrationProvider());
  setProvider = await serializeProvider(new ContentIntegrationsProvider());
  host = await startDynamicHost({
    project: PROJECT,
    unsetEnv: [...HOST_ENV_TO_UNSET],
    env: { NO_PROXY: "127.0.0.1,localhost" },
    resourceType: CONTENT_INTEGRATION_TYPE,
  });
  await host.configure({ "posit-connect:apiKey": rpcSecret(API_KEY) });
});

afterAll(async () => {
  await host?.close();
  await emulator?.close();
});

async function create(provider: SerializedProvider, news: PropertyMap, name = "res") {
  const { inputs, failures } = await host.check(
    {},
    { ...news, [PROVIDER_KEY]: provider.text },
    { name },
  );
  expect(failures).toEqual([]);
  return { ...(await host.create(inputs, { urn: host.urn(name) })), inputs };
}

async function newIntegration(name: string, permissions?: PropertyMap[]) {
  return create(
    integrationProvider,
    {
      connectUrl: emulator.url,
      name,
      template: "databricks",
      config: { workspace_host: "https://dbc-9.cloud.databricks.com", client_id: "cid" },
      clientSecret: CLIENT_SECRET,
      ...(permissions ? { permissions } : {}),
    },
    name,
  );
}

test("the serialized providers capture no credential", () => {
  for (const p of [integrationProvider, singleProvider, setProvider]) {
    expect(p.containsSecrets).toBe(false);
    expect(p.text).not.toContain(API_KEY);
  }
});

test("permissions: grant to a group, narrow to a user, refresh sees a dashboard edit", async () => {
  const { id, properties, inputs } = await newIntegration("Governed", [{ groupGuid: GROUP }]);
  expect(properties.permissions).toEqual([{ groupGuid: GROUP }]);
  const narrowed = { ...inputs, permissions: [{ userGuid: USER }] };
  const diff = await host.diff(id, properties, narrowed);
  expect(diff.changes).toBe("some");
  expect(diff.replaces).toEqual([]);
  const { properties: after } = await host.update(id, properties, narrowed);
  expect(after.permissions).toEqual([{ userGuid: USER }]);
  emulator.setPermissions(id, []);
  const read = await host.read(id, after, narrowed);
  expect(read.properties.permissions).toEqual([]);
  expect(read.inputs?.permissions).toEqual([]);
  expect(host.output).not.toContain(API_KEY);
});

test("two associations on one content item created concurrently through the host keep both", async () => {
  const [a, b] = [(await newIntegration("A")).id, (await newIntegration("B")).id];
  emulator.setAssociations(DASH, []);
  const made = await Promise.all([
    create(
      singleProvider,
      { connectUrl: emulator.url, contentGuid: DASH, integrationGuid: a },
      "assoc-a",
    ),
    create(
      singleProvider,
      { connectUrl: emulator.url, contentGuid: DASH, integrationGuid: b },
      "assoc-b",
    ),
  ]);
  expect(made.map((m) => m.id).sort()).toEqual([`${DASH}/${a}`, `${DASH}/${b}`].sort());
  expect(emulator.associationsOf(DASH).sort()).toEqual([a, b].sort());
  await host.delete(made[0].id, made[0].properties);
  expect(emulator.associationsOf(DASH)).toEqual([made[1].properties.integrationGuid]);
});

test("the exclusive set replaces a hand-made association; rule errors cross gRPC intact", async () => {
  const [mine, handMade] = [(await newIntegration("Mine")).id, (await newIntegration("Hand")).id];
  emulator.setAssociations(DASH, [handMade]);
  const { id, properties } = await create(
    setProvider,
    { connectUrl: emulator.url, contentGuid: DASH, integrationGuids: [mine] },
    "set",
  );
  expect(emulator.associationsOf(DASH)).toEqual([mine]);
  const failed = await host
    .create(
      {
        connectUrl: emulator.url,
        contentGuid: "missing",
        integrationGuids: [mine],
        [PROVIDER_KEY]: setProvider.text,
      },
      { urn: host.urn("set-2") },
    )
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(failed).toBeInstanceOf(HostCallError);
  expect((failed as HostCallError).details).toContain(
    "contentGuid: Connect has no content item missing",
  );
  await host.delete(id, properties);
  expect(emulator.associationsOf(DASH)).toEqual([]);
});
