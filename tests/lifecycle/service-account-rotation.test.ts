// Issue 19 item 3, the service-account half: the root program with authType "Service Account"
// rotates its OAuth secret (rotationKey) while a failure is injected at each step of the
// rotation — Databricks' secret create, Connect's PATCH, Databricks' secret delete — then re-runs.
// After every `up`, failed or not, Connect holds a client id and secret Databricks accepts; after
// every completed `up` the principal has exactly one secret (the old one deleted last).
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli } from "../support/pulumi-cli";
import { createRootProgramCli, output, setConfig } from "../e2e/helpers";
import {
  chosenSecrets,
  configureMissionStack,
  tearDown,
  useStrictlyIncreasingClock,
} from "../e2e/mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const STACK = "sa-rotation";

describe("service-account secret rotation under failure at each step, then a re-run", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let restoreClock: () => void;
  const secrets = chosenSecrets();

  beforeAll(async () => {
    restoreClock = useStrictlyIncreasingClock();
    connect = await startEmulator({
      adminKeys: [secrets.connectApiKey],
      seedDefaultIntegration: false,
    });
    dbx = await startDatabricksEmulator({
      admin: { clientId: "sa-rotation-admin", clientSecret: secrets.databricksAdminSecret },
    });
    cli = await createRootProgramCli();
    await configureMissionStack(cli, STACK, {
      connect,
      connectApiKey: secrets.connectApiKey,
      dbx,
      workspaceHost: "dbc-sa-rotation.cloud.databricks.com",
    });
    await setConfig(cli, STACK, "authType", "Service Account");
    // Connect's /verify needs a workspace; this test checks the credentials with Databricks itself.
    await setConfig(cli, STACK, "verify", "false");
  });
  afterAll(() => tearDown({ cli, connect, dbx, restoreClock }));

  /** Connect's only integration holds credentials Databricks accepts. */
  const connectWorks = (): boolean => {
    const [i] = connect.integrations();
    const clientId = i.config.client_id as string;
    const secret = connect.secretsOf(i.guid)?.client_secret;
    return secret !== undefined && dbx.checkClientSecret(clientId, secret);
  };
  const secretCount = (): number =>
    Object.values(dbx.snapshot().secrets).reduce((n, list) => n + list.length, 0);

  it("first up", async () => {
    await cli.runOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(connect.integrations()).toHaveLength(1);
    expect(connectWorks()).toBe(true);
    expect(secretCount()).toBe(1);
  });

  const sites = [
    {
      label: "Databricks secret create",
      add: () => dbx.addFault({ route: "secrets.create", fault: F }),
      remove: (id: number) => dbx.removeFault(id),
    },
    {
      label: "Connect PATCH",
      add: () => connect.addFault({ route: "update", fault: F }),
      remove: (id: number) => connect.removeFault(id),
    },
    {
      label: "Databricks secret delete",
      add: () => dbx.addFault({ route: "secrets.delete", fault: F }),
      remove: (id: number) => dbx.removeFault(id),
    },
  ];
  for (const [n, site] of sites.entries()) {
    it(`rotation with the ${site.label} failing: Connect keeps a working secret, the re-run completes it`, async () => {
      await setConfig(cli, STACK, "rotationKey", `rotate-${n}`);
      const id = site.add();
      const failed = await cli.run(["up", "--yes", "--skip-preview", "--stack", STACK]);
      site.remove(id);
      expect({ code: failed.code === 0 ? 0 : 1, works: connectWorks() }).toEqual({
        code: 1,
        works: true,
      });
      const again = await cli.run(["up", "--yes", "--skip-preview", "--stack", STACK]);
      expect(again.code === 0 ? "" : output(again)).toBe("");
      expect(connectWorks()).toBe(true);
      expect(secretCount()).toBe(1);
      await cli.runOk(["preview", "--expect-no-changes", "--stack", STACK]);
    });
  }
});

const F = { kind: "status" as const, status: 500 as const };
