import type { ConnectEmulator } from "../../emulator";
import { apiClient, connectError, databricksBody, start } from "./support";

const base = databricksBody();
const withConfig = (config: Record<string, unknown>) => ({
  ...base,
  config: { ...base.config, ...config },
});
const without = (key: string) => {
  const config: Record<string, unknown> = { ...base.config };
  delete config[key];
  return { ...base, config };
};

/** [case, body, code, exact message or undefined] */
const cases: Array<[string, unknown, number, string | undefined]> = [
  ["unknown template", { ...base, template: "nope" }, 227, undefined],
  ["missing template", { name: "x", config: {} }, 227, undefined],
  [
    "unknown config key",
    withConfig({ colour: "blue" }),
    228,
    "The config key colour is not supported by the databricks template",
  ],
  ["missing required field", without("client_id"), 228, "The config key client_id is required"],
  [
    "empty required field",
    withConfig({ workspace_host: "" }),
    228,
    "The config key workspace_host is required",
  ],
  [
    "secret required when Confidential",
    without("client_secret"),
    228,
    "The config key client_secret is required",
  ],
  [
    "select value not allowed",
    withConfig({ auth_mode: "Secret" }),
    228,
    "The config key auth_mode must be one of (Confidential, Public)",
  ],
  [
    "validation regex: host with a path",
    withConfig({ workspace_host: "https://dbc.cloud.databricks.com/some/path" }),
    228,
    undefined,
  ],
  [
    "validation regex: http scheme",
    withConfig({ workspace_host: "http://dbc.cloud.databricks.com" }),
    228,
    undefined,
  ],
  [
    "number config value",
    withConfig({ client_id: 42 }),
    228,
    "The config key client_id must be a string",
  ],
  [
    "object config value",
    withConfig({ scopes: ["a"] }),
    228,
    "The config key scopes must be a string",
  ],
  ["config not an object", { ...base, config: "x" }, 228, undefined],
  ["empty name", { ...base, name: "" }, 225, undefined],
  ["non-string name", { ...base, name: 7 }, 225, undefined],
  ["null name", { ...base, name: null }, 225, undefined],
  ["non-string description", { ...base, description: 5 }, 226, undefined],
  ["unknown top-level field", { ...base, auth_type: "Viewer" }, 2, undefined],
  ["array body", [base], 2, undefined],
  ["malformed JSON", '{"template": ', 87, "Unable to parse request body"],
  ["empty body", "", 87, "Unable to parse request body"],
];

