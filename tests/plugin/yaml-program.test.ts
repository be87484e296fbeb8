// examples/yaml/ through the real engine, the Pulumi YAML language host and this package's
// plugin (plugin/, started by the Node language host's RunPlugin), against both emulators.
// The component runs inside the plugin process, so this also proves its dynamic resources work
// there: state, secrets, refresh, update and destroy.
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import { createYamlProjectCli } from "./yaml-project";
import {
  exportStack,
  INTEGRATION_TYPE,
  isEncryptedSecret,
  onlyResource,
  output,
  setConfig,
} from "../e2e/helpers";
import { chosenSecrets, configureMissionStack, tearDown } from "../e2e/mission-helpers";

jest.setTimeout(15 * 60 * 1000);

const STACK = "yaml";
const WORKSPACE = "dbc-yaml-1234.cloud.databricks.com";
const COMPONENT = "posit-connect:databricks:OAuth";
const APP_TYPE = "databricks:index/customAppIntegration:CustomAppIntegration";
const SECRETS = chosenSecrets();

describe("examples/yaml through the engine (Pulumi YAML + the posit-connect plugin)", () => {
  let cli: PulumiCli;
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;

  beforeAll(async () => {
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
    });
    dbx = await startDatabricksEmulator({
      admin: { clientId: "yaml-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
    });
    cli = await createYamlProjectCli();
    await configureMissionStack(cli, STACK, {
      connect,
      connectApiKey: SECRETS.connectApiKey,
      dbx,
      workspaceHost: WORKSPACE,
    });
  });

  afterAll(() => tearDown({ cli, connect, dbx }));

  const up = (...extra: string[]) => cli.runOk(["up", "--yes", "--stack", STACK, ...extra]);

  it("creates, changes nothing on a second up, updates, refreshes and destroys", async () => {
    const first = await up();
    expect(first.stdout).toMatch(/\+ 4 created/);
    const apps = dbx.snapshot().customAppIntegrations;
    expect(apps).toHaveLength(1);
    expect(apps[0].redirect_urls).toEqual([`${connect.url}/__oauth__/integrations/callback`]);
    const integrations = connect.integrations();
    expect(integrations).toHaveLength(1);
    const guid = integrations[0].guid;
    expect(integrations[0].config).toMatchObject({
      workspace_host: WORKSPACE,
      client_id: apps[0].client_id,
    });
    const secret = connect.secretsOf(guid)?.client_secret as string;
    expect(dbx.checkClientSecret(apps[0].client_id, secret)).toBe(true);
    SECRETS.appSecret = secret;

    // Secrets: the stack output is a secret, and state holds only ciphertext.
    const outputs = JSON.parse(
      (await cli.runOk(["stack", "output", "--json", "--stack", STACK])).stdout,
    ) as Record<string, unknown>;
    expect(outputs).toMatchObject({
      clientId: apps[0].client_id,
      clientSecret: "[secret]",
      connectIntegrationGuid: guid,
    });
    const { state, text } = await exportStack(cli, STACK);
    expect(onlyResource(state, COMPONENT).outputs?.clientId).toBe(apps[0].client_id);
    expect(isEncryptedSecret(onlyResource(state, COMPONENT).outputs?.clientSecret)).toBe(true);
    const integration = onlyResource(state, INTEGRATION_TYPE);
    expect(integration.id).toBe(guid);
    expect(isEncryptedSecret(integration.inputs?.clientSecret)).toBe(true);
    expect(isEncryptedSecret(integration.outputs?.clientSecret)).toBe(true);
    // The dynamic provider serialized inside the plugin process is one require of the package.
    expect(String(integration.inputs?.__provider)).toContain(
      "pulumi-posit-connect/dist/provider/connect/oauth-integration/shim.js",
    );
    expect(onlyResource(state, APP_TYPE).id).toBe(apps[0].integration_id);
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);

    await up("--expect-no-changes");
    const refresh = await cli.runOk(["refresh", "--yes", "--stack", STACK]);
    // Refresh reads the integration back through the dynamic provider the plugin serialized.
    expect(refresh.stdout).toMatch(/4 unchanged/);
    expect(refresh.stdout).not.toMatch(/updated|deleted/);

    // An update: a new description reaches Connect as an in-place change.
    await setConfig(cli, STACK, "integrationDescription", "Databricks, changed from YAML");
    const update = await up();
    // The component's own inputs changed too, so it counts as updated beside the integration.
    expect(update.stdout).toMatch(/~ 2 updated/);
    expect(update.stdout).toMatch(
      /~ {2}pulumi-nodejs:dynamic\/posit-connect:OAuthIntegration databricksOauth-connect-integration updated/,
    );
    expect(connect.integrations().map((i) => [i.guid, i.description])).toEqual([
      [guid, "Databricks, changed from YAML"],
    ]);

    const destroy = await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    expect(destroy.stdout).toMatch(/- 4 deleted/);
    expect(connect.integrations()).toEqual([]);
    expect(dbx.snapshot().customAppIntegrations).toEqual([]);

    const transcript = cli.transcript.join("\n");
    for (const value of Object.values(SECRETS)) expect(transcript).not.toContain(value);
    expect(output(update)).not.toContain(secret);
  });
});
