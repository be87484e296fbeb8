import * as http from "node:http";
import type { ConnectEmulator } from "../../emulator";
import { ADMIN_KEY, PUBLISHER_KEY, apiClient, databricksBody, start } from "./support";

describe("emulator request log and connections", () => {
  let emu: ConnectEmulator;
  const agents: http.Agent[] = [];
  beforeEach(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterEach(async () => {
    agents.splice(0).forEach((a) => a.destroy());
    await emu.close();
  });

  test("records method, path without query, route, status, caller and time in order", async () => {
    const api = apiClient(emu);
    const before = Date.now();
    const created = await api.post("/v1/oauth/integrations", databricksBody());
    await api.get(`/v1/oauth/integrations/${created.data.guid}?verbose=1`);
    await apiClient(emu, PUBLISHER_KEY).delete(`/v1/oauth/integrations/${created.data.guid}`);
    await api.get("/v1/oauth/templates");
    expect(
      emu.requests.map(({ seq, method, path, route, status, authorized }) => ({
        seq,
        method,
        path,
        route,
        status,
        authorized,
      })),
    ).toEqual([
      {
        seq: 1,
        method: "POST",
        path: "/__api__/v1/oauth/integrations",
        route: "create",
        status: 200,
        authorized: "admin",
      },
      {
        seq: 2,
        method: "GET",
        path: `/__api__/v1/oauth/integrations/${created.data.guid}`,
        route: "get",
        status: 200,
        authorized: "admin",
      },
      {
        seq: 3,
        method: "DELETE",
        path: `/__api__/v1/oauth/integrations/${created.data.guid}`,
        route: "delete",
        status: 403,
        authorized: "publisher",
      },
      {
        seq: 4,
        method: "GET",
        path: "/__api__/v1/oauth/templates",
        route: "templates",
        status: 200,
        authorized: "admin",
      },
    ]);
    expect(emu.requests.every((r) => r.time >= before && r.time <= Date.now())).toBe(true);
    expect(emu.requests[1].body).toBeNull();
    expect(emu.requests.some((r) => "fault" in r)).toBe(false);
  });

  test("secrets are redacted in the logged body, other values kept", async () => {
    const api = apiClient(emu);
    const created = await api.post("/v1/oauth/integrations", databricksBody());
    await api.patch(`/v1/oauth/integrations/${created.data.guid}`, {
      config: { client_secret: "rotated", scopes: null },
    });
    await api.post(
      "/v1/oauth/integrations",
      '{"template":"custom","config":{"client_secret":"leaky',
    );
    expect(emu.requests[0].body).toEqual({
      ...databricksBody(),
      config: { ...databricksBody().config, client_secret: "[redacted]" },
    });
    expect(emu.requests[1].body).toEqual({ config: { client_secret: "[redacted]", scopes: null } });
    expect(typeof emu.requests[2].body).toBe("string");
    const all = JSON.stringify(emu.requests);
    for (const secret of ["s3cr3t-value", "rotated", "leaky"]) expect(all).not.toContain(secret);
    expect(JSON.stringify(emu.requests)).not.toContain(ADMIN_KEY);
  });

  test("clearRequests empties the log", async () => {
    await apiClient(emu).get("/v1/oauth/integrations");
    expect(emu.requests).toHaveLength(1);
    emu.clearRequests();
    expect(emu.requests).toHaveLength(0);
    await apiClient(emu).get("/v1/oauth/integrations");
    expect(emu.requests).toHaveLength(1);
  });

  test("keep-alive requests share one connection id; separate connections get new ids", async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const noKeepAlive = new http.Agent({ keepAlive: false });
    agents.push(keepAlive, noKeepAlive);
    const shared = apiClient(emu);
    for (let i = 0; i < 3; i++)
      await shared.get("/v1/oauth/integrations", { httpAgent: keepAlive });
    expect(emu.connectionsOpened).toBe(1);
    expect(new Set(emu.requests.map((r) => r.connection))).toEqual(new Set([1]));

    for (let i = 0; i < 2; i++)
      await shared.get("/v1/oauth/integrations", { httpAgent: noKeepAlive });
    expect(emu.connectionsOpened).toBe(3);
    expect(emu.requests.map((r) => r.connection)).toEqual([1, 1, 1, 2, 3]);
  });

  test("a reset fault forces the client onto a new connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const api = apiClient(emu);
    await api.get("/v1/oauth/integrations", { httpAgent: agent });
    emu.addFault({ route: "list", fault: { kind: "reset" }, times: 1 });
    await expect(api.get("/v1/oauth/integrations", { httpAgent: agent })).rejects.toThrow();
    await api.get("/v1/oauth/integrations", { httpAgent: agent });
    expect(emu.requests.map((r) => [r.connection, r.status])).toEqual([
      [1, 200],
      [1, null],
      [2, 200],
    ]);
  });
});
