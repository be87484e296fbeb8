// End-to-end: the repository's ROOT Pulumi program (index.ts + Pulumi.yaml + the committed
// Pulumi.dev.yaml / Pulumi.prod.yaml) driven with the commands a user types — `pulumi stack init`,
// `pulumi config set [--secret]`, `pulumi up --yes`, `pulumi refresh --yes`, `pulumi destroy --yes`,
// `pulumi stack export` — by the real Pulumi CLI, against the Connect emulator over real HTTP.
//
// The engine cannot obtain the Databricks plugin offline, so the stacks use
// `existingAppClientId` + `existingAppClientSecret` (only the Connect side is created).
// A second, small project (fixtures/template-replace) declares a ConnectOAuthIntegration with a
// configurable template to show replacement, which the root program cannot trigger.
//
// Steps share stacks and run in order; a failing step usually makes the later ones fail too, so
// read the first failure. Fails, never skips, when the CLI is missing: run `npm run pulumi:setup`.
import * as crypto from "crypto";
import { startEmulator, type ConnectEmulator, type WireIntegration } from "../../emulator";
import type { PulumiCli, RunOptions, RunResult } from "../support/pulumi-cli";
import {
  COMPONENT_TYPE,
  createPackageFixtureCli,
  createRootProgramCli,
  exportStack,
  filesContaining,
  INTEGRATION_TYPE,
  isEncryptedSecret,
  leaked,
  onlyResource,
  output,
  resourcesOfType,
  setConfig,
  setSecret,
  writes,
} from "./helpers";

// Each `pulumi up` takes 10-20 s here (two program runs with ts-node, preview and update).
jest.setTimeout(20 * 60 * 1000);

const RUN = crypto.randomBytes(4).toString("hex");
const canary = (what: string): string => `canary-${what}-${RUN}-do-not-leak`;

/** Every secret used below. None may appear in any CLI output, export or backend file. */
const SECRETS = {
  devApiKey: canary("dev-api-key"),
  devApiKeyRotated: canary("dev-api-key-rotated"),
  prodApiKey: canary("prod-api-key"),
  publisherKey: canary("publisher-api-key"),
  devClientSecret: canary("dev-client-secret"),
  devClientSecretRotated: canary("dev-client-secret-rotated"),
  prodClientSecret: canary("prod-client-secret"),
  templateClientSecret: canary("template-client-secret"),
};

/** Values from the committed stack files (Pulumi.dev.yaml, Pulumi.prod.yaml). */
const DEV_DESCRIPTION = "Databricks for development content (viewer credentials)";
const DEV_WORKSPACE = "dbc-1234abcd-5678.cloud.databricks.com";
const PROD_DESCRIPTION = "Databricks as the viewing user";
const PROD_WORKSPACE = "dbc-9876fedc-4321.cloud.databricks.com";

/** The integration's line in `pulumi up` output when it was updated in place. */
const INTEGRATION_UPDATED =
  /~ {2}pulumi-nodejs:dynamic\/posit-connect:OAuthIntegration databricks-oauth-connect-integration updated/;

const DEV_CLIENT_ID = "e2e-dev-client-id";
const PROD_CLIENT_ID = "e2e-prod-client-id";

