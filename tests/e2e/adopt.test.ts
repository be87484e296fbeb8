// End-to-end: bringing a Connect integration an admin made by hand under Pulumi, with the real
// Pulumi CLI, the repository's root program and the Connect emulator. The integration is made
// with plain HTTP (as with curl) and a content item is associated with it; then the documented
// steps run: `npx pulumi-posit-connect discover`, the `pulumi config set` lines it printed
// (executed verbatim by a shell), `pulumi preview`, `pulumi up`. Request logs prove that no POST
// and no DELETE reached Connect, that at most one PATCH did, and that the association survived.
//
// The Databricks side is left unmanaged here (`existingAppClientId`, which discover prints as the
// alternative to importing the app); importing the app is covered by the Databricks scenario.
// Steps share stacks and run in order; read the first failure.
import axios, { type AxiosInstance } from "axios";
import { execFile } from "child_process";
import * as crypto from "crypto";
import { promisify } from "util";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { run as runCli } from "../../cli/main";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import {
  COMPONENT_TYPE,
  createPackageFixtureCli,
  createRootProgramCli,
  exportStack,
  filesContaining,
  INTEGRATION_TYPE,
  leaked,
  onlyResource,
  output,
  setConfig,
  setSecret,
  writes,
} from "./helpers";

jest.setTimeout(20 * 60 * 1000);

const RUN = crypto.randomBytes(4).toString("hex");
const API_KEY = `canary-adopt-api-key-${RUN}`;
const HAND_SECRET = `canary-hand-made-secret-${RUN}`;
const CONTENT = "c0a7e47a-0000-4000-8000-0000000000c1";
const STACK = "adopt";

const INTEGRATION_UPDATED =
  /~ {2}pulumi-nodejs:dynamic\/posit-connect:OAuthIntegration databricks-oauth-connect-integration updated/;

interface Adoption {
  pulumiConfig: string[];
  leaveAppUnmanaged: string;
}

