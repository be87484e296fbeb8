/**
 * Secret expiry in the Databricks emulator: the app create answer's `client_secret_expire_time`
 * (and get/list with the switch), the clock control call, expired secrets leaving listings (or
 * listed as EXPIRED with the switch), expired app secrets failing the token exchange, and the
 * per-principal active-secret limit switch.
 */
import axios from "axios";
import type { DatabricksEmulator } from "../../emulator/databricks";
import { accountClient, ManualClock, start, tokenRequest } from "./support";

const APPS = "/oauth2/custom-app-integrations";
const SPS = "/scim/v2/ServicePrincipals";
const secretsPath = (id: string) => `/servicePrincipals/${id}/credentials/secrets`;
const DAY = 86_400;
const app = (name: string, confidential = true) => ({
  name,
  confidential,
  redirect_urls: ["https://connect.example.org/__oauth__/integrations/callback"],
  scopes: ["all-apis", "offline_access"],
});

async function withEmulator(
  options: Parameters<typeof start>[0],
  body: (emu: DatabricksEmulator, clock: ManualClock) => Promise<void>,
): Promise<void> {
  const clock = new ManualClock();
  const emu = await start({ now: clock.now, tokenTtlSeconds: 2000 * DAY, ...options });
  try {
    await body(emu, clock);
  } finally {
    await emu.close();
  }
}

async function newPrincipal(api: Awaited<ReturnType<typeof accountClient>>, name: string) {
  const res = await api.post(SPS, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
    displayName: name,
  });
  return res.data as { id: string; applicationId: string };
}

test("app create answers client_secret_expire_time from the configured lifetime; get/list only with the switch", async () => {
  await withEmulator({ appSecretLifetimeSeconds: 90 * DAY }, async (emu, clock) => {
    const api = await accountClient(emu);
    const created = await api.post(APPS, app("expiring"));
    expect(created.data.client_secret_expire_time).toBe(
      new Date(clock.ms + 90 * DAY * 1000).toISOString(),
    );
    const pub = await api.post(APPS, app("public", false));
    expect(pub.data).not.toHaveProperty("client_secret_expire_time");
    const got = await api.get(`${APPS}/${created.data.integration_id}`);
    expect(got.data).not.toHaveProperty("client_secret_expire_time");
    const listed = await api.get(APPS);
    expect(JSON.stringify(listed.data)).not.toContain("client_secret_expire_time");
  });
  await withEmulator({ appSecretExpiryOnGet: true }, async (emu, clock) => {
    const api = await accountClient(emu);
    const created = await api.post(APPS, app("expiring"));
    const expected = new Date(clock.ms + 730 * DAY * 1000).toISOString();
    expect(created.data.client_secret_expire_time).toBe(expected);
    const got = await api.get(`${APPS}/${created.data.integration_id}`);
    expect(got.data.client_secret_expire_time).toBe(expected);
    const listed = await api.get(APPS);
    expect(listed.data.apps[0].client_secret_expire_time).toBe(expected);
  });
  await withEmulator({ appSecretLifetimeSeconds: null }, async (emu) => {
    const api = await accountClient(emu);
    const created = await api.post(APPS, app("never"));
    expect(created.data).not.toHaveProperty("client_secret_expire_time");
  });
});

test("the clock control call moves time: an expired app secret no longer gets a token", async () => {
  await withEmulator({ appSecretLifetimeSeconds: 10 * DAY }, async (emu) => {
    const api = await accountClient(emu);
    const created = await api.post(APPS, app("clocked"));
    const creds = { clientId: created.data.client_id, clientSecret: created.data.client_secret };
    expect(emu.checkClientSecret(creds.clientId, creds.clientSecret)).toBe(true);
    const control = axios.create({
      baseURL: `${emu.url}/__emulator__`,
      validateStatus: () => true,
    });
    const before = (await control.get("/clock")).data as { now: string; offsetSeconds: number };
    expect(before.offsetSeconds).toBe(0);
    const moved = await control.post("/clock", { advanceDays: 10 });
    expect(moved.status).toBe(200);
    expect(moved.data.offsetSeconds).toBe(10 * DAY);
    expect(Date.parse(moved.data.now) - Date.parse(before.now)).toBe(10 * DAY * 1000);
    expect(emu.checkClientSecret(creds.clientId, creds.clientSecret)).toBe(false);
    expect((await control.post("/clock", { advanceDays: -1 })).status).toBe(400);
    expect((await control.post("/clock", {})).status).toBe(400);
    emu.advanceClock(60);
    expect(emu.clock().offsetSeconds).toBe(10 * DAY + 60);
    const token = await tokenRequest(
      `${emu.workspaceUrl(emu.workspaces[0].id)}/oidc/v1/token`,
      creds,
    );
    expect(token.status).toBe(401);
  });
});

test("expired principal secrets leave the listing unless listExpiredSecrets; the limit counts active ones", async () => {
  await withEmulator({}, async (emu) => {
    const api = await accountClient(emu);
    const sp = await newPrincipal(api, "listing");
    const short = await api.post(secretsPath(sp.id), { lifetime: `${DAY}s` });
    for (let i = 0; i < 4; i++) expect((await api.post(secretsPath(sp.id), {})).status).toBe(200);
    const sixth = await api.post(secretsPath(sp.id), {});
    expect([sixth.status, sixth.data.error_code]).toEqual([400, "QUOTA_EXCEEDED"]);
    expect(sixth.data.message).toContain("limit is 5");
    emu.advanceClock(DAY);
    const list = await api.get(secretsPath(sp.id));
    expect(list.data.secrets).toHaveLength(4);
    expect(list.data.secrets.map((s: { id: string }) => s.id)).not.toContain(short.data.id);
    // The expired one no longer counts against the limit.
    expect((await api.post(secretsPath(sp.id), {})).status).toBe(200);
  });
  await withEmulator({ listExpiredSecrets: true, maxSecretsPerPrincipal: null }, async (emu) => {
    const api = await accountClient(emu);
    const sp = await newPrincipal(api, "listing-all");
    await api.post(secretsPath(sp.id), { lifetime: `${DAY}s` });
    for (let i = 0; i < 7; i++) expect((await api.post(secretsPath(sp.id), {})).status).toBe(200);
    emu.advanceClock(DAY);
    const list = await api.get(secretsPath(sp.id));
    expect(list.data.secrets).toHaveLength(8);
    expect(
      list.data.secrets.filter((s: { status: string }) => s.status === "EXPIRED"),
    ).toHaveLength(1);
  });
  await withEmulator({ maxSecretsPerPrincipal: 2 }, async (emu) => {
    const api = await accountClient(emu);
    const sp = await newPrincipal(api, "two");
    await api.post(secretsPath(sp.id), {});
    await api.post(secretsPath(sp.id), {});
    const third = await api.post(secretsPath(sp.id), {});
    expect(third.data.message).toContain("limit is 2");
  });
});