describe("root program: real Pulumi CLI against the Connect emulator", () => {
  let emulator: ConnectEmulator;
  let cli: PulumiCli;
  let seeded: WireIntegration;
  let devGuid = "";
  let prodGuid = "";
  const timings: Array<[string, number]> = [];
  /** Texts of every `pulumi stack export`, for the final plaintext check. */
  const exports: string[] = [];

  /** One CLI call that must succeed; its wall time goes into the timing table. */
  const pulumi = async (label: string, args: string[], opts?: RunOptions): Promise<RunResult> => {
    const r = await cli.runOk(args, opts);
    timings.push([label, r.ms]);
    return r;
  };
  const up = (label: string, stack: string, ...extra: string[]) =>
    pulumi(label, ["up", "--yes", "--stack", stack, ...extra]);
  const exported = async (stack: string) => {
    const e = await exportStack(cli, stack);
    exports.push(e.text);
    return e.state;
  };
  /** Integrations in the emulator other than the seeded default one. */
  const ours = (): WireIntegration[] =>
    emulator.integrations().filter((i) => i.guid !== seeded.guid);
  const byGuid = (guid: string): WireIntegration | undefined =>
    emulator.integrations().find((i) => i.guid === guid);
  const expectSeededUntouched = (): void => {
    expect(emulator.integrations().find((i) => i.template === "connect")).toEqual(seeded);
    const touched = emulator.requests.filter((r) => r.path.includes(seeded.guid));
    expect(touched).toEqual([]);
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      adminKeys: [SECRETS.devApiKey, SECRETS.prodApiKey],
      publisherKeys: [SECRETS.publisherKey],
      seedDefaultIntegration: true,
    });
    const defaults = emulator.integrations();
    expect(defaults).toHaveLength(1);
    seeded = defaults[0];
    cli = await createRootProgramCli();
  });

  afterAll(async () => {
    if (cli) {
      const table = timings.map(([l, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${l}`);
      console.log(
        `pulumi ${cli.install.version} (${cli.install.source}); CLI calls (wall time):\n${table.join("\n")}`,
      );
      if (process.env.E2E_KEEP) console.log(`kept ${cli.projectDir} and ${cli.backendDir}`);
      else cli.cleanup();
    }
    await emulator?.close();
  });

  it("1. up on a fresh dev stack creates exactly one integration", async () => {
    await pulumi("stack init dev", ["stack", "init", "dev"]);
    // Pulumi.dev.yaml already holds workspaceHost, description, …; point it at the emulator.
    await setConfig(cli, "dev", "connectUrl", emulator.url);
    await setConfig(cli, "dev", "existingAppClientId", DEV_CLIENT_ID);
    await setSecret(cli, "dev", "existingAppClientSecret", SECRETS.devClientSecret);
    await setSecret(cli, "dev", "posit-connect:apiKey", SECRETS.devApiKey);

    emulator.clearRequests();
    const r = await up("up dev (create)", "dev");
    expect(r.stdout).toMatch(/\+ 3 created/);
    expect(writes(emulator)).toEqual(["POST create 200"]);

    const created = ours();
    expect(created).toHaveLength(1);
    devGuid = created[0].guid;
    expect(created[0]).toMatchObject({
      name: "Databricks (dev)",
      description: DEV_DESCRIPTION,
      template: "databricks",
      auth_type: "Viewer",
      config: { workspace_host: DEV_WORKSPACE, client_id: DEV_CLIENT_ID, auth_type: "Viewer" },
    });
    // The request Connect received: the admin guide's keys plus auth_type, nothing else.
    const post = emulator.requests.find((q) => q.method === "POST");
    expect(post?.body).toEqual({
      template: "databricks",
      name: "Databricks (dev)",
      description: DEV_DESCRIPTION,
      config: {
        workspace_host: DEV_WORKSPACE,
        client_id: DEV_CLIENT_ID,
        client_secret: "[redacted]",
        auth_type: "Viewer",
      },
    });
    expect(emulator.secretsOf(devGuid)).toEqual({ client_secret: SECRETS.devClientSecret });
    expectSeededUntouched();

    const outputs = await pulumi("stack output", ["stack", "output", "--json", "--stack", "dev"]);
    expect(JSON.parse(outputs.stdout)).toMatchObject({
      clientId: DEV_CLIENT_ID,
      clientSecret: "[secret]",
      connectIntegrationGuid: devGuid,
      redirectUrls: [`${emulator.url}/__oauth__/integrations/callback`],
    });

    const state = await exported("dev");
    const integration = onlyResource(state, INTEGRATION_TYPE);
    expect(integration.id).toBe(devGuid);
    expect(isEncryptedSecret(integration.inputs?.clientSecret)).toBe(true);
    expect(isEncryptedSecret(integration.outputs?.clientSecret)).toBe(true);
    const component = onlyResource(state, COMPONENT_TYPE);
    const existingApp = component.inputs?.existingApp as Record<string, unknown> | undefined;
    expect(isEncryptedSecret(existingApp?.clientSecret)).toBe(true);
    const stackOutputs = onlyResource(state, "pulumi:pulumi:Stack").outputs ?? {};
    expect(isEncryptedSecret(stackOutputs.clientSecret)).toBe(true);
  });

  it("2. a second up reports no changes and sends no write request", async () => {
    emulator.clearRequests();
    // --expect-no-changes makes any planned change a non-zero exit.
    const r = await up("up dev (no changes)", "dev", "--expect-no-changes");
    expect(r.stdout).toMatch(/3 unchanged/);
    expect(writes(emulator)).toEqual([]);
  });

  it("3a. changing the description updates in place with one PATCH", async () => {
    const description = "Databricks for dev, edited in stack config";
    await setConfig(cli, "dev", "description", description);
    emulator.clearRequests();
    const r = await up("up dev (description)", "dev");
    expect(r.stdout).toMatch(INTEGRATION_UPDATED);
    // The component records its inputs too, so it shows as updated (no API call of its own).
    expect(r.stdout).toMatch(/~ 2 updated/);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    expect(ours().map((i) => i.guid)).toEqual([devGuid]);
    expect(byGuid(devGuid)?.description).toBe(description);
    expect(emulator.secretsOf(devGuid)).toEqual({ client_secret: SECRETS.devClientSecret });
  });

  it("4. rotating existingAppClientSecret updates in place with one PATCH", async () => {
    await setSecret(cli, "dev", "existingAppClientSecret", SECRETS.devClientSecretRotated);
    emulator.clearRequests();
    const r = await up("up dev (client secret)", "dev");
    expect(r.stdout).toMatch(INTEGRATION_UPDATED);
    expect(r.stdout).toMatch(/~ 2 updated/);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    expect(ours().map((i) => i.guid)).toEqual([devGuid]);
    expect(emulator.secretsOf(devGuid)).toEqual({ client_secret: SECRETS.devClientSecretRotated });
    // Only the secret was sent.
    const patch = emulator.requests.find((q) => q.method === "PATCH");
    expect(patch?.body).toEqual({ config: { client_secret: "[redacted]" } });
  });

  it("5a. deleted behind Pulumi's back: refresh drops it, the next up recreates it", async () => {
    expect(emulator.deleteIntegration(devGuid)).toBe(true);
    emulator.clearRequests();
    const refresh = await pulumi("refresh dev (deleted)", ["refresh", "--yes", "--stack", "dev"]);
    expect(refresh.stdout).toMatch(/- 1 deleted/);
    expect(writes(emulator)).toEqual([]);
    const afterRefresh = await exported("dev");
    expect(resourcesOfType(afterRefresh, INTEGRATION_TYPE)).toEqual([]);

    emulator.clearRequests();
    const r = await up("up dev (recreate)", "dev");
    expect(r.stdout).toMatch(/\+ 1 created/);
    expect(writes(emulator)).toEqual(["POST create 200"]);
    const recreated = ours();
    expect(recreated).toHaveLength(1);
    expect(recreated[0].guid).not.toBe(devGuid);
    devGuid = recreated[0].guid;
    expect(emulator.secretsOf(devGuid)).toEqual({ client_secret: SECRETS.devClientSecretRotated });
    expect(onlyResource(await exported("dev"), INTEGRATION_TYPE).id).toBe(devGuid);
  });

  it("5b. changed behind Pulumi's back: refresh shows it, up restores the declared values", async () => {
    const declared = byGuid(devGuid)!;
    emulator.tamper(devGuid, {
      name: "Renamed in the Connect UI",
      description: null,
      config: { client_id: "someone-elses-client", workspace_host: "https://evil.example.org" },
    });
    emulator.clearRequests();
    const refresh = await pulumi("refresh dev (tampered)", ["refresh", "--yes", "--stack", "dev"]);
    expect(refresh.stdout).toMatch(/~ 1 updated/);
    expect(writes(emulator)).toEqual([]);
    const drifted = onlyResource(await exported("dev"), INTEGRATION_TYPE);
    expect(drifted.outputs?.name).toBe("Renamed in the Connect UI");

    emulator.clearRequests();
    const r = await up("up dev (repair drift)", "dev");
    expect(r.stdout).toMatch(INTEGRATION_UPDATED);
    expect(r.stdout).toMatch(/~ 1 updated/);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    const repaired = byGuid(devGuid)!;
    expect(repaired).toMatchObject({
      name: declared.name,
      description: declared.description,
      config: declared.config,
    });

    // And the program and the server agree again: nothing left to do.
    emulator.clearRequests();
    await pulumi("preview dev (after repair)", [
      "preview",
      "--stack",
      "dev",
      "--expect-no-changes",
    ]);
    expect(writes(emulator)).toEqual([]);
  });

  it("10. a publisher key makes up fail clearly, state stays consistent, the admin key converges", async () => {
    const before = byGuid(devGuid)!;
    const stateBefore = onlyResource(await exported("dev"), INTEGRATION_TYPE);
    await setSecret(cli, "dev", "posit-connect:apiKey", SECRETS.publisherKey);
    const description = "Databricks for dev, second edit";
    await setConfig(cli, "dev", "description", description);

    emulator.clearRequests();
    const failed = await cli.run(["up", "--yes", "--stack", "dev"]);
    timings.push(["up dev (publisher key, fails)", failed.ms]);
    expect(failed.code).not.toBe(0);
    const text = output(failed);
    expect(text).toContain(
      "Connect OAuth integration update failed: PATCH /__api__/v1/oauth/integrations/",
    );
    expect(text).toContain("returned HTTP 403");
    expect(text).toContain(
      "An administrator API key is needed to manage OAuth integrations; a publisher key can only read them.",
    );
    expect(writes(emulator)).toEqual(["PATCH update 403"]);
    expect(byGuid(devGuid)).toEqual(before);

    const state = await exported("dev");
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    const after = onlyResource(state, INTEGRATION_TYPE);
    expect(after.id).toBe(devGuid);
    expect(after.outputs?.description).toBe(stateBefore.outputs?.description);

    await setSecret(cli, "dev", "posit-connect:apiKey", SECRETS.devApiKey);
    emulator.clearRequests();
    const r = await up("up dev (admin key again)", "dev");
    expect(r.stdout).toMatch(INTEGRATION_UPDATED);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    expect(byGuid(devGuid)?.description).toBe(description);
    expect(ours().map((i) => i.guid)).toEqual([devGuid]);
    expectSeededUntouched();
  });

  it("6. a prod stack with its own config stays independent of dev", async () => {
    const devBefore = byGuid(devGuid)!;
    const devStateBefore = onlyResource(await exported("dev"), INTEGRATION_TYPE);

    await pulumi("stack init prod", ["stack", "init", "prod"]);
    await setConfig(cli, "prod", "connectUrl", emulator.url);
    await setConfig(cli, "prod", "existingAppClientId", PROD_CLIENT_ID);
    await setSecret(cli, "prod", "existingAppClientSecret", SECRETS.prodClientSecret);
    await setSecret(cli, "prod", "posit-connect:apiKey", SECRETS.prodApiKey);

    emulator.clearRequests();
    const r = await up("up prod (create)", "prod");
    expect(r.stdout).toMatch(/\+ 3 created/);
    expect(writes(emulator)).toEqual(["POST create 200"]);
    const prod = ours().filter((i) => i.guid !== devGuid);
    expect(prod).toHaveLength(1);
    prodGuid = prod[0].guid;
    expect(prod[0]).toMatchObject({
      name: "Databricks",
      description: PROD_DESCRIPTION,
      config: { workspace_host: PROD_WORKSPACE, client_id: PROD_CLIENT_ID, auth_type: "Viewer" },
    });
    expect(emulator.secretsOf(prodGuid)).toEqual({ client_secret: SECRETS.prodClientSecret });

    // dev: untouched on the server and in state, and nothing to do.
    expect(byGuid(devGuid)).toEqual(devBefore);
    expect(emulator.secretsOf(devGuid)).toEqual({ client_secret: SECRETS.devClientSecretRotated });
    const devState = onlyResource(await exported("dev"), INTEGRATION_TYPE);
    expect(devState.outputs).toEqual(devStateBefore.outputs);
    const prodState = onlyResource(await exported("prod"), INTEGRATION_TYPE);
    expect(prodState.id).toBe(prodGuid);

    emulator.clearRequests();
    await pulumi("preview dev (after prod up)", [
      "preview",
      "--stack",
      "dev",
      "--expect-no-changes",
    ]);
    expect(writes(emulator)).toEqual([]);
  });

  // Plain `refresh`/`destroy` do not run the program, so the engine configures the default
  // pulumi-nodejs provider from the inputs it recorded at the last `up` (the old key). The
  // documented way after a rotation is `--run-program`, which hands configure() the current
  // stack config; after that, plain commands use the new key too. No `up` is involved.
  it("7. after rotating the Connect API key, refresh and destroy work without an up first", async () => {
    emulator.addApiKey(SECRETS.devApiKeyRotated, "admin");
    await setSecret(cli, "dev", "posit-connect:apiKey", SECRETS.devApiKeyRotated);
    emulator.revokeApiKey(SECRETS.devApiKey);

    // As a user types it first: if the engine reuses the stored key, the error says what to do.
    emulator.clearRequests();
    const plain = await cli.run(["refresh", "--yes", "--stack", "dev"]);
    timings.push(["refresh dev (rotated key, plain)", plain.ms]);
    if (plain.code !== 0) {
      expect(output(plain)).toMatch(/HTTP 401 \(Connect error code 30/);
      expect(output(plain)).toContain("pulumi refresh --run-program");
      expect(writes(emulator)).toEqual([]);
    }

    emulator.clearRequests();
    const refresh = await pulumi("refresh dev --run-program (rotated key)", [
      "refresh",
      "--yes",
      "--run-program",
      "--stack",
      "dev",
    ]);
    expect(refresh.stdout).toMatch(/3 unchanged/);
    expect(writes(emulator)).toEqual([]);
    expect(emulator.requests.every((q) => q.authorized === "admin")).toBe(true);

    // The refresh stored the new configuration: a plain destroy now works.
    emulator.clearRequests();
    const destroy = await pulumi("destroy dev (rotated key)", [
      "destroy",
      "--yes",
      "--stack",
      "dev",
    ]);
    expect(destroy.stdout).toMatch(/- 3 deleted/);
    expect(writes(emulator)).toEqual(["DELETE delete 204"]);
    expect(emulator.requests.every((q) => q.authorized === "admin")).toBe(true);
    expect(byGuid(devGuid)).toBeUndefined();
    expect(byGuid(prodGuid)).toBeDefined();
    expect((await exported("dev")).deployment.resources ?? []).toHaveLength(0);
  });

  it("8. destroy leaves the emulator with no integration from this package", async () => {
    emulator.clearRequests();
    const r = await pulumi("destroy prod", ["destroy", "--yes", "--stack", "prod"]);
    expect(r.stdout).toMatch(/- 3 deleted/);
    expect(writes(emulator)).toEqual(["DELETE delete 204"]);
    expect(ours()).toEqual([]);
    expect(emulator.integrations()).toEqual([seeded]);
    expect((await exported("prod")).deployment.resources ?? []).toHaveLength(0);
  });

  it("9. no API key or client secret in plaintext in exports, CLI output or backend files", () => {
    expect(exports.length).toBeGreaterThan(5);
    expect(leaked(exports.join("\n"), SECRETS)).toEqual([]);
    expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
    // Checkpoints, history and backups in the file:// backend; PULUMI_HOME; and the project copy
    // with its Pulumi.<stack>.yaml files (secrets there must be ciphertext).
    expect(filesContaining(cli.backendDir, SECRETS)).toEqual([]);
    expect(filesContaining(cli.pulumiHome, SECRETS)).toEqual([]);
    expect(filesContaining(cli.projectDir, SECRETS)).toEqual([]);
  });
});

describe("own program: changing a ConnectOAuthIntegration's template replaces it", () => {
  let emulator: ConnectEmulator;
  let cli: PulumiCli;
  const timings: Array<[string, number]> = [];
  const exports: string[] = [];
  const apiKey = canary("template-api-key");

  const pulumi = async (label: string, args: string[]): Promise<RunResult> => {
    const r = await cli.runOk(args);
    timings.push([label, r.ms]);
    return r;
  };
  const ours = (): WireIntegration[] =>
    emulator.integrations().filter((i) => i.template !== "connect");

  beforeAll(async () => {
    emulator = await startEmulator({ adminKeys: [apiKey] });
    cli = await createPackageFixtureCli("template-replace");
  });

  afterAll(async () => {
    if (cli) {
      const table = timings.map(([l, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${l}`);
      console.log(`template-replace CLI calls (wall time):\n${table.join("\n")}`);
      if (process.env.E2E_KEEP) console.log(`kept ${cli.projectDir} and ${cli.backendDir}`);
      else cli.cleanup();
    }
    await emulator?.close();
  });

  it("3b. template databricks -> azure: POST the new one, then DELETE the old one", async () => {
    await pulumi("stack init e2e", ["stack", "init", "e2e"]);
    await setConfig(cli, "e2e", "connectUrl", emulator.url);
    await setConfig(cli, "e2e", "template", "databricks");
    await setSecret(cli, "e2e", "clientSecret", SECRETS.templateClientSecret);
    await setSecret(cli, "e2e", "posit-connect:apiKey", apiKey);

    emulator.clearRequests();
    const first = await pulumi("up (databricks)", ["up", "--yes", "--stack", "e2e"]);
    expect(first.stdout).toMatch(/\+ 2 created/);
    expect(writes(emulator)).toEqual(["POST create 200"]);
    const [original] = ours();
    expect(original.template).toBe("databricks");

    await setConfig(cli, "e2e", "template", "azure");
    emulator.clearRequests();
    const second = await pulumi("up (azure: replace)", ["up", "--yes", "--stack", "e2e"]);
    expect(second.stdout).toMatch(/\+-\s*1 replaced/);
    // Create-before-delete, the engine's default for a replacement.
    expect(writes(emulator)).toEqual(["POST create 200", "DELETE delete 204"]);
    const now = ours();
    expect(now).toHaveLength(1);
    expect(now[0].guid).not.toBe(original.guid);
    expect(now[0]).toMatchObject({
      template: "azure",
      name: "E2E template replace",
      config: { client_id: "e2e-template-client" },
    });
    expect(emulator.secretsOf(now[0].guid)).toEqual({
      client_secret: SECRETS.templateClientSecret,
    });
    const state = await exportStack(cli, "e2e");
    exports.push(state.text);
    expect(onlyResource(state.state, INTEGRATION_TYPE).id).toBe(now[0].guid);
    const outputs = await pulumi("stack output", ["stack", "output", "--json", "--stack", "e2e"]);
    expect(JSON.parse(outputs.stdout)).toEqual({
      guid: now[0].guid,
      integrationTemplate: "azure",
    });

    emulator.clearRequests();
    await pulumi("destroy", ["destroy", "--yes", "--stack", "e2e"]);
    expect(writes(emulator)).toEqual(["DELETE delete 204"]);
    expect(ours()).toEqual([]);

    const secrets = { apiKey, clientSecret: SECRETS.templateClientSecret };
    expect(leaked(exports.join("\n") + cli.transcript.join("\n"), secrets)).toEqual([]);
    expect(filesContaining(cli.backendDir, secrets)).toEqual([]);
  });
});
