// End-to-end: bringing BOTH sides of a hand-made setup under Pulumi with the real engine. A
// Databricks custom app registered by hand (as `databricks account custom-app-integration
// create` does, against the Databricks account emulator) and a Connect integration made with
// curl holding its client id and secret, with content associated. The root program then imports
// the app (`importAppIntegrationId`, Pulumi's `import` option, through the stand-in
// pulumi-resource-databricks plugin) and adopts the integration (`adoptIntegrationGuid`).
// Request logs of both emulators prove: no POST and no DELETE to either server, at most one
// PATCH to Connect, the association kept, Connect keeping the app's secret.
// Steps share stacks and run in order; read the first failure.
import axios from "axios";
import * as crypto from "crypto";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import { setUpByHand, type ByHand } from "../support/posit-guide-by-hand";
import {
  createRootProgramCli,
  exportStack,
  filesContaining,
  INTEGRATION_TYPE,
  leaked,
  onlyResource,
  setConfig,
} from "./helpers";
import {
  configureMissionStack,
  useStrictlyIncreasingClock,
  writeTimeline,
  tearDown,
} from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const APP_TYPE = "databricks:index/customAppIntegration:CustomAppIntegration";
const WORKSPACE = "dbc-adopt-1234.cloud.databricks.com";
const CONTENT = "c0a7e47a-0000-4000-8000-0000000000d1";
const SCOPES = ["all-apis", "sql", "offline_access", "openid", "profile", "email"];
const RUN = crypto.randomBytes(4).toString("hex");
const SECRETS: Record<string, string> = {
  connectApiKey: `canary-adopt-dbx-connect-key-${RUN}`,
  databricksAdmin: `canary-adopt-dbx-admin-secret-${RUN}`,
};

type HandMade = ByHand;

