// Permissions and content associations with the real Pulumi CLI, engine and dynamic-provider
// plugin, against an in-process Connect emulator (version 2026.04.0, so it knows permissions).
// The program (fixtures/governance) imports the built package as a user's program would.
//
// Steps share one stack and run in order; a failing step usually makes the later ones fail
// too, so read the first failure. Fails, never skips, when the CLI is missing.
import * as crypto from "crypto";
import axios from "axios";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import { createPackageFixtureCli, leaked, output, setConfig, setSecret } from "./helpers";

jest.setTimeout(20 * 60 * 1000);

const RUN = crypto.randomBytes(4).toString("hex");
const SECRETS = {
  apiKey: `canary-gov-api-key-${RUN}-do-not-leak`,
  clientSecret: `canary-gov-client-secret-${RUN}-do-not-leak`,
};
const GROUP = "1d5e0000-0000-4000-8000-0000000000d5";
const ANALYST = "1d5e0000-0000-4000-8000-00000000a11a";
const SALES = "5a1e5000-0000-4000-8000-000000000001";
const OPS = "0b5c0000-0000-4000-8000-000000000002";
const STACK = "prod";

let emulator: ConnectEmulator;
let cli: PulumiCli;
let outside: string;
const timings: Array<[string, number]> = [];

async function pulumi(label: string, args: string[]): Promise<RunResult> {
  const r = await cli.runOk([...args, "--stack", STACK]);
  timings.push([label, r.ms]);
  return r;
}

const byName = (name: string) => emulator.integrations().find((i) => i.name === name);
const grants = (guid: string) =>
  (emulator.permissionsOf(guid) ?? []).map((p) => p.user_guid ?? p.group_guid).sort();

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [SECRETS.apiKey],
    version: "2026.04.0",
    seedDefaultIntegration: false,
    users: [{ username: "analyst", guid: ANALYST }],
    groups: [{ name: "data-science", guid: GROUP }],
    content: [
      { name: "sales-dashboard", guid: SALES, appMode: "python-dash" },
      { name: "ops-console", guid: OPS, appMode: "python-shiny" },
    ],
  });
  // An integration made in the dashboard, outside the stack.
  const made = await axios.post(
    `${emulator.url}/__api__/v1/oauth/integrations`,
    {
      template: "databricks",
      name: "Hand-made",
      config: {
        workspace_host: "https://dbc-x.cloud.databricks.com",
        client_id: "x",
        client_secret: "hand-made-client-secret",
      },
    },
    { headers: { Authorization: `Key ${SECRETS.apiKey}` } },
  );
  outside = made.data.guid as string;
  cli = await createPackageFixtureCli("governance");
  await cli.runOk(["stack", "init", STACK]);
  await setConfig(cli, STACK, "posit-connect:url", emulator.url);
  await setSecret(cli, STACK, "posit-connect:apiKey", SECRETS.apiKey);
  await setSecret(cli, STACK, "clientSecret", SECRETS.clientSecret);
});

afterAll(async () => {
  if (cli) {
    const table = timings.map(([l, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${l}`);
    console.log(`governance CLI calls (wall time):\n${table.join("\n")}`);
    if (leaked(cli.transcript.join("\n"), SECRETS).length === 0) cli.cleanup();
  }
  await emulator?.close();
});

it("1. grant to a group; two single associations in one up; the exclusive set replaces a hand-made one", async () => {
  emulator.setAssociations(OPS, [outside]);
  await setConfig(cli, STACK, "grantTo", "group");
  const up = await pulumi("up (group)", ["up", "--yes"]);
  expect(up.stdout).toMatch(/\+ 6 created/);
  const primary = byName("Databricks (governed)")!.guid;
  const secondary = byName("Databricks (sandbox)")!.guid;
  expect(grants(primary)).toEqual([GROUP]);
  expect(grants(secondary)).toEqual([]);
  expect(emulator.associationsOf(SALES).sort()).toEqual([primary, secondary].sort());
  expect(emulator.associationsOf(OPS)).toEqual([primary]);
});

it("2. narrowing to one user shows in preview, then applies", async () => {
  await setConfig(cli, STACK, "grantTo", "user");
  const preview = await pulumi("preview (user)", ["preview", "--diff"]);
  const text = output(preview);
  expect(text).toMatch(/~ pulumi-nodejs:dynamic\/posit-connect:OAuthIntegration: \(update\)/);
  expect(text).toContain("OAuthIntegration::primary]");
  // Who loses access and who gains it, before it happens.
  expect(text).toMatch(
    new RegExp(
      `~ permissions\\s*: \\[[\\s\\S]*- groupGuid: "${GROUP}"[\\s\\S]*\\+ userGuid\\s*: "${ANALYST}"`,
    ),
  );
  // Only the integration changes: its associations, which use its id, stay as they are.
  expect(text).toMatch(/~ 1 to update/);
  expect(text).not.toMatch(/to replace/);
  const primary = byName("Databricks (governed)")!.guid;
  expect(grants(primary)).toEqual([GROUP]); // preview changed nothing
  await pulumi("up (user)", ["up", "--yes"]);
  expect(grants(primary)).toEqual([ANALYST]);
});

it("3. drift made in the dashboard is found by refresh and repaired by up", async () => {
  const primary = byName("Databricks (governed)")!.guid;
  const secondary = byName("Databricks (sandbox)")!.guid;
  emulator.setPermissions(primary, [
    { user_guid: ANALYST, group_guid: null },
    { user_guid: null, group_guid: GROUP },
  ]);
  emulator.setAssociations(SALES, [primary]); // someone removed the sandbox association
  emulator.setAssociations(OPS, [primary, outside]); // and added one to the exclusive item
  const refresh = await pulumi("refresh", ["refresh", "--yes"]);
  const text = output(refresh);
  expect(text).toMatch(/~ .*primary/);
  expect(text).toMatch(/~ .*ops-console/);
  expect(text).toMatch(/- .*sales-secondary/);
  await pulumi("up (repair)", ["up", "--yes"]);
  expect(grants(primary)).toEqual([ANALYST]);
  expect(emulator.associationsOf(SALES).sort()).toEqual([primary, secondary].sort());
  expect(emulator.associationsOf(OPS)).toEqual([primary]);
  await pulumi("up (no changes)", ["up", "--yes", "--expect-no-changes"]);
});

it("4. destroy removes only what the stack owns", async () => {
  const primary = byName("Databricks (governed)")!.guid;
  emulator.setAssociations(SALES, [...emulator.associationsOf(SALES), outside]);
  const destroy = await pulumi("destroy", ["destroy", "--yes"]);
  expect(destroy.stdout).toMatch(/- 6 deleted/);
  expect(emulator.associationsOf(SALES)).toEqual([outside]);
  expect(emulator.associationsOf(OPS)).toEqual([]);
  expect(emulator.integrations().map((i) => i.guid)).toEqual([outside]);
  expect(byName("Databricks (governed)")).toBeUndefined();
  expect(primary).toEqual(expect.any(String));
  expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
});
