// A Databricks provider passed to the plugin's components the multi-language way
// (`options.providers` in YAML): the OAuth app and the service principal use it. The stack has
// no `databricks:*` config at all, so a default provider could not have made them. Also runs
// DatabricksConnectServiceAccount through the plugin, Connect's /verify included.
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
const SP_TYPE = "databricks:index/servicePrincipal:ServicePrincipal";
const WORKSPACE_ID = 7474747474;
const SECRETS = chosenSecrets();

describe("YAML: an explicit Databricks provider reaches the component's app", () => {
  let cli: PulumiCli;
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let workspaceHost = "";

  beforeAll(async () => {
    dbx = await startDatabricksEmulator({
      admin: { clientId: "yaml-provider-sp", clientSecret: SECRETS.databricksAdminSecret },
      workspaces: [{ id: WORKSPACE_ID, name: "dbc-yaml-provider" }],
    });
    const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
    workspaceHost = new URL(workspaceUrl).host;
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
      // The workspace "host" is 127.0.0.1:<port> over plain HTTP in tests.
      workspaceUrls: { [workspaceHost]: workspaceUrl },
    });
    cli = await createYamlProjectCli(path.join(__dirname, "fixtures", "yaml-explicit-provider"));
    await cli.runOk(["stack", "init", STACK]);
    await setConfig(cli, STACK, "connectUrl", connect.url);
    await setConfig(cli, STACK, "workspaceHost", workspaceHost);
    await setConfig(cli, STACK, "workspaceId", String(WORKSPACE_ID));
    await setSecret(cli, STACK, "posit-connect:apiKey", SECRETS.connectApiKey);
    await setConfig(cli, STACK, "accountHost", dbx.url);
    await setConfig(cli, STACK, "accountId", dbx.accountId);
    await setConfig(cli, STACK, "accountClientId", "yaml-provider-sp");
    await setSecret(cli, STACK, "accountClientSecret", SECRETS.databricksAdminSecret);
  });

  afterAll(() => tearDown({ cli, connect, dbx }));

  it("creates the app and the principal through options.providers, then destroys", async () => {
    await cli.runOk(["up", "--yes", "--stack", STACK]);
    expect(dbx.snapshot().customAppIntegrations).toHaveLength(1);
    const { state, text } = await exportStack(cli, STACK);
    const account = onlyResource(state, "pulumi:providers:databricks");
    for (const type of [APP_TYPE, SP_TYPE]) {
      const made = onlyResource(state, type) as { provider?: string };
      expect(made.provider?.startsWith(`${account.urn}::`)).toBe(true);
    }
    const outputs = JSON.parse(
      (await cli.runOk(["stack", "output", "--json", "--stack", STACK])).stdout,
    ) as Record<string, unknown>;
    expect(outputs.verified).toBe(true);
    const kinds = connect.integrations().map((i) => [i.config.auth_type, i.config.client_id]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["Viewer", outputs.clientId],
        ["Service Account", outputs.applicationId],
      ]),
    );
    expect(kinds).toHaveLength(2);
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);

    await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    expect(dbx.snapshot().customAppIntegrations).toEqual([]);
    expect(connect.integrations()).toEqual([]);
  });
});
