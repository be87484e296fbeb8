import type { ConnectEmulator, WireIntegration } from "../../emulator";
import { apiClient, controlClient, databricksBody, start } from "./support";

describe("emulator /__emulator__ control surface", () => {
  let emu: ConnectEmulator;
  beforeEach(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterEach(() => emu.close());

  test("state and requests mirror the API; control calls are neither logged nor faulted", async () => {
    const ctl = controlClient(emu);
    emu.addFault({ route: "*", fault: { kind: "status", status: 503 }, times: 1 });
    expect((await apiClient(emu).post("/v1/oauth/integrations", databricksBody())).status).toBe(
      503,
    );
    const created = await apiClient(emu).post("/v1/oauth/integrations", databricksBody());
    const state = await ctl.get("/state");
    expect(state.status).toBe(200);
    expect(state.data).toEqual([created.data]);
    const requests = await ctl.get("/requests");
    expect(requests.data.map((r: { status: number }) => r.status)).toEqual([503, 200]);
    expect(emu.requests).toHaveLength(2);
    expect((await ctl.delete("/requests")).status).toBe(204);
    expect(emu.requests).toEqual([]);
    expect((await ctl.get("/integrations/" + created.data.guid + "/secrets")).data).toEqual({
      client_secret: "s3cr3t-value",
    });
  });

  test("faults can be added, listed and cleared over HTTP; bad rules are 400", async () => {
    const ctl = controlClient(emu);
    const added = await ctl.post("/faults", {
      route: "list",
      fault: { kind: "status", status: 500 },
      times: 1,
    });
    expect(added.status).toBe(200);
    expect(added.data).toEqual({ id: expect.any(Number) });
    expect((await ctl.get("/faults")).data).toEqual([
      expect.objectContaining({ id: added.data.id, route: "list", fired: 0 }),
    ]);
    expect((await apiClient(emu).get("/v1/oauth/integrations")).status).toBe(500);
    await ctl.post("/faults", { route: "*", fault: { kind: "status", status: 502 } });
    expect((await ctl.delete("/faults")).status).toBe(204);
    expect((await apiClient(emu).get("/v1/oauth/integrations")).status).toBe(200);
    const bad = await ctl.post("/faults", { route: "list", fault: { kind: "explode" } });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toMatch(/fault kind/);
  });

  test("keys can be added and revoked over HTTP", async () => {
    const ctl = controlClient(emu);
    expect((await ctl.post("/keys", { key: "k2", role: "publisher" })).status).toBe(204);
    expect((await apiClient(emu, "k2").get("/v1/oauth/integrations")).status).toBe(200);
    expect(
      (await apiClient(emu, "k2").post("/v1/oauth/integrations", databricksBody())).status,
    ).toBe(403);
    expect((await ctl.delete("/keys/k2")).status).toBe(204);
    expect((await apiClient(emu, "k2").get("/v1/oauth/integrations")).status).toBe(401);
    expect((await ctl.post("/keys", { key: "k3", role: "root" })).status).toBe(400);
  });

  test("out-of-band delete and tamper behave like UI edits", async () => {
    const ctl = controlClient(emu);
    const api = apiClient(emu);
    const created = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const tampered = await ctl.patch(`/integrations/${created.guid}`, {
      name: "Edited in UI",
      config: { scopes: "sql", client_secret: "ui-secret" },
    });
    expect(tampered.status).toBe(200);
    expect(tampered.data.name).toBe("Edited in UI");
    const fetched = (await api.get(`/v1/oauth/integrations/${created.guid}`))
      .data as WireIntegration;
    expect(fetched).toEqual(tampered.data);
    expect(fetched.config.scopes).toBe("sql");
    expect(fetched.config).not.toHaveProperty("client_secret");
    expect(emu.secretsOf(created.guid)).toEqual({ client_secret: "ui-secret" });
    expect(fetched.updated_time >= created.updated_time).toBe(true);

    expect((await ctl.delete(`/integrations/${created.guid}`)).status).toBe(204);
    expect((await api.get(`/v1/oauth/integrations/${created.guid}`)).status).toBe(404);
    expect((await ctl.delete(`/integrations/${created.guid}`)).status).toBe(404);
    expect((await ctl.patch(`/integrations/${created.guid}`, { name: "x" })).status).toBe(404);
    expect(emu.requests.map((r) => r.route)).toEqual(["create", "get", "get"]);
  });

  test("the in-process tamper/deleteIntegration API does the same", async () => {
    const api = apiClient(emu);
    const { guid } = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    emu.tamper(guid, { description: null, config: { scopes: null } });
    const got = (await api.get(`/v1/oauth/integrations/${guid}`)).data as WireIntegration;
    expect(got.description).toBeNull();
    expect(got.config).not.toHaveProperty("scopes");
    expect(() => emu.tamper("nope", { name: "x" })).toThrow();
    expect(emu.deleteIntegration(guid)).toBe(true);
    expect(emu.deleteIntegration(guid)).toBe(false);
  });

  test("reset drops integrations, requests and faults", async () => {
    const ctl = controlClient(emu);
    await apiClient(emu).post("/v1/oauth/integrations", databricksBody());
    emu.addFault({ route: "list", fault: { kind: "hang" } });
    expect((await ctl.post("/reset")).status).toBe(204);
    expect(emu.integrations()).toEqual([]);
    expect(emu.requests).toEqual([]);
    expect((await apiClient(emu).get("/v1/oauth/integrations")).data).toEqual([]);
    expect((await apiClient(emu).post("/v1/oauth/integrations", databricksBody())).data.id).toBe(
      "1",
    );
  });

  test("unknown control endpoint is 404", async () => {
    expect((await controlClient(emu).get("/nothing")).status).toBe(404);
  });
});
