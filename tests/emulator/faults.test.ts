import type { ConnectEmulator, FaultRule } from "../../emulator";
import { apiClient, databricksBody, start, waitFor } from "./support";

describe("emulator fault injection", () => {
  let emu: ConnectEmulator;
  beforeEach(async () => {
    emu = await start({ seedDefaultIntegration: false });
  });
  afterEach(() => emu.close());

  test("status fault answers with a Connect error body and Retry-After, without applying", async () => {
    emu.addFault({ route: "create", fault: { kind: "status", status: 429, retryAfterSeconds: 7 } });
    const res = await apiClient(emu).post("/v1/oauth/integrations", databricksBody());
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("7");
    expect(res.headers["x-correlation-id"]).toBeTruthy();
    expect(res.data).toEqual({
      code: expect.any(Number),
      error: expect.any(String),
      payload: null,
    });
    expect(emu.integrations()).toEqual([]);
    expect(emu.requests[0]).toMatchObject({ route: "create", status: 429, fault: "status" });
  });

  test.each([500, 502, 503] as const)("status %i without Retry-After", async (status) => {
    emu.addFault({ route: "list", fault: { kind: "status", status } });
    const res = await apiClient(emu).get("/v1/oauth/integrations");
    expect(res.status).toBe(status);
    expect(res.headers["retry-after"]).toBeUndefined();
    expect(res.data.payload).toBeNull();
  });

  test("faults only hit their route; '*' hits all; faults precede auth", async () => {
    emu.addFault({ route: "templates", fault: { kind: "status", status: 503 } });
    const api = apiClient(emu);
    expect((await api.get("/v1/oauth/integrations")).status).toBe(200);
    expect((await api.get("/v1/oauth/templates/custom")).status).toBe(503);
    emu.clearFaults();
    emu.addFault({ route: "*", fault: { kind: "status", status: 502 } });
    expect((await api.get("/v1/oauth/integrations")).status).toBe(502);
    expect((await apiClient(emu, null).get("/v1/oauth/integrations")).status).toBe(502);
  });

  test("latency delays the response, then processes normally", async () => {
    emu.addFault({ route: "create", fault: { kind: "latency", ms: 150 } });
    const started = Date.now();
    const res = await apiClient(emu).post("/v1/oauth/integrations", databricksBody());
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(emu.integrations()).toHaveLength(1);
    expect(emu.requests[0]).toMatchObject({ fault: "latency", status: 200 });
  });

  test("reset destroys the socket and the create is NOT applied", async () => {
    emu.addFault({ route: "create", fault: { kind: "reset" } });
    await expect(
      apiClient(emu).post("/v1/oauth/integrations", databricksBody()),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/),
    });
    expect(emu.integrations()).toEqual([]);
    expect(emu.requests[0]).toMatchObject({ route: "create", status: null, fault: "reset" });
  });

  test("drop-after-commit really commits, then drops the connection", async () => {
    emu.addFault({ route: "create", fault: { kind: "drop-after-commit" } });
    await expect(apiClient(emu).post("/v1/oauth/integrations", databricksBody())).rejects.toThrow();
    expect(emu.integrations()).toHaveLength(1);
    expect(emu.integrations()[0].name).toBe("Databricks Prod");
    expect(emu.secretsOf(emu.integrations()[0].guid)).toEqual({ client_secret: "s3cr3t-value" });
    expect(emu.requests[0]).toMatchObject({ status: null, fault: "drop-after-commit" });
  });

  test("drop-after-commit on delete deletes", async () => {
    const { guid } = (await apiClient(emu).post("/v1/oauth/integrations", databricksBody())).data;
    emu.addFault({ route: "delete", fault: { kind: "drop-after-commit" } });
    await expect(apiClient(emu).delete(`/v1/oauth/integrations/${guid}`)).rejects.toThrow();
    expect(emu.integrations()).toEqual([]);
  });

  test("hang holds the request unapplied until close() releases it", async () => {
    emu.addFault({ route: "create", fault: { kind: "hang" } });
    const pending = apiClient(emu).post("/v1/oauth/integrations", databricksBody());
    const outcome = pending.then(
      () => "resolved",
      () => "rejected",
    );
    await waitFor(() => emu.requests.length === 1);
    expect(emu.requests[0]).toMatchObject({ fault: "hang", status: null });
    expect(emu.integrations()).toEqual([]);
    await emu.close();
    expect(await outcome).toBe("rejected");
  });

  test("times bounds the number of firings", async () => {
    emu.addFault({ route: "list", fault: { kind: "status", status: 503 }, times: 2 });
    const api = apiClient(emu);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get("/v1/oauth/integrations")).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  test("removeFault and clearFaults stop injection; rules fire in insertion order", async () => {
    const api = apiClient(emu);
    const first = emu.addFault({ route: "list", fault: { kind: "status", status: 500 } });
    emu.addFault({ route: "list", fault: { kind: "status", status: 502 } });
    expect((await api.get("/v1/oauth/integrations")).status).toBe(500);
    emu.removeFault(first);
    expect((await api.get("/v1/oauth/integrations")).status).toBe(502);
    emu.clearFaults();
    expect((await api.get("/v1/oauth/integrations")).status).toBe(200);
  });

  test("invalid rules are refused", () => {
    expect(() => emu.addFault({ route: "nope" } as unknown as FaultRule)).toThrow(/route/);
    expect(() =>
      emu.addFault({
        route: "list",
        fault: { kind: "status", status: 404 },
      } as unknown as FaultRule),
    ).toThrow(/status/);
    expect(() => emu.addFault({ route: "list", fault: { kind: "reset" }, probability: 2 })).toThrow(
      /probability/,
    );
  });
});

describe("emulator fault PRNG", () => {
  async function pattern(seed: number, n = 40): Promise<number[]> {
    const emu = await start({ faultSeed: seed, seedDefaultIntegration: false });
    try {
      emu.addFault({ route: "list", fault: { kind: "status", status: 503 }, probability: 0.5 });
      const api = apiClient(emu);
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) statuses.push((await api.get("/v1/oauth/integrations")).status);
      return statuses;
    } finally {
      await emu.close();
    }
  }

  test("the same seed reproduces the same fault pattern; another seed differs", async () => {
    const a = await pattern(42);
    const b = await pattern(42);
    const c = await pattern(43);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const failures = a.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  test("probability 0 never fires; reset() rewinds the PRNG", async () => {
    const emu = await start({ faultSeed: 7, seedDefaultIntegration: false });
    try {
      const api = apiClient(emu);
      emu.addFault({ route: "list", fault: { kind: "status", status: 503 }, probability: 0 });
      for (let i = 0; i < 10; i++)
        expect((await api.get("/v1/oauth/integrations")).status).toBe(200);
      const run = async () => {
        emu.reset();
        emu.addFault({ route: "list", fault: { kind: "status", status: 500 }, probability: 0.3 });
        const out: number[] = [];
        for (let i = 0; i < 20; i++) out.push((await api.get("/v1/oauth/integrations")).status);
        return out;
      };
      expect(await run()).toEqual(await run());
    } finally {
      await emu.close();
    }
  });
});
