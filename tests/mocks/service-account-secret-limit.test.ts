/* eslint-disable @typescript-eslint/no-require-imports -- code under test must be require()d after setMocks. */
/**
 * The per-principal secret-limit guard of DatabricksConnectServiceAccount with
 * `existingServicePrincipal`: it counts the principal's active secrets through the Databricks
 * account emulator (credentials from the stack's `databricks:*` config) and, at the limit, stops
 * the program with an error naming the fix before any child is registered with its inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import axios from "axios";
import { installMocks, settle, value } from "./mock-monitor";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";

const ADMIN_SECRET = "canary-limit-admin-secret-0f1e";
const rec = installMocks({
  project: "proj",
  stack: "test",
  config: { "posit-connect:apiKey": "connect-api-key-CANARY-limit" },
  secretKeys: ["posit-connect:apiKey"],
});

import type * as Lib from "../../provider";
import type * as Guard from "../../provider/components/secret-limit";
const lib: typeof Lib = require("../../provider");

let dbx: DatabricksEmulator;
let account: ReturnType<typeof axios.create>;

beforeAll(async () => {
  dbx = await startDatabricksEmulator({
    admin: { clientId: "limit-admin", clientSecret: ADMIN_SECRET },
    maxSecretsPerPrincipal: null,
  });
  pulumi.runtime.setAllConfig(
    {
      "posit-connect:apiKey": "connect-api-key-CANARY-limit",
      "databricks:host": dbx.url,
      "databricks:accountId": dbx.accountId,
      "databricks:clientId": "limit-admin",
      "databricks:clientSecret": ADMIN_SECRET,
    },
    ["posit-connect:apiKey", "databricks:clientSecret"],
  );
  const token = (
    await axios.post(
      `${dbx.url}/oidc/accounts/${dbx.accountId}/v1/token`,
      "grant_type=client_credentials&scope=all-apis",
      { auth: { username: "limit-admin", password: ADMIN_SECRET } },
    )
  ).data.access_token as string;
  account = axios.create({
    baseURL: `${dbx.url}/api/2.0/accounts/${dbx.accountId}`,
    headers: { Authorization: `Bearer ${token}` },
  });
});
afterAll(() => dbx.close());

async function principalWith(secrets: number, expiring = 0) {
  const sp = (
    await account.post("/scim/v2/ServicePrincipals", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
      displayName: `limit-${secrets}-${expiring}`,
    })
  ).data as { id: string; applicationId: string };
  for (let i = 0; i < secrets; i++) {
    await account.post(`/servicePrincipals/${sp.id}/credentials/secrets`, {});
  }
  for (let i = 0; i < expiring; i++) {
    await account.post(`/servicePrincipals/${sp.id}/credentials/secrets`, { lifetime: "60s" });
  }
  return sp;
}

function build(name: string, sp: { id: string; applicationId: string }, secretLimit?: number) {
  const component = new lib.DatabricksConnectServiceAccount(name, {
    connectUrl: "https://connect.example.org",
    workspaceHost: "dbc-1234.cloud.databricks.com",
    existingServicePrincipal: { applicationId: sp.applicationId, id: sp.id },
    secretLimit,
  });
  return component;
}

test("at the limit: the guard fails with a clear error naming the principal and the fix", async () => {
  const sp = await principalWith(5);
  // The guard alone (the component feeds its result to every child, so a real run stops there).
  const { guardSecretLimit } = require("../../provider/components/secret-limit") as typeof Guard;
  const parent = new pulumi.ComponentResource("test:index:Parent", "limit-full");
  const guarded = guardSecretLimit(
    parent,
    "limit-full",
    "DatabricksConnectServiceAccount",
    sp.id,
    5,
  );
  // value() waits for a value; the Output's own promises carry the failure (handle them all).
  const inner = guarded as unknown as {
    promise(): Promise<string>;
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    allResources?: () => Promise<unknown>;
  };
  const settled = inner.promise();
  for (const p of [inner.isKnown, inner.isSecret, inner.allResources?.()]) p?.catch(() => {});
  await expect(settled).rejects.toThrow(
    new RegExp(
      `DatabricksConnectServiceAccount "limit-full": existingServicePrincipal names principal ${sp.id}, which already has 5 active OAuth secrets; Databricks allows at most 5 per principal \\(secretLimit\\).*Delete unused secrets`,
    ),
  );
  await settle();
  expect(rec.forComponent("limit-full").map((r) => r.type)).toEqual(["test:index:Parent"]);
});

test("below the limit, or with expired secrets that no longer count, the principal id resolves", async () => {
  const four = await principalWith(4);
  await expect(value(build("limit-four", four).servicePrincipalId)).resolves.toBe(four.id);
  const expiring = await principalWith(3, 2);
  dbx.advanceClock(120);
  await expect(value(build("limit-expired", expiring).servicePrincipalId)).resolves.toBe(
    expiring.id,
  );
  const six = await principalWith(6);
  await expect(value(build("limit-raised", six, 10).servicePrincipalId)).resolves.toBe(six.id);
});

test("secretLimit is validated", () => {
  expect(() => build("limit-bad", { id: "1", applicationId: "a" }, 1)).toThrow(
    'DatabricksConnectServiceAccount "limit-bad": secretLimit must be a whole number from 2 to 1000 (a rotation briefly needs two secrets); got 1',
  );
});
