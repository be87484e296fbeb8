/**
 * `pulumi-posit-connect doctor` against both emulators: a healthy setup reads all `ok` (exit 0);
 * each problem planted one at a time is found with its documented id, status and exit code; all
 * planted together; Connect-only runs without Databricks credentials; exit code 2 when it cannot
 * run; and no secret or key in any output.
 */
import axios, { type AxiosInstance } from "axios";
import { Command } from "commander";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { addDoctorCommand } from "../../cli/doctor/command";
import { run } from "../../cli/main";

const ADMIN_KEY = "canary-doctor-connect-admin-key-51ab";
const DBX_SECRET = "canary-doctor-dbx-admin-secret-c0de";
const WS = 7342918405512345;
const DASHBOARD = "d0c70000-0000-4000-8000-00000000000a";
const REPORT = "d0c70000-0000-4000-8000-00000000000b";
const DAY = 86_400;
const SECRETS: string[] = [ADMIN_KEY, DBX_SECRET];

let connect: ConnectEmulator;
let dbx: DatabricksEmulator;
let connectApi: AxiosInstance;
let workspaceHost = "";
let viewerGuid = "";
let saGuid = "";
let appId = "";
let appClientId = "";
let spSecret = "";
const callback = () => `${connect.url}/__oauth__/integrations/callback`;
const SCOPES = ["all-apis", "sql", "offline_access", "openid", "profile", "email"];

type Report = {
  integrations: Array<{
    guid: string;
    name: string;
    checks: Array<{ id: string; status: string; message: string }>;
  }>;
};

async function doctor(argv: string[] = ["--json"], withDatabricks = true) {
  let out = "";
  let err = "";
  let code = -1;
  const env = {
    CONNECT_SERVER: connect.url,
    CONNECT_API_KEY: ADMIN_KEY,
    ...(withDatabricks
      ? {
          DATABRICKS_HOST: dbx.url,
          DATABRICKS_ACCOUNT_ID: dbx.accountId,
          DATABRICKS_CLIENT_ID: dbx.admin.clientId,
          DATABRICKS_CLIENT_SECRET: DBX_SECRET,
        }
      : {}),
  };
  const program = new Command().exitOverride();
  program.configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  // The emulator's clock judges expiry, so moving it moves the doctor's "now" too.
  addDoctorCommand(
    program,
    { out: (t) => (out += t), err: (t) => (err += t) },
    env,
    (c) => (code = c),
    () => Date.parse(dbx.clock().now),
  );
  try {
    await program.parseAsync(["doctor", ...argv], { from: "user" });
  } catch (e) {
    code = (e as { exitCode: number }).exitCode;
  }
  for (const s of SECRETS) {
    expect(out).not.toContain(s);
    expect(err).not.toContain(s);
  }
  return { code, out, err };
}

/** Status by check id, per integration name. */
function statuses(out: string): Record<string, Record<string, string>> {
  const report = JSON.parse(out) as Report;
  return Object.fromEntries(
    report.integrations.map((i) => [
      i.name,
      Object.fromEntries(i.checks.map((c) => [c.id, c.status])),
    ]),
  );
}

const VIEWER_OK = {
  "app-found": "ok",
  "redirect-url": "ok",
  "confidential-match": "ok",
  "offline-access": "ok",
  "scopes-match": "ok",
  "workspace-host": "ok",
  "secret-expiry": "ok",
  "content-modes": "ok",
};
const SA_OK = {
  "app-found": "ok",
  "confidential-match": "ok",
  "workspace-host": "ok",
  "secret-expiry": "ok",
  verify: "ok",
};

