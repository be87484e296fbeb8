import type { ConnectEmulator, WireIntegration } from "../../emulator";
import { apiClient, connectError, databricksBody, start } from "./support";

const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("emulator integrations CRUD", () => {
  let emu: ConnectEmulator;
  beforeEach(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterEach(() => emu.close());

  test("create returns 200 with the full object, and GET returns the same body", async () => {
    const api = apiClient(emu);
    const created = await api.post("/v1/oauth/integrations", databricksBody());
    expect(created.status).toBe(200);
    const body = created.data as WireIntegration;
    expect(body).toEqual({
      id: "1",
      guid: expect.stringMatching(UUID),
      created_time: expect.stringMatching(RFC3339_SECONDS),
      updated_time: body.created_time,
      name: "Databricks Prod",
      description: "Workspace SSO",
      template: "databricks",
      auth_type: "Viewer",
      config: {
        auth_mode: "Confidential",
        auth_type: "Viewer",
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-abc",
        scopes: "all-apis offline_access",
      },
    });
    // posit-sdk-py's real-server test asserts exactly this.
    const fetched = await api.get(`/v1/oauth/integrations/${body.guid}`);
    expect(fetched.data).toEqual(body);
    expect(emu.integrations()).toEqual([body]);
  });

  test("ids increment, lists keep creation order, duplicate names are allowed", async () => {
    const api = apiClient(emu);
    const guids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.post("/v1/oauth/integrations", databricksBody({ name: "Same name" }));
      expect(res.data.id).toBe(String(i + 1));
      guids.push(res.data.guid);
    }
    const list = await api.get("/v1/oauth/integrations");
    expect(list.data.map((i: WireIntegration) => i.guid)).toEqual(guids);
    expect(new Set(guids).size).toBe(3);
  });

  test("description defaults to null and auth_type to Viewer; connect template is Visitor API Key", async () => {
    const api = apiClient(emu);
    const custom = await api.post("/v1/oauth/integrations", {
      template: "custom",
      name: "GitHub",
      config: {
        authorization_uri: "https://github.com/login/oauth/authorize",
        token_uri: "https://github.com/login/oauth/access_token",
        client_id: "id",
      },
    });
    expect(custom.data.description).toBeNull();
    expect(custom.data.auth_type).toBe("Viewer");
    expect(custom.data.config).not.toHaveProperty("auth_type");
    const connect = await api.post("/v1/oauth/integrations", {
      template: "connect",
      name: "API",
      config: { max_role: "Publisher" },
    });
    expect(connect.data.auth_type).toBe("Visitor API Key");
    expect(connect.data.config).toEqual({ max_role: "Publisher" });
  });

  test("secrets are stored but never returned by any endpoint", async () => {
    const api = apiClient(emu);
    const created = await api.post("/v1/oauth/integrations", databricksBody());
    const guid = created.data.guid;
    await api.put("/v1/content/c1/oauth/integrations/associations", [
      { oauth_integration_guid: guid },
    ]);
    const responses = [
      created,
      await api.get("/v1/oauth/integrations"),
      await api.get(`/v1/oauth/integrations/${guid}`),
      await api.patch(`/v1/oauth/integrations/${guid}`, { config: { client_secret: "rotated-2" } }),
      await api.get(`/v1/oauth/integrations/${guid}/associations`),
      await api.get("/v1/content/c1/oauth/integrations/associations"),
    ];
    for (const res of responses) {
      expect(res.status).toBeLessThan(300);
      const text = JSON.stringify(res.data);
      expect(text).not.toContain("s3cr3t-value");
      expect(text).not.toContain("rotated-2");
      expect(text).not.toContain("client_secret");
    }
    expect(JSON.stringify(emu.integrations())).not.toContain("client_secret");
    expect(emu.secretsOf(guid)).toEqual({ client_secret: "rotated-2" });
    expect(emu.secretsOf("no-such-guid")).toBeUndefined();
  });

  test("PATCH merges config key by key, null removes a key, and returns the full object", async () => {
    const api = apiClient(emu);
    const created = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const res = await api.patch(`/v1/oauth/integrations/${created.guid}`, {
      description: "new",
      config: { client_id: "client-xyz", scopes: null },
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      ...created,
      description: "new",
      updated_time: expect.stringMatching(RFC3339_SECONDS),
      config: {
        auth_mode: "Confidential",
        auth_type: "Viewer",
        workspace_host: "https://dbc-1234.cloud.databricks.com",
        client_id: "client-xyz",
      },
    });
    expect(res.data.updated_time >= created.updated_time).toBe(true);
    expect(emu.secretsOf(created.guid)).toEqual({ client_secret: "s3cr3t-value" });
    expect((await api.get(`/v1/oauth/integrations/${created.guid}`)).data).toEqual(res.data);
  });

  test("PATCH with only a name leaves description and config alone; description can be nulled", async () => {
    const api = apiClient(emu);
    const created = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const renamed = await api.patch(`/v1/oauth/integrations/${created.guid}`, { name: "Renamed" });
    expect(renamed.data).toMatchObject({
      name: "Renamed",
      description: created.description,
      config: created.config,
    });
    const cleared = await api.patch(`/v1/oauth/integrations/${created.guid}`, {
      description: null,
    });
    expect(cleared.data.description).toBeNull();
  });

  test("PATCH rejects template and auth_type changes with 229, and removing a required key with 228", async () => {
    const api = apiClient(emu);
    const { guid } = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const template = await api.patch(`/v1/oauth/integrations/${guid}`, { template: "databricks" });
    expect(template.status).toBe(400);
    expect(template.data.code).toBe(229);
    const authType = await api.patch(`/v1/oauth/integrations/${guid}`, {
      config: { auth_type: "Service Account" },
    });
    expect(authType.status).toBe(400);
    expect(authType.data.code).toBe(229);
    const sameAuthType = await api.patch(`/v1/oauth/integrations/${guid}`, {
      config: { auth_type: "Viewer" },
    });
    expect(sameAuthType.status).toBe(200);
    const removeRequired = await api.patch(`/v1/oauth/integrations/${guid}`, {
      config: { client_id: null },
    });
    expect(removeRequired.status).toBe(400);
    expect(removeRequired.data).toEqual(connectError(228, "The config key client_id is required"));
    const removeSecret = await api.patch(`/v1/oauth/integrations/${guid}`, {
      config: { client_secret: null },
    });
    expect(removeSecret.data).toEqual(
      connectError(228, "The config key client_secret is required"),
    );
    expect(emu.integrations()[0].config.client_id).toBe("client-abc");
  });

  test("PATCH and GET of an unknown guid are 404 code 4", async () => {
    const api = apiClient(emu);
    for (const res of [
      await api.get("/v1/oauth/integrations/does-not-exist"),
      await api.patch("/v1/oauth/integrations/does-not-exist", { name: "x" }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.data).toEqual(connectError(4, "OAuth integration does not exist."));
    }
  });

  test("DELETE is 204 with an empty body, then 404", async () => {
    const api = apiClient(emu);
    const { guid } = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const del = await api.delete(`/v1/oauth/integrations/${guid}`, { responseType: "text" });
    expect(del.status).toBe(204);
    expect(del.data).toBe("");
    expect(del.headers["content-type"]).toBeUndefined();
    const again = await api.delete(`/v1/oauth/integrations/${guid}`);
    expect(again.status).toBe(404);
    expect(again.data.code).toBe(4);
    expect((await api.get(`/v1/oauth/integrations/${guid}`)).status).toBe(404);
    expect(emu.integrations()).toEqual([]);
  });

  test("verify is 400 code 240 unless the integration is a Service Account", async () => {
    const api = apiClient(emu);
    const viewer = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const res = await api.post(`/v1/oauth/integrations/${viewer.guid}/verify`);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(240);
    // Service Account verification (a real token exchange) is covered in verify.test.ts.
    expect((await api.post("/v1/oauth/integrations/nope/verify")).status).toBe(404);
  });

  test("JSON bodies are accepted without a JSON Content-Type (Connect's curl examples)", async () => {
    const res = await apiClient(emu).post(
      "/v1/oauth/integrations",
      JSON.stringify(databricksBody()),
      {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      },
    );
    expect(res.status).toBe(200);
    expect(res.data.name).toBe("Databricks Prod");
  });
});

describe("emulator default integration", () => {
  test("a connect-template Visitor API Key integration exists by default and comes back after reset", async () => {
    const emu = await start();
    try {
      const list = (await apiClient(emu).get("/v1/oauth/integrations")).data as WireIntegration[];
      expect(list).toEqual([
        {
          id: "1",
          guid: expect.stringMatching(UUID),
          created_time: expect.stringMatching(RFC3339_SECONDS),
          updated_time: expect.stringMatching(RFC3339_SECONDS),
          name: "Connect Visitor API Key",
          description: "Allows access to Connect APIs on behalf of a Connect user.",
          template: "connect",
          auth_type: "Visitor API Key",
          config: { max_role: "Viewer" },
        },
      ]);
      await apiClient(emu).delete(`/v1/oauth/integrations/${list[0].guid}`);
      expect(emu.integrations()).toEqual([]);
      emu.reset();
      expect(emu.integrations().map((i) => i.name)).toEqual(["Connect Visitor API Key"]);
    } finally {
      await emu.close();
    }
  });

  test("seedDefaultIntegration: false starts empty", async () => {
    const emu = await start({ seedDefaultIntegration: false });
    try {
      expect((await apiClient(emu).get("/v1/oauth/integrations")).data).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
