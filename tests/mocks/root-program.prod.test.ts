/** The root program under mocks with the prod stack's config. */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  DEFAULT_SCOPES,
  isSecretSig,
  value,
} from "./mock-monitor";
import { RootRun, runRootProgram } from "./root-program";

let run: RootRun;
beforeAll(async () => {
  run = await runRootProgram("prod");
});

test("one component, one Databricks app, one Connect integration", () => {
  expect(run.rec.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
    [
      `${COMPONENT_TYPE} databricks-oauth`,
      `${APP_TYPE} databricks-oauth-databricks-app`,
      `${CONNECT_TYPE} databricks-oauth-connect-integration`,
    ].sort(),
  );
});

test("the app serves Connect and Workbench; only the refresh TTL is set", () => {
  const app = run.rec.named("databricks-oauth-databricks-app");
  expect(app.inputs.name).toBe("posit-connect-prod");
  expect(app.inputs.confidential).toBe(true);
  expect(app.inputs.redirectUrls).toEqual([
    "https://connect.example.org/__oauth__/integrations/callback",
    "https://workbench.example.org/oauth_redirect_callback",
  ]);
  expect(app.inputs.scopes).toEqual(DEFAULT_SCOPES);
  expect(app.inputs.tokenAccessPolicy).toEqual({ refreshTokenTtlInMinutes: 10080 });
});

test("the Connect integration uses the prod name, description and workspace", () => {
  const connect = run.rec.named("databricks-oauth-connect-integration");
  expect(connect.inputs).toMatchObject({
    connectUrl: "https://connect.example.org",
    name: "Databricks",
    description: "Databricks as the viewing user",
    config: { workspace_host: "dbc-9876fedc-4321.cloud.databricks.com" },
  });
  expect(Object.keys(connect.inputs.config).sort()).toEqual(["client_id", "workspace_host"]);
  expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
});

test("exports: secret client secret, both redirect URLs", async () => {
  expect(await pulumi.isSecret(run.program.clientSecret)).toBe(true);
  expect(await value(run.program.redirectUrls)).toEqual([
    "https://connect.example.org/__oauth__/integrations/callback",
    "https://workbench.example.org/oauth_redirect_callback",
  ]);
});
