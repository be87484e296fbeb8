/** The root program with authType "Service Account" on the dev stack's config. */
import {
  ASSIGNMENT_TYPE,
  CONNECT_TYPE,
  SERVICE_ACCOUNT_TYPE,
  SP_SECRET_TYPE,
  SP_TYPE,
  isSecretSig,
  plaintextOccurrences,
  value,
} from "./mock-monitor";
import { RootRun, runRootProgram } from "./root-program";

const P = "posit-connect-databricks";
let run: RootRun;
beforeAll(async () => {
  run = await runRootProgram("dev", {
    [`${P}:authType`]: "Service Account",
    [`${P}:workspaceId`]: "1234567890123456",
    [`${P}:rotationEveryDays`]: "30",
    // Viewer-only keys the dev stack sets; a Service Account stack leaves them at their defaults.
    [`${P}:accessTokenTtlInMinutes`]: "0",
    [`${P}:refreshTokenTtlInMinutes`]: "0",
  });
});

test("registers the service-account component and its four children, nothing Viewer-side", () => {
  expect(run.rec.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
    [
      `${SERVICE_ACCOUNT_TYPE} databricks-service-account`,
      `${SP_TYPE} databricks-service-account-service-principal`,
      `${SP_SECRET_TYPE} databricks-service-account-secret`,
      `${ASSIGNMENT_TYPE} databricks-service-account-workspace-assignment`,
      `${CONNECT_TYPE} databricks-service-account-connect-integration`,
    ].sort(),
  );
});

test("stack config becomes the component's arguments", () => {
  const sp = run.rec.named("databricks-service-account-service-principal");
  expect(sp.inputs.displayName).toBe("posit-connect-dev");
  const secret = run.rec.named("databricks-service-account-secret");
  expect(secret.inputs.lifetime).toBe(`${44 * 86400}s`);
  expect(secret.inputs.timeRotating).toMatch(/^posit-connect rotation: every 30d from /);
  expect(run.rec.named("databricks-service-account-workspace-assignment").inputs.workspaceId).toBe(
    "1234567890123456",
  );
  const connect = run.rec.named("databricks-service-account-connect-integration");
  expect(connect.inputs).toMatchObject({
    connectUrl: "https://connect-dev.example.org",
    name: "Databricks service account (dev)",
    authType: "Service Account",
    verify: true,
    config: { workspace_host: "dbc-1234abcd-5678.cloud.databricks.com" },
  });
  expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
  const secretValue = run.rec.spSecret("databricks-service-account-secret");
  for (const r of run.rec.registrations)
    expect(plaintextOccurrences(r.inputs, secretValue)).toEqual([]);
});

test("exports the service-account outputs", async () => {
  expect(Object.keys(run.program).sort()).toEqual(
    [
      "applicationId",
      "connectIntegrationGuid",
      "secretExpireTime",
      "servicePrincipalId",
      "verified",
    ].sort(),
  );
  expect(await value(run.program.applicationId)).toBe(
    "app-id-databricks-service-account-service-principal",
  );
  expect(await value(run.program.verified)).toBe(true);
});
