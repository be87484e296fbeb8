// End-to-end: the whole mission through the real engine. The repository's root program (no
// existingApp) is run by the real Pulumi CLI; the Databricks side goes through the stand-in
// pulumi-resource-databricks plugin (testing/databricks-plugin/) to the Databricks account
// emulator, the Connect side through the dynamic provider to the Connect emulator, both over
// real HTTP. Every ordering claim is checked on the two request logs merged into one timeline.
//
// Steps share one stack and run in order; read the first failure. Fails, never skips, when the
// CLI is missing: run `npm run pulumi:setup`.
import axios from "axios";
import * as fs from "fs";
import { startEmulator, type ConnectEmulator, type WireIntegration } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { which } from "../../scripts/pulumi-setup";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import {
  COMPONENT_TYPE,
  createRootProgramCli,
  exportStack,
  filesContaining,
  INTEGRATION_TYPE,
  isEncryptedSecret,
  leaked,
  onlyResource,
  resourcesOfType,
  setConfig,
  type StackExport,
} from "./helpers";
import {
  configureMissionStack,
  timeline,
  useStrictlyIncreasingClock,
  writeTimeline,
  chosenSecrets,
  tearDown,
} from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const APP_TYPE = "databricks:index/customAppIntegration:CustomAppIntegration";
const PROVIDER_TYPE = "pulumi:providers:databricks";
const STACK = "mission";
const WORKSPACE = "dbc-mission-1234.cloud.databricks.com";
const CONTENT_GUID = "0f4e2b6c-8d1a-4f3e-9b7c-5a6d2e1f0c3b";

/** Secrets chosen here; the app secrets the emulator generates are added as they appear. */
const SECRETS = chosenSecrets();

