// Issue 19 items 1, 2 and 10 through the real Pulumi CLI and engine, against both emulators
// (Connect, and Databricks through the stand-in plugin). A user's program
// (fixtures/association-safety) builds one DatabricksConnectOAuth whose associateContent comes
// from getConnectContent lookups, and the steps edit it as admins do: remove, re-add and reorder
// entries, move to another URL of the same server, `up --replace`, rename without an alias,
// upgrade from the per-entry children of releases before 0.2.0, replace the integration on a
// Connect that allows one integration per content item, then move that (created) integration to
// another URL of the same server.
//
// Steps share stacks and run in order; read the first failure.
import axios from "axios";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import {
  createPackageFixtureCli,
  exportStack,
  INTEGRATION_TYPE,
  leaked,
  onlyResource,
  output,
  setConfig,
} from "./helpers";
import { chosenSecrets, configureMissionStack, tearDown } from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const WORKSPACE = "dbc-assoc-safety.cloud.databricks.com";
const CONTENT = {
  a: "a55a0000-0000-4000-8000-00000000000a",
  b: "a55a0000-0000-4000-8000-00000000000b",
  c: "a55a0000-0000-4000-8000-00000000000c",
};
const SECRETS = chosenSecrets();

let connect: ConnectEmulator;
let oldConnect: ConnectEmulator;
let dbx: DatabricksEmulator;
let cli: PulumiCli;
let handMade: string;
let foreign: string;

const up = (stack: string, ...extra: string[]): Promise<RunResult> =>
  cli.runOk(["up", "--yes", "--stack", stack, ...extra]);
const content = (stack: string, names: string[]) =>
  setConfig(cli, stack, "content", JSON.stringify(names));
const on = (e: ConnectEmulator, name: keyof typeof CONTENT) =>
  e.associationsOf(CONTENT[name]).sort();
const deletes = (e: ConnectEmulator) =>
  e.requests.filter((r) => r.method === "DELETE").map((r) => r.path);

async function integrationByHand(e: ConnectEmulator, name: string): Promise<string> {
  const made = await axios.post(
    `${e.url}/__api__/v1/oauth/integrations`,
    {
      template: "databricks",
      name,
      config: {
        workspace_host: WORKSPACE,
        client_id: `${name}-client`,
        client_secret: `canary-${name}-secret-do-not-leak`,
        auth_type: "Viewer",
      },
    },
    { headers: { Authorization: `Key ${SECRETS.connectApiKey}` } },
  );
  return made.data.guid as string;
}

async function stack(name: string, e: ConnectEmulator, names: string[]): Promise<void> {
  await configureMissionStack(cli, name, {
    connect: e,
    connectApiKey: SECRETS.connectApiKey,
    dbx,
    workspaceHost: WORKSPACE,
  });
  await content(name, names);
}

const items = Object.entries(CONTENT).map(([name, guid]) => ({
  name,
  guid,
  appMode: "python-dash",
}));

beforeAll(async () => {
  connect = await startEmulator({
    adminKeys: [SECRETS.connectApiKey],
    seedDefaultIntegration: false,
    content: items,
  });
  oldConnect = await startEmulator({
    adminKeys: [SECRETS.connectApiKey],
    seedDefaultIntegration: false,
    version: "2025.04.0",
    content: items,
  });
  dbx = await startDatabricksEmulator({
    admin: { clientId: "assoc-safety-admin", clientSecret: SECRETS.databricksAdminSecret },
  });
  handMade = await integrationByHand(connect, "hand-made");
  foreign = await integrationByHand(connect, "foreign");
  // b already uses both, made in the dashboard before the stack existed.
  connect.setAssociations(CONTENT.b, [handMade, foreign]);
  cli = await createPackageFixtureCli("association-safety");
});

afterAll(async () => {
  if (cli) expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
  await oldConnect?.close();
  await tearDown({ cli, connect, dbx });
});

