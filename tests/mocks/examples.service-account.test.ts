/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/** examples/service-account under mocks: principal, assigned, rotated secret, verified integration. */
import * as pulumi from "@pulumi/pulumi";
import {
  ASSIGNMENT_TYPE,
  CONNECT_TYPE,
  SERVICE_ACCOUNT_TYPE,
  SP_SECRET_TYPE,
  SP_TYPE,
  installMocks,
  isSecretSig,
  plaintextOccurrences,
  settle,
  value,
} from "./mock-monitor";

const P = "connect-databricks-service-account";
const rec = installMocks({
  project: P,
  stack: "example",
  config: {
    [`${P}:connectUrl`]: "https://connect.example.org",
    [`${P}:workspaceHost`]: "dbc-1234abcd-5678.cloud.databricks.com",
    [`${P}:workspaceId`]: "1234567890123456",
    [`${P}:rotationKey`]: "2026-07-leak",
  },
});

let program: Record<string, pulumi.Output<any>>;
beforeAll(async () => {
  program = require("../../examples/service-account/index");
  await settle();
});

test("registers the component, principal, secret, assignment and integration", () => {
  expect(rec.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
    [
      `${SERVICE_ACCOUNT_TYPE} reports`,
      `${SP_TYPE} reports-service-principal`,
      `${SP_SECRET_TYPE} reports-secret`,
      `${ASSIGNMENT_TYPE} reports-workspace-assignment`,
      `${CONNECT_TYPE} reports-connect-integration`,
    ].sort(),
  );
});

test("90-day rotation plus the rotation key; secret lives 104 days; reaches Connect as a secret", () => {
  const secret = rec.named("reports-secret");
  expect(secret.inputs.lifetime).toBe(`${104 * 86400}s`);
  expect(secret.inputs.timeRotating).toMatch(
    /^posit-connect rotation: every 90d from \d{4}-\d{2}-\d{2}; key 2026-07-leak$/,
  );
  const connect = rec.named("reports-connect-integration");
  expect(connect.inputs).toMatchObject({
    name: "Databricks (reports)",
    authType: "Service Account",
    config: {
      workspace_host: "dbc-1234abcd-5678.cloud.databricks.com",
      client_id: "app-id-reports-service-principal",
    },
  });
  expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
  const value = rec.spSecret("reports-secret");
  for (const r of rec.registrations) expect(plaintextOccurrences(r.inputs, value)).toEqual([]);
});

test("exports", async () => {
  expect(await value(program.applicationId)).toBe("app-id-reports-service-principal");
  expect(await value(program.secretExpireTime)).toBe(rec.spSecretExpireTime);
  expect(await value(program.verified)).toBe(true);
  expect(await value(program.connectIntegrationGuid)).toBe(
    rec.named("reports-connect-integration").id,
  );
});
