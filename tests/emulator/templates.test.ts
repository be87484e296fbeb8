import type { ConnectEmulator, WireTemplate } from "../../emulator";
import { apiClient, start } from "./support";

describe("emulator templates", () => {
  let emu: ConnectEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  test("lists the templates in Connect's OAuthTemplate shape", async () => {
    const res = await apiClient(emu).get("/v1/oauth/templates");
    expect(res.status).toBe(200);
    const templates = res.data as WireTemplate[];
    expect(templates.map((t) => t.id)).toEqual(
      expect.arrayContaining(["azure", "connect", "custom", "databricks", "snowflake"]),
    );
    for (const t of templates) {
      expect(Object.keys(t).sort()).toEqual([
        "description",
        "environment_variables",
        "fields",
        "id",
        "name",
        "options",
        "sections",
      ]);
      for (const o of t.options) {
        expect(["bool", "select"]).toContain(o.type);
        expect(o).not.toHaveProperty("required"); // emulator-internal rule, not on the wire
        if (o.type === "select") expect(o.values?.length).toBeGreaterThan(0);
      }
      for (const f of t.fields) {
        expect(typeof f.secret).toBe("boolean");
        expect(typeof f.multiline).toBe("boolean");
        expect(f).not.toHaveProperty("required");
      }
    }
  });

  test("databricks template has the assumed keys, a secret client_secret and host validation", async () => {
    const res = await apiClient(emu).get("/v1/oauth/templates/databricks");
    expect(res.status).toBe(200);
    const t = res.data as WireTemplate;
    expect(t.fields.map((f) => f.name)).toEqual([
      "workspace_host",
      "client_id",
      "client_secret",
      "scopes",
    ]);
    expect(t.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(["client_secret"]);
    const host = t.fields.find((f) => f.name === "workspace_host");
    const re = new RegExp(host?.validation ?? "^$");
    expect(re.test("https://dbc-1.cloud.databricks.com")).toBe(true);
    expect(re.test("adb-123.4.azuredatabricks.net")).toBe(true);
    expect(re.test("https://dbc-1.cloud.databricks.com/path")).toBe(false);
    expect(re.test("http://dbc-1.cloud.databricks.com")).toBe(false);
    // The admin guide's form (a bare host name) is the one the field describes.
    expect(host?.description).toBe(
      "The Databricks workspace host name, e.g. dbc-1234.cloud.databricks.com",
    );
    const authMode = t.options.find((o) => o.name === "auth_mode");
    expect(authMode).toMatchObject({
      type: "select",
      values: ["Confidential", "Public"],
      default: "Confidential",
    });
    expect(t.options.find((o) => o.name === "auth_type")?.values).toEqual([
      "Viewer",
      "Service Account",
    ]);
    expect(t.environment_variables).toEqual(["DATABRICKS_HOST"]);
  });

  test("custom template has use_pkce as a bool option defaulting to true", async () => {
    const t = (await apiClient(emu).get("/v1/oauth/templates/custom")).data as WireTemplate;
    expect(t.options.find((o) => o.name === "use_pkce")).toMatchObject({
      type: "bool",
      default: true,
    });
    expect(t.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "authorization_uri",
        "token_uri",
        "client_id",
        "client_secret",
        "scopes",
      ]),
    );
  });

  test("connect template offers max_role Viewer|Publisher|Admin", async () => {
    const t = (await apiClient(emu).get("/v1/oauth/templates/connect")).data as WireTemplate;
    expect(t.options).toEqual([
      expect.objectContaining({
        name: "max_role",
        type: "select",
        values: ["Viewer", "Publisher", "Admin"],
      }),
    ]);
  });

  test("unknown template key is 404 code 227", async () => {
    const res = await apiClient(emu).get("/v1/oauth/templates/nope");
    expect(res.status).toBe(404);
    expect(res.data.code).toBe(227);
    expect(res.data.payload).toBeNull();
  });
});
