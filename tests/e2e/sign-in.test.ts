// End-to-end: after `pulumi up` of the root program, a viewer signs in and content gets a
// Databricks token — through the real engine, both emulators and the scripted browser. One
// Viewer stack (confidential, then replaced, then public with Workbench) and one Service Account
// stack (then rotated). After each change that replaces the app or rotates a secret, the next
// sign-in or exchange must still work; misconfigurations planted on the deployed stack must
// fail the sign-in with the message a real admin would see.
//
// Steps share the stacks and run in order; read the first failure. Fails, never skips, when the
// CLI is missing: run `npm run pulumi:setup` and `npm run build`.
import axios from "axios";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import { browse, loginUrl } from "../support/scripted-browser";
import { createRootProgramCli, setConfig } from "./helpers";
import { chosenSecrets, configureMissionStack, tearDown } from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const VIEWER_STACK = "sign-in";
const SA_STACK = "sign-in-sa";
const WORKSPACE_ID = 4242424242424242;
const DASHBOARD = "6a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
const REPORT = "7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
const VIEWER = "8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const SECRETS = chosenSecrets();

/** Real time plus a jump the tests make, for both emulators: token expiry without sleeping. */
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;

describe("a viewer signs in and content gets a Databricks token, through the real engine", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let workspaceHost = "";

  const up = (stack: string) => cli.runOk(["up", "--yes", "--stack", stack]);
  const guidOf = async (stack: string): Promise<string> => {
    const r = await cli.runOk(["stack", "output", "connectIntegrationGuid", "--stack", stack]);
    return r.stdout.trim();
  };
  const control = (path: string, body?: unknown) =>
    axios.post<{ token: string }>(`${connect.url}/__emulator__${path}`, body ?? {});
  const associate = (content: string, guid: string) =>
    axios.put(
      `${connect.url}/__api__/v1/content/${content}/oauth/integrations/associations`,
      [{ oauth_integration_guid: guid }],
      { headers: { Authorization: `Key ${SECRETS.publisherKey}` } },
    );
  /** What posit-sdk-py's get_credentials / get_content_credentials send. */
  const exchange = (kind: "user" | "content", token: string, audience: string) =>
    axios.post<Record<string, unknown>>(
      `${connect.url}/__api__/v1/oauth/integrations/credentials`,
      new URLSearchParams({
        grant_type: EXCHANGE,
        subject_token_type: `urn:posit:connect:${kind}-session-token`,
        subject_token: token,
        audience,
      }).toString(),
      {
        headers: {
          Authorization: `Key ${SECRETS.publisherKey}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        validateStatus: () => true,
      },
    );
  /** The browser signs the viewer in; then the dashboard exchanges the viewer's session token. */
  const signInAndExchange = async (guid: string) => {
    const page = await browse(loginUrl(connect.url, guid, VIEWER));
    expect({ status: page.status, body: page.body }).toMatchObject({ status: 200 });
    const userToken = (
      await control(`/content/${DASHBOARD}/user-session-token`, { user_guid: VIEWER })
    ).data.token;
    const res = await exchange("user", userToken, guid);
    expect(res.status).toBe(200);
    return res.data;
  };
  const onlyApp = () => {
    const apps = dbx.snapshot().customAppIntegrations;
    expect(apps).toHaveLength(1);
    return apps[0];
  };
  /** A planted misconfiguration: the sign-in fails with `message`, then the value is put back. */
  const failsWith = async (guid: string, message: RegExp) => {
    const outcome = await browse(loginUrl(connect.url, guid, VIEWER)).then(
      (page) => `HTTP ${page.status} ${page.body}`,
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(message);
  };

  beforeAll(async () => {
    dbx = await startDatabricksEmulator({
      admin: { clientId: "sign-in-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
      workspaces: [{ id: WORKSPACE_ID, name: "dbc-sign-in" }],
      now: clock,
    });
    const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
    workspaceHost = new URL(workspaceUrl).host;
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      publisherKeys: [SECRETS.publisherKey],
      seedDefaultIntegration: false,
      users: [{ username: "vera", role: "viewer", guid: VIEWER }],
      content: [
        { name: "dashboard", guid: DASHBOARD, appMode: "python-dash" },
        { name: "weekly-report", guid: REPORT, appMode: "quarto-static" },
      ],
      workspaceUrls: { [workspaceHost]: workspaceUrl },
      now: clock,
    });
    cli = await createRootProgramCli();
    const opts = { connect, connectApiKey: SECRETS.connectApiKey, dbx, workspaceHost };
    await configureMissionStack(cli, VIEWER_STACK, opts);
    await setConfig(cli, VIEWER_STACK, "accessTokenTtlInMinutes", "30");
    await configureMissionStack(cli, SA_STACK, opts);
    await setConfig(cli, SA_STACK, "authType", "Service Account");
    await setConfig(cli, SA_STACK, "workspaceId", String(WORKSPACE_ID));
  });

  afterAll(() => tearDown({ cli, connect, dbx }));

  it("1. confidential app: after up the viewer signs in and the dashboard gets a token for the app's lifetime", async () => {
    await up(VIEWER_STACK);
    const guid = await guidOf(VIEWER_STACK);
    expect((await associate(DASHBOARD, guid)).status).toBe(204);
    const creds = await signInAndExchange(guid);
    expect(creds).toMatchObject({
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
    });
    // The app's access-token lifetime (accessTokenTtlInMinutes = 30), less the seconds since issue.
    expect(Math.round((creds.expires_in as number) / 60)).toBe(30);
    const sessions = await axios.get<Array<Record<string, unknown>>>(
      `${connect.url}/__api__/v1/oauth/sessions`,
      { headers: { Authorization: `Key ${SECRETS.connectApiKey}` } },
    );
    expect(sessions.data).toEqual([
      expect.objectContaining({
        user_guid: VIEWER,
        oauth_integration_guid: guid,
        has_refresh_token: true,
      }),
    ]);
  });

  it("2. planted misconfigurations fail the sign-in with the message an admin would see", async () => {
    const guid = await guidOf(VIEWER_STACK);
    const app = onlyApp();
    const callback = `${connect.url}/__oauth__/integrations/callback`;

    dbx.tamperCustomAppIntegration(app.integration_id as string, {
      redirect_urls: ["https://connect.example.org/__oauth__/integrations/callback"],
    });
    await failsWith(
      guid,
      new RegExp(
        `HTTP 400 .*redirect_uri '${callback}' not registered for OAuth application '${app.client_id}'`,
      ),
    );
    dbx.tamperCustomAppIntegration(app.integration_id as string, { redirect_urls: [callback] });

    connect.tamper(guid, { config: { client_id: "typo-client-id" } });
    await failsWith(
      guid,
      /HTTP 400 .*client_id: 'typo-client-id' not available in Databricks account/,
    );
    connect.tamper(guid, { config: { client_id: app.client_id } });

    const secret = connect.secretsOf(guid)?.client_secret as string;
    connect.tamper(guid, { config: { client_secret: "stale-secret" } });
    await failsWith(
      guid,
      /HTTP 400 .*Unable to retrieve an OAuth token: .*invalid_client: Client authentication failed: wrong client_secret/,
    );
    connect.tamper(guid, { config: { client_secret: secret } });

    connect.tamper(guid, { config: { workspace_host: `https://${workspaceHost}` } });
    await failsWith(guid, /the browser was sent to https:\/\/https\/\/.*\/oidc\/v1\/authorize/);
    connect.tamper(guid, { config: { workspace_host: workspaceHost } });

    connect.tamper(guid, { config: { workspace_host: "dbc-typo-0000.cloud.databricks.com" } });
    await failsWith(
      guid,
      /the browser was sent to https:\/\/dbc-typo-0000\.cloud\.databricks\.com\/oidc\/v1\/authorize/,
    );
    connect.tamper(guid, { config: { workspace_host: workspaceHost } });

    // Everything put back: the sign-in works again.
    await signInAndExchange(guid);
  });

  it("3. a replaced app (new name, new client id and secret): the next sign-in works", async () => {
    const before = onlyApp();
    await setConfig(cli, VIEWER_STACK, "appName", "posit-connect-renamed");
    await up(VIEWER_STACK);
    const after = onlyApp();
    expect(after.client_id).not.toBe(before.client_id);
    const creds = await signInAndExchange(await guidOf(VIEWER_STACK));
    expect(Math.round((creds.expires_in as number) / 60)).toBe(30);
  });

  it("4. public app with Workbench: PKCE sign-in with no secret works", async () => {
    await setConfig(cli, VIEWER_STACK, "confidential", "false");
    await setConfig(cli, VIEWER_STACK, "workbenchUrl", "https://workbench.example.org");
    await up(VIEWER_STACK);
    const app = onlyApp();
    expect(app.confidential).toBeFalsy();
    const guid = await guidOf(VIEWER_STACK);
    expect(connect.secretsOf(guid)).toEqual({});
    dbx.clearRequests();
    await signInAndExchange(guid);
    const redemption = dbx.requests.find((r) => r.route === "workspace.token");
    expect(redemption?.body).toMatchObject({
      grant_type: "authorization_code",
      client_id: app.client_id,
      code_verifier: "[redacted]",
    });
  });

  it("4b. once the viewer's token has expired, the next exchange refreshes it at the workspace", async () => {
    const guid = await guidOf(VIEWER_STACK);
    const userToken = (
      await control(`/content/${DASHBOARD}/user-session-token`, { user_guid: VIEWER })
    ).data.token;
    const before = await exchange("user", userToken, guid);
    expect(before.status).toBe(200);
    offsetMs += 31 * 60 * 1000; // past the 30-minute access token
    dbx.clearRequests();
    const after = await exchange("user", userToken, guid);
    expect(after.status).toBe(200);
    expect(after.data.access_token).not.toBe(before.data.access_token);
    expect(Math.round((after.data.expires_in as number) / 60)).toBe(30);
    expect(dbx.requests.map((r) => [r.route, r.body, r.status])).toEqual([
      [
        "workspace.token",
        expect.objectContaining({ grant_type: "refresh_token", refresh_token: "[redacted]" }),
        200,
      ],
    ]);
  });

  it("5. service account: the rendered report gets a token by client credentials, also after rotation", async () => {
    await up(SA_STACK);
    const guid = await guidOf(SA_STACK);
    expect((await associate(REPORT, guid)).status).toBe(204);
    const contentToken = (await control(`/content/${REPORT}/content-session-token`)).data.token;
    const first = await exchange("content", contentToken, guid);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ token_type: "Bearer", expires_in: 3600 });

    await setConfig(cli, SA_STACK, "rotationKey", "rotate-1");
    await up(SA_STACK);
    dbx.clearRequests();
    const second = await exchange("content", contentToken, guid);
    expect(second.status).toBe(200);
    expect(second.data.access_token).not.toBe(first.data.access_token);
    expect(dbx.requests.map((r) => [r.route, r.status])).toEqual([["workspace.token", 200]]);
  });
});
