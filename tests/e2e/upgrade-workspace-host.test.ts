// End-to-end: a stack created by release 0.1.0, which sent Connect `workspace_host` as
// `https://<host>` plus `auth_mode: "Confidential"`, meets this version. Its next `up` must be
// one in-place PATCH (bare host, `auth_mode` removed): no replacement, which would give the
// integration a new GUID and drop its content associations.
//
// The old stack is made the way 0.1.0 left it: the root program is brought up, then the
// integration's state (inputs, outputs, managed keys) and the emulator's stored config are set
// to exactly what 0.1.0 wrote and sent, and the state goes back in with `pulumi stack import`.
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import type { PulumiCli } from "../support/pulumi-cli";
import {
  createRootProgramCli,
  exportStack,
  INTEGRATION_TYPE,
  leaked,
  onlyResource,
  setConfig,
  setSecret,
  writes,
  type StackExport,
} from "./helpers";

jest.setTimeout(15 * 60 * 1000);

const API_KEY = "canary-upgrade-api-key-do-not-leak";
const CLIENT_SECRET = "canary-upgrade-client-secret-do-not-leak";
const CLIENT_ID = "upgrade-client-id";
/** Pulumi.dev.yaml's workspaceHost. */
const HOST = "dbc-1234abcd-5678.cloud.databricks.com";
const INTEGRATION_LINE =
  /pulumi-nodejs:dynamic\/posit-connect:OAuthIntegration databricks-oauth-connect-integration/;

/** The integration's `config` as release 0.1.0 declared it for a confidential app. */
const RELEASE_0_1_0_CONFIG = {
  workspace_host: `https://${HOST}`,
  client_id: CLIENT_ID,
  auth_mode: "Confidential",
};

describe("upgrade: a stack from 0.1.0 (https:// workspace_host, auth_mode) converges with one PATCH", () => {
  let emulator: ConnectEmulator;
  let cli: PulumiCli;
  let guid = "";

  beforeAll(async () => {
    emulator = await startEmulator({ adminKeys: [API_KEY], seedDefaultIntegration: false });
    cli = await createRootProgramCli();
  });

  afterAll(async () => {
    cli?.cleanup();
    await emulator?.close();
  });

  it("sets up a dev stack and turns it into the one 0.1.0 left behind", async () => {
    await cli.runOk(["stack", "init", "dev"]);
    await setConfig(cli, "dev", "connectUrl", emulator.url);
    await setConfig(cli, "dev", "existingAppClientId", CLIENT_ID);
    await setSecret(cli, "dev", "existingAppClientSecret", CLIENT_SECRET);
    await setSecret(cli, "dev", "posit-connect:apiKey", API_KEY);
    await cli.runOk(["up", "--yes", "--stack", "dev"]);
    [{ guid }] = emulator.integrations();

    // Connect: what 0.1.0's create sent (config keys are echoed; the secret is kept apart).
    emulator.tamper(guid, { config: RELEASE_0_1_0_CONFIG });
    expect(emulator.integrations()[0].config).toEqual({
      ...RELEASE_0_1_0_CONFIG,
      auth_type: "Viewer",
    });

    // State: what 0.1.0 recorded for the integration.
    const { state } = await exportStack(cli, "dev");
    const integration = onlyResource(state, INTEGRATION_TYPE);
    const inputs = integration.inputs as { config: Record<string, unknown> };
    inputs.config = { ...RELEASE_0_1_0_CONFIG };
    const outputs = integration.outputs as {
      config: Record<string, unknown>;
      managedConfigKeys: string[];
    };
    outputs.config = { ...RELEASE_0_1_0_CONFIG, auth_type: "Viewer" };
    outputs.managedConfigKeys = Object.keys(RELEASE_0_1_0_CONFIG).sort();
    const file = path.join(cli.projectDir, "release-0.1.0-state.json");
    fs.writeFileSync(file, JSON.stringify(state satisfies StackExport));
    await cli.runOk(["stack", "import", "--stack", "dev", "--file", file]);
    fs.rmSync(file);
    // Secrets are re-encrypted on import (new nonce), so compare what 0.1.0 differs in.
    const imported = onlyResource((await exportStack(cli, "dev")).state, INTEGRATION_TYPE);
    expect(imported.outputs).toMatchObject({
      config: outputs.config,
      managedConfigKeys: ["auth_mode", "client_id", "workspace_host"],
    });
    expect(imported.inputs).toMatchObject({ config: RELEASE_0_1_0_CONFIG });
  });

  it("preview shows an in-place update of the integration, never a replacement", async () => {
    emulator.clearRequests();
    const r = await cli.runOk(["preview", "--stack", "dev", "--diff"]);
    expect(r.stdout).toContain("~ pulumi-nodejs:dynamic/posit-connect:OAuthIntegration: (update)");
    expect(r.stdout).toMatch(/- auth_mode +: "Confidential"/);
    expect(r.stdout).toContain(`~ workspace_host: "https://${HOST}" => "${HOST}"`);
    expect(r.stdout).toMatch(/~ 1 to update/);
    expect(r.stdout).not.toMatch(/replace/i);
    expect(writes(emulator)).toEqual([]);
  });

  it("the next up is ONE PATCH: bare host, auth_mode removed; same GUID, same secret", async () => {
    emulator.clearRequests();
    const r = await cli.runOk(["up", "--yes", "--stack", "dev"]);
    expect(r.stdout).toMatch(new RegExp(`~ {2}${INTEGRATION_LINE.source} updated`));
    expect(r.stdout).not.toMatch(/replaced|created|deleted/);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    const patch = emulator.requests.find((q) => q.method === "PATCH");
    expect(patch?.path).toBe(`/__api__/v1/oauth/integrations/${guid}`);
    // A config change sends the whole declared config (right whether Connect merges or replaces
    // it; docs/emulators.md), the secret included: the same secret, as the request log redacts it.
    expect(patch?.body).toEqual({
      config: {
        workspace_host: HOST,
        auth_mode: null,
        client_id: CLIENT_ID,
        client_secret: "[redacted]",
      },
    });

    expect(emulator.integrations()).toHaveLength(1);
    expect(emulator.integrations()[0]).toMatchObject({
      guid,
      config: { workspace_host: HOST, client_id: CLIENT_ID, auth_type: "Viewer" },
    });
    expect(emulator.integrations()[0].config).not.toHaveProperty("auth_mode");
    expect(emulator.secretsOf(guid)).toEqual({ client_secret: CLIENT_SECRET });

    const after = onlyResource((await exportStack(cli, "dev")).state, INTEGRATION_TYPE);
    expect(after.id).toBe(guid);
    expect(after.outputs?.managedConfigKeys).toEqual(["client_id", "workspace_host"]);
  });

  it("one time only: the up after it has nothing to do", async () => {
    emulator.clearRequests();
    await cli.runOk(["up", "--yes", "--stack", "dev", "--expect-no-changes"]);
    expect(writes(emulator)).toEqual([]);
  });

  it("destroy removes it; no secret in plaintext anywhere the CLI wrote", async () => {
    await cli.runOk(["destroy", "--yes", "--stack", "dev"]);
    expect(emulator.integrations()).toEqual([]);
    expect(leaked(cli.transcript.join("\n"), { API_KEY, CLIENT_SECRET })).toEqual([]);
  });
});