beforeAll(async () => {
  dbx = await startDatabricksEmulator({
    admin: { clientId: "doctor-admin", clientSecret: DBX_SECRET },
    workspaces: [{ id: WS, name: "dbc-doctor" }],
    appSecretLifetimeSeconds: 100 * DAY,
    appSecretExpiryOnGet: true,
    tokenTtlSeconds: 1000 * DAY,
  });
  const workspaceUrl = dbx.workspaceUrl(WS);
  workspaceHost = new URL(workspaceUrl).host;
  connect = await startEmulator({
    adminKeys: [ADMIN_KEY],
    seedDefaultIntegration: false,
    content: [
      { name: "sales-dashboard", guid: DASHBOARD, appMode: "python-dash" },
      { name: "weekly-report", guid: REPORT, appMode: "quarto-static" },
    ],
    workspaceUrls: { [workspaceHost]: workspaceUrl },
  });
  connectApi = axios.create({
    baseURL: `${connect.url}/__api__/v1`,
    headers: { Authorization: `Key ${ADMIN_KEY}` },
  });
  const token = (
    await axios.post(
      `${dbx.url}/oidc/accounts/${dbx.accountId}/v1/token`,
      "grant_type=client_credentials&scope=all-apis",
      { auth: { username: dbx.admin.clientId, password: DBX_SECRET } },
    )
  ).data.access_token as string;
  const account = axios.create({
    baseURL: `${dbx.url}/api/2.0/accounts/${dbx.accountId}`,
    headers: { Authorization: `Bearer ${token}` },
  });
  const app = (
    await account.post("/oauth2/custom-app-integrations", {
      name: "doctor-viewer",
      confidential: true,
      redirect_urls: [callback()],
      scopes: SCOPES,
    })
  ).data;
  appId = app.integration_id;
  appClientId = app.client_id;
  SECRETS.push(app.client_secret);
  const sp = (
    await account.post("/scim/v2/ServicePrincipals", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
      displayName: "doctor-sa",
    })
  ).data;
  spSecret = (await account.post(`/servicePrincipals/${sp.id}/credentials/secrets`, {})).data
    .secret;
  SECRETS.push(spSecret);
  await account.put(`/workspaces/${WS}/permissionassignments/principals/${sp.id}`, {
    permissions: ["USER"],
  });
  const make = async (name: string, config: Record<string, string>) =>
    (await connectApi.post("/oauth/integrations", { template: "databricks", name, config })).data
      .guid as string;
  viewerGuid = await make("viewer", {
    workspace_host: workspaceHost,
    client_id: appClientId,
    client_secret: app.client_secret,
    auth_type: "Viewer",
  });
  saGuid = await make("service-account", {
    workspace_host: workspaceHost,
    client_id: sp.applicationId,
    client_secret: spSecret,
    auth_type: "Service Account",
  });
  connect.setAssociations(DASHBOARD, [viewerGuid]);
});

afterAll(async () => {
  await connect?.close();
  await dbx?.close();
});

const healthy = () => ({ viewer: VIEWER_OK, "service-account": SA_OK });

