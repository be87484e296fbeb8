import type { ConnectEmulator } from "../../emulator";
import {
  ADMIN_KEY,
  PUBLISHER_KEY,
  apiClient,
  connectError,
  databricksBody,
  start,
} from "./support";

describe("emulator auth", () => {
  let emu: ConnectEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(() => emu.close());

  test("missing Authorization header is 401 code 24", async () => {
    const res = await apiClient(emu, null).get("/v1/oauth/integrations");
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.data).toEqual(connectError(24, "Authentication required."));
    expect(emu.requests[0].authorized).toBe("none");
  });

  test("unknown key and wrong scheme are 401 code 30 Invalid login.", async () => {
    const unknown = await apiClient(emu, "nope").get("/v1/oauth/integrations");
    expect(unknown.status).toBe(401);
    expect(unknown.data).toEqual(connectError(30, "Invalid login."));
    const bearer = await apiClient(emu, null).get("/v1/oauth/integrations", {
      headers: { Authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(bearer.status).toBe(401);
    expect(bearer.data.code).toBe(30);
    expect(emu.requests.map((r) => r.authorized)).toEqual(["invalid", "invalid"]);
  });

  test("publisher may read integrations and templates", async () => {
    const pub = apiClient(emu, PUBLISHER_KEY);
    const list = await pub.get("/v1/oauth/integrations");
    expect(list.status).toBe(200);
    const one = await pub.get(`/v1/oauth/integrations/${list.data[0].guid}`);
    expect(one.status).toBe(200);
    expect((await pub.get("/v1/oauth/templates")).status).toBe(200);
    expect((await pub.get("/v1/oauth/templates/databricks")).status).toBe(200);
    expect(emu.requests.every((r) => r.authorized === "publisher")).toBe(true);
  });

  test("publisher gets 403 code 22 on every admin-only operation, nothing changes", async () => {
    const pub = apiClient(emu, PUBLISHER_KEY);
    const guid = emu.integrations()[0].guid;
    const denied = connectError(22, "You don't have permission to perform this operation.");
    const attempts = [
      pub.post("/v1/oauth/integrations", databricksBody()),
      pub.patch(`/v1/oauth/integrations/${guid}`, { name: "x" }),
      pub.delete(`/v1/oauth/integrations/${guid}`),
      pub.post(`/v1/oauth/integrations/${guid}/verify`),
      pub.get(`/v1/oauth/integrations/${guid}/associations`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.data).toEqual(denied);
    }
    expect(emu.integrations()).toHaveLength(1);
    expect(emu.integrations()[0].name).toBe("Connect Visitor API Key");
  });

  test("publisher may manage content associations", async () => {
    const pub = apiClient(emu, PUBLISHER_KEY);
    const guid = emu.integrations()[0].guid;
    const put = await pub.put("/v1/content/abc/oauth/integrations/associations", [
      { oauth_integration_guid: guid },
    ]);
    expect(put.status).toBe(204);
    const get = await pub.get("/v1/content/abc/oauth/integrations/associations");
    expect(
      get.data.map((a: { oauth_integration_guid: string }) => a.oauth_integration_guid),
    ).toEqual([guid]);
  });

  test("addApiKey and revokeApiKey take effect immediately", async () => {
    expect((await apiClient(emu, "late-key").get("/v1/oauth/integrations")).status).toBe(401);
    emu.addApiKey("late-key", "admin");
    const created = await apiClient(emu, "late-key").post(
      "/v1/oauth/integrations",
      databricksBody(),
    );
    expect(created.status).toBe(200);
    emu.revokeApiKey("late-key");
    expect((await apiClient(emu, "late-key").get("/v1/oauth/integrations")).status).toBe(401);
    emu.addApiKey(PUBLISHER_KEY, "admin"); // re-adding changes the role
    expect(
      (await apiClient(emu, PUBLISHER_KEY).delete(`/v1/oauth/integrations/${created.data.guid}`))
        .status,
    ).toBe(204);
  });

  test("auth is checked before body parsing", async () => {
    const res = await apiClient(emu, PUBLISHER_KEY).post("/v1/oauth/integrations", "{not json");
    expect(res.status).toBe(403);
  });

  test("every response carries X-Correlation-ID; a client-sent one is echoed", async () => {
    const api = apiClient(emu, null);
    const a = await api.get("/v1/oauth/integrations");
    expect(a.headers["x-correlation-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const b = await apiClient(emu).get("/v1/oauth/templates", {
      headers: { "X-Correlation-ID": "trace-1" },
    });
    expect(b.headers["x-correlation-id"]).toBe("trace-1");
    const guid = emu.integrations()[0].guid;
    const del = await apiClient(emu).delete(`/v1/oauth/integrations/${guid}`);
    expect(del.headers["x-correlation-id"]).toBeTruthy();
  });

  test("GET /v1/user describes the caller; server_settings needs no key", async () => {
    const admin = await apiClient(emu).get("/v1/user");
    expect(admin.data.user_role).toBe("administrator");
    const pub = await apiClient(emu, PUBLISHER_KEY).get("/v1/user");
    expect(pub.data.user_role).toBe("publisher");
    const settings = await apiClient(emu, null).get("/server_settings");
    expect(settings.status).toBe(200);
    expect(settings.data.version).toMatch(/^\d{4}\.\d{2}\.\d+$/);
  });

  test("unknown endpoint is 404 and wrong method 405, both Connect-shaped", async () => {
    const missing = await apiClient(emu).get("/v1/oauth/nothing");
    expect(missing.status).toBe(404);
    expect(missing.data).toEqual(
      connectError(2, "The requested method or endpoint is not supported."),
    );
    const wrong = await apiClient(emu).put("/v1/oauth/integrations", {});
    expect(wrong.status).toBe(405);
    expect(wrong.data.code).toBe(2);
    expect(emu.requests.map((r) => r.route)).toEqual(["unknown", "unknown"]);
  });
});