describe("adopting a hand-made Databricks app and Connect integration through the real engine", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let restoreClock: () => void;
  let main: HandMade;

  const clearLogs = (): void => {
    connect.clearRequests();
    dbx.clearRequests();
  };
  const up = (stack: string, ...extra: string[]): Promise<RunResult> =>
    cli.runOk(["up", "--yes", "--stack", stack, ...extra]);
  const appOf = (id: string) =>
    dbx.snapshot().customAppIntegrations.find((a) => a.integration_id === id);
  const associations = async (guid: string): Promise<string[]> =>
    (
      await axios.get(`${connect.url}/__api__/v1/oauth/integrations/${guid}/associations`, {
        headers: { Authorization: `Key ${SECRETS.connectApiKey}` },
      })
    ).data.map((a: { content_guid: string }) => a.content_guid);

  /** Posit's guide, by hand: register the app, then give Connect its client id and secret. */
  const handMade = async (appName: string, integrationName: string): Promise<HandMade> => {
    const app = await setUpByHand(connect, dbx, {
      appName,
      integrationName,
      workspaceHost: WORKSPACE,
      scopes: SCOPES,
      apiKey: SECRETS.connectApiKey,
    });
    SECRETS[`app-${appName}`] = app.clientSecret;
    const guid = app.guid;
    await axios.put(
      `${connect.url}/__api__/v1/content/${CONTENT}/oauth/integrations/associations`,
      [{ oauth_integration_guid: guid }],
      { headers: { Authorization: `Key ${SECRETS.connectApiKey}` } },
    );
    return app;
  };

  const configureAdoption = async (stack: string, h: HandMade, appName: string, name: string) => {
    await configureMissionStack(cli, stack, {
      connect,
      connectApiKey: SECRETS.connectApiKey,
      dbx,
      workspaceHost: WORKSPACE,
    });
    await setConfig(cli, stack, "integrationName", name);
    await setConfig(cli, stack, "appName", appName);
    await setConfig(cli, stack, "adoptIntegrationGuid", h.guid);
    await setConfig(cli, stack, "importAppIntegrationId", h.integrationId);
  };

  beforeAll(async () => {
    restoreClock = useStrictlyIncreasingClock();
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
      content: [{ name: "sales-dashboard", guid: CONTENT, appMode: "python-dash" }],
    });
    dbx = await startDatabricksEmulator({
      admin: { clientId: "adopt-admin-sp", clientSecret: SECRETS.databricksAdmin },
    });
    cli = await createRootProgramCli();
  });

  afterAll(() => tearDown({ cli, connect, dbx, restoreClock }));

  it("1. up imports the app and adopts the integration: no POST, no DELETE, no write to Databricks", async () => {
    main = await handMade("posit-connect", "Databricks");
    await configureAdoption("both", main, "posit-connect", "Databricks");
    const appBefore = appOf(main.integrationId);
    clearLogs();
    const r = await up("both");
    expect(r.stdout).toMatch(/= 1 imported/);
    // Made as Posit's guide shows (bare host name), it already matches: not even a PATCH.
    expect(writeTimeline(dbx, connect)).toEqual([]);
    expect(appOf(main.integrationId)).toEqual(appBefore);
    expect(connect.secretsOf(main.guid)).toEqual({ client_secret: main.clientSecret });
    expect(dbx.checkClientSecret(main.clientId, main.clientSecret)).toBe(true);
    expect(await associations(main.guid)).toEqual([CONTENT]);

    const { state } = await exportStack(cli, "both");
    expect(onlyResource(state, APP_TYPE).id).toBe(main.integrationId);
    expect(onlyResource(state, INTEGRATION_TYPE).id).toBe(main.guid);
    expect(onlyResource(state, INTEGRATION_TYPE).outputs?.clientSecret).toBeUndefined();
  });

  it("2. a second up changes nothing and writes nothing", async () => {
    clearLogs();
    await up("both", "--expect-no-changes");
    expect(writeTimeline(dbx, connect)).toEqual([]);
  });

  it("3. a scopes change updates the app and the integration in place; Connect keeps its client id and secret", async () => {
    for (const [i, s] of SCOPES.slice(0, 5).entries()) {
      await cli.runOk(["config", "set", "--stack", "both", "--path", `scopes[${i}]`, s]);
    }
    clearLogs();
    await up("both");
    // Connect gets the non-default scopes too (databricks-template-config.ts), after the app.
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks PATCH apps.update 200",
      "connect PATCH update 200",
    ]);
    // Every declared key goes with a config change (merge- and replace-safe, docs/emulators.md);
    // the imported app's secret is unknown to the program, so Connect keeps its own.
    expect(connect.requests.find((q) => q.method === "PATCH")?.body).toEqual({
      config: {
        scopes: SCOPES.slice(0, 5).join(" "),
        client_id: main.clientId,
        workspace_host: WORKSPACE,
      },
    });
    expect(appOf(main.integrationId)?.scopes).toEqual(SCOPES.slice(0, 5));
    expect(appOf(main.integrationId)?.client_id).toBe(main.clientId);
    expect(connect.secretsOf(main.guid)).toEqual({ client_secret: main.clientSecret });
    expect(await associations(main.guid)).toEqual([CONTENT]);
  });

  it("4. with retainOnDelete, destroy leaves both in place", async () => {
    const trial = await handMade("posit-connect-trial", "Databricks (trial)");
    await configureAdoption("trial", trial, "posit-connect-trial", "Databricks (trial)");
    await setConfig(cli, "trial", "retainOnDelete", "true");
    clearLogs();
    await up("trial");
    expect(writeTimeline(dbx, connect)).toEqual([]);
    clearLogs();
    await cli.runOk(["destroy", "--yes", "--stack", "trial"]);
    expect(writeTimeline(dbx, connect)).toEqual([]);
    expect(appOf(trial.integrationId)).toBeDefined();
    expect(connect.integrations().some((i) => i.guid === trial.guid)).toBe(true);
    expect(await associations(trial.guid)).toEqual([CONTENT]);
  });

  it("5. once the import key is removed (an up that writes nothing), destroy removes both: the integration, then the app", async () => {
    // While importAppIntegrationId is set the app is deletedWith the component, so that a rename
    // cannot delete it (docs/adoption.md): destroy would hand it back. Removing it is the step
    // the preview asks for.
    await cli.runOk(["config", "rm", "--stack", "both", "importAppIntegrationId"]);
    clearLogs();
    await up("both");
    expect(writeTimeline(dbx, connect)).toEqual([]);
    clearLogs();
    await cli.runOk(["destroy", "--yes", "--stack", "both"]);
    expect(writeTimeline(dbx, connect)).toEqual([
      "connect DELETE delete 204",
      "databricks DELETE apps.delete 200",
    ]);
    expect(appOf(main.integrationId)).toBeUndefined();
  });

  it("6. no secret in any CLI output or backend file", () => {
    expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
    expect(filesContaining(cli.backendDir, SECRETS)).toEqual([]);
  });
});
