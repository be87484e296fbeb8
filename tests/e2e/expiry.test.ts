// End-to-end: secret expiry through the real engine. The Databricks emulator's clock starts in
// the past and is moved forward, so the secrets it issues expire relative to the real "now" the
// program judges by. A Viewer app whose secret already expired is reported at error level with
// the change that rotates it, without failing the `up`; after the clock moves, the `up` that
// applies a change replacing the app succeeds and the new secret, near expiry, warns; its expiry
// is the component's output, read from the account API. A service-principal secret near expiry
// warns too.
//
// Steps share one CLI and two stacks and run in order; read the first failure. Fails, never
// skips, when the CLI is missing: run `npm run pulumi:setup` and `npm run build`.
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import {
  COMPONENT_TYPE,
  createRootProgramCli,
  exportStack,
  leaked,
  onlyResource,
  output,
  setConfig,
} from "./helpers";
import { chosenSecrets, configureMissionStack, tearDown } from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const DAY = 86_400;
const DAY_MS = DAY * 1000;
const WORKSPACE_ID = 5102938475610293;
const SECRETS = chosenSecrets();
const SA_COMPONENT = "posit-connect:databricks:ServiceAccount";

describe("secret expiry through the real engine", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  /** The emulator's clock starts this far behind the real one (and is moved forward). */
  const behind = 760 * DAY_MS;

  const check = (text: string) => expect(leaked(text, SECRETS)).toEqual([]);
  const componentOutput = async (stack: string, type: string, key: string) => {
    const { state } = await exportStack(cli, stack);
    return onlyResource(state, type).outputs?.[key] as string;
  };

  beforeAll(async () => {
    dbx = await startDatabricksEmulator({
      admin: { clientId: "expiry-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
      workspaces: [{ id: WORKSPACE_ID, name: "dbc-expiry" }],
      now: () => Date.now() - behind,
      // Issued at real-760d, an app secret expired at real-20d.
      appSecretLifetimeSeconds: 740 * DAY,
      appSecretExpiryOnGet: true,
      tokenTtlSeconds: 1000 * DAY,
    });
    const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
    const workspaceHost = new URL(workspaceUrl).host;
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
      workspaceUrls: { [workspaceHost]: workspaceUrl },
    });
    cli = await createRootProgramCli();
    for (const stack of ["viewer", "sa"]) {
      await configureMissionStack(cli, stack, {
        connect,
        connectApiKey: SECRETS.connectApiKey,
        dbx,
        workspaceHost,
      });
    }
    await setConfig(cli, "sa", "authType", "Service Account");
    await setConfig(cli, "sa", "workspaceId", String(WORKSPACE_ID));
    await setConfig(cli, "sa", "secretLifetimeDays", "730");
  });

  afterAll(() => tearDown({ cli, connect, dbx }));

  it("1. Viewer: an expired app secret is reported at error level with the fix; the up is not failed", async () => {
    const up = await cli.run(["up", "--yes", "--stack", "viewer"]);
    const text = output(up);
    check(text);
    expect(up.code).toBe(0);
    expect(text).toMatch(
      /error: DatabricksConnectOAuth "databricks-oauth": the Databricks app's client secret expired on \S+; .*To rotate it, replace the app/,
    );
    const expireTime = await componentOutput("viewer", COMPONENT_TYPE, "clientSecretExpireTime");
    expect(Date.parse(expireTime)).toBeLessThan(Date.now() - 19 * DAY_MS);
  });

  it("2. the clock moves on; the up that replaces the app succeeds, and the new secret's expiry warns and is the output", async () => {
    dbx.advanceClock(40 * DAY);
    const before = Date.now();
    await setConfig(cli, "viewer", "appName", "posit-connect-viewer-2");
    const up = await cli.run(["up", "--yes", "--stack", "viewer"]);
    const text = output(up);
    check(text);
    expect(up.code).toBe(0);
    expect(text).not.toMatch(/error: DatabricksConnectOAuth/);
    // Issued at real-720d with 740 days: 20 days left.
    expect(text).toMatch(
      /warning: DatabricksConnectOAuth "databricks-oauth": the Databricks app's client secret expires on \S+ \(in (19|20) days\)\. To rotate it before then, replace the app/,
    );
    const expireTime = await componentOutput("viewer", COMPONENT_TYPE, "clientSecretExpireTime");
    const expected = before + 20 * DAY_MS;
    expect(Math.abs(Date.parse(expireTime) - expected)).toBeLessThan(10 * 60_000);
    // Preview warns too, before anything changes.
    const preview = await cli.runOk(["preview", "--stack", "viewer"]);
    expect(output(preview)).toMatch(
      /warning: DatabricksConnectOAuth "databricks-oauth": the Databricks app's client secret expires on/,
    );
  });

  it("3. Service Account: a principal secret within 30 days of expiry warns with the change that rotates it", async () => {
    // Issued at real-720d with 730 days: 10 days left.
    const up = await cli.run(["up", "--yes", "--stack", "sa"]);
    const text = output(up);
    check(text);
    expect(up.code).toBe(0);
    expect(text).toMatch(
      /warning: DatabricksConnectServiceAccount "databricks-service-account": the service principal's OAuth secret expires on \S+ \(in (9|10) days\)\. To rotate it before then, change rotationKey/,
    );
    const expireTime = await componentOutput("sa", SA_COMPONENT, "secretExpireTime");
    expect(Math.abs(Date.parse(expireTime) - (Date.now() + 10 * DAY_MS))).toBeLessThan(10 * 60_000);
  });
});
