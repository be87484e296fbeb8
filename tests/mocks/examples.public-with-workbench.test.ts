/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/** examples/public-with-workbench under mocks: one public app for Connect and Workbench, nothing secret. */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  containsSecret,
  installMocks,
  settle,
  value,
} from "./mock-monitor";

const P = "connect-databricks-public-workbench";
const rec = installMocks({
  project: P,
  stack: "example",
  config: {
    [`${P}:connectUrl`]: "https://connect.example.org/",
    [`${P}:workbenchUrl`]: "https://workbench.example.org/",
    [`${P}:workspaceHost`]: "https://dbc-1234abcd-5678.cloud.databricks.com",
  },
});

let program: Record<string, pulumi.Output<any>>;
beforeAll(async () => {
  program = require("../../examples/public-with-workbench/index");
  await settle();
});

test("one component, one public Databricks app, one Connect integration", () => {
  expect(rec.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
    [
      `${COMPONENT_TYPE} databricks-public`,
      `${APP_TYPE} databricks-public-databricks-app`,
      `${CONNECT_TYPE} databricks-public-connect-integration`,
    ].sort(),
  );
  const app = rec.named("databricks-public-databricks-app");
  expect(app.inputs).toMatchObject({
    name: "posit-team-public",
    confidential: false,
    redirectUrls: [
      "https://connect.example.org/__oauth__/integrations/callback",
      "https://workbench.example.org/oauth_redirect_callback",
    ],
    tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 10080 },
  });
});

test("Connect gets no secret and auth_mode Public; nothing secret anywhere", () => {
  const connect = rec.named("databricks-public-connect-integration");
  expect("clientSecret" in connect.inputs).toBe(false);
  expect(connect.inputs.config).toMatchObject({
    auth_mode: "Public",
    workspace_host: "dbc-1234abcd-5678.cloud.databricks.com",
  });
  for (const r of rec.registrations) expect(containsSecret(r.inputs)).toBe(false);
});

test("exports", async () => {
  expect(await value(program.redirectUrls)).toEqual([
    "https://connect.example.org/__oauth__/integrations/callback",
    "https://workbench.example.org/oauth_redirect_callback",
  ]);
  expect(await value(program.clientId)).toBe(rec.appClientId("databricks-public-databricks-app"));
});
