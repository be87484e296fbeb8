/** The root program with existingAppClientId and a secret existingAppClientSecret: no Databricks app. */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  isSecretSig,
  plaintextOccurrences,
  unwrap,
  value,
} from "./mock-monitor";
import { RootRun, runRootProgram } from "./root-program";

const SECRET = "root-existing-secret-CANARY-42";
let run: RootRun;
beforeAll(async () => {
  run = await runRootProgram(
    "dev",
    {
      "posit-connect-databricks:existingAppClientId": "admin-registered-client",
      "posit-connect-databricks:existingAppClientSecret": SECRET,
    },
    ["posit-connect-databricks:existingAppClientSecret"],
  );
});

test("no Databricks resource is registered", () => {
  expect(run.rec.ofType(APP_TYPE)).toEqual([]);
  expect(run.rec.registrations.map((r) => r.type).sort()).toEqual(
    [COMPONENT_TYPE, CONNECT_TYPE].sort(),
  );
});

test("the Connect integration gets the admin's client id and the secret as a secret input", () => {
  const connect = run.rec.named("databricks-oauth-connect-integration");
  expect(connect.inputs.config).toMatchObject({ client_id: "admin-registered-client" });
  expect(connect.inputs.config).not.toHaveProperty("auth_mode");
  expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
  expect(unwrap(connect.inputs.clientSecret)).toBe(SECRET);
});

test("the secret is nowhere in plaintext (component inputs, outputs, __provider)", () => {
  for (const r of run.rec.registrations) {
    expect(plaintextOccurrences(r.inputs, SECRET)).toEqual([]);
    expect(plaintextOccurrences(r.outputs ?? {}, SECRET)).toEqual([]);
  }
});

test("exports: secret clientSecret, no Databricks integration id", async () => {
  expect(await pulumi.isSecret(run.program.clientSecret)).toBe(true);
  expect(await value(run.program.clientSecret)).toBe(SECRET);
  expect(await value(run.program.clientId)).toBe("admin-registered-client");
  expect(await value(run.program.databricksIntegrationId)).toBeNull();
});
