// End-to-end: a Service Account integration through the real engine. The root program with
// authType "Service Account" is run by the real Pulumi CLI; the service principal, its OAuth
// secret and its workspace assignment go through the stand-in pulumi-resource-databricks plugin
// (testing/databricks-plugin/) to the Databricks account emulator, the Connect integration
// through the dynamic provider to the Connect emulator, whose /verify exchanges the stored
// credentials at the Databricks emulator's workspace token endpoint. Every ordering claim is
// checked on the two request logs merged into one timeline.
//
// Steps share one stack and run in order; read the first failure. Fails, never skips, when the
// CLI is missing: run `npm run pulumi:setup` (and `npm run build` for the plugin).
import axios from "axios";
import { startEmulator, type ConnectEmulator, type WireIntegration } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import {
  createRootProgramCli,
  exportStack,
  filesContaining,
  INTEGRATION_TYPE,
  isEncryptedSecret,
  leaked,
  onlyResource,
  output,
  setConfig,
  type StackExport,
} from "./helpers";
import {
  configureMissionStack,
  timeline,
  useStrictlyIncreasingClock,
  writeTimeline,
  chosenSecrets,
  tearDown,
} from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const SP_TYPE = "databricks:index/servicePrincipal:ServicePrincipal";
const SECRET_TYPE = "databricks:index/servicePrincipalSecret:ServicePrincipalSecret";
const ASSIGNMENT_TYPE = "databricks:index/mwsPermissionAssignment:MwsPermissionAssignment";
const COMPONENT_TYPE = "posit-connect:databricks:ServiceAccount";
const STACK = "service-account";
const WORKSPACE_ID = 6051921418418893;
const CONTENT_GUID = "3c1d7a52-6b0e-4f2a-8d9c-1e5f7a2b4c6d";

/** Secrets chosen here; the principal secrets the emulator generates are added as they appear. */
const SECRETS = chosenSecrets();

