/**
 * Checks the emulator's objects against the recorded Connect responses in tests/fixtures/connect
 * (where each was recorded: tests/fixtures/README.md).
 */
import type { ConnectEmulator } from "../../emulator";
import { connectFixture as fixture, recordedErrorBodies } from "../fixtures/connect-fixtures";
import { apiClient, start } from "./support";

/** Key → typeof (with "null" for null), recursively for plain objects. */
function shape(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}

describe("emulator conformance with recorded Connect fixtures", () => {
  let emu: ConnectEmulator;
  beforeAll(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterAll(() => emu.close());

  test("connect-template POST matches 2025.07.0 integrations-aef9b2-POST.json", async () => {
    const recorded = fixture("connectapi-2025.07.0/integration-create-aef9b2-POST.json") as Record<
      string,
      unknown
    >;
    const res = await apiClient(emu).post("/v1/oauth/integrations", {
      template: "connect",
      name: recorded.name,
      description: recorded.description,
      config: { max_role: "Publisher" },
    });
    expect(shape(res.data)).toEqual(shape(recorded));
    const generated = { id: expect.any(String), guid: expect.any(String) };
    const times = { created_time: expect.any(String), updated_time: expect.any(String) };
    expect(res.data).toEqual({ ...recorded, ...generated, ...times });
    expect(res.data.created_time).toBe(res.data.updated_time);
  });

  test("PATCH matches 60586f1c-c0720f-PATCH.json", async () => {
    const recorded = fixture(
      "connectapi-2025.07.0/integration-update-60586f1c-c0720f-PATCH.json",
    ) as Record<string, unknown>;
    const api = apiClient(emu);
    const created = await api.post("/v1/oauth/integrations", {
      template: "connect",
      name: "Connect API Integration",
      description: "Authenticate against the Connect API, but only as a publisher",
      config: { max_role: "Publisher" },
    });
    const res = await api.patch(`/v1/oauth/integrations/${created.data.guid}`, {
      description: recorded.description,
      config: { max_role: "Viewer" },
    });
    expect(shape(res.data)).toEqual(shape(recorded));
    expect(res.data.config).toEqual(recorded.config);
    expect(res.data.description).toBe(recorded.description);
  });

  test("custom integration GET matches 2024.12.0 f8688548.json (config keys and types, no secret)", async () => {
    const recorded = fixture("connectapi-2024.12.0/integration-get-f8688548.json") as Record<
      string,
      unknown
    >;
    const api = apiClient(emu);
    const created = await api.post("/v1/oauth/integrations", {
      template: "custom",
      name: recorded.name,
      description: recorded.description,
      config: { ...(recorded.config as object), client_secret: "github-secret" },
    });
    expect(created.status).toBe(200);
    const got = await api.get(`/v1/oauth/integrations/${created.data.guid}`);
    expect(shape(got.data)).toEqual(shape(recorded));
    expect(got.data.config).toEqual(recorded.config);
    expect(got.data.auth_type).toBe(recorded.auth_type);
  });

  test("content associations match 2025.07.0 associations.json", async () => {
    const recorded = fixture(
      "connectapi-2025.07.0/content-associations-12345678.json",
    ) as unknown[];
    const api = apiClient(emu);
    const { guid } = (
      await api.post("/v1/oauth/integrations", {
        template: "connect",
        name: "Integration 1",
        description: "This is the first description",
        config: { max_role: "Viewer" },
      })
    ).data;
    await api.put("/v1/content/12345678/oauth/integrations/associations", [
      { oauth_integration_guid: guid },
    ]);
    const res = await api.get("/v1/content/12345678/oauth/integrations/associations");
    expect(res.data).toHaveLength(1);
    for (const entry of recorded) expect(shape(res.data[0])).toEqual(shape(entry));
    expect(res.data[0]).toMatchObject({
      app_guid: "12345678",
      content_guid: "12345678",
      oauth_integration_name: "Integration 1",
    });
  });

  test("the 228 error body is byte-identical to the recorded one", async () => {
    const post = recordedErrorBodies().find((e) => e.source.endsWith("integrations-7ae937-POST.R"));
    expect(post).toBeDefined();
    const res = await apiClient(emu).post(
      "/v1/oauth/integrations",
      { template: "connect", config: { max_role: "Not a Role" } },
      { responseType: "text", transformResponse: (d) => d },
    );
    expect(res.status).toBe(post?.status);
    expect(res.data).toBe(post?.body);
    expect(res.headers["content-type"]).toBe(post?.content_type);
  });

  test("403 and 404 bodies have the recorded shape", async () => {
    const examples = recordedErrorBodies();
    const forbidden = examples.find((e) => e.status === 403);
    emu.addApiKey("pub", "publisher");
    const res = await apiClient(emu, "pub").post(
      "/v1/oauth/integrations",
      {},
      { responseType: "text", transformResponse: (d) => d },
    );
    expect(res.data).toBe(forbidden?.body);
    const notFound = examples.find((e) => e.status === 404);
    const missing = await apiClient(emu).get("/v1/oauth/integrations/nope");
    expect(shape(missing.data)).toEqual(shape(JSON.parse(notFound?.body ?? "{}")));
  });
});