describe("emulator create validation", () => {
  let emu: ConnectEmulator;
  beforeAll(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterAll(() => emu.close());

  test.each(cases)("rejects %s with 400", async (_name, body, code, message) => {
    const res = await apiClient(emu).post("/v1/oauth/integrations", body);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(code);
    expect(Object.keys(res.data).sort()).toEqual(["code", "error", "payload"]);
    expect(res.data.payload).toBeNull();
    if (message !== undefined) expect(res.data.error).toBe(message);
    expect(emu.integrations()).toEqual([]);
  });

  test("the recorded real message for a bad max_role is reproduced exactly", async () => {
    const res = await apiClient(emu).post("/v1/oauth/integrations", {
      template: "connect",
      config: { max_role: "Not a Role" },
    });
    expect(res.data).toEqual(
      connectError(228, "The config key max_role must be one of (Viewer, Publisher, Admin)"),
    );
  });

  test.each([
    [
      "databricks host without scheme",
      withConfig({ workspace_host: "dbc-1.cloud.databricks.com" }),
    ],
    [
      "databricks Public without a secret",
      {
        ...without("client_secret"),
        config: { ...without("client_secret").config, auth_mode: "Public" },
      },
    ],
    ["name absent", (({ name: _n, ...rest }) => rest)(base)],
    ["description null", { ...base, description: null }],
    [
      "custom with bool use_pkce",
      {
        template: "custom",
        name: "c",
        config: {
          authorization_uri: "http://keycloak:8080/auth",
          token_uri: "http://keycloak:8080/token",
          client_id: "id",
          use_pkce: false,
          token_endpoint_auth_method: "client_secret_post",
        },
      },
    ],
    [
      "azure",
      {
        template: "azure",
        name: "a",
        config: { tenant_id: "t", client_id: "c", client_secret: "s" },
      },
    ],
    [
      "snowflake",
      {
        template: "snowflake",
        name: "s",
        config: { account_url: "https://acme.snowflakecomputing.com", client_id: "c" },
      },
    ],
    [
      "connect echoing its fixed auth_type",
      {
        template: "connect",
        name: "k",
        config: { max_role: "Admin", auth_type: "Visitor API Key" },
      },
    ],
  ])("accepts %s", async (_name, body) => {
    const res = await apiClient(emu).post("/v1/oauth/integrations", body);
    expect(res.status).toBe(200);
    expect(res.data.guid).toBeDefined();
  });

  test.each([
    [
      "use_pkce as string",
      {
        template: "custom",
        config: {
          authorization_uri: "https://a/b",
          token_uri: "https://a/t",
          client_id: "c",
          use_pkce: "true",
        },
      },
      "The config key use_pkce must be a boolean",
    ],
    [
      "connect without max_role",
      { template: "connect", config: {} },
      "The config key max_role is required",
    ],
    [
      "connect with another auth_type",
      { template: "connect", config: { max_role: "Viewer", auth_type: "Viewer" } },
      "The config key auth_type must be one of (Visitor API Key)",
    ],
    [
      "custom token_uri not a URL",
      {
        template: "custom",
        config: { authorization_uri: "https://a/b", token_uri: "not a url", client_id: "c" },
      },
      undefined,
    ],
    [
      "snowflake Service Account",
      {
        template: "snowflake",
        config: { account_url: "https://a.b", client_id: "c", auth_type: "Service Account" },
      },
      "The config key auth_type must be one of (Viewer)",
    ],
  ])("rejects %s with 228", async (_name, body, message) => {
    const res = await apiClient(emu).post("/v1/oauth/integrations", body);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(228);
    if (message) expect(res.data.error).toBe(message);
  });
});

describe("emulator PATCH validation", () => {
  let emu: ConnectEmulator;
  let guid: string;
  beforeAll(async () => {
    emu = await start({ seedDefaultIntegration: false });
    guid = (await apiClient(emu).post("/v1/oauth/integrations", base)).data.guid;
  });
  afterAll(() => emu.close());

  test.each([
    ["unknown field", { auth_type: "Viewer" }, 2],
    ["empty name", { name: "" }, 225],
    ["bad description", { description: false }, 226],
    ["bad select value", { config: { auth_mode: "Nope" } }, 228],
    ["unknown config key", { config: { colour: "x" } }, 228],
    ["validation regex", { config: { workspace_host: "https://x/y/z" } }, 228],
    ["malformed JSON", "{", 87],
  ])("rejects %s with 400, nothing changes", async (_name, body, code) => {
    const before = emu.integrations();
    const res = await apiClient(emu).patch(`/v1/oauth/integrations/${guid}`, body);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(code);
    expect(emu.integrations()).toEqual(before);
  });

  test("bad max_role on PATCH gives the recorded real body", async () => {
    const api = apiClient(emu);
    const connect = await api.post("/v1/oauth/integrations", {
      template: "connect",
      config: { max_role: "Viewer" },
    });
    const res = await api.patch(`/v1/oauth/integrations/${connect.data.guid}`, {
      config: { max_role: "Not a Role" },
    });
    expect(res.data).toEqual(
      connectError(228, "The config key max_role must be one of (Viewer, Publisher, Admin)"),
    );
  });
});

describe("emulator: the databricks template and the admin guide's request", () => {
  let emu: ConnectEmulator;
  beforeAll(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterAll(() => emu.close());

  // The request Posit's admin guide documents (bare host name), plus config.auth_type.
  const documented = {
    template: "databricks",
    name: "Databricks",
    config: {
      workspace_host: "cust-success.cloud.databricks.com",
      client_id: "client-abc",
      client_secret: "s3cr3t-value",
      auth_type: "Viewer",
    },
  };

  test("the documented request is accepted as is: no auth_mode needed, bare host kept, secret not echoed", async () => {
    const res = await apiClient(emu).post("/v1/oauth/integrations", documented);
    expect(res.status).toBe(200);
    expect(res.data.auth_type).toBe("Viewer");
    expect(res.data.config).toEqual({
      workspace_host: "cust-success.cloud.databricks.com",
      client_id: "client-abc",
      auth_type: "Viewer",
    });
  });

  test("without its client_secret it is refused: Confidential is the default auth_mode", async () => {
    const config: Record<string, string> = { ...documented.config };
    delete config.client_secret;
    const res = await apiClient(emu).post("/v1/oauth/integrations", { ...documented, config });
    expect(res.status).toBe(400);
    expect(res.data.error).toBe("The config key client_secret is required");
  });

  test("an https:// workspace_host (rsconnect-python's example) is accepted and stored as sent", async () => {
    const res = await apiClient(emu).post("/v1/oauth/integrations", {
      ...documented,
      config: { ...documented.config, workspace_host: "https://dbc-1.cloud.databricks.com" },
    });
    expect(res.status).toBe(200);
    expect(res.data.config.workspace_host).toBe("https://dbc-1.cloud.databricks.com");
  });

  test("a PATCH moves an https:// host to the bare one and removes auth_mode (the upgrade of older stacks)", async () => {
    const api = apiClient(emu);
    const created = await api.post("/v1/oauth/integrations", {
      ...documented,
      config: {
        ...documented.config,
        workspace_host: "https://cust-success.cloud.databricks.com",
        auth_mode: "Confidential",
      },
    });
    expect(created.status).toBe(200);
    const res = await api.patch(`/v1/oauth/integrations/${created.data.guid}`, {
      config: { workspace_host: "cust-success.cloud.databricks.com", auth_mode: null },
    });
    expect(res.status).toBe(200);
    expect(res.data.config).toEqual({
      workspace_host: "cust-success.cloud.databricks.com",
      client_id: "client-abc",
      auth_type: "Viewer",
    });
  });
});