describe("the mission: Databricks app + Connect integration through the real engine", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let restoreClock: () => void;
  let guid = "";
  const exports: string[] = [];

  const clearLogs = (): void => {
    connect.clearRequests();
    dbx.clearRequests();
  };
  const up = (...extra: string[]): Promise<RunResult> =>
    cli.runOk(["up", "--yes", "--stack", STACK, ...extra]);
  const exported = async (): Promise<StackExport> => {
    const e = await exportStack(cli, STACK);
    exports.push(e.text);
    return e.state;
  };
  const apps = () => dbx.snapshot().customAppIntegrations;
  const onlyApp = () => {
    const all = apps();
    expect(all).toHaveLength(1);
    return all[0];
  };
  const integration = (): WireIntegration => {
    const found = connect.integrations().find((i) => i.guid === guid);
    if (!found) throw new Error(`Connect integration ${guid} is gone`);
    return found;
  };
  /** The secret Connect holds, after checking it is the current secret of `clientId`. */
  const connectSecretOf = (clientId: string): string => {
    const secret = connect.secretsOf(guid)?.client_secret;
    expect(typeof secret).toBe("string");
    expect(dbx.checkClientSecret(clientId, secret as string)).toBe(true);
    SECRETS[`appSecret${Object.keys(SECRETS).length}`] = secret as string;
    return secret as string;
  };
  const associations = async (): Promise<string[]> => {
    const res = await axios.get<Array<{ oauth_integration_guid: string }>>(
      `${connect.url}/__api__/v1/content/${CONTENT_GUID}/oauth/integrations/associations`,
      { headers: { Authorization: `Key ${SECRETS.publisherKey}` } },
    );
    return res.data.map((a) => a.oauth_integration_guid);
  };

  beforeAll(async () => {
    restoreClock = useStrictlyIncreasingClock();
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      publisherKeys: [SECRETS.publisherKey],
      seedDefaultIntegration: false,
      // Interactive content: the only kind a Viewer integration may be associated with.
      content: [{ name: "mission-dashboard", guid: CONTENT_GUID, appMode: "python-dash" }],
    });
    dbx = await startDatabricksEmulator({
      admin: { clientId: "mission-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
    });
    cli = await createRootProgramCli();
    await configureMissionStack(cli, STACK, {
      connect,
      connectApiKey: SECRETS.connectApiKey,
      dbx,
      workspaceHost: WORKSPACE,
    });
  });

  afterAll(() => tearDown({ cli, connect, dbx, restoreClock }));

  it("1. up creates the app, then the integration holding its client id and secret", async () => {
    clearLogs();
    const r = await up();
    expect(r.stdout).toMatch(/\+ 4 created/);
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST apps.create 200",
      "connect POST create 200",
    ]);
    // The plugin authenticated as the configured account admin, by OAuth M2M.
    const tokens = dbx.requests.filter((q) => q.route === "token");
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) {
      expect(t).toMatchObject({ authorized: "admin", clientId: "mission-admin-sp", status: 200 });
    }

    const app = onlyApp();
    expect(app).toMatchObject({
      name: `posit-connect-${STACK}`,
      confidential: true,
      redirect_urls: [`${connect.url}/__oauth__/integrations/callback`],
      scopes: ["all-apis", "sql", "offline_access", "openid", "profile", "email"],
    });
    const created = connect.integrations();
    expect(created).toHaveLength(1);
    guid = created[0].guid;
    expect(created[0]).toMatchObject({
      template: "databricks",
      auth_type: "Viewer",
      config: { workspace_host: WORKSPACE, client_id: app.client_id },
    });
    connectSecretOf(app.client_id);

    const outputs = await cli.runOk(["stack", "output", "--json", "--stack", STACK]);
    expect(JSON.parse(outputs.stdout)).toEqual({
      clientId: app.client_id,
      clientSecret: "[secret]",
      connectIntegrationGuid: guid,
      databricksIntegrationId: app.integration_id,
      redirectUrls: [`${connect.url}/__oauth__/integrations/callback`],
    });

    const state = await exported();
    const appState = onlyResource(state, APP_TYPE);
    expect(appState.id).toBe(app.integration_id);
    expect(appState.outputs?.clientId).toBe(app.client_id);
    expect(isEncryptedSecret(appState.outputs?.clientSecret)).toBe(true);
    const integrationState = onlyResource(state, INTEGRATION_TYPE);
    expect(isEncryptedSecret(integrationState.inputs?.clientSecret)).toBe(true);
    expect(isEncryptedSecret(integrationState.outputs?.clientSecret)).toBe(true);
    const stackOutputs = onlyResource(state, "pulumi:pulumi:Stack").outputs ?? {};
    expect(isEncryptedSecret(stackOutputs.clientSecret)).toBe(true);
    const provider = onlyResource(state, PROVIDER_TYPE);
    // The default provider the SDK asked for: the installed @pulumi/databricks version.
    expect(provider.inputs?.version).toBe(
      (
        JSON.parse(fs.readFileSync(require.resolve("@pulumi/databricks/package.json"), "utf8")) as {
          version: string;
        }
      ).version,
    );
    expect(isEncryptedSecret(provider.inputs?.clientSecret)).toBe(true);
    expect(onlyResource(state, COMPONENT_TYPE).urn).toMatch(/databricks-oauth$/);

    // A publisher attaches content to the integration; replacing the app must keep that.
    const put = await axios.put(
      `${connect.url}/__api__/v1/content/${CONTENT_GUID}/oauth/integrations/associations`,
      [{ oauth_integration_guid: guid }],
      { headers: { Authorization: `Key ${SECRETS.publisherKey}` } },
    );
    expect(put.status).toBe(204);
  });

  it("2. a second up changes nothing and writes to neither system", async () => {
    clearLogs();
    const r = await up("--expect-no-changes");
    expect(r.stdout).toMatch(/4 unchanged/);
    expect(writeTimeline(dbx, connect)).toEqual([]);
  });

  it("3a. adding workbenchUrl updates the app in place; Connect gets no request", async () => {
    const before = onlyApp();
    await setConfig(cli, STACK, "workbenchUrl", "https://workbench.example.org");
    clearLogs();
    const r = await up();
    expect(r.stdout).toMatch(
      /~ {2}databricks:index:CustomAppIntegration databricks-oauth-databricks-app updated/,
    );
    expect(writeTimeline(dbx, connect)).toEqual(["databricks PATCH apps.update 200"]);
    expect(connect.requests).toEqual([]);
    const after = onlyApp();
    expect(after.integration_id).toBe(before.integration_id);
    expect(after.client_id).toBe(before.client_id);
    expect(after.redirect_urls).toEqual([
      `${connect.url}/__oauth__/integrations/callback`,
      "https://workbench.example.org/oauth_redirect_callback",
    ]);
    expect(integration().config.client_id).toBe(before.client_id);
  });

  it("3b. changing scopes updates the app in place; Connect gets no request", async () => {
    const before = onlyApp();
    // The same six scopes in another order: the app's list changes, Connect's config does not
    // (it carries scopes only when they differ from the default six, as a set).
    const reordered = ["offline_access", "all-apis", "sql", "openid", "profile", "email"];
    await cli.runOk(["config", "rm", "--stack", STACK, "scopes"]).catch(() => undefined);
    for (const [i, scope] of reordered.entries()) {
      await cli.runOk(["config", "set", "--stack", STACK, "--path", `scopes[${i}]`, scope]);
    }
    clearLogs();
    await up();
    expect(writeTimeline(dbx, connect)).toEqual(["databricks PATCH apps.update 200"]);
    expect(connect.requests).toEqual([]);
    const after = onlyApp();
    expect(after.integration_id).toBe(before.integration_id);
    expect(after.scopes).toEqual(reordered);
  });

  it("3c. narrowing scopes updates the app in place, then Connect's scopes; same app, same GUID", async () => {
    const before = onlyApp();
    await cli.runOk(["config", "rm", "--stack", STACK, "scopes"]);
    await cli.runOk(["config", "set", "--stack", STACK, "--path", "scopes[0]", "all-apis"]);
    await cli.runOk(["config", "set", "--stack", STACK, "--path", "scopes[1]", "offline_access"]);
    clearLogs();
    await up();
    // Connect's databricks config carries non-default scopes (provider/databricks-template-config.ts),
    // so it is patched too, after the app and with the same client id.
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks PATCH apps.update 200",
      "connect PATCH update 200",
    ]);
    const after = onlyApp();
    expect(after.integration_id).toBe(before.integration_id);
    expect(after.client_id).toBe(before.client_id);
    expect(after.scopes).toEqual(["all-apis", "offline_access"]);
    expect(integration().config).toMatchObject({
      client_id: before.client_id,
      scopes: "all-apis offline_access",
    });
    connectSecretOf(before.client_id);
  });

  it("4a. changing appName replaces the app: create, one Connect PATCH, then delete the old app", async () => {
    const old = onlyApp();
    await setConfig(cli, STACK, "appName", `posit-connect-${STACK}-renamed`);
    clearLogs();
    const r = await up();
    expect(r.stdout).toMatch(
      /\+- databricks:index:CustomAppIntegration databricks-oauth-databricks-app replaced/,
    );
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST apps.create 200",
      "connect PATCH update 200",
      "databricks DELETE apps.delete 200",
    ]);
    const now = onlyApp();
    expect(now.name).toBe(`posit-connect-${STACK}-renamed`);
    expect(now.client_id).not.toBe(old.client_id);
    expectNoMomentWithADeletedApp(old.integration_id);
    // Same integration, new credentials, associations kept.
    expect(connect.integrations().map((i) => i.guid)).toEqual([guid]);
    expect(integration().config.client_id).toBe(now.client_id);
    connectSecretOf(now.client_id);
    expect(dbx.checkClientSecret(old.client_id, connect.secretsOf(guid)!.client_secret)).toBe(
      false,
    );
    expect(await associations()).toEqual([guid]);
  });

  it("4b. changing confidential replaces the app the same way", async () => {
    const old = onlyApp();
    await setConfig(cli, STACK, "confidential", "false");
    clearLogs();
    await up();
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST apps.create 200",
      "connect PATCH update 200",
      "databricks DELETE apps.delete 200",
    ]);
    const now = onlyApp();
    expect(now.confidential).toBeFalsy();
    expect(now.client_id).not.toBe(old.client_id);
    expectNoMomentWithADeletedApp(old.integration_id);
    expect(connect.integrations().map((i) => i.guid)).toEqual([guid]);
    expect(integration().config).toMatchObject({ client_id: now.client_id, auth_mode: "Public" });
    expect(await associations()).toEqual([guid]);

    // Back to confidential (another replacement) so the last steps use a secret again.
    await setConfig(cli, STACK, "confidential", "true");
    clearLogs();
    await up();
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST apps.create 200",
      "connect PATCH update 200",
      "databricks DELETE apps.delete 200",
    ]);
    const back = onlyApp();
    expect(back.confidential).toBe(true);
    expect(integration().config).toMatchObject({ client_id: back.client_id });
    expect(integration().config.auth_mode).toBeUndefined();
    connectSecretOf(back.client_id);
  });

  it("5. refresh after the app was deleted in Databricks drops it; up recreates and repatches", async () => {
    const old = onlyApp();
    expect(dbx.deleteCustomAppIntegration(old.integration_id)).toBe(true);
    clearLogs();
    const refresh = await cli.runOk(["refresh", "--yes", "--stack", STACK]);
    expect(refresh.stdout).toMatch(
      /- {2}databricks:index:CustomAppIntegration databricks-oauth-databricks-app deleted/,
    );
    expect(writeTimeline(dbx, connect)).toEqual([]);
    const afterRefresh = await exported();
    expect(resourcesOfType(afterRefresh, APP_TYPE)).toEqual([]);

    clearLogs();
    await up();
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST apps.create 200",
      "connect PATCH update 200",
    ]);
    const now = onlyApp();
    expect(now.client_id).not.toBe(old.client_id);
    expect(integration().config.client_id).toBe(now.client_id);
    connectSecretOf(now.client_id);
    expect(connect.integrations().map((i) => i.guid)).toEqual([guid]);
    expect(await associations()).toEqual([guid]);
    const state = await exported();
    expect(onlyResource(state, APP_TYPE).id).toBe(now.integration_id);
  });

  it("6. destroy deletes the Connect integration first, then the app; both systems are empty", async () => {
    const app = onlyApp();
    clearLogs();
    await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    expect(writeTimeline(dbx, connect)).toEqual([
      "connect DELETE delete 204",
      "databricks DELETE apps.delete 200",
    ]);
    expect(dbx.requests.find((q) => q.route === "apps.delete")?.path).toMatch(
      new RegExp(`/${app.integration_id}$`),
    );
    expect(apps()).toEqual([]);
    expect(connect.integrations()).toEqual([]);
    const state = await exported();
    expect(
      (state.deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack"),
    ).toEqual([]);
  });

  it("7. no canary appears in any CLI output, stack export or file the CLI wrote", () => {
    // Admin SP secret, Connect API key, publisher key and every app secret seen above.
    expect(Object.keys(SECRETS).length).toBeGreaterThanOrEqual(7);
    expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
    expect(leaked(exports.join("\n"), SECRETS)).toEqual([]);
    expect(filesContaining(cli.backendDir, SECRETS)).toEqual([]);
    expect(filesContaining(cli.pulumiHome, SECRETS)).toEqual([]);
    expect(filesContaining(cli.projectDir, SECRETS)).toEqual([]);
  });

  it("8. the engine took the stand-in from its plugin cache, so no run warned about PATH", async () => {
    // Nothing on the CLI's PATH can serve as the plugin: every up, refresh and destroy above
    // loaded the copy tests/support/pulumi-cli.ts put in PULUMI_HOME's plugin cache, under the
    // exact version the program's @pulumi/databricks requests.
    expect(which("pulumi-resource-databricks", cli.env.PATH)).toBeUndefined();
    const { version } = JSON.parse(
      fs.readFileSync(require.resolve("@pulumi/databricks/package.json"), "utf8"),
    ) as { version: string };
    const ls = await cli.runOk(["plugin", "ls", "--json"]);
    const plugins = JSON.parse(ls.stdout) as Array<{ name: string; kind: string; version: string }>;
    expect(plugins).toContainEqual(
      expect.objectContaining({ name: "databricks", kind: "resource", version }),
    );
    const transcript = cli.transcript.join("\n");
    expect(transcript).toMatch(/databricks:index:CustomAppIntegration/);
    expect(transcript).not.toContain("from $PATH");
  });

  /**
   * The Connect PATCH of a replacement came after the new app's create and before the old
   * app's delete, and it carried the new client id, so Connect never pointed at a deleted app.
   */
  function expectNoMomentWithADeletedApp(oldIntegrationId: string): void {
    const events = timeline(dbx, connect).filter(
      (e) => e.method !== "GET" && !e.route.endsWith("token"),
    );
    const create = events.findIndex((e) => e.route === "apps.create");
    const patch = events.findIndex((e) => e.side === "connect" && e.method === "PATCH");
    const del = events.findIndex((e) => e.route === "apps.delete");
    expect(create).toBeGreaterThanOrEqual(0);
    expect(patch).toBeGreaterThan(create);
    expect(del).toBeGreaterThan(patch);
    expect(events[del].path.endsWith(`/${oldIntegrationId}`)).toBe(true);
    const body = events[patch].body as { config?: { client_id?: string } };
    expect(body.config?.client_id).toBe(onlyApp().client_id);
  }
});
