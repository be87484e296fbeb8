/**
 * The Connect unknowns (emulator/connect/behaviour.ts), one test per answer: the package's client
 * either reads the server right or stops with an error that says what happened and what to do.
 */
import { ConnectClient } from "../../provider/connect/client";
import type { ConnectEmulator } from "../../emulator";
import { ADMIN_KEY, apiClient, controlClient, databricksBody, start } from "../emulator/support";

const running: ConnectEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function emulator(options: Parameters<typeof start>[0]): Promise<ConnectEmulator> {
  const e = await start(options);
  running.push(e);
  return e;
}

const client = (e: ConnectEmulator) =>
  new ConnectClient({ baseUrl: e.url, apiKey: ADMIN_KEY, retry: { retries: 0 } });

async function createServiceAccount(e: ConnectEmulator): Promise<string> {
  const res = await apiClient(e).post(
    "/v1/oauth/integrations",
    databricksBody({
      config: { ...databricksBody().config, auth_type: "Service Account" },
    }),
  );
  expect(res.status).toBe(200);
  return res.data.guid as string;
}

describe("authType: where reads show an integration's auth type", () => {
  test("by-version before 2024.12 (absent): the package stops with the upgrade fix", async () => {
    const e = await emulator({ version: "2024.11.0" });
    const guid = await createServiceAccount(e);
    const raw = await apiClient(e).get(`/v1/oauth/integrations/${guid}`);
    expect(raw.data).not.toHaveProperty("auth_type");
    await expect(client(e).get(guid)).rejects.toThrow(
      /did not report the auth type.*Upgrade Posit Connect to 2024\.12 or later/,
    );
  });

  test("by-version from 2024.12: read as Service Account (no replace)", async () => {
    const e = await emulator({ version: "2024.12.0" });
    const guid = await createServiceAccount(e);
    expect((await client(e).get(guid))?.authType).toBe("Service Account");
  });

  test("in-config: the echoed config key is read, and kept out of config", async () => {
    const e = await emulator({ version: "2024.11.0", behaviour: { authType: "in-config" } });
    const guid = await createServiceAccount(e);
    const read = await client(e).get(guid);
    expect(read?.authType).toBe("Service Account");
    expect(read?.config).not.toHaveProperty("auth_type");
  });

  test("absent on a new server, set through the control API: the package stops", async () => {
    const e = await emulator({});
    await createServiceAccount(e);
    const put = await controlClient(e).put("/behaviour", { authType: "absent" });
    expect(put.status).toBe(200);
    expect(put.data).toMatchObject({ authType: "absent" });
    await expect(client(e).list()).rejects.toThrow(/did not report the auth type/);
    expect((await controlClient(e).put("/behaviour", { authType: "sometimes" })).status).toBe(400);
  });
});

describe("defaultIntegration: the Connect Visitor API Key integration", () => {
  const names = async (e: ConnectEmulator) =>
    ((await apiClient(e).get("/v1/oauth/integrations")).data as Array<{ template: string }>).map(
      (i) => i.template,
    );
  test("by-version: absent before 2025.05.0", async () => {
    expect(await names(await emulator({ version: "2025.04.0" }))).not.toContain("connect");
  });
  test("by-version: present from 2025.05.0", async () => {
    expect(await names(await emulator({ version: "2025.05.0" }))).toContain("connect");
  });
  test("never / always override the version", async () => {
    const never = await emulator({ behaviour: { defaultIntegration: "never" } });
    expect(await names(never)).not.toContain("connect");
    const always = await emulator({
      version: "2024.12.0",
      behaviour: { defaultIntegration: "always" },
    });
    expect(await names(always)).toContain("connect");
  });
});

describe("GET /v1/users/{guid} and /v1/groups/{guid}", () => {
  test("answer the directory entry, and 404 for an unknown guid", async () => {
    const e = await emulator({ users: [{ username: "ada" }], groups: [{ name: "analysts" }] });
    const api = apiClient(e);
    const users = await api.get("/v1/users");
    const groups = await api.get("/v1/groups");
    const user = users.data.results[0];
    const group = groups.data.results[0];
    expect((await api.get(`/v1/users/${user.guid}`)).data).toEqual(user);
    expect((await api.get(`/v1/groups/${group.guid}`)).data).toEqual(group);
    expect((await api.get("/v1/users/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await api.get("/v1/groups/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
