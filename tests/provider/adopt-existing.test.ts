/**
 * `create` with `adoptGuid`, against the Connect emulator over real HTTP: an integration made
 * by hand is taken over without a POST, with at most one PATCH, and keeps its associations.
 */
import axios from "axios";
import { startEmulator, ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs } from "../../provider";

const ADMIN = "canary-admin-key-a3c1";
const HAND_SECRET = "canary-hand-made-secret-19fe";
const NEW_SECRET = "canary-program-secret-0b7d";
const CONTENT = "0f5e4c3b-2a19-4876-a5b4-c3d2e1f00a9b";

let emulator: ConnectEmulator;
let provider: OAuthIntegrationProvider;
let guid: string;

const api = () =>
  axios.create({
    baseURL: `${emulator.url}/__api__/v1`,
    headers: { Authorization: `Key ${ADMIN}` },
  });

async function checked(news: Record<string, unknown>): Promise<OAuthIntegrationInputs> {
  const { inputs, failures } = await provider.check(
    {} as OAuthIntegrationInputs,
    news as unknown as OAuthIntegrationInputs,
  );
  expect(failures).toEqual([]);
  return inputs;
}

const program = (over: Record<string, unknown> = {}) => ({
  connectUrl: emulator.url,
  name: "Databricks",
  description: "made by hand",
  template: "databricks",
  config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: "client-1" },
  adoptGuid: guid,
  ...over,
});

const writes = () =>
  emulator.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [ADMIN],
    seedDefaultIntegration: false,
    content: [{ name: "sales-dashboard", guid: CONTENT, appMode: "python-dash" }],
  });
  provider = new OAuthIntegrationProvider();
  await provider.configure({
    config: { get: (k: string) => (k === "posit-connect:apiKey" ? ADMIN : undefined) },
  });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  const made = await api().post("/oauth/integrations", {
    template: "databricks",
    name: "Databricks",
    description: "made by hand",
    config: {
      workspace_host: "https://dbc-1.cloud.databricks.com",
      client_id: "client-1",
      client_secret: HAND_SECRET,
      auth_type: "Viewer",
    },
  });
  guid = made.data.guid;
  await api().put(`/content/${CONTENT}/oauth/integrations/associations`, [
    { oauth_integration_guid: guid },
  ]);
  emulator.clearRequests();
});

it("adopts a matching integration with one GET and no write; Connect keeps its secret", async () => {
  const { id, outs } = await provider.create(await checked(program()));
  expect(id).toBe(guid);
  expect(emulator.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET get"]);
  expect(outs).toMatchObject({
    guid,
    name: "Databricks",
    managedConfigKeys: ["client_id", "workspace_host"],
  });
  expect(outs.clientSecret).toBeUndefined();
  expect(emulator.secretsOf(guid)).toEqual({ client_secret: HAND_SECRET });
});

it("converges what differs with exactly one PATCH; associations survive", async () => {
  const { outs } = await provider.create(
    await checked(
      program({
        name: "Databricks (prod)",
        config: {
          workspace_host: "https://dbc-1.cloud.databricks.com",
          client_id: "client-1",
          auth_mode: "Confidential",
        },
        clientSecret: NEW_SECRET,
      }),
    ),
  );
  expect(writes()).toEqual(["PATCH update"]);
  expect(emulator.requests.find((r) => r.method === "PATCH")?.body).toEqual({
    name: "Databricks (prod)",
    // The whole declared config: right whether Connect merges or replaces (docs/emulators.md).
    config: {
      auth_mode: "Confidential",
      client_id: "client-1",
      workspace_host: "https://dbc-1.cloud.databricks.com",
      client_secret: "[redacted]",
    },
  });
  expect(outs).toMatchObject({ guid, name: "Databricks (prod)", clientSecret: NEW_SECRET });
  expect(emulator.secretsOf(guid)).toEqual({ client_secret: NEW_SECRET });
  const assoc = await api().get(`/oauth/integrations/${guid}/associations`);
  expect(assoc.data.map((a: { content_guid: string }) => a.content_guid)).toEqual([CONTENT]);
  // The next diff is empty: the program and the recorded state agree.
  const inputs = await checked(
    program({
      name: "Databricks (prod)",
      config: {
        workspace_host: "https://dbc-1.cloud.databricks.com",
        client_id: "client-1",
        auth_mode: "Confidential",
      },
      clientSecret: NEW_SECRET,
      adoptGuid: undefined,
    }),
  );
  expect(await provider.diff(guid, outs, inputs)).toEqual({ changes: false, replaces: [] });
});

it("refuses an unknown GUID and a different template, writing nothing", async () => {
  await expect(
    provider.create(await checked(program({ adoptGuid: "00000000-0000-4000-8000-000000000000" }))),
  ).rejects.toThrow(
    /Cannot adopt Connect OAuth integration 00000000-0000-4000-8000-000000000000: http:\/\/127\.0\.0\.1:\d+ has no integration with that GUID/,
  );
  await expect(provider.create(await checked(program({ template: "custom" })))).rejects.toThrow(
    "Cannot adopt Connect OAuth integration " +
      guid +
      ': it has template "databricks" but the program declares "custom"',
  );
  await expect(
    provider.create(await checked(program({ authType: "Service Account" }))),
  ).rejects.toThrow(/it has auth type "Viewer" but the program declares "Service Account"/);
  expect(writes()).toEqual([]);
  expect(emulator.integrations().map((i) => i.guid)).toEqual([guid]);
});
