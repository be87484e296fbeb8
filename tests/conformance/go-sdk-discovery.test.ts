/**
 * The Go SDK's login walk (inside the real Terraform/Pulumi Databricks provider, sdk-go >= v0.123),
 * done with raw HTTP exactly as it does it: host metadata → `{oidc_endpoint}/.well-known/
 * oauth-authorization-server` → POST `token_endpoint` with the client-credentials grant
 * (databricks-sdk-go `config/config.go` ~L551/L716/L810, `config/auth_m2m.go`: Basic credentials,
 * `grant_type=client_credentials&scope=all-apis`). Over TLS every advertised URL must be https.
 */
import { DEFAULT_ACCOUNT_ID, DEFAULT_ADMIN } from "../../emulator/databricks";
import { ACCOUNT_HOST, startSdkHost, type SdkHost } from "./sdk-host";

let h: SdkHost;
beforeAll(async () => {
  h = await startSdkHost();
});
afterAll(async () => {
  await h?.close();
});

test("account host: metadata → discovery → token → account API, all on https", async () => {
  const meta = await h.http.get("/.well-known/databricks-config");
  expect(meta.status).toBe(200);
  expect(meta.data).toMatchObject({ host_type: "ACCOUNT_HOST", account_id: DEFAULT_ACCOUNT_ID });
  expect(meta.data.oidc_endpoint).toBe(`${h.host}/oidc/accounts/${DEFAULT_ACCOUNT_ID}`);

  const discovery = await h.http.get(
    `${meta.data.oidc_endpoint}/.well-known/oauth-authorization-server`,
  );
  expect(discovery.status).toBe(200);
  const { token_endpoint, authorization_endpoint } = discovery.data as Record<string, string>;
  expect(token_endpoint).toBe(`${meta.data.oidc_endpoint}/v1/token`);
  expect(authorization_endpoint).toBe(`${meta.data.oidc_endpoint}/v1/authorize`);
  expect(new URL(token_endpoint).hostname).toBe(ACCOUNT_HOST);

  const basic = Buffer.from(`${DEFAULT_ADMIN.clientId}:${DEFAULT_ADMIN.clientSecret}`).toString(
    "base64",
  );
  const token = await h.http.post(token_endpoint, "grant_type=client_credentials&scope=all-apis", {
    headers: {
      Authorization: `Basic ${basic}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
  });
  expect(token.status).toBe(200);
  expect(token.data).toMatchObject({ token_type: "Bearer", access_token: expect.any(String) });

  const apps = await h.http.get(
    `/api/2.0/accounts/${DEFAULT_ACCOUNT_ID}/oauth2/custom-app-integrations`,
    { headers: { Authorization: `Bearer ${token.data.access_token}` } },
  );
  expect(apps.status).toBe(200);
});

test("discovery for another account is 404 (the real host would not know it)", async () => {
  const res = await h.http.get(
    "/oidc/accounts/11111111-2222-4333-8444-555555555555/.well-known/oauth-authorization-server",
  );
  expect(res.status).toBe(404);
});

test("workspace host: /oidc/.well-known/oauth-authorization-server names its own token URL", async () => {
  const workspace = new URL(h.emulator.workspaces[0].url);
  const res = await h.http.get(
    `https://${ACCOUNT_HOST}:${workspace.port}/oidc/.well-known/oauth-authorization-server`,
  );
  expect(res.status).toBe(200);
  expect(res.data.token_endpoint).toBe(`https://${ACCOUNT_HOST}:${workspace.port}/oidc/v1/token`);
});
