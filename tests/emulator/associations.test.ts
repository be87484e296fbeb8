import type { ConnectEmulator, WireAssociation } from "../../emulator";
import { apiClient, connectError, databricksBody, start } from "./support";

const CONTENT = "f2f37341-e21d-3d80-c698-a935ad614066";
const path = `/v1/content/${CONTENT}/oauth/integrations/associations`;

describe("emulator content associations", () => {
  let emu: ConnectEmulator;
  let a: string;
  let b: string;
  beforeEach(async () => {
    emu = await start({ seedDefaultIntegration: false });
    const api = apiClient(emu);
    a = (await api.post("/v1/oauth/integrations", databricksBody({ name: "A" }))).data.guid;
    b = (
      await api.post("/v1/oauth/integrations", {
        template: "connect",
        name: "B",
        config: { max_role: "Viewer" },
      })
    ).data.guid;
  });
  afterEach(() => emu.close());

  test("empty list before any PUT", async () => {
    const res = await apiClient(emu).get(path);
    expect(res.status).toBe(200);
    expect(res.data).toEqual([]);
  });

  test("PUT replaces the set (204) and GET returns the 2025.07 shape", async () => {
    const api = apiClient(emu);
    const put = await api.put(path, [{ oauth_integration_guid: a }, { oauth_integration_guid: b }]);
    expect(put.status).toBe(204);
    const got = (await api.get(path)).data as WireAssociation[];
    expect(got).toEqual([
      {
        app_guid: CONTENT,
        content_guid: CONTENT,
        oauth_integration_guid: a,
        oauth_integration_name: "A",
        oauth_integration_description: "Workspace SSO",
        oauth_integration_template: "databricks",
        oauth_integration_auth_type: "Viewer",
        created_time: expect.stringMatching(/Z$/),
      },
      expect.objectContaining({
        oauth_integration_guid: b,
        oauth_integration_auth_type: "Visitor API Key",
      }),
    ]);
    await api.put(path, [{ oauth_integration_guid: b }]);
    const replaced = (await api.get(path)).data as WireAssociation[];
    expect(replaced.map((x) => x.oauth_integration_guid)).toEqual([b]);
    expect(replaced[0].created_time).toBe(got[1].created_time);
  });

  test("PUT [] clears", async () => {
    const api = apiClient(emu);
    await api.put(path, [{ oauth_integration_guid: a }]);
    expect((await api.put(path, [])).status).toBe(204);
    expect((await api.get(path)).data).toEqual([]);
  });

  test("unknown integration guid is 400 code 207, duplicates 400 code 258, non-list 400 code 208", async () => {
    const api = apiClient(emu);
    await api.put(path, [{ oauth_integration_guid: a }]);
    const unknown = await api.put(path, [{ oauth_integration_guid: "nope" }]);
    expect(unknown.status).toBe(400);
    expect(unknown.data.code).toBe(207);
    const dup = await api.put(path, [{ oauth_integration_guid: b }, { oauth_integration_guid: b }]);
    expect(dup.status).toBe(400);
    expect(dup.data.code).toBe(258);
    const notList = await api.put(path, { oauth_integration_guid: b });
    expect(notList.data.code).toBe(208);
    const missingField = await api.put(path, [{ guid: b }]);
    expect(missingField.data.code).toBe(207);
    const malformed = await api.put(path, "[{");
    expect(malformed.data).toEqual(connectError(87, "Unable to parse request body"));
    // Failed PUTs leave the previous set in place.
    expect(
      ((await api.get(path)).data as WireAssociation[]).map((x) => x.oauth_integration_guid),
    ).toEqual([a]);
  });

  test("integration associations list the content using it; delete cascades", async () => {
    const api = apiClient(emu);
    await api.put(path, [{ oauth_integration_guid: a }]);
    await api.put("/v1/content/other/oauth/integrations/associations", [
      { oauth_integration_guid: a },
      { oauth_integration_guid: b },
    ]);
    const byIntegration = (await api.get(`/v1/oauth/integrations/${a}/associations`))
      .data as WireAssociation[];
    expect(byIntegration.map((x) => x.content_guid)).toEqual([CONTENT, "other"]);
    expect((await api.get("/v1/oauth/integrations/nope/associations")).status).toBe(404);

    expect((await api.delete(`/v1/oauth/integrations/${a}`)).status).toBe(204);
    expect((await api.get(path)).data).toEqual([]);
    const other = (await api.get("/v1/content/other/oauth/integrations/associations"))
      .data as WireAssociation[];
    expect(other.map((x) => x.oauth_integration_guid)).toEqual([b]);
  });

  test("associations reflect later renames of the integration", async () => {
    const api = apiClient(emu);
    await api.put(path, [{ oauth_integration_guid: a }]);
    await api.patch(`/v1/oauth/integrations/${a}`, { name: "A2" });
    expect((await api.get(path)).data[0].oauth_integration_name).toBe("A2");
  });
});
