/**
 * The two governance unknowns of emulator/connect/behaviour.ts, `permissions` and
 * `multipleAssociations`, seen over raw HTTP: what each answer makes the emulated server do.
 * What the package does under each is tests/provider/governance-unknowns.test.ts.
 */
import type { ConnectEmulator } from "../../emulator";
import { apiClient, controlClient, databricksBody, start } from "../emulator/support";

const GROUP = "7b2d5c8f-0000-4000-8000-00000000d5c1";
const DASH = "d1b2c3d4-0000-4000-8000-0000000da5a1";
const NEW = "2026.04.0";
const OLD = "2025.04.0";

const running: ConnectEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function emulator(options: Parameters<typeof start>[0]): Promise<ConnectEmulator> {
  const e = await start({
    groups: [{ name: "data-science", guid: GROUP }],
    content: [{ name: "sales-dashboard", guid: DASH, appMode: "python-dash" }],
    seedDefaultIntegration: false,
    ...options,
  });
  running.push(e);
  return e;
}

const grant = [{ user_guid: null, group_guid: GROUP }];

async function create(e: ConnectEmulator, extra: Record<string, unknown> = {}) {
  return apiClient(e).post("/v1/oauth/integrations", databricksBody(extra));
}

describe("permissions", () => {
  test.each([
    ["by-version", NEW],
    ["supported", OLD],
  ] as const)("%s on %s: stored and returned on POST, GET and PATCH", async (answer, version) => {
    const e = await emulator({ version, behaviour: { permissions: answer } });
    const res = await create(e, { permissions: grant });
    expect(res.status).toBe(200);
    expect(res.data.permissions).toEqual([expect.objectContaining({ group_guid: GROUP })]);
    const guid = res.data.guid as string;
    const got = await apiClient(e).get(`/v1/oauth/integrations/${guid}`);
    expect(got.data.permissions).toHaveLength(1);
    const patched = await apiClient(e).patch(`/v1/oauth/integrations/${guid}`, { permissions: [] });
    expect(patched.data.permissions).toEqual([]);
  });

  test.each([
    ["by-version", OLD],
    ["rejected", NEW],
  ] as const)("%s on %s: 400, nothing created; reads carry no field", async (answer, version) => {
    const e = await emulator({ version, behaviour: { permissions: answer } });
    const res = await create(e, { permissions: grant });
    expect(res.status).toBe(400);
    expect(res.data.error).toBe("The field permissions is not supported");
    expect(e.integrations()).toEqual([]);
    const plain = await create(e);
    expect(plain.status).toBe(200);
    expect(plain.data).not.toHaveProperty("permissions");
    const patch = await apiClient(e).patch(`/v1/oauth/integrations/${plain.data.guid}`, {
      permissions: grant,
    });
    expect(patch.status).toBe(400);
  });

  test("ignored on a new version: accepted with 200, neither stored nor returned", async () => {
    const e = await emulator({ version: NEW, behaviour: { permissions: "ignored" } });
    const res = await create(e, { permissions: grant, description: "kept" });
    expect(res.status).toBe(200);
    expect(res.data).not.toHaveProperty("permissions");
    const guid = res.data.guid as string;
    const patch = await apiClient(e).patch(`/v1/oauth/integrations/${guid}`, {
      permissions: grant,
      description: "changed",
    });
    expect(patch.status).toBe(200);
    expect(patch.data.description).toBe("changed"); // the rest of the PATCH is applied
    expect(patch.data).not.toHaveProperty("permissions");
    // Switched back on, the server shows that nothing was stored.
    await controlClient(e).put("/behaviour", { permissions: "supported" });
    expect((await apiClient(e).get(`/v1/oauth/integrations/${guid}`)).data.permissions).toEqual([]);
  });
});

describe("multipleAssociations", () => {
  async function twoIntegrations(e: ConnectEmulator): Promise<[string, string]> {
    const a = await create(e, { name: "A" });
    const b = await create(e, { name: "B" });
    return [a.data.guid as string, b.data.guid as string];
  }
  const put = (e: ConnectEmulator, guids: string[]) =>
    apiClient(e).put(
      `/v1/content/${DASH}/oauth/integrations/associations`,
      guids.map((g) => ({ oauth_integration_guid: g })),
    );

  test.each([
    ["by-version", "2025.07.0"],
    ["allowed", OLD],
  ] as const)("%s on %s: both kept", async (answer, version) => {
    const e = await emulator({ version, behaviour: { multipleAssociations: answer } });
    const [a, b] = await twoIntegrations(e);
    expect((await put(e, [a, b])).status).toBe(204);
    expect(e.associationsOf(DASH).sort()).toEqual([a, b].sort());
  });

  test.each([
    ["by-version", OLD],
    ["rejected", NEW],
  ] as const)("%s on %s: 400 code 238, the item keeps its set", async (answer, version) => {
    const e = await emulator({ version, behaviour: { multipleAssociations: answer } });
    const [a, b] = await twoIntegrations(e);
    expect((await put(e, [a])).status).toBe(204);
    const res = await put(e, [a, b]);
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      code: 238,
      error: "Content can only be associated with one OAuth integration.",
    });
    expect(e.associationsOf(DASH)).toEqual([a]);
  });

  test("replaces on a new version: 204, only the last one listed is kept", async () => {
    const e = await emulator({ version: NEW, behaviour: { multipleAssociations: "replaces" } });
    const [a, b] = await twoIntegrations(e);
    expect((await put(e, [a])).status).toBe(204);
    expect((await put(e, [a, b])).status).toBe(204);
    expect(e.associationsOf(DASH)).toEqual([b]);
  });
});

describe("the switches on the control surface and in options", () => {
  test("PUT /__emulator__/behaviour sets them; a wrong answer is refused with the allowed ones", async () => {
    const e = await emulator({ version: NEW });
    const ok = await controlClient(e).put("/behaviour", {
      permissions: "rejected",
      multipleAssociations: "replaces",
    });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ permissions: "rejected", multipleAssociations: "replaces" });
    expect((await create(e, { permissions: grant })).status).toBe(400);
    const bad = await controlClient(e).put("/behaviour", { multipleAssociations: "sometimes" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain(
      "behaviour multipleAssociations must be one of by-version, allowed, rejected, replaces",
    );
    const bad2 = await controlClient(e).put("/behaviour", { permissions: "maybe" });
    expect(JSON.stringify(bad2.data)).toContain(
      "behaviour permissions must be one of by-version, supported, rejected, ignored",
    );
  });

  test("an unknown answer in the options stops the start", async () => {
    await expect(
      start({ behaviour: { permissions: "later" as unknown as "ignored" } }),
    ).rejects.toThrow(/behaviour permissions must be one of/);
  });
});
