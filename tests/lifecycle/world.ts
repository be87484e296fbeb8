// The real system under the lifecycle model: both emulators, the fixture program under the real
// Pulumi CLI, one stack per generated sequence, hand-made ("foreign") objects, and the reads
// that turn the emulators' state into an Observation for invariants.ts.
import * as crypto from "crypto";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import { createPulumiCli } from "../support/pulumi-cli";
import { setUpByHand } from "../support/posit-guide-by-hand";
import * as fs from "fs";
import { REPO, setConfig } from "../e2e/helpers";
import { configureMissionStack, useStrictlyIncreasingClock } from "../e2e/mission-helpers";
import type { FaultKind } from "../../emulator/fault-injector";
import type { Adopted, FaultKindName, FaultSite, ProgramShape } from "./model";
import { CONTENT, GROUP, HAND_SCOPES, USER } from "./model";
import type { Foreign, Observation } from "./invariants";

const WORKSPACE = "dbc-lifecycle.cloud.databricks.com";

export interface World {
  connect: ConnectEmulator;
  dbx: DatabricksEmulator;
  cli: PulumiCli;
  apiKey: string;
  foreign: Foreign;
  /** Secret values that must never appear in state or output, by label. */
  secrets: Record<string, string>;
}

export async function startWorld(): Promise<World> {
  const run = crypto.randomBytes(4).toString("hex");
  const apiKey = `canary-lifecycle-connect-key-${run}`;
  const adminSecret = `canary-lifecycle-dbx-admin-${run}`;
  const connect = await startEmulator({
    adminKeys: [apiKey],
    seedDefaultIntegration: false,
    // The first release whose API takes integration `permissions` (connect-api.md §3.4).
    version: "2026.04.0",
    users: [{ username: "lc-alice", guid: USER, role: "publisher" }],
    groups: [{ name: "lc-analysts", guid: GROUP }],
    content: CONTENT.map((guid, i) => ({ name: `lc-content-${i}`, guid, appMode: "python-dash" })),
  });
  const dbx = await startDatabricksEmulator({
    admin: { clientId: "lifecycle-admin-sp", clientSecret: adminSecret },
  });
  const built = path.join(REPO, "dist", "provider", "index.js");
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  const cli = await createPulumiCli(path.join(__dirname, "fixture"));
  const modules = path.join(cli.projectDir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(REPO, path.join(modules, "pulumi-posit-connect"), "dir");
  const secrets: Record<string, string> = { connectApiKey: apiKey, databricksAdmin: adminSecret };
  const foreign = await makeForeign(connect, dbx, apiKey, secrets);
  return { connect, dbx, cli, apiKey, foreign, secrets };
}

/** Posit's guide by hand: an app, an integration holding its secret, associated with content. */
async function makeForeign(
  connect: ConnectEmulator,
  dbx: DatabricksEmulator,
  apiKey: string,
  secrets: Record<string, string>,
): Promise<Foreign> {
  const app = await setUpByHand(connect, dbx, {
    appName: "hand-made",
    integrationName: "Hand-made Databricks",
    workspaceHost: WORKSPACE,
    scopes: ["all-apis", "offline_access"],
    apiKey,
  });
  secrets.foreignAppSecret = app.clientSecret;
  const guid = app.guid;
  // Hand-made associations on content the program also associates, and on content it never does.
  connect.setAssociations(CONTENT[0], [guid]);
  connect.setAssociations(CONTENT[2], [guid]);
  const o = observe({ connect, dbx });
  return {
    app: o.apps.find((a) => a.integrationId === app.integrationId)!,
    integration: o.integrations.find((i) => i.guid === guid)!,
    associations: [
      [CONTENT[0], guid],
      [CONTENT[2], guid],
    ],
    earlier: { appIds: [], integrationGuids: [] },
  };
}

/**
 * Posit's guide by hand once more, for a sequence that starts by adopting: an app and an
 * integration holding its secret, associated with content the program never names.
 */
export async function makeAdoptable(w: World, stack: string): Promise<Adopted> {
  const name = `lc-hand-${stack}`;
  const hand = await setUpByHand(w.connect, w.dbx, {
    appName: name,
    integrationName: name,
    workspaceHost: WORKSPACE,
    scopes: HAND_SCOPES,
    apiKey: w.apiKey,
  });
  w.secrets[`hand-made app secret of ${stack}`] = hand.clientSecret;
  const content = CONTENT[1];
  w.connect.setAssociations(content, [...w.connect.associationsOf(content), hand.guid]);
  return {
    guid: hand.guid,
    appIntegrationId: hand.integrationId,
    appName: name,
    integrationName: name,
    content,
  };
}

/** `group:<guid>` / `user:<guid>`, sorted: a permissions list compared as a set. */
export function permissionKeys(
  list: ReadonlyArray<{ user_guid?: string | null; group_guid?: string | null }>,
): string[] {
  return list.map((p) => (p.group_guid ? `group:${p.group_guid}` : `user:${p.user_guid}`)).sort();
}

export function observe(w: Pick<World, "connect" | "dbx">): Observation {
  const apps = w.dbx.snapshot().customAppIntegrations.map((a) => ({
    integrationId: a.integration_id,
    clientId: a.client_id,
    name: a.name ?? "",
    confidential: a.confidential === true,
    redirectUrls: [...(a.redirect_urls ?? [])],
  }));
  const integrations = w.connect.integrations().map((i) => {
    const clientId = typeof i.config.client_id === "string" ? i.config.client_id : undefined;
    const secret = w.connect.secretsOf(i.guid)?.client_secret;
    return {
      guid: i.guid,
      name: i.name ?? "",
      clientId,
      hasSecret: secret !== undefined,
      secretAccepted:
        clientId !== undefined && secret !== undefined && w.dbx.checkClientSecret(clientId, secret),
      permissions: permissionKeys(w.connect.permissionsOf(i.guid) ?? []),
    };
  });
  const associations = Object.fromEntries(CONTENT.map((c) => [c, w.connect.associationsOf(c)]));
  return { apps, integrations, associations };
}

/** Secrets Connect holds right now: none of them may ever reach state or output. */
export function connectSecrets(w: World): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of w.connect.integrations()) {
    const s = w.connect.secretsOf(i.guid)?.client_secret;
    if (s) out[`client secret of ${i.name}`] = s;
  }
  return out;
}

