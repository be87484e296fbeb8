// End-to-end with the real Pulumi CLI against the Connect emulator: what a user sees when
// something is wrong (a bad argument, a plaintext or missing API key, an http:// URL, arguments
// ignored with existingApp), and recovery from a lost create answer plus a failed secret re-send.
// Fails, never skips, when the CLI is missing: run `npm run pulumi:setup`.
import * as crypto from "crypto";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import type { PulumiCli, RunResult } from "../support/pulumi-cli";
import {
  createPackageFixtureCli,
  createRootProgramCli,
  exportStack,
  INTEGRATION_TYPE,
  onlyResource,
  output,
  setConfig,
  setSecret,
  writes,
} from "./helpers";

jest.setTimeout(20 * 60 * 1000);

const RUN = crypto.randomBytes(4).toString("hex");
const API_KEY = `canary-hygiene-api-key-${RUN}`;
const CLIENT_SECRET = `canary-hygiene-client-secret-${RUN}`;
const PLAINTEXT_KEY = `canary-hygiene-plaintext-key-${RUN}`;

/** What a run error must not look like: Node's unhandled-exception report. */
function expectCleanError(r: RunResult): void {
  const text = output(r);
  expect(text).not.toContain("unhandled exception");
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.toMatch(/\.ts:\d+/);
  expect(text).not.toMatch(/\u001b\[/);
}

let emulator: ConnectEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ adminKeys: [API_KEY], seedDefaultIntegration: false });
});
afterAll(() => emulator?.close());

describe("root program: errors at preview", () => {
  let cli: PulumiCli;
  beforeAll(async () => {
    cli = await createRootProgramCli();
    await cli.runOk(["stack", "init", "dev"]);
    await setConfig(cli, "dev", "existingAppClientId", "hygiene-client-id");
    await setSecret(cli, "dev", "existingAppClientSecret", CLIENT_SECRET);
  });
  afterAll(() => cli?.cleanup());

  const preview = (env: Record<string, string> = {}) =>
    cli.run(["preview", "--stack", "dev"], { env: { CONNECT_API_KEY: "", ...env } });

  it("a missing API key fails the preview, and app-only arguments ignored with existingApp are warned about", async () => {
    await setConfig(cli, "dev", "connectUrl", emulator.url);
    await setConfig(cli, "dev", "appName", "my-own-app-name");
    const r = await preview();
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      "No Connect API key: set one with `pulumi config set --secret posit-connect:apiKey <key>`",
    );
    expect(output(r)).toMatch(
      /DatabricksConnectOAuth "databricks-oauth": appName, tokenAccessPolicy are ignored with existingApp/,
    );
    expectCleanError(r);
    expect(emulator.requests).toEqual([]);
  });

  it("a plaintext posit-connect:apiKey is refused with the exact --secret command", async () => {
    await setConfig(cli, "dev", "posit-connect:apiKey", PLAINTEXT_KEY);
    const r = await preview();
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      "posit-connect:apiKey is stored in plaintext in Pulumi.dev.yaml (and in version control, if that file was committed), so it would also be saved unencrypted in the stack's state. Treat the key as exposed: create a new key in Connect and delete this one, then set the new one with `pulumi config set --secret posit-connect:apiKey <new-key>`.",
    );
    expectCleanError(r);
    expect(output(r)).not.toContain(PLAINTEXT_KEY);
    await setSecret(cli, "dev", "posit-connect:apiKey", API_KEY);
  });

  it("an http:// Connect URL for another host is refused unless posit-connect:allowInsecureHttp is true", async () => {
    await setConfig(cli, "dev", "connectUrl", "http://connect.example.org");
    const r = await preview();
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      '"http://connect.example.org" would send the Connect administrator API key unencrypted',
    );
    expect(output(r)).toContain("pulumi config set posit-connect:allowInsecureHttp true");
    expectCleanError(r);

    await setConfig(cli, "dev", "posit-connect:allowInsecureHttp", "true");
    const allowed = await preview();
    expect(allowed.code).toBe(0);
    expect(output(allowed)).not.toContain("would send the Connect administrator API key");
    await cli.runOk(["config", "rm", "--stack", "dev", "posit-connect:allowInsecureHttp"]);
    await setConfig(cli, "dev", "connectUrl", emulator.url);
  });

  it("an http:// workbenchUrl for another host is refused at preview (issue 19 item 12): Databricks would send sign-in codes to it in clear", async () => {
    await setConfig(cli, "dev", "workbenchUrl", "http://workbench.example.org");
    const r = await preview();
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      'DatabricksConnectOAuth "databricks-oauth": workbenchUrl "http://workbench.example.org" must use https:// (http:// is accepted for localhost only)',
    );
    expectCleanError(r);
    // This machine stays allowed, as for extraRedirectUrls.
    await setConfig(cli, "dev", "workbenchUrl", "http://localhost:8787");
    const local = await preview();
    expect(output(local)).not.toContain("workbenchUrl");
    expect(local.code).toBe(0);
    await cli.runOk(["config", "rm", "--stack", "dev", "workbenchUrl"]);
  });

  it("a bad argument is a Pulumi run error: the message, no stack, no ANSI codes, no .ts paths", async () => {
    await setConfig(cli, "dev", "workspaceHost", "dbc-1234.cloud.databricks.com/some/path");
    const r = await preview();
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain(
      'DatabricksConnectOAuth "databricks-oauth": workspaceHost "dbc-1234.cloud.databricks.com/some/path" must not have a path, query or fragment',
    );
    expectCleanError(r);
    expect(cli.transcript.join("\n")).not.toContain(CLIENT_SECRET);
    expect(cli.transcript.join("\n")).not.toContain(API_KEY);
  });
});

