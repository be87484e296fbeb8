/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/** examples/existing-app under mocks: only the Connect side, the admin's secret kept secret. */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  installMocks,
  isSecretSig,
  plaintextOccurrences,
  settle,
  unwrap,
  value,
} from "./mock-monitor";

const P = "connect-databricks-existing-app";
const SECRET = "example-existing-CANARY-secret";
const rec = installMocks({
  project: P,
  stack: "example",
  config: {
    [`${P}:connectUrl`]: "https://connect.example.org",
    [`${P}:workspaceHost`]: "dbc-1234abcd-5678.cloud.databricks.com",
    [`${P}:clientId`]: "admin-client-id",
    [`${P}:clientSecret`]: SECRET,
  },
  secretKeys: [`${P}:clientSecret`],
});

let program: Record<string, pulumi.Output<any>>;
beforeAll(async () => {
  program = require("../../examples/existing-app/index");
  await settle();
});

test("registers the component and one Connect integration, no Databricks app", () => {
  expect(rec.ofType(APP_TYPE)).toEqual([]);
  expect(rec.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
    [`${COMPONENT_TYPE} databricks`, `${CONNECT_TYPE} databricks-connect-integration`].sort(),
  );
  expect(rec.named("databricks-connect-integration").parent).toBe(rec.named("databricks").urn);
});

test("the Connect integration gets the client id and the secret as a secret", () => {
  const connect = rec.named("databricks-connect-integration");
  expect(connect.inputs).toMatchObject({
    name: "Databricks",
    description: "Query Databricks as the viewing user",
  });
  expect(connect.inputs.config).toEqual({
    workspace_host: "dbc-1234abcd-5678.cloud.databricks.com",
    client_id: "admin-client-id",
  });
  expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
  expect(unwrap(connect.inputs.clientSecret)).toBe(SECRET);
  for (const r of rec.registrations) expect(plaintextOccurrences(r.inputs, SECRET)).toEqual([]);
});

test("exports", async () => {
  expect(await value(program.redirectUrls)).toEqual([
    "https://connect.example.org/__oauth__/integrations/callback",
  ]);
  expect(await value(program.connectIntegrationGuid)).toBe(
    rec.named("databricks-connect-integration").id,
  );
});
