/**
 * The stand-in `pulumi-resource-databricks` does what the real (bridged Terraform) provider does
 * against the account API: destroy deactivates a principal unless `disable_as_user_deletion` is
 * false, update reads first and carries roles over, and SCIM error details reach the message.
 * Sources: terraform-provider-databricks scim/resource_service_principal.go ~L74-86, ~L230-241.
 */
import axios from "axios";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AccountApi } from "../../testing/databricks-plugin/account-api";
import { discoverTokenEndpoint } from "../../testing/databricks-plugin/token-discovery";
import { diff } from "../../testing/databricks-plugin/lifecycle";
import { customAppIntegration } from "../../testing/databricks-plugin/resources/custom-app-integration";
import { mwsPermissionAssignment } from "../../testing/databricks-plugin/resources/mws-permission-assignment";
import { servicePrincipal } from "../../testing/databricks-plugin/resources/service-principal";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_ADMIN,
  startDatabricksEmulator,
  type DatabricksEmulator,
} from "../../emulator/databricks";

let emulator: DatabricksEmulator;
let api: AccountApi;

beforeAll(async () => {
  emulator = await startDatabricksEmulator();
  api = new AccountApi({
    host: emulator.url,
    accountId: DEFAULT_ACCOUNT_ID,
    clientId: DEFAULT_ADMIN.clientId,
    clientSecret: DEFAULT_ADMIN.clientSecret,
    retryTimeoutSeconds: 1,
    httpTimeoutSeconds: 5,
  });
});
afterAll(async () => {
  await emulator?.close();
});

const principal = (id: string) => emulator.snapshot().servicePrincipals.find((sp) => sp.id === id);

test("destroy without disable_as_user_deletion=false deactivates, as the real provider does", async () => {
  const { id } = await servicePrincipal.create(api, { displayName: "kept-inactive" });
  await servicePrincipal.delete(api, id, { displayName: "kept-inactive" });
  expect(principal(id)).toMatchObject({ active: false });
  const patch = emulator.requests.filter((r) => r.route === "sp.patch").at(-1);
  expect(patch?.body).toEqual({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", path: "active", value: [{ value: "false" }] }],
  });
});

test("destroy with disable_as_user_deletion=false deletes (what the package sets)", async () => {
  const { id } = await servicePrincipal.create(api, { displayName: "gone" });
  await servicePrincipal.delete(api, id, { disableAsUserDeletion: false });
  expect(principal(id)).toBeUndefined();
});

test("read keeps disable_as_user_deletion from state (it is never on the wire)", async () => {
  const { id } = await servicePrincipal.create(api, { displayName: "flag" });
  const read = await servicePrincipal.read(api, id, { disableAsUserDeletion: false });
  expect(read).toMatchObject({ displayName: "flag", disableAsUserDeletion: false });
});

test("update reads first and carries roles over into the PUT", async () => {
  const { id } = await servicePrincipal.create(api, { displayName: "admin-sp" });
  const grant = await api.request("PATCH", `${api.accountPath}/scim/v2/ServicePrincipals/${id}`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "add", path: "roles", value: [{ value: "account_admin" }] }],
  });
  expect(grant).toBeDefined();
  await servicePrincipal.update(
    api,
    id,
    { displayName: "renamed" },
    { applicationId: principal(id)?.applicationId ?? "" },
  );
  expect(principal(id)).toMatchObject({
    displayName: "renamed",
    roles: [{ value: "account_admin" }],
  });
});

test("SCIM error details reach the message", async () => {
  await expect(servicePrincipal.update(api, "999999", { displayName: "x" }, {})).rejects.toThrow(
    /User not found with id 999999/,
  );
});

test("assignment permissions are a set: a reorder is no change, a new entry replaces", () => {
  const olds = { workspaceId: "1", principalId: "2", permissions: ["USER", "ADMIN"] };
  expect(diff(mwsPermissionAssignment, olds, { ...olds, permissions: ["ADMIN", "USER"] })).toEqual({
    changed: [],
    replaces: [],
  });
  expect(diff(mwsPermissionAssignment, olds, { ...olds, permissions: ["USER"] }).replaces).toEqual([
    "permissions",
  ]);
});

test("the server-filled absolute session lifetime is no diff, and an update does not send it back", async () => {
  const inputs = {
    name: "absolute-filled",
    confidential: true,
    scopes: ["all-apis"],
    tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 1440 },
  };
  const { id } = await customAppIntegration.create(api, inputs);
  const read = (await customAppIntegration.read(api, id, inputs)) ?? {};
  expect(read.tokenAccessPolicy).toEqual({
    ...inputs.tokenAccessPolicy,
    absoluteSessionLifetimeInMinutes: 1440,
  });
  expect(diff(customAppIntegration, read, inputs)).toEqual({ changed: [], replaces: [] });
  // Terraform sends the state's policy, computed field included; the provider zeroes it because
  // the server rejects it without single-use refresh tokens (resource_custom_app_integration.go).
  const news = {
    ...inputs,
    scopes: ["all-apis", "sql"],
    tokenAccessPolicy: read.tokenAccessPolicy,
  };
  await customAppIntegration.update(api, id, news, read);
  const patch = emulator.requests.filter((r) => r.route === "apps.update").at(-1);
  expect(patch?.body).toEqual({
    scopes: ["all-apis", "sql"],
    token_access_policy: { access_token_ttl_in_minutes: 60, refresh_token_ttl_in_minutes: 1440 },
  });
  const after = await customAppIntegration.read(api, id, news);
  expect(after?.scopes).toEqual(["all-apis", "sql"]);
  // @pulumi/databricks 1.110.0 declares no principalId: the wire field is not surfaced.
  expect(after).not.toHaveProperty("principalId");
});

test("login walks host metadata → OIDC discovery → token_endpoint, as the Go SDK does", async () => {
  const fresh = new AccountApi({
    host: emulator.url,
    accountId: DEFAULT_ACCOUNT_ID,
    clientId: DEFAULT_ADMIN.clientId,
    clientSecret: DEFAULT_ADMIN.clientSecret,
    retryTimeoutSeconds: 1,
    httpTimeoutSeconds: 5,
  });
  emulator.clearRequests();
  await fresh.request("GET", `${fresh.accountPath}/oauth2/custom-app-integrations`);
  const walk = emulator.requests.map((r) => `${r.method} ${r.route} ${r.path}`);
  expect(walk.slice(0, 3)).toEqual([
    "GET metadata /.well-known/databricks-config",
    `GET discovery /oidc/accounts/${DEFAULT_ACCOUNT_ID}/.well-known/oauth-authorization-server`,
    `POST token /oidc/accounts/${DEFAULT_ACCOUNT_ID}/v1/token`,
  ]);
  // The endpoint is discovered once; a second login reuses it.
  emulator.clearRequests();
  await fresh.request("GET", `${fresh.accountPath}/oauth2/custom-app-integrations`);
  expect(emulator.requests.map((r) => r.route)).toEqual(["apps.list"]);
});

test("a discovery document without token_endpoint stops the login, naming the document", async () => {
  // A host whose metadata points at a discovery document that lacks token_endpoint.
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader("Content-Type", "application/json");
    res.end(
      JSON.stringify(
        req.url === "/.well-known/databricks-config" ? { oidc_endpoint: `${base}/oidc` } : {},
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(
      discoverTokenEndpoint(axios.create({ baseURL: host }), host, "acct"),
    ).rejects.toThrow(
      `${host}/oidc/.well-known/oauth-authorization-server answered without a token_endpoint`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
