/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/** examples/multi-workspace under mocks: one Databricks app (explicit account provider), N Connect integrations. */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  DATABRICKS_PROVIDER_TYPE,
  installMocks,
  isSecretSig,
  plaintextOccurrences,
  settle,
  unwrap,
  value,
} from "./mock-monitor";

const P = "connect-databricks-multi-workspace";
const WORKSPACES = [
  "dbc-aaaa.cloud.databricks.com",
  "dbc-bbbb.cloud.databricks.com",
  "dbc-cccc.cloud.databricks.com",
];
const SP_SECRET = "service-principal-CANARY-secret";
const rec = installMocks({
  project: P,
  stack: "example",
  config: {
    [`${P}:connectUrl`]: "https://connect.example.org",
    [`${P}:workspaces`]: JSON.stringify(WORKSPACES),
    [`${P}:databricksAccountId`]: "00000000-0000-0000-0000-000000000000",
    [`${P}:databricksClientId`]: "sp-client",
    [`${P}:databricksClientSecret`]: SP_SECRET,
  },
  secretKeys: [`${P}:databricksClientSecret`],
});

let program: Record<string, any>;
beforeAll(async () => {
  program = require("../../examples/multi-workspace/index");
  await settle();
});

test("one account provider, one Databricks app, N components and N Connect integrations", () => {
  expect(rec.ofType(DATABRICKS_PROVIDER_TYPE).map((r) => r.name)).toEqual(["account"]);
  expect(rec.ofType(APP_TYPE).map((r) => r.name)).toEqual(["workspace-0-databricks-app"]);
  expect(
    rec
      .ofType(COMPONENT_TYPE)
      .map((r) => r.name)
      .sort(),
  ).toEqual(["workspace-0", "workspace-1", "workspace-2"]);
  expect(
    rec
      .ofType(CONNECT_TYPE)
      .map((r) => r.name)
      .sort(),
  ).toEqual(WORKSPACES.map((_, i) => `workspace-${i}-connect-integration`));
  expect(rec.registrations).toHaveLength(1 + 1 + 3 + 3);
});

test("the app uses the explicit account provider; its secret stays secret", () => {
  const provider = rec.named("account");
  const app = rec.named("workspace-0-databricks-app");
  expect(app.provider).toBe(`${provider.urn}::${provider.id}`);
  expect(app.inputs.name).toBe("posit-connect");
  expect(isSecretSig(provider.inputs.clientSecret)).toBe(true);
  for (const r of rec.registrations) expect(plaintextOccurrences(r.inputs, SP_SECRET)).toEqual([]);
});

test("every Connect integration gets the shared app's client id and secret (as a secret) and its own workspace", () => {
  const clientId = rec.appClientId("workspace-0-databricks-app");
  const secret = rec.appClientSecret("workspace-0-databricks-app");
  WORKSPACES.forEach((host, i) => {
    const connect = rec.named(`workspace-${i}-connect-integration`);
    expect(connect.parent).toBe(rec.named(`workspace-${i}`).urn);
    expect(connect.inputs.name).toBe(`Databricks ${host.split(".")[0]}`);
    expect(connect.inputs.config).toEqual({
      workspace_host: host,
      client_id: clientId,
    });
    expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
    expect(unwrap(connect.inputs.clientSecret)).toBe(secret);
  });
  for (const r of rec.registrations) {
    expect(plaintextOccurrences(r.inputs, secret)).toEqual([]);
    expect(plaintextOccurrences(r.outputs ?? {}, secret)).toEqual([]);
  }
});

test("exports: the shared client id and one guid per workspace", async () => {
  expect(await value(program.clientId as pulumi.Output<string>)).toBe(
    rec.appClientId("workspace-0-databricks-app"),
  );
  const guids = await Promise.all((program.integrations as pulumi.Output<string>[]).map(value));
  expect(guids).toEqual(
    WORKSPACES.map((_, i) => rec.named(`workspace-${i}-connect-integration`).id),
  );
});
