/** Fault injection (429 Retry-After, 5xx, latency, reset, drop-after-commit) and the control API. */
import axios, { type AxiosInstance } from "axios";
import type { DatabricksEmulator } from "../../emulator/databricks";
import createRequest from "../fixtures/databricks/create-request.confidential.json";
import { accountClient, accountTokenUrl, controlClient, start, tokenRequest } from "./support";

const PATH = "/oauth2/custom-app-integrations";

describe("faults and control API", () => {
  let emu: DatabricksEmulator;
  let api: AxiosInstance;
  beforeAll(async () => {
    emu = await start();
    api = await accountClient(emu);
  });
  afterEach(() => emu.clearFaults());
  afterAll(() => emu.close());

  test("429 with Retry-After and a Databricks error body; the request is not applied", async () => {
    emu.setFaults([
      {
        route: "apps.create",
        fault: { kind: "status", status: 429, retryAfterSeconds: 7 },
        times: 1,
      },
    ]);
    const before = emu.snapshot().customAppIntegrations.length;
    const res = await api.post(PATH, createRequest);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("7");
    expect(res.data).toEqual({
      error_code: "REQUEST_LIMIT_EXCEEDED",
      message: expect.any(String),
    });
    expect(emu.snapshot().customAppIntegrations).toHaveLength(before);
    expect(emu.requests.at(-1)).toMatchObject({
      route: "apps.create",
      status: 429,
      fault: "status",
    });
    expect((await api.post(PATH, createRequest)).status).toBe(200);
  });

  test("faults on the token endpoint, wildcard rules and 5xx", async () => {
    emu.setFaults([{ route: "token", fault: { kind: "status", status: 503 }, times: 1 }]);
    const res = await tokenRequest(accountTokenUrl(emu), emu.admin);
    expect([res.status, res.data.error_code]).toEqual([503, "TEMPORARILY_UNAVAILABLE"]);
    expect((await tokenRequest(accountTokenUrl(emu), emu.admin)).status).toBe(200);
    emu.setFaults([{ route: "*", fault: { kind: "status", status: 500 }, times: 2 }]);
    expect((await api.get(PATH)).status).toBe(500);
    expect((await api.get("/scim/v2/ServicePrincipals")).status).toBe(500);
    expect((await api.get(PATH)).status).toBe(200);
  });

  test("drop-after-commit applies the create but never answers; reset applies nothing", async () => {
    emu.setFaults([{ route: "apps.create", fault: { kind: "drop-after-commit" }, times: 1 }]);
    const before = emu.snapshot().customAppIntegrations.length;
    await expect(api.post(PATH, { ...createRequest, name: "dropped" })).rejects.toThrow();
    expect(emu.snapshot().customAppIntegrations.map((a) => a.name)).toContain("dropped");
    emu.setFaults([{ route: "apps.create", fault: { kind: "reset" }, times: 1 }]);
    await expect(api.post(PATH, { ...createRequest, name: "reset" })).rejects.toThrow();
    expect(emu.snapshot().customAppIntegrations.map((a) => a.name)).not.toContain("reset");
    expect(emu.snapshot().customAppIntegrations).toHaveLength(before + 1);
  });

  test("latency delays and then processes the request", async () => {
    emu.setFaults([{ route: "apps.list", fault: { kind: "latency", ms: 20 }, times: 1 }]);
    const res = await api.get(PATH);
    expect(res.status).toBe(200);
    expect(emu.requests.at(-1)).toMatchObject({ fault: "latency", status: 200 });
  });

  test("setFaults validates every rule before replacing the set", () => {
    emu.setFaults([{ route: "apps.get", fault: { kind: "status", status: 429 } }]);
    expect(() =>
      emu.setFaults([
        { route: "apps.get", fault: { kind: "status", status: 503 } },
        { route: "nope" as "apps.get", fault: { kind: "reset" } },
      ]),
    ).toThrow(/unknown route "nope"/);
    const control = controlClient(emu);
    return control.get("/faults").then((res) => {
      expect(res.data).toEqual([
        {
          route: "apps.get",
          fault: { kind: "status", status: 429 },
          id: expect.any(Number),
          fired: 0,
        },
      ]);
    });
  });

  test("control API: faults, requests, state, workspaces, check-secret, out-of-band delete, reset", async () => {
    const control = controlClient(emu);
    let res = await control.post("/faults", {
      route: "apps.get",
      fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
    });
    expect(res.data).toEqual({ id: expect.any(Number) });
    res = await control.put("/faults", [
      { route: "apps.list", fault: { kind: "status", status: 502 } },
    ]);
    expect(res.data).toHaveLength(1);
    expect((await api.get(PATH)).status).toBe(502);
    expect(
      (await control.post("/faults", { route: "apps.list", fault: { kind: "boom" } })).status,
    ).toBe(400);
    expect((await control.delete("/faults")).status).toBe(204);

    const { data: created } = await api.post(PATH, createRequest);
    const state = await control.get("/state");
    expect(state.data.accountId).toBe(emu.accountId);
    expect(
      state.data.customAppIntegrations.map((a: { integration_id: string }) => a.integration_id),
    ).toContain(created.integration_id);
    expect(JSON.stringify(state.data)).not.toContain(created.client_secret);
    const check = await control.post("/check-secret", {
      client_id: created.client_id,
      client_secret: created.client_secret,
    });
    expect(check.data).toEqual({ valid: true });
    expect(
      (await control.post("/check-secret", { client_id: created.client_id, client_secret: "x" }))
        .data,
    ).toEqual({
      valid: false,
    });
    expect((await control.get("/workspaces")).data).toEqual(emu.workspaces);
    const requests = await control.get("/requests");
    expect(requests.data.length).toBeGreaterThan(0);
    expect(requests.data.some((r: { path: string }) => r.path.startsWith("/__emulator__"))).toBe(
      false,
    );
    expect((await control.delete(`/apps/${created.integration_id}`)).status).toBe(204);
    expect((await api.get(`${PATH}/${created.integration_id}`)).status).toBe(404);
    expect((await control.delete(`/apps/${created.integration_id}`)).status).toBe(404);
    expect((await control.delete("/requests")).status).toBe(204);
    expect(emu.requests).toEqual([]);
    expect((await control.get("/nope")).status).toBe(404);

    expect((await control.post("/reset")).status).toBe(204);
    expect(emu.snapshot().customAppIntegrations).toEqual([]);
    // Reset drops issued tokens too: the old bearer no longer works, a new one does.
    expect((await api.get(PATH)).status).toBe(401);
    api = await accountClient(emu);
    expect((await api.get(PATH)).status).toBe(200);
  });

  test("hang holds the request until the client gives up; nothing is applied", async () => {
    emu.setFaults([{ route: "apps.create", fault: { kind: "hang" }, times: 1 }]);
    const before = emu.snapshot().customAppIntegrations.length;
    await expect(api.post(PATH, createRequest, { timeout: 200 })).rejects.toThrow(/timeout/);
    expect(emu.snapshot().customAppIntegrations).toHaveLength(before);
    expect(emu.requests.at(-1)).toMatchObject({ fault: "hang", status: null });
  });

  test("out-of-band edits (drift) and a direct admin token", async () => {
    const token = emu.issueAdminToken();
    const direct = await accountClient(emu, token);
    const { data: created } = await direct.post(PATH, createRequest);
    const url = `${PATH}/${created.integration_id}`;
    emu.tamperCustomAppIntegration(created.integration_id, {
      redirect_urls: ["https://drift.example.org/cb"],
    });
    expect((await direct.get(url)).data.redirect_urls).toEqual(["https://drift.example.org/cb"]);
    const control = controlClient(emu);
    const res = await control.patch(`/apps/${created.integration_id}`, { scopes: ["sql"] });
    expect(res.status).toBe(200);
    expect(res.data.scopes).toEqual(["sql"]);
    expect(
      (await control.patch(`/apps/${created.integration_id}`, { client_id: "x" })).status,
    ).toBe(400);
    expect((await control.patch("/apps/missing", { scopes: ["sql"] })).status).toBe(404);
    expect(() => emu.tamperCustomAppIntegration("missing", {})).toThrow(/no custom app missing/);
    expect(emu.checkClientSecret(created.client_id, created.client_secret)).toBe(true);
  });

  test("GET /.well-known/databricks-config describes an account host", async () => {
    const res = await axios.get(`${emu.url}/.well-known/databricks-config`);
    expect(res.data).toEqual({
      host_type: "ACCOUNT_HOST",
      account_id: emu.accountId,
      cloud: "AWS",
      oidc_endpoint: `${emu.url}/oidc/accounts/${emu.accountId}`,
    });
  });

  test("control requests are not faulted", async () => {
    emu.setFaults([{ route: "*", fault: { kind: "reset" } }]);
    const res = await axios.get(`${emu.url}/__emulator__/state`);
    expect(res.status).toBe(200);
  });
});