describe("Service Account integration through the real engine", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let restoreClock: () => void;
  let workspaceHost = "";
  let guid = "";
  let applicationId = "";
  let principalId = "";
  const exports: string[] = [];

  const clearLogs = (): void => {
    connect.clearRequests();
    dbx.clearRequests();
  };
  const up = (...extra: string[]): Promise<RunResult> =>
    cli.runOk(["up", "--yes", "--stack", STACK, ...extra]);
  const exported = async (): Promise<StackExport> => {
    const e = await exportStack(cli, STACK);
    exports.push(e.text);
    return e.state;
  };
  const integration = (): WireIntegration => {
    const found = connect.integrations().find((i) => i.guid === guid);
    if (!found) throw new Error(`Connect integration ${guid} is gone`);
    return found;
  };
  const secretIds = (): string[] =>
    (dbx.snapshot().secrets[principalId] ?? []).map((s) => s.id as string);
  /** The secret Connect holds, after checking it is a current secret of the principal. */
  const connectSecret = (): string => {
    const secret = connect.secretsOf(guid)?.client_secret;
    expect(typeof secret).toBe("string");
    expect(dbx.checkClientSecret(applicationId, secret as string)).toBe(true);
    SECRETS[`principalSecret${Object.keys(SECRETS).length}`] = secret as string;
    return secret as string;
  };
  /** Workspace token exchanges (Connect's /verify) with their outcome, in order. */
  const verifyExchanges = () =>
    dbx.requests
      .filter((r) => r.route === "workspace.token")
      .map((r) => ({ clientId: r.clientId, workspaceId: r.workspaceId, status: r.status }));
  const associations = async (): Promise<string[]> => {
    const res = await axios.get<Array<{ oauth_integration_guid: string }>>(
      `${connect.url}/__api__/v1/content/${CONTENT_GUID}/oauth/integrations/associations`,
      { headers: { Authorization: `Key ${SECRETS.publisherKey}` } },
    );
    return res.data.map((a) => a.oauth_integration_guid);
  };

  beforeAll(async () => {
    restoreClock = useStrictlyIncreasingClock();
    dbx = await startDatabricksEmulator({
      admin: { clientId: "sa-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
      workspaces: [{ id: WORKSPACE_ID, name: "dbc-sa-e2e" }],
    });
    const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
    workspaceHost = new URL(workspaceUrl).host;
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      publisherKeys: [SECRETS.publisherKey],
      seedDefaultIntegration: false,
      // A scheduled report: rendered content, which only Service Account integrations serve.
      content: [{ name: "weekly-report", guid: CONTENT_GUID, appMode: "quarto-static" }],
      // The workspace "host" is 127.0.0.1:<port> over plain HTTP in tests.
      workspaceUrls: { [workspaceHost]: workspaceUrl },
    });
    cli = await createRootProgramCli();
    await configureMissionStack(cli, STACK, {
      connect,
      connectApiKey: SECRETS.connectApiKey,
      dbx,
      workspaceHost,
    });
    await setConfig(cli, STACK, "authType", "Service Account");
    await setConfig(cli, STACK, "workspaceId", String(WORKSPACE_ID));
  });

  afterAll(() => tearDown({ cli, connect, dbx, restoreClock }));

  it("1. up creates principal, secret and assignment, then the integration, which Connect verifies", async () => {
    clearLogs();
    const r = await up();
    expect(r.stdout).toMatch(/\+ 6 created/);
    const writes = writeTimeline(dbx, connect);
    // Secret and assignment both wait only for the principal: either may go first.
    expect(writes[0]).toBe("databricks POST sp.create 201");
    expect(writes.slice(1, 3).sort()).toEqual([
      "databricks POST secrets.create 200",
      "databricks PUT assignments.put 200",
    ]);
    expect(writes.slice(3)).toEqual(["connect POST create 200", "connect POST verify 200"]);

    const sp = dbx.snapshot().servicePrincipals;
    expect(sp).toHaveLength(1);
    applicationId = sp[0].applicationId as string;
    principalId = sp[0].id as string;
    expect(sp[0]).toMatchObject({ displayName: `posit-connect-${STACK}`, active: true });
    expect(dbx.snapshot().assignments[String(WORKSPACE_ID)]).toEqual([
      expect.objectContaining({ permissions: ["USER"] }),
    ]);
    expect(secretIds()).toHaveLength(1);
    // /verify exchanged the principal's credentials at the workspace, and it worked.
    expect(verifyExchanges()).toEqual([
      { clientId: applicationId, workspaceId: WORKSPACE_ID, status: 200 },
    ]);

    const created = connect.integrations();
    expect(created).toHaveLength(1);
    guid = created[0].guid;
    expect(created[0]).toMatchObject({
      name: `Databricks service account (${STACK})`,
      template: "databricks",
      auth_type: "Service Account",
      config: { workspace_host: workspaceHost, client_id: applicationId },
    });
    connectSecret();

    const outputs = await cli.runOk(["stack", "output", "--json", "--stack", STACK]);
    const parsed = JSON.parse(outputs.stdout) as Record<string, unknown>;
    expect(parsed).toEqual({
      applicationId,
      servicePrincipalId: principalId,
      secretExpireTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      connectIntegrationGuid: guid,
      verified: true,
    });
    // No rotation configured: the secret lives the Databricks maximum, 730 days.
    const lifetimeMs = Date.parse(parsed.secretExpireTime as string) - Date.now();
    expect(Math.round(lifetimeMs / 86_400_000)).toBe(730);

    const state = await exported();
    const secretState = onlyResource(state, SECRET_TYPE);
    expect(isEncryptedSecret(secretState.outputs?.secret)).toBe(true);
    const integrationState = onlyResource(state, INTEGRATION_TYPE);
    expect(isEncryptedSecret(integrationState.inputs?.clientSecret)).toBe(true);
    expect(isEncryptedSecret(integrationState.outputs?.clientSecret)).toBe(true);
    expect(integrationState.outputs?.verified).toBe(true);
    expect(onlyResource(state, COMPONENT_TYPE).urn).toMatch(/databricks-service-account$/);
    expect(onlyResource(state, SP_TYPE).id).toBe(principalId);
    expect(onlyResource(state, ASSIGNMENT_TYPE).id).toBe(`${WORKSPACE_ID}|${principalId}`);

    // Scheduled content is attached to the integration; rotation must keep that.
    const put = await axios.put(
      `${connect.url}/__api__/v1/content/${CONTENT_GUID}/oauth/integrations/associations`,
      [{ oauth_integration_guid: guid }],
      { headers: { Authorization: `Key ${SECRETS.publisherKey}` } },
    );
    expect(put.status).toBe(204);
  });

  it("2. a second up changes nothing, writes to neither system and does not verify again", async () => {
    clearLogs();
    const r = await up("--expect-no-changes");
    expect(r.stdout).toMatch(/6 unchanged/);
    expect(writeTimeline(dbx, connect)).toEqual([]);
    expect(verifyExchanges()).toEqual([]);
  });

  it("3. rotation: new secret first, one PATCH on the same guid, verify, old secret deleted last", async () => {
    const oldSecret = connect.secretsOf(guid)?.client_secret as string;
    const [oldId] = secretIds();
    await setConfig(cli, STACK, "rotationKey", "rotate-1");
    clearLogs();
    const r = await up();
    expect(r.stdout).toMatch(/\+-1 replaced/);
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST secrets.create 200",
      "connect PATCH update 200",
      "connect POST verify 200",
      "databricks DELETE secrets.delete 200",
    ]);
    const events = timeline(dbx, connect);
    const del = events.find((e) => e.route === "secrets.delete");
    expect(del?.path.endsWith(`/${oldId}`)).toBe(true);
    // The PATCH sent only the new secret (redacted in the log), nothing else.
    const patch = events.find((e) => e.side === "connect" && e.method === "PATCH");
    expect(patch?.path).toBe(`/__api__/v1/oauth/integrations/${guid}`);
    expect(patch?.body).toEqual({ config: { client_secret: "[redacted]" } });

    expect(connect.integrations().map((i) => i.guid)).toEqual([guid]);
    const newSecret = connectSecret();
    expect(newSecret).not.toBe(oldSecret);
    expect(dbx.checkClientSecret(applicationId, oldSecret)).toBe(false);
    expect(secretIds()).toHaveLength(1);
    expect(secretIds()[0]).not.toBe(oldId);
    expect(verifyExchanges()).toEqual([
      { clientId: applicationId, workspaceId: WORKSPACE_ID, status: 200 },
    ]);
    expect(await associations()).toEqual([guid]);
    expect(integration().auth_type).toBe("Service Account");
  });

  it("4. a principal removed from the workspace fails verification with Connect's reason and what to check", async () => {
    // An admin removes the assignment in the account console.
    const token = await axios.post<{ access_token: string }>(
      `${dbx.url}/oidc/accounts/${dbx.accountId}/v1/token`,
      new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }).toString(),
      {
        auth: { username: dbx.admin.clientId, password: dbx.admin.clientSecret },
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      },
    );
    const removed = await axios.delete(
      `${dbx.url}/api/2.0/accounts/${dbx.accountId}/workspaces/${WORKSPACE_ID}/permissionassignments/principals/${principalId}`,
      { headers: { Authorization: `Bearer ${token.data.access_token}` } },
    );
    expect(removed.status).toBe(200);

    await setConfig(cli, STACK, "rotationKey", "rotate-2");
    clearLogs();
    const r = await cli.run(["up", "--yes", "--stack", STACK]);
    expect(r.code).not.toBe(0);
    const text = output(r);
    expect(text).toContain(
      `Connect could not verify Service Account integration "Databricks service account (${STACK})" (${guid})`,
    );
    expect(text).toContain(
      `Service principal '${applicationId}' is not assigned to workspace ${WORKSPACE_ID}`,
    );
    expect(text).toContain(
      `(1) service principal ${applicationId} is assigned to the workspace ${workspaceHost}`,
    );
    expect(text).toContain("(2) its OAuth secret has not expired or been deleted");
    expect(writeTimeline(dbx, connect)).toEqual([
      "databricks POST secrets.create 200",
      "connect PATCH update 200",
      "connect POST verify 400",
    ]);
    expect(verifyExchanges()).toEqual([
      { clientId: applicationId, workspaceId: WORKSPACE_ID, status: 401 },
    ]);
    // Recorded as unverified, so the next up verifies again.
    const state = await exported();
    expect(onlyResource(state, INTEGRATION_TYPE).outputs?.verified).toBe(false);
    connectSecret();
  });

  it("5. up --refresh re-assigns the principal, verifies, and finishes the pending secret delete", async () => {
    clearLogs();
    const r = await up("--refresh");
    expect(output(r)).not.toContain("Connect could not verify");
    const writes = writeTimeline(dbx, connect);
    const put = writes.indexOf("databricks PUT assignments.put 200");
    const verify = writes.indexOf("connect POST verify 200");
    expect(put).toBeGreaterThanOrEqual(0);
    expect(verify).toBeGreaterThan(put);
    expect(writes).toContain("databricks DELETE secrets.delete 200");
    expect(writes.filter((w) => w.startsWith("connect PATCH"))).toEqual([]);
    expect(secretIds()).toHaveLength(1);
    connectSecret();
    const outputs = JSON.parse(
      (await cli.runOk(["stack", "output", "--json", "--stack", STACK])).stdout,
    ) as Record<string, unknown>;
    expect(outputs.verified).toBe(true);
    clearLogs();
    await up("--expect-no-changes");
    expect(writeTimeline(dbx, connect)).toEqual([]);
  });

  it("6. destroy removes the integration, the assignment, the secret and the principal", async () => {
    clearLogs();
    await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    const writes = writeTimeline(dbx, connect);
    expect(writes[0]).toBe("connect DELETE delete 204");
    expect(writes[writes.length - 1]).toBe("databricks DELETE sp.delete 204");
    expect(writes.slice(1, -1).sort()).toEqual([
      "databricks DELETE assignments.delete 200",
      "databricks DELETE secrets.delete 200",
    ]);
    expect(connect.integrations()).toEqual([]);
    const snap = dbx.snapshot();
    expect(snap.servicePrincipals).toEqual([]);
    expect(Object.values(snap.secrets).flat()).toEqual([]);
    expect(Object.values(snap.assignments).flat()).toEqual([]);
    const state = await exported();
    expect(
      (state.deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack"),
    ).toEqual([]);
  });

  it("7. no canary appears in any CLI output, stack export or file the CLI wrote", () => {
    // Admin SP secret, Connect API key, publisher key and every principal secret seen above.
    expect(Object.keys(SECRETS).length).toBeGreaterThanOrEqual(7);
    expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
    expect(leaked(exports.join("\n"), SECRETS)).toEqual([]);
    expect(filesContaining(cli.backendDir, SECRETS)).toEqual([]);
    expect(filesContaining(cli.pulumiHome, SECRETS)).toEqual([]);
    expect(filesContaining(cli.projectDir, SECRETS)).toEqual([]);
  });
});
