/** The account OAuth M2M token endpoint and bearer-token checks on the account API. */
import type { DatabricksEmulator } from "../../emulator/databricks";
import {
  ManualClock,
  accountClient,
  accountTokenUrl,
  basic,
  raw,
  start,
  tokenRequest,
} from "./support";

describe("account token endpoint", () => {
  const clock = new ManualClock();
  let emu: DatabricksEmulator;
  beforeAll(async () => {
    emu = await start({ tokenTtlSeconds: 120, now: clock.now });
  });
  afterAll(() => emu.close());

  test.each(["basic", "form"] as const)(
    "client credentials by %s auth give a bearer token usable on the account API",
    async (how) => {
      const res = await tokenRequest(accountTokenUrl(emu), emu.admin, how);
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.data).toEqual({
        access_token: expect.any(String),
        token_type: "Bearer",
        expires_in: 120,
        scope: "all-apis",
      });
      const api = await accountClient(emu, res.data.access_token);
      const list = await api.get("/oauth2/custom-app-integrations");
      expect(list.status).toBe(200);
      expect(list.data).toEqual({ apps: [] });
    },
  );

  test("a client id with '+' or ':' survives the RFC 6749 Basic encoding", async () => {
    const special = await start({ admin: { clientId: "id:with+plus", clientSecret: "s e:c" } });
    try {
      const res = await tokenRequest(accountTokenUrl(special), special.admin, "basic");
      expect(res.status).toBe(200);
    } finally {
      await special.close();
    }
  });

  test("a wrong secret or unknown client is 401 invalid_client and issues nothing", async () => {
    for (const creds of [
      { clientId: emu.admin.clientId, clientSecret: "wrong" },
      { clientId: "nobody", clientSecret: emu.admin.clientSecret },
    ]) {
      for (const how of ["basic", "form"] as const) {
        const res = await tokenRequest(accountTokenUrl(emu), creds, how);
        expect(res.status).toBe(401);
        expect(res.data).toEqual({
          error: "invalid_client",
          error_description: expect.any(String),
        });
        expect(res.data.error_description).not.toContain(emu.admin.clientSecret);
      }
    }
  });

  test("grant type, missing credentials, mixed methods and unknown scopes are refused", async () => {
    const url = accountTokenUrl(emu);
    const http = raw(url);
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const auth = { ...form, Authorization: basic(emu.admin.clientId, emu.admin.clientSecret) };
    let res = await http.post("", "grant_type=password&scope=all-apis", { headers: auth });
    expect([res.status, res.data.error]).toEqual([400, "unsupported_grant_type"]);
    res = await http.post("", "scope=all-apis", { headers: auth });
    expect([res.status, res.data.error]).toEqual([400, "invalid_request"]);
    res = await http.post("", "grant_type=client_credentials", { headers: form });
    expect([res.status, res.data.error]).toEqual([401, "invalid_client"]);
    res = await http.post(
      "",
      `grant_type=client_credentials&client_id=${emu.admin.clientId}&client_secret=x`,
      { headers: auth },
    );
    expect([res.status, res.data.error]).toEqual([400, "invalid_request"]);
    res = await http.post("", "grant_type=client_credentials&scope=all-apis%20root", {
      headers: auth,
    });
    expect([res.status, res.data.error]).toEqual([400, "invalid_scope"]);
    res = await http.post("", JSON.stringify({ grant_type: "client_credentials" }), {
      headers: { ...auth, "Content-Type": "application/json" },
    });
    expect([res.status, res.data.error]).toEqual([400, "invalid_request"]);
  });

  test("the token endpoint of another account id is 404", async () => {
    const res = await tokenRequest(`${emu.url}/oidc/accounts/other/v1/token`, emu.admin);
    expect(res.status).toBe(404);
    expect(res.data.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  test("tokens expire after tokenTtlSeconds on the emulator's clock", async () => {
    const res = await tokenRequest(accountTokenUrl(emu), emu.admin);
    const api = await accountClient(emu, res.data.access_token);
    clock.advance(119);
    expect((await api.get("/oauth2/custom-app-integrations")).status).toBe(200);
    clock.advance(1);
    const expired = await api.get("/oauth2/custom-app-integrations");
    expect(expired.status).toBe(401);
    expect(expired.data).toEqual({ error_code: "UNAUTHENTICATED", message: "Token is expired" });
    expect(emu.requests.at(-1)?.authorized).toBe("expired");
  });

  test("no token, a malformed header, an unknown token and a PAT-style header are 401", async () => {
    const http = raw(`${emu.url}/api/2.0/accounts/${emu.accountId}`);
    for (const headers of [
      {},
      { Authorization: "Bearer" },
      { Authorization: "Bearer not-a-token" },
      { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
    ]) {
      const res = await http.get("/oauth2/custom-app-integrations", { headers });
      expect(res.status).toBe(401);
      expect(res.data.error_code).toBe("UNAUTHENTICATED");
    }
  });

  test("the request log records the authenticated client and redacts the secret", async () => {
    emu.clearRequests();
    await tokenRequest(accountTokenUrl(emu), emu.admin, "form");
    await tokenRequest(accountTokenUrl(emu), { clientId: "x", clientSecret: "canary-123" }, "form");
    const [good, bad] = emu.requests;
    expect(good).toMatchObject({ route: "token", status: 200, authorized: "admin" });
    expect(good.clientId).toBe(emu.admin.clientId);
    expect(good.body).toEqual({
      grant_type: "client_credentials",
      scope: "all-apis",
      client_id: emu.admin.clientId,
      client_secret: "[redacted]",
    });
    expect(bad).toMatchObject({
      route: "token",
      status: 401,
      authorized: "invalid",
      clientId: "x",
    });
    expect(JSON.stringify(emu.requests)).not.toMatch(/canary-123|dose-emulator-admin-secret/);
  });
});
