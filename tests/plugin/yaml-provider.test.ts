// A Databricks provider passed to the plugin's component the multi-language way
// (`options.providers` in YAML): the component's Databricks app uses it. The stack has no
// `databricks:*` config at all, so a default provider could not have made the app.
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import { exportStack, onlyResource, setConfig, setSecret } from "../e2e/helpers";
import { chosenSecrets, tearDown } from "../e2e/mission-helpers";
import { createYamlProjectCli } from "./yaml-project";

jest.setTimeout(15 * 60 * 1000);

const STACK = "provider";
const APP_TYPE = "databricks:index/customAppIntegration:CustomAppIntegration";
const SECRETS = chosenSecrets();

describe("YAML: an explicit Databricks provider reaches the component's app", () => {
  let cli: PulumiCli;
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;

  beforeAll(async () => {
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
    });
    dbx = await startDatabricksEmulator({
      admin: { clientId: "yaml-provider-sp", clientSecret: SECRETS.databricksAdminSecret },
    });
    cli = await createYamlProjectCli(path.join(__dirname, "fixtures", "yaml-explicit-provider"));
    await cli.runOk(["stack", "init", STACK]);
    await setConfig(cli, STACK, "connectUrl", connect.url);
    await setConfig(cli, STACK, "workspaceHost", "dbc-provider.cloud.databricks.com");
    await setSecret(cli, STACK, "posit-connect:apiKey", SECRETS.connectApiKey);
    await setConfig(cli, STACK, "accountHost", dbx.url);
    await setConfig(cli, STACK, "accountId", dbx.accountId);
    await setConfig(cli, STACK, "accountClientId", "yaml-provider-sp");
    await setSecret(cli, STACK, "accountClientSecret", SECRETS.databricksAdminSecret);
  });

  afterAll(() => tearDown({ cli, connect, dbx }));

  it("creates the app through the provider given in options.providers, then destroys", async () => {
    await cli.runOk(["up", "--yes", "--stack", STACK]);
    expect(dbx.snapshot().customAppIntegrations).toHaveLength(1);
    const { state, text } = await exportStack(cli, STACK);
    const account = onlyResource(state, "pulumi:providers:databricks");
    const app = onlyResource(state, APP_TYPE) as { provider?: string };
    expect(app.provider?.startsWith(`${account.urn}::`)).toBe(true);
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);

    await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    expect(dbx.snapshot().customAppIntegrations).toEqual([]);
    expect(connect.integrations()).toEqual([]);
  });
});
