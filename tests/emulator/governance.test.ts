/** The emulator's users, groups, content, version-dependent permissions and association rules. */
import { connectFixture } from "../fixtures/connect-fixtures";
import { apiClient, connectError, controlClient, databricksBody, start } from "./support";

const GROUP = "g-1";
const USER = "u-1";

describe("directory endpoints", () => {
  test("users and groups: prefix search in Connect's page shape, paged", async () => {
    const emu = await start({
      users: [
        { username: "ana", guid: "u-ana" },
        { username: "anabel", guid: "u-anabel" },
        { username: "bob", guid: "u-bob" },
      ],
      groups: [{ name: "data-science", guid: GROUP }],
    });
    try {
      const api = apiClient(emu);
      const users = await api.get("/v1/users", { params: { prefix: "ana", page_size: 1 } });
      expect(users.status).toBe(200);
      expect(users.data).toMatchObject({ current_page: 1, total: 2 });
      expect(users.data.results.map((u: { username: string }) => u.username)).toEqual(["ana"]);
      const page2 = await api.get("/v1/users", {
        params: { prefix: "ana", page_size: 1, page_number: 2 },
      });
      expect(page2.data.results.map((u: { guid: string }) => u.guid)).toEqual(["u-anabel"]);
      const groups = await api.get("/v1/groups", { params: { prefix: "DATA" } });
      expect(groups.data.results).toEqual([
        { guid: GROUP, name: "data-science", owner_guid: null },
      ]);
    } finally {
      await emu.close();
    }
  });

  test("content by name and guid, 404 for unknown, app_mode reported", async () => {
    const emu = await start({
      content: [{ name: "report", guid: "c-r", appMode: "quarto-static" }],
    });
    try {
      const api = apiClient(emu);
      const byName = await api.get("/v1/content", { params: { name: "report" } });
      expect(byName.data).toHaveLength(1);
      expect(byName.data[0]).toMatchObject({
        guid: "c-r",
        name: "report",
        app_mode: "quarto-static",
      });
      expect((await api.get("/v1/content/c-r")).data.guid).toBe("c-r");
      const missing = await api.get("/v1/content/zzz");
      expect(missing.status).toBe(404);
      expect(missing.data).toEqual(connectError(4, "The requested object does not exist."));
    } finally {
      await emu.close();
    }
  });

  test("server_settings reports the configured version", async () => {
    const emu = await start({ version: "2024.12.0" });
    try {
      expect((await apiClient(emu).get("/server_settings")).data.version).toBe("2024.12.0");
    } finally {
      await emu.close();
    }
  });
});