describe("a lost create answer plus a failed secret re-send (defect 1)", () => {
  let cli: PulumiCli;
  beforeAll(async () => {
    emulator.reset();
    cli = await createPackageFixtureCli("template-replace");
    await cli.runOk(["stack", "init", "dev"]);
    await setConfig(cli, "dev", "connectUrl", emulator.url);
    await setConfig(cli, "dev", "template", "databricks");
    await setSecret(cli, "dev", "clientSecret", CLIENT_SECRET);
    await setSecret(cli, "dev", "posit-connect:apiKey", API_KEY);
  });
  afterAll(() => cli?.cleanup());

  it("the failed up records the integration whole; the next up sends one PATCH with the secret; refresh and destroy work", async () => {
    emulator.addFault({ route: "create", fault: { kind: "drop-after-commit" }, times: 1 });
    emulator.addFault({ route: "update", fault: { kind: "status", status: 500 } });
    const failed = await cli.run(["up", "--yes", "--stack", "dev"]);
    expect(failed.code).not.toBe(0);
    expect(output(failed)).toContain("client secret not confirmed; run `pulumi up` again");
    expect(emulator.integrations()).toHaveLength(1);
    const guid = emulator.integrations()[0].guid;

    const { state } = await exportStack(cli, "dev");
    const recorded = onlyResource(state, INTEGRATION_TYPE);
    expect(recorded.id).toBe(guid);
    expect(recorded.outputs).toMatchObject({
      guid,
      connectUrl: emulator.url,
      template: "databricks",
      authType: "Viewer",
    });
    expect(typeof recorded.outputs?.__provider).toBe("string");

    emulator.clearFaults();
    emulator.clearRequests();
    const again = await cli.runOk(["up", "--yes", "--stack", "dev"]);
    expect(writes(emulator)).toEqual(["PATCH update 200"]);
    expect(output(again)).not.toMatch(/replaced|\+-/);
    expect(emulator.integrations().map((i) => i.guid)).toEqual([guid]);
    expect(emulator.secretsOf(guid)).toEqual({ client_secret: CLIENT_SECRET });

    const settled = await cli.runOk(["up", "--yes", "--stack", "dev", "--expect-no-changes"]);
    expect(settled.code).toBe(0);
    await cli.runOk(["refresh", "--yes", "--stack", "dev"]);
    await cli.runOk(["destroy", "--yes", "--stack", "dev"]);
    expect(emulator.integrations()).toEqual([]);
    expect(cli.transcript.join("\n")).not.toContain(CLIENT_SECRET);
  });
});