describe("item 1: associateContent from lookups owns only what it made", () => {
  it("1. [a, b] with the integration adopted: a is added, b (there before) is kept", async () => {
    await stack("main", connect, ["a", "b"]);
    await setConfig(cli, "main", "adoptGuid", handMade);
    await up("main");
    expect(on(connect, "a")).toEqual([handMade]);
    expect(on(connect, "b")).toEqual([handMade, foreign].sort());
  });

  it("2. [a, b] -> [b]: a loses it, b keeps both", async () => {
    await content("main", ["b"]);
    await up("main");
    expect(on(connect, "a")).toEqual([]);
    expect(on(connect, "b")).toEqual([handMade, foreign].sort());
  });

  it("3. back to [b, a] re-adds a; a reorder is no change at all", async () => {
    await content("main", ["b", "a"]);
    await up("main");
    expect(on(connect, "a")).toEqual([handMade]);
    expect(on(connect, "b")).toEqual([handMade, foreign].sort());
    await content("main", ["a", "b"]);
    connect.clearRequests();
    const r = await up("main");
    // Only the component's own recorded arguments change; no resource and no request does.
    expect(r.stdout).not.toMatch(/IntegrationAssociations|content-association/);
    expect(connect.requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(on(connect, "a")).toEqual([handMade]);
  });
});

describe("item 2: an adopted integration is never deleted by its own replacement", () => {
  it("4. another URL of the same server is an update: no DELETE, associations intact", async () => {
    await setConfig(cli, "main", "connectUrl", connect.url.replace("127.0.0.1", "localhost"));
    const preview = await cli.runOk(["preview", "--diff", "--stack", "main"]);
    expect(output(preview)).not.toMatch(
      /OAuthIntegration[^\n]*\(replace\)|\+-.*connect-integration/,
    );
    connect.clearRequests();
    await up("main");
    expect(deletes(connect)).toEqual([]);
    expect(connect.integrations().map((i) => i.guid)).toContain(handMade);
    expect(on(connect, "a")).toEqual([handMade]);
    expect(on(connect, "b")).toEqual([handMade, foreign].sort());
  });

  it("5. `up --replace` of the integration keeps it and its associations", async () => {
    const { state } = await exportStack(cli, "main");
    const urn = onlyResource(state, INTEGRATION_TYPE).urn;
    connect.clearRequests();
    await up("main", "--replace", urn);
    expect(deletes(connect)).toEqual([]);
    expect(connect.integrations().map((i) => i.guid)).toContain(handMade);
    expect(on(connect, "a")).toEqual([handMade]);
    expect(on(connect, "b")).toEqual([handMade, foreign].sort());
  });

  it("6. renaming the component without an alias keeps the integration and every association", async () => {
    await setConfig(cli, "main", "componentName", "renamed");
    connect.clearRequests();
    await up("main");
    expect(deletes(connect)).toEqual([]);
    expect(connect.integrations().map((i) => i.guid)).toContain(handMade);
    expect(on(connect, "a")).toEqual([handMade]);
    expect(on(connect, "b")).toEqual([handMade, foreign].sort());
    await up("main", "--expect-no-changes");
  });
});

describe("upgrade from per-entry children (releases before 0.2.0)", () => {
  it("7. the new set child takes the associations over; the old children's deletes leave them", async () => {
    await stack("legacy", connect, ["c"]);
    await setConfig(cli, "legacy", "legacy", "true");
    await up("legacy");
    const { state } = await exportStack(cli, "legacy");
    const mine = onlyResource(state, INTEGRATION_TYPE).id as string;
    expect(on(connect, "c")).toEqual([mine]);
    await setConfig(cli, "legacy", "legacy", "false");
    await up("legacy");
    expect(on(connect, "c")).toEqual([mine]);
    await cli.runOk(["refresh", "--yes", "--stack", "legacy"]);
    await up("legacy", "--expect-no-changes");
    expect(on(connect, "c")).toEqual([mine]);
  });
});

describe("item 10: Connect 2025.04 (one integration per content item)", () => {
  it("8. replacing the integration swaps the association in one write; the up completes", async () => {
    await stack("old", oldConnect, ["a"]);
    await up("old");
    const before = oldConnect.integrations().map((i) => i.guid);
    expect(before).toHaveLength(1);
    expect(on(oldConnect, "a")).toEqual(before);
    // A replacement (`up --replace`) of an integration the stack created: a new one is created,
    // the association switched over in one write, the old one deleted.
    const { state } = await exportStack(cli, "old");
    await up("old", "--replace", onlyResource(state, INTEGRATION_TYPE).urn);
    const after = oldConnect.integrations().map((i) => i.guid);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(on(oldConnect, "a")).toEqual(after);
  });
});

describe("another URL of the same server, for an integration the stack created", () => {
  it("9. is an update: same GUID, no POST or DELETE, a hand-made association on it kept", async () => {
    const ours = onlyResource((await exportStack(cli, "old")).state, INTEGRATION_TYPE).id as string;
    // An admin associated more content with the stack's integration in the dashboard.
    oldConnect.setAssociations(CONTENT.c, [ours]);
    await setConfig(cli, "old", "connectUrl", oldConnect.url.replace("127.0.0.1", "localhost"));
    const preview = await cli.runOk(["preview", "--diff", "--stack", "old"]);
    expect(output(preview)).not.toMatch(/OAuthIntegration[^\n]*\(replace\)/);
    oldConnect.clearRequests();
    await up("old");
    expect(oldConnect.requests.filter((r) => r.method === "POST" || r.method === "DELETE")).toEqual(
      [],
    );
    expect(oldConnect.integrations().map((i) => i.guid)).toEqual([ours]);
    expect(on(oldConnect, "a")).toEqual([ours]);
    expect(on(oldConnect, "c")).toEqual([ours]);
    await cli.runOk(["refresh", "--yes", "--stack", "old"]);
    await up("old", "--expect-no-changes");
  });
});
