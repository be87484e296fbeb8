// Issue 19 item 5 through the real engine, against both emulators: `importAppIntegrationId` left
// in config after the `up` that imported a hand-made Databricks app. While a resource still
// carries Pulumi's `import` option the engine refuses to replace it ("previously-imported
// resources that still specify an ID may not be replaced"), so an app replacement (a new
// appName, a confidential toggle) cannot go through. The package says so at every preview, and a
// planned rotation (rotationKey) is not blocked: a rotated app is a new resource, never an
// import of the hand-made one.
//
// Steps share one stack and run in order; read the first failure. Written after the fix; it
// only uses the root program's config keys, so scripts/proof/failed-before.sh can run it on the
// parent commit.
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import { setUpByHand, type ByHand } from "../support/posit-guide-by-hand";
import { createRootProgramCli, leaked, output, setConfig } from "./helpers";
import {
  chosenSecrets,
  configureMissionStack,
  tearDown,
  useStrictlyIncreasingClock,
  writeTimeline,
} from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const STACK = "imported";
const WORKSPACE = "dbc-import-left.cloud.databricks.com";
const SCOPES = ["all-apis", "sql", "offline_access", "openid", "profile", "email"];
const SECRETS = chosenSecrets();
const WARNING = "importDatabricksAppId is set. Remove it after the first `up`";

let connect: ConnectEmulator;
let dbx: DatabricksEmulator;
let cli: PulumiCli;
let restoreClock: () => void;
let hand: ByHand;

const clearLogs = (): void => {
  connect.clearRequests();
  dbx.clearRequests();
};
const apps = () => dbx.snapshot().customAppIntegrations;
const connectClientId = () =>
  connect.integrations().find((i) => i.guid === hand.guid)?.config.client_id;

beforeAll(async () => {
  restoreClock = useStrictlyIncreasingClock();
  connect = await startEmulator({
    adminKeys: [SECRETS.connectApiKey],
    seedDefaultIntegration: false,
  });
  dbx = await startDatabricksEmulator({
    admin: { clientId: "import-left-admin", clientSecret: SECRETS.databricksAdminSecret },
  });
  // Posit's guide, by hand: register the app, then give Connect its client id and secret.
  hand = await setUpByHand(connect, dbx, {
    appName: "posit-connect-hand",
    integrationName: "Databricks",
    workspaceHost: WORKSPACE,
    scopes: SCOPES,
    apiKey: SECRETS.connectApiKey,
  });
  SECRETS.handAppSecret = hand.clientSecret;
  cli = await createRootProgramCli();
  await configureMissionStack(cli, STACK, {
    connect,
    connectApiKey: SECRETS.connectApiKey,
    dbx,
    workspaceHost: WORKSPACE,
  });
  await setConfig(cli, STACK, "integrationName", "Databricks");
  await setConfig(cli, STACK, "appName", "posit-connect-hand");
  await setConfig(cli, STACK, "adoptIntegrationGuid", hand.guid);
  await setConfig(cli, STACK, "importAppIntegrationId", hand.integrationId);
});

afterAll(async () => {
  if (cli) expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
  await tearDown({ cli, connect, dbx, restoreClock });
});

describe("item 5: importAppIntegrationId left in config after the import", () => {
  it("1. the first up imports the app and adopts the integration, writing nothing", async () => {
    clearLogs();
    const r = await cli.runOk(["up", "--yes", "--stack", STACK]);
    expect(r.stdout).toMatch(/= 1 imported/);
    expect(writeTimeline(dbx, connect)).toEqual([]);
  });

  it("2. every later preview warns that the import must go", async () => {
    const r = await cli.runOk(["preview", "--stack", STACK]);
    expect(output(r)).toContain(WARNING);
  });

  it("3. an appName change is refused by the engine while the import is set; nothing is deleted", async () => {
    await setConfig(cli, STACK, "appName", "posit-connect-renamed");
    clearLogs();
    const r = await cli.run(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain("previously-imported resources that still specify an ID");
    expect(writeTimeline(dbx, connect).filter((e) => /DELETE/.test(e))).toEqual([]);
    expect(apps().map((a) => a.integration_id)).toEqual([hand.integrationId]);
    expect(connectClientId()).toBe(hand.clientId);
    await setConfig(cli, STACK, "appName", "posit-connect-hand");
  });

  it("4. a planned rotation (rotationKey) is not blocked: new app, one Connect PATCH, the imported app deleted last", async () => {
    await setConfig(cli, STACK, "rotationKey", "first");
    clearLogs();
    await cli.runOk(["up", "--yes", "--stack", STACK]);
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST apps.create 200",
      "connect PATCH update 200",
      "databricks DELETE apps.delete 200",
    ]);
    const [now] = apps();
    expect(apps()).toHaveLength(1);
    expect(now.integration_id).not.toBe(hand.integrationId);
    expect(connectClientId()).toBe(now.client_id);
  });
});