export async function initStack(w: World, stack: string, program: ProgramShape): Promise<void> {
  await configureMissionStack(w.cli, stack, {
    connect: w.connect,
    connectApiKey: w.apiKey,
    dbx: w.dbx,
    workspaceHost: WORKSPACE,
  });
  await setProgram(w, stack, program);
}

export function setProgram(w: World, stack: string, program: ProgramShape): Promise<RunResult> {
  return setConfig(w.cli, stack, "program", JSON.stringify(program));
}

/** The URL the program gives Connect: the emulator's, under another host name when it says so. */
export function connectUrlOf(w: Pick<World, "connect">, program: ProgramShape): string {
  const url = new URL(w.connect.url);
  if (program.connectHost) url.hostname = program.connectHost;
  return url.origin;
}

function faultOf(kind: FaultKindName): FaultKind {
  switch (kind) {
    case "500":
      return { kind: "status", status: 500 };
    case "reset":
      return { kind: "reset" };
    case "drop-after-commit":
      return { kind: "drop-after-commit" };
  }
}

/**
 * Installs the fault for one `up`; returns the function that removes it. An HTTP 500 answers
 * every request on the route for the whole `up`; a reset or a drop fires once (a network blip:
 * each retry of a dropped create would commit again, so "every request" would only measure the
 * client's retry budget).
 */
export function inject(w: World, site: FaultSite, kind: FaultKindName = "500"): () => void {
  const fault = faultOf(kind);
  const times = kind === "500" ? {} : { times: 1 };
  switch (site) {
    case "none":
      return () => undefined;
    case "connect-patch": {
      const id = w.connect.addFault({ route: "update", fault, ...times });
      return () => w.connect.removeFault(id);
    }
    case "databricks-create": {
      const id = w.dbx.addFault({ route: "apps.create", fault, ...times });
      return () => w.dbx.removeFault(id);
    }
    case "databricks-delete": {
      const id = w.dbx.addFault({ route: "apps.delete", fault, ...times });
      return () => w.dbx.removeFault(id);
    }
  }
}

export async function stopWorld(w: World | undefined): Promise<void> {
  if (!w) return;
  if (process.env.E2E_KEEP) console.log(`kept ${w.cli.projectDir} and ${w.cli.backendDir}`);
  else w.cli.cleanup();
  await w.connect.close();
  await w.dbx.close();
}

/**
 * One world for the enclosing `describe`: started (with a strictly increasing clock) before its
 * tests, stopped after. Returns the getter its tests use.
 */
export function useWorld(): () => World {
  let world: World | undefined;
  let restoreClock: (() => void) | undefined;
  beforeAll(async () => {
    restoreClock = useStrictlyIncreasingClock();
    world = await startWorld();
  });
  afterAll(async () => {
    await stopWorld(world);
    restoreClock?.();
  });
  return () => {
    if (!world) throw new Error("the lifecycle world did not start (see beforeAll)");
    return world;
  };
}
