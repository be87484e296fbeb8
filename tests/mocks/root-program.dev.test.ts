/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/** The root program under mocks with the dev stack's config. */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  DEFAULT_SCOPES,
  REPO_ROOT,
  isSecretSig,
  parseYaml,
  plaintextOccurrences,
  stackConfig,
  unwrap,
  value,
} from "./mock-monitor";
import { RootRun, runRootProgram } from "./root-program";

let run: RootRun;
beforeAll(async () => {
  run = await runRootProgram("dev");
});

describe("stack files", () => {
  test.each(["dev", "prod"])(
    "Pulumi.%s.yaml sets every required (default-less) project key",
    (stack) => {
      const { missing, project } = stackConfig(stack);
      expect(project).toBe("posit-connect-databricks");
      expect(missing).toEqual([]);
    },
  );

  // The tests load YAML with a small parser; check it against js-yaml when that is installed.
  const jsYamlPath = (() => {
    try {
      return require.resolve("js-yaml", { paths: [REPO_ROOT] });
    } catch {
      return undefined;
    }
  })();
  (jsYamlPath ? test.each : test.skip.each)(["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"])(
    "the minimal YAML parser reads %s like js-yaml",
    (file) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
      const jsYaml = require(jsYamlPath!) as { load(s: string): unknown };
      expect(parseYaml(text)).toEqual(jsYaml.load(text));
    },
  );
});

describe("dev stack", () => {
  test("one component, one Databricks app, one Connect integration", () => {
    expect(run.rec.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${COMPONENT_TYPE} databricks-oauth`,
        `${APP_TYPE} databricks-oauth-databricks-app`,
        `${CONNECT_TYPE} databricks-oauth-connect-integration`,
      ].sort(),
    );
  });

  test("the app: dev name, Connect callback only, default scopes, token policy 60/1440, confidential", () => {
    const app = run.rec.named("databricks-oauth-databricks-app");
    expect(app.inputs).toMatchObject({
      name: "posit-connect-dev",
      confidential: true,
      redirectUrls: ["https://connect-dev.example.org/__oauth__/integrations/callback"],
      scopes: DEFAULT_SCOPES,
      tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 1440 },
    });
    expect(app.provider).toBe("");
  });

  test("the Connect integration: dev name and description, workspace host, secret from the app", () => {
    const connect = run.rec.named("databricks-oauth-connect-integration");
    expect(connect.inputs).toMatchObject({
      connectUrl: "https://connect-dev.example.org",
      name: "Databricks (dev)",
      description: "Databricks for development content (viewer credentials)",
      template: "databricks",
      authType: "Viewer",
      config: {
        workspace_host: "dbc-1234abcd-5678.cloud.databricks.com",
        client_id: run.rec.appClientId("databricks-oauth-databricks-app"),
      },
    });
    expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
    expect(unwrap(connect.inputs.clientSecret)).toBe(
      run.rec.appClientSecret("databricks-oauth-databricks-app"),
    );
  });

  test("exports: clientSecret is secret, redirect URLs and ids resolve", async () => {
    const p = run.program as Record<string, pulumi.Output<any>>;
    expect(await pulumi.isSecret(p.clientSecret)).toBe(true);
    expect(await value(p.clientId)).toBe(run.rec.appClientId("databricks-oauth-databricks-app"));
    expect(await value(p.redirectUrls)).toEqual([
      "https://connect-dev.example.org/__oauth__/integrations/callback",
    ]);
    expect(await value(p.connectIntegrationGuid)).toBe(
      run.rec.named("databricks-oauth-connect-integration").id,
    );
    expect(await value(p.databricksIntegrationId)).toBe(
      run.rec.named("databricks-oauth-databricks-app").id,
    );
  });

  test("the client secret is nowhere in plaintext", () => {
    const secret = run.rec.appClientSecret("databricks-oauth-databricks-app");
    for (const r of run.rec.registrations) {
      expect(plaintextOccurrences(r.inputs, secret)).toEqual([]);
      expect(plaintextOccurrences(r.outputs ?? {}, secret)).toEqual([]);
    }
  });
});