describe("permissions by version", () => {
  test("2026.04.0: accepted on create/PATCH, returned in GET, principals must exist", async () => {
    const emu = await start({
      version: "2026.04.0",
      users: [{ username: "u", guid: USER }],
      groups: [{ name: "g", guid: GROUP }],
    });
    try {
      const api = apiClient(emu);
      const created = await api.post(
        "/v1/oauth/integrations",
        databricksBody({ permissions: [{ group_guid: GROUP, user_guid: null }] }),
      );
      expect(created.status).toBe(200);
      expect(created.data.permissions).toEqual([
        expect.objectContaining({
          integration_guid: created.data.guid,
          group_guid: GROUP,
          user_guid: null,
        }),
      ]);
      const guid = created.data.guid as string;
      const patched = await api.patch(`/v1/oauth/integrations/${guid}`, {
        permissions: [{ user_guid: USER }],
      });
      expect(patched.data.permissions.map((p: { user_guid: string }) => p.user_guid)).toEqual([
        USER,
      ]);
      expect((await api.get(`/v1/oauth/integrations/${guid}`)).data.permissions).toEqual(
        patched.data.permissions,
      );
      const unknown = await api.patch(`/v1/oauth/integrations/${guid}`, {
        permissions: [{ group_guid: "nope" }],
      });
      expect(unknown.status).toBe(400);
      expect(unknown.data.error).toBe("The group nope does not exist");
      // The dashboard's Access tab, via the control surface.
      const ctl = await controlClient(emu).put(`/integrations/${guid}/permissions`, []);
      expect(ctl.data).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  test("2025.07.0: the field is unknown (400) and GET has no permissions key", async () => {
    const emu = await start();
    try {
      const api = apiClient(emu);
      const refused = await api.post("/v1/oauth/integrations", databricksBody({ permissions: [] }));
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual(connectError(2, "The field permissions is not supported"));
      const created = await api.post("/v1/oauth/integrations", databricksBody());
      expect(created.data).not.toHaveProperty("permissions");
    } finally {
      await emu.close();
    }
  });
});

describe("association rules", () => {
  test("unknown content 404; Viewer on static content 400/237; Service Account allowed", async () => {
    const emu = await start({ content: [{ name: "static", guid: "c-static", appMode: "static" }] });
    try {
      const api = apiClient(emu);
      const viewer = (await api.post("/v1/oauth/integrations", databricksBody())).data.guid;
      const body = [{ oauth_integration_guid: viewer }];
      expect(
        (await api.put("/v1/content/unknown/oauth/integrations/associations", body)).status,
      ).toBe(404);
      expect((await api.get("/v1/content/unknown/oauth/integrations/associations")).status).toBe(
        404,
      );
      const refused = await api.put("/v1/content/c-static/oauth/integrations/associations", body);
      expect(refused.status).toBe(400);
      expect(refused.data.code).toBe(237);
      const sa = (
        await api.post(
          "/v1/oauth/integrations",
          databricksBody({
            config: { ...databricksBody().config, auth_type: "Service Account" },
          }),
        )
      ).data.guid;
      expect(
        (
          await api.put("/v1/content/c-static/oauth/integrations/associations", [
            { oauth_integration_guid: sa },
          ])
        ).status,
      ).toBe(204);
      expect(emu.associationsOf("c-static")).toEqual([sa]);
    } finally {
      await emu.close();
    }
  });

  test("before 2025.07.0 one association per content item (400/238)", async () => {
    const emu = await start({ version: "2025.04.0" });
    try {
      const api = apiClient(emu);
      const a = (await api.post("/v1/oauth/integrations", databricksBody())).data.guid;
      const b = (await api.post("/v1/oauth/integrations", databricksBody({ name: "B" }))).data.guid;
      const two = await api.put("/v1/content/c1/oauth/integrations/associations", [
        { oauth_integration_guid: a },
        { oauth_integration_guid: b },
      ]);
      expect(two.status).toBe(400);
      expect(two.data).toEqual(
        connectError(238, "Content can only be associated with one OAuth integration."),
      );
      expect(emu.associationsOf("c1")).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  test("control surface: add content, set and read associations out of band", async () => {
    const emu = await start();
    try {
      const ctl = controlClient(emu);
      const added = await ctl.post("/content", { name: "new", guid: "c-new", appMode: "shiny" });
      expect(added.data).toMatchObject({ guid: "c-new", app_mode: "shiny" });
      const a = (await apiClient(emu).post("/v1/oauth/integrations", databricksBody())).data.guid;
      expect((await ctl.put("/content/c-new/associations", [a])).data).toEqual([a]);
      expect((await ctl.get("/content/c-new/associations")).data).toEqual([a]);
    } finally {
      await emu.close();
    }
  });
});

describe("recorded shape", () => {
  test("an association on known content has the keys and types of the recorded 2025.07.0 response", async () => {
    // Recorded from connectapi's 2025.07.0 mocks (provenance: tests/fixtures/README.md).
    const recorded = connectFixture<Array<Record<string, unknown>>>(
      "connectapi-2025.07.0/content-associations-12345678.json",
    );
    const emu = await start({ content: [{ name: "dash", guid: "12345678", appMode: "shiny" }] });
    try {
      const api = apiClient(emu);
      const guid = (await api.post("/v1/oauth/integrations", databricksBody())).data.guid;
      await api.put("/v1/content/12345678/oauth/integrations/associations", [
        { oauth_integration_guid: guid },
      ]);
      const [entry] = (await api.get("/v1/content/12345678/oauth/integrations/associations")).data;
      const typesOf = (o: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? "null" : typeof v]));
      expect(typesOf(entry)).toEqual(typesOf(recorded[0]));
      expect(entry).toMatchObject({ app_guid: "12345678", content_guid: "12345678" });
    } finally {
      await emu.close();
    }
  });
});