describe("adopting a hand-made Connect integration: real Pulumi CLI against the emulator", () => {
  let emulator: ConnectEmulator;
  let api: AxiosInstance;
  let cli: PulumiCli;
  let claims: PulumiCli | undefined;
  let guid = "";
  const transcripts: string[] = [];

  /** What an admin does by hand, following Posit's guide: curl the integration, associate content. */
  const handMade = async (body: Record<string, unknown>, content?: string): Promise<string> => {
    const made = (await api.post("/oauth/integrations", body)).data.guid as string;
    if (content) {
      await api.put(`/content/${content}/oauth/integrations/associations`, [
        { oauth_integration_guid: made },
      ]);
    }
    return made;
  };
  const databricksBody = (name: string, clientId: string) => ({
    template: "databricks",
    name,
    description: "Made by hand with curl",
    config: {
      workspace_host: "https://dbc-1234abcd-5678.cloud.databricks.com",
      client_id: clientId,
      client_secret: HAND_SECRET,
      auth_type: "Viewer",
    },
  });
  const associations = async (g: string): Promise<string[]> =>
    (await api.get(`/oauth/integrations/${g}/associations`)).data.map(
      (a: { content_guid: string }) => a.content_guid,
    );
  const discover = async (stack: string): Promise<Record<string, Adoption>> => {
    let out = "";
    const code = await runCli(
      ["discover", "--json", "--stack", stack],
      { out: (t) => (out += t), err: (t) => (out += t) },
      { CONNECT_SERVER: emulator.url, CONNECT_API_KEY: API_KEY },
    );
    expect(code).toBe(0);
    transcripts.push(out);
    const found = JSON.parse(out).integrations as Array<{ guid: string; adoption: Adoption }>;
    return Object.fromEntries(found.filter((i) => i.adoption).map((i) => [i.guid, i.adoption]));
  };
  /** Runs printed command lines exactly as a user pastes them into a shell. */
  const sh = async (lines: string[]): Promise<void> => {
    for (const line of lines) {
      const r = await promisify(execFile)("sh", ["-c", line], {
        cwd: cli.projectDir,
        env: cli.env,
        encoding: "utf8",
      });
      transcripts.push(`$ ${line}\n${r.stdout}${r.stderr}`);
    }
  };
  const up = (stack: string, ...extra: string[]): Promise<RunResult> =>
    cli.runOk(["up", "--yes", "--stack", stack, ...extra]);

  beforeAll(async () => {
    emulator = await startEmulator({
      adminKeys: [API_KEY],
      seedDefaultIntegration: true,
      content: [{ name: "sales-dashboard", guid: CONTENT, appMode: "python-dash" }],
    });
    api = axios.create({
      baseURL: `${emulator.url}/__api__/v1`,
      headers: { Authorization: `Key ${API_KEY}` },
    });
    cli = await createRootProgramCli();
  });

  afterAll(async () => {
    for (const c of [cli, claims]) {
      if (!c) continue;
      if (process.env.E2E_KEEP) console.log(`kept ${c.projectDir} and ${c.backendDir}`);
      else c.cleanup();
    }
    await emulator?.close();
  });

  it("1. discover's lines set up the stack; preview shows a create carrying the GUID and sends nothing", async () => {
    guid = await handMade(databricksBody("Databricks (hand-made)", "hand-client-id"), CONTENT);
    await cli.runOk(["stack", "init", STACK]);
    const adoption = (await discover(STACK))[guid];
    expect(adoption.pulumiConfig).toContain(
      `pulumi config set --stack ${STACK} adoptIntegrationGuid ${guid}`,
    );
    await sh([...adoption.pulumiConfig, adoption.leaveAppUnmanaged]);
    await setSecret(cli, STACK, "posit-connect:apiKey", API_KEY);

    emulator.clearRequests();
    const preview = await cli.runOk(["preview", "--diff", "--stack", STACK]);
    expect(preview.stdout).toMatch(
      /\+ pulumi-nodejs:dynamic\/posit-connect:OAuthIntegration: \(create\)/,
    );
    expect(preview.stdout).toMatch(new RegExp(`adoptGuid\\s*: "${guid}"`));
    expect(emulator.requests).toEqual([]);
  });

  it("2. up adopts it: no POST, no DELETE, one PATCH without a secret; same GUID, secret and association", async () => {
    emulator.clearRequests();
    const r = await up(STACK);
    expect(r.stdout).toMatch(/\+ 3 created/);
    // Made by hand with "https://" in workspace_host; the program writes the bare host name.
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    const patch = emulator.requests.find((q) => q.method === "PATCH");
    expect(patch?.path).toBe(`/__api__/v1/oauth/integrations/${guid}`);
    // A config change sends every declared key (merge- and replace-safe, docs/emulators.md);
    // the program holds no secret, so none is sent and Connect keeps its own.
    expect(patch?.body).toEqual({
      config: {
        workspace_host: "dbc-1234abcd-5678.cloud.databricks.com",
        client_id: "hand-client-id",
      },
    });
    expect(emulator.secretsOf(guid)).toEqual({ client_secret: HAND_SECRET });
    expect(await associations(guid)).toEqual([CONTENT]);
    expect(emulator.integrations().filter((i) => i.template === "databricks")).toHaveLength(1);

    const outputs = JSON.parse(
      (await cli.runOk(["stack", "output", "--json", "--stack", STACK])).stdout,
    );
    expect(outputs).toMatchObject({ connectIntegrationGuid: guid, clientId: "hand-client-id" });
    const { state } = await exportStack(cli, STACK);
    const integration = onlyResource(state, INTEGRATION_TYPE);
    expect(integration.id).toBe(guid);
    expect(integration.outputs).toMatchObject({
      guid,
      name: "Databricks (hand-made)",
      description: "Made by hand with curl",
    });
    expect(integration.outputs?.clientSecret).toBeUndefined();
    expect(onlyResource(state, COMPONENT_TYPE).inputs?.adoptConnectIntegrationGuid).toBe(guid);
  });

  it("3. a second up changes nothing and sends no write", async () => {
    emulator.clearRequests();
    const r = await up(STACK, "--expect-no-changes");
    expect(r.stdout).toMatch(/3 unchanged/);
    expect(writes(emulator)).toEqual([]);
  });

  it("4. a later description change updates in place with one PATCH; the association stays", async () => {
    await setConfig(cli, STACK, "description", "Managed by Pulumi now");
    emulator.clearRequests();
    const r = await up(STACK);
    expect(r.stdout).toMatch(INTEGRATION_UPDATED);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    expect(emulator.requests.find((q) => q.method === "PATCH")?.body).toEqual({
      description: "Managed by Pulumi now",
    });
    expect(await associations(guid)).toEqual([CONTENT]);
  });

  it("5. changing adoptIntegrationGuid afterwards touches nothing; removing it asks for the secret it stood in for", async () => {
    // Even a GUID Connect does not have: the integration is in state, so nothing is adopted.
    await setConfig(cli, STACK, "adoptIntegrationGuid", crypto.randomUUID());
    emulator.clearRequests();
    const r = await up(STACK);
    expect(r.stdout).not.toMatch(INTEGRATION_UPDATED);
    expect(writes(emulator)).toEqual([]);
    const { state } = await exportStack(cli, STACK);
    expect(onlyResource(state, INTEGRATION_TYPE).id).toBe(guid);

    // With existingAppClientId and no secret, the adoption is what lets Connect keep its own.
    await cli.runOk(["config", "rm", "--stack", STACK, "adoptIntegrationGuid"]);
    emulator.clearRequests();
    const removed = await cli.run(["preview", "--stack", STACK]);
    expect(removed.code).not.toBe(0);
    expect(output(removed)).toContain(
      "existingApp.clientSecret is required for a confidential app; pass it as a secret (config.requireSecret), set confidential: false for a public app, or adopt an integration that already holds it with adoptConnectIntegrationGuid (and keep that argument afterwards)",
    );
    expect(emulator.requests).toEqual([]);
    await setConfig(cli, STACK, "adoptIntegrationGuid", guid);
  });

  it("6. an unknown GUID is refused at up with what to do; nothing is written", async () => {
    const stack = "adopt-unknown";
    const unknown = crypto.randomUUID();
    await cli.runOk(["stack", "init", stack]);
    await setConfig(cli, stack, "connectUrl", emulator.url);
    await setConfig(cli, stack, "workspaceHost", "dbc-1234abcd-5678.cloud.databricks.com");
    await setConfig(cli, stack, "existingAppClientId", "hand-client-id");
    await setConfig(cli, stack, "adoptIntegrationGuid", unknown);
    await setSecret(cli, stack, "posit-connect:apiKey", API_KEY);
    emulator.clearRequests();
    const r = await cli.run(["up", "--yes", "--stack", stack]);
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      `Cannot adopt Connect OAuth integration ${unknown}: ${emulator.url} has no integration with that GUID.`,
    );
    expect(writes(emulator)).toEqual([]);
    await cli.runOk(["destroy", "--yes", "--stack", stack]);
  });

  it("7. an integration of another template is refused; nothing is written", async () => {
    const stack = "adopt-template";
    const custom = await handMade({
      template: "custom",
      name: "GitHub (hand-made)",
      config: {
        authorization_uri: "https://github.com/login/oauth/authorize",
        token_uri: "https://github.com/login/oauth/access_token",
        client_id: "gh-client",
        client_secret: HAND_SECRET,
        auth_type: "Viewer",
      },
    });
    await cli.runOk(["stack", "init", stack]);
    await setConfig(cli, stack, "connectUrl", emulator.url);
    await setConfig(cli, stack, "workspaceHost", "dbc-1234abcd-5678.cloud.databricks.com");
    await setConfig(cli, stack, "existingAppClientId", "hand-client-id");
    await setConfig(cli, stack, "adoptIntegrationGuid", custom);
    await setSecret(cli, stack, "posit-connect:apiKey", API_KEY);
    emulator.clearRequests();
    const r = await cli.run(["up", "--yes", "--stack", stack]);
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      `Cannot adopt Connect OAuth integration ${custom}: it has template "custom" but the program declares "databricks".`,
    );
    expect(writes(emulator)).toEqual([]);
    await cli.runOk(["destroy", "--yes", "--stack", stack]);
  });

  it("8. a GUID claimed twice, or already managed in the stack, stops preview before any request", async () => {
    claims = await createPackageFixtureCli("adopt-claims");
    const c = claims;
    const target = await handMade(databricksBody("Databricks (claimed)", "claimed-client"));
    await c.runOk(["stack", "init", "claims"]);
    await setConfig(c, "claims", "connectUrl", emulator.url);
    await setSecret(c, "claims", "posit-connect:apiKey", API_KEY);
    await setConfig(c, "claims", "firstGuid", target);
    await setConfig(c, "claims", "secondGuid", target);
    emulator.clearRequests();
    const twice = await c.run(["preview", "--stack", "claims"]);
    expect(twice.code).not.toBe(0);
    expect(output(twice)).toContain(
      `ConnectOAuthIntegration "second": adoptGuid ${target} names an integration that is also adopted by "first" in this stack.`,
    );
    expect(emulator.requests).toEqual([]);

    // `first` adopts it; then `second` asks for it while `first` still manages it.
    await c.runOk(["config", "rm", "--stack", "claims", "secondGuid"]);
    await c.runOk(["up", "--yes", "--stack", "claims"]);
    await setConfig(c, "claims", "firstGuid", "-");
    await setConfig(c, "claims", "secondGuid", target);
    emulator.clearRequests();
    const managed = await c.run(["preview", "--stack", "claims"]);
    expect(managed.code).not.toBe(0);
    expect(output(managed)).toContain(
      `ConnectOAuthIntegration "second": adoptGuid ${target} names an integration that is already managed by "first" in this stack.`,
    );
    expect(emulator.requests).toEqual([]);
    await c.runOk(["config", "rm", "--stack", "claims", "secondGuid"]);
    await c.runOk(["destroy", "--yes", "--stack", "claims"]);
  });

  it("9. with retainOnDelete, destroy leaves the integration and its association in Connect", async () => {
    const stack = "adopt-retain";
    const kept = await handMade(databricksBody("Databricks (trial)", "trial-client"), CONTENT);
    await cli.runOk(["stack", "init", stack]);
    const adoption = (await discover(stack))[kept];
    await sh([...adoption.pulumiConfig, adoption.leaveAppUnmanaged]);
    await setConfig(cli, stack, "retainOnDelete", "true");
    await setSecret(cli, stack, "posit-connect:apiKey", API_KEY);
    await up(stack);
    emulator.clearRequests();
    const r = await cli.runOk(["destroy", "--yes", "--stack", stack]);
    expect(r.stdout).toMatch(/deleted/);
    expect(writes(emulator)).toEqual([]);
    expect(emulator.integrations().some((i) => i.guid === kept)).toBe(true);
    expect(await associations(kept)).toContain(CONTENT);
  });

  it("10. destroy of the adopted stack deletes the integration (one DELETE)", async () => {
    emulator.clearRequests();
    await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    expect(writes(emulator)).toEqual(["DELETE delete 204"]);
    expect(emulator.integrations().some((i) => i.guid === guid)).toBe(false);
  });

  it("11. no secret in any CLI output, discover output or backend file", () => {
    const needles = { apiKey: API_KEY, handSecret: HAND_SECRET };
    const everything = [...cli.transcript, ...(claims?.transcript ?? []), ...transcripts];
    expect(leaked(everything.join("\n"), needles)).toEqual([]);
    expect(filesContaining(cli.backendDir, needles)).toEqual([]);
  });
});