test("a healthy setup is all ok, exit 0, as JSON and as a table", async () => {
  const r = await doctor();
  expect(r.code).toBe(0);
  expect(statuses(r.out)).toEqual(healthy());
  const report = JSON.parse(r.out) as Report;
  expect(Object.keys(report)).toEqual(["integrations"]);
  expect(report.integrations.map((i) => i.guid).sort()).toEqual([viewerGuid, saGuid].sort());
  for (const c of report.integrations.flatMap((i) => i.checks)) {
    expect(Object.keys(c)).toEqual(["id", "status", "message"]);
  }
  const table = await doctor([]);
  expect(table.code).toBe(0);
  expect(table.out).toMatch(/^viewer \(/m);
  expect(table.out).toMatch(/ok\s+redirect-url/);
  expect(table.out).toContain("0 error(s), 0 warning(s)");
});

/** Plants one problem, checks the doctor's answer, and undoes it. */
const PLANTS: Array<{
  name: string;
  plant: () => Promise<void> | void;
  undo: () => Promise<void> | void;
  who: "viewer" | "service-account";
  expected: Record<string, string>;
  code: number;
}> = [
  {
    name: "app-found: Connect holds a client id no app has",
    plant: () => connect.tamper(viewerGuid, { config: { client_id: "no-such-client" } }),
    undo: () => connect.tamper(viewerGuid, { config: { client_id: appClientId } }),
    who: "viewer",
    expected: {
      "app-found": "error",
      "redirect-url": "skipped",
      "confidential-match": "skipped",
      "offline-access": "skipped",
      "scopes-match": "ok",
      "secret-expiry": "skipped",
    },
    code: 1,
  },
  {
    name: "redirect-url: the app's redirect URL is for another Connect address",
    plant: () =>
      dbx.tamperCustomAppIntegration(appId, {
        redirect_urls: ["https://old-connect.example.org/__oauth__/integrations/callback"],
      }),
    undo: () => dbx.tamperCustomAppIntegration(appId, { redirect_urls: [callback()] }),
    who: "viewer",
    expected: { "redirect-url": "error" },
    code: 1,
  },
  {
    name: "confidential-match: Connect in Public mode with a confidential app",
    plant: () => connect.tamper(viewerGuid, { config: { auth_mode: "Public" } }),
    undo: () => connect.tamper(viewerGuid, { config: { auth_mode: null } }),
    who: "viewer",
    expected: { "confidential-match": "error" },
    code: 1,
  },
  {
    name: "offline-access: the app lacks offline_access (a warning)",
    plant: () =>
      dbx.tamperCustomAppIntegration(appId, {
        scopes: SCOPES.filter((s) => s !== "offline_access"),
      }),
    undo: () => dbx.tamperCustomAppIntegration(appId, { scopes: SCOPES }),
    who: "viewer",
    expected: { "offline-access": "warn" },
    code: 0,
  },
  {
    name: "scopes-match: Connect asks for a scope the app does not register",
    plant: () => connect.tamper(viewerGuid, { config: { scopes: "all-apis sql genie" } }),
    undo: () => connect.tamper(viewerGuid, { config: { scopes: null } }),
    who: "viewer",
    expected: { "scopes-match": "error" },
    code: 1,
  },
  {
    name: "workspace-host: a scheme in workspace_host",
    plant: () =>
      connect.tamper(viewerGuid, { config: { workspace_host: `https://${workspaceHost}/` } }),
    undo: () => connect.tamper(viewerGuid, { config: { workspace_host: workspaceHost } }),
    who: "viewer",
    expected: { "workspace-host": "error" },
    code: 1,
  },
  {
    name: "verify: Connect holds a wrong service-principal secret",
    plant: async () => {
      await connectApi.patch(`/oauth/integrations/${saGuid}`, {
        config: { client_secret: "wrong-secret" },
      });
    },
    undo: async () => {
      await connectApi.patch(`/oauth/integrations/${saGuid}`, {
        config: { client_secret: spSecret },
      });
    },
    who: "service-account",
    expected: { verify: "error" },
    code: 1,
  },
  {
    name: "content-modes: the Viewer integration on rendered content",
    plant: () => connect.setAssociations(REPORT, [viewerGuid]),
    undo: () => connect.setAssociations(REPORT, []),
    who: "viewer",
    expected: { "content-modes": "error" },
    code: 1,
  },
];

test.each(PLANTS.map((p) => [p.name, p] as const))("%s", async (_name, p) => {
  await p.plant();
  try {
    const r = await doctor();
    expect(r.code).toBe(p.code);
    const got = statuses(r.out);
    const base = healthy();
    expect(got[p.who]).toEqual({ ...base[p.who], ...p.expected });
    const other = p.who === "viewer" ? "service-account" : "viewer";
    expect(got[other]).toEqual(base[other]);
    const report = JSON.parse(r.out) as Report;
    for (const c of report.integrations.flatMap((i) => i.checks)) {
      if (c.status === "error" || c.status === "warn") expect(c.message.length).toBeGreaterThan(20);
    }
  } finally {
    await p.undo();
  }
  expect(statuses((await doctor()).out)).toEqual(healthy());
});

test("every problem planted together: each id reported, exit 1", async () => {
  for (const p of PLANTS) if (!p.name.startsWith("app-found")) await p.plant();
  try {
    const r = await doctor();
    expect(r.code).toBe(1);
    const got = statuses(r.out);
    for (const p of PLANTS.filter((x) => !x.name.startsWith("app-found"))) {
      expect(got[p.who]).toMatchObject(p.expected);
    }
  } finally {
    for (const p of PLANTS) await p.undo();
  }
  expect(statuses((await doctor()).out)).toEqual(healthy());
});

test("without Databricks credentials: Connect-side checks only, the rest skipped and said so", async () => {
  const r = await doctor(["--json"], false);
  expect(r.code).toBe(0);
  const got = statuses(r.out);
  expect(got.viewer).toEqual({
    ...VIEWER_OK,
    "app-found": "skipped",
    "redirect-url": "skipped",
    "confidential-match": "skipped",
    "offline-access": "skipped",
    "secret-expiry": "skipped",
  });
  expect(got["service-account"]).toEqual({
    ...SA_OK,
    "app-found": "skipped",
    "secret-expiry": "skipped",
  });
  expect(r.err).toContain("DATABRICKS_HOST");
});

test("cannot run: exit 2 for bad flags, an unreachable server, a rejected key or bad Databricks credentials", async () => {
  expect((await doctor(["--warn-days", "soon"])).code).toBe(2);
  expect((await doctor(["--no-such-flag"])).code).toBe(2);
  const down = await doctor(["--server", "http://127.0.0.1:1", "--timeout", "2"]);
  expect(down.code).toBe(2);
  expect(down.err).toMatch(/doctor:/);
  const rejected = await doctor(["--api-key", "canary-doctor-wrong-key"]);
  expect(rejected.code).toBe(2);
  const badDbx = await doctor(["--client-secret", "canary-doctor-wrong-dbx-secret"]);
  expect(badDbx.code).toBe(2);
  expect(badDbx.err).toContain("rejected the credentials");
  expect(badDbx.err).not.toContain("canary-doctor-wrong-dbx-secret");
  // Through the package's own entry point too.
  let err = "";
  const code = await run(
    ["doctor", "--warn-days", "-3"],
    { out: () => {}, err: (t) => (err += t) },
    {},
  );
  expect(code).toBe(2);
  expect(err).toContain("warn-days");
});

test("secret-expiry: the emulator's clock moves into the warning window, then past expiry", async () => {
  dbx.advanceClock(75 * DAY);
  const warn = await doctor();
  expect(warn.code).toBe(0);
  expect(statuses(warn.out).viewer["secret-expiry"]).toBe("warn");
  const msg = (JSON.parse(warn.out) as Report).integrations
    .find((i) => i.name === "viewer")
    ?.checks.find((c) => c.id === "secret-expiry")?.message;
  expect(msg).toMatch(/in 2[45] days.*rotat/);
  dbx.advanceClock(30 * DAY);
  const expired = await doctor();
  expect(expired.code).toBe(1);
  expect(statuses(expired.out).viewer["secret-expiry"]).toBe("error");
  expect(statuses(expired.out)["service-account"]["secret-expiry"]).toBe("ok");
});
