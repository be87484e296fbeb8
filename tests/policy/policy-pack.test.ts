// The policy pack through the real engine: the CLI starts policy/ through the Node language host's
// RunPlugin (analyzer proxy), once from the repository path and once from the installed package
// (node_modules/pulumi-posit-connect/policy, put there by `npm run build`). One stack, a fixture
// program that is compliant or breaks every policy (tests/policy/fixture), both emulators running.
//
// Steps share one stack and run in order; read the first failure. Fails, never skips, when the
// CLI is missing: run `npm run build && npm run pulumi:setup`.
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { createPulumiCli, type PulumiCli, type RunResult } from "../support/pulumi-cli";
import { REPO, setConfig } from "../e2e/helpers";
import { chosenSecrets, configureMissionStack, tearDown } from "../e2e/mission-helpers";

jest.setTimeout(15 * 60 * 1000);

const STACK = "policy";
const REPO_PACK = path.join(REPO, "policy");
const INSTALLED_PACK = path.join(REPO, "node_modules", "pulumi-posit-connect", "policy");
// The pack reports the version of policy/package.json, kept equal to the package version.
const PACK_LABEL = `posit-connect-guardrails@v${(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version}`;
const SECRETS = chosenSecrets();

/** Each policy, the resource its violation names and the level it is reported at by default. */
const EXPECTED = [
  ["posit-connect-integration-open-to-all", 'DatabricksConnectOAuth "viewer"', "advisory"],
  [
    "posit-connect-databricks-confidential",
    'databricks.CustomAppIntegration "raw-app"',
    "advisory",
  ],
  ["posit-connect-https-redirects", 'databricks.CustomAppIntegration "raw-app"', "mandatory"],
  ["posit-connect-offline-access", 'DatabricksConnectOAuth "viewer"', "advisory"],
  ["posit-connect-token-ttl", 'DatabricksConnectOAuth "viewer"', "mandatory"],
  ["posit-connect-secret-rotation", 'DatabricksConnectServiceAccount "reporting"', "mandatory"],
  ["posit-connect-verify", 'DatabricksConnectServiceAccount "reporting"', "advisory"],
] as const;

/** Output of a run with ANSI colours removed. */
const text = (r: RunResult): string => `${r.stdout}\n${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, "");

/** `- [level]  name  (type: resource)` lines of the Policies section. */
function reported(out: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of out.matchAll(/- \[(advisory|mandatory)\]\s+(posit-connect-[a-z-]+)/g)) {
    found.set(m[2], m[1]);
  }
  return found;
}

describe("policy pack through the real engine", () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let configDir: string;

  const preview = (pack: string, ...extra: string[]): Promise<RunResult> =>
    cli.run(["preview", "--stack", STACK, "--policy-pack", pack, ...extra]);
  const policyConfig = (name: string, value: unknown): string => {
    const file = path.join(configDir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  };

  beforeAll(async () => {
    dbx = await startDatabricksEmulator({
      admin: { clientId: "policy-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
      workspaces: [{ id: 6051921418418893, name: "dbc-policy" }],
    });
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
    });
    cli = await createPulumiCli(path.join(__dirname, "fixture"));
    configDir = path.join(cli.projectDir, "policy-config");
    fs.mkdirSync(configDir);
    await configureMissionStack(cli, STACK, {
      connect,
      connectApiKey: SECRETS.connectApiKey,
      dbx,
      workspaceHost: new URL(dbx.workspaceUrl(6051921418418893)).host,
    });
  });

  afterAll(() => tearDown({ cli, connect, dbx }));

  it("1. a compliant program previews clean, from the repository path and the installed package", async () => {
    for (const pack of [REPO_PACK, INSTALLED_PACK]) {
      const r = await preview(pack);
      const out = text(r);
      expect({ pack, code: r.code }).toEqual({ pack, code: 0 });
      expect(out).toContain(PACK_LABEL); // the pack ran...
      expect(reported(out)).toEqual(new Map()); // ...and found nothing
    }
  });

  it("2. a program breaking each policy gets each reported by name, naming the resource and the fix", async () => {
    await setConfig(cli, STACK, "scenario", "violating");
    const limits = policyConfig("tight", {
      "posit-connect-token-ttl": {
        maxAccessTokenTtlInMinutes: 60,
        maxRefreshTokenTtlInMinutes: 10080,
      },
      "posit-connect-secret-rotation": { maxRotationDays: 90, maxSecretLifetimeDays: 120 },
    });
    const r = await preview(REPO_PACK, "--policy-pack-config", limits);
    const out = text(r);
    expect(r.code).not.toBe(0); // mandatory violations fail the preview
    expect(reported(out)).toEqual(new Map(EXPECTED.map(([name, , level]) => [name, level])));
    for (const [, resource] of EXPECTED) expect(out).toContain(resource);
    expect(out).toContain("permissions: [], so every publisher");
    expect(out).toContain('redirectUrls[0] = "http://tableau.example.org/callback"');
    expect(out).toContain("accessTokenTtlInMinutes is 720, above maxAccessTokenTtlInMinutes 60");
    expect(out).toContain("the secret never rotates");
    expect(out).toContain("secret's lifetime is 730 days, above maxSecretLifetimeDays 120");
    expect(out.match(/Fix: /g)?.length).toBeGreaterThanOrEqual(EXPECTED.length);
  });

  it("3. configuration changes the limits and the enforcement level", async () => {
    // No maxima: the two "mandatory when configured" policies stay silent; open-to-all raised
    // to mandatory for this stack; loose TTL limits pass the fixture's 720/43200 minutes.
    const loose = policyConfig("loose", {
      "posit-connect-integration-open-to-all": "mandatory",
      "posit-connect-token-ttl": {
        maxAccessTokenTtlInMinutes: 720,
        maxRefreshTokenTtlInMinutes: 43200,
      },
    });
    const r = await preview(INSTALLED_PACK, "--policy-pack-config", loose);
    const found = reported(text(r));
    expect(found.get("posit-connect-integration-open-to-all")).toBe("mandatory");
    expect(found.has("posit-connect-token-ttl")).toBe(false);
    expect(found.has("posit-connect-secret-rotation")).toBe(false);
    expect(found.get("posit-connect-https-redirects")).toBe("mandatory");
  });

  it("4. a mandatory violation stops `up` before any request reaches either emulator", async () => {
    connect.clearRequests();
    dbx.clearRequests();
    const r = await cli.run([
      "up",
      "--yes",
      "--skip-preview",
      "--stack",
      STACK,
      "--policy-pack",
      REPO_PACK,
    ]);
    const out = text(r);
    expect(r.code).not.toBe(0);
    expect(reported(out).get("posit-connect-https-redirects")).toBe("mandatory");
    expect(connect.requests).toEqual([]);
    expect(dbx.requests).toEqual([]);
    const exported = await cli.runOk(["stack", "export", "--stack", STACK]);
    const resources =
      (JSON.parse(exported.stdout) as { deployment: { resources?: Array<{ type: string }> } })
        .deployment.resources ?? [];
    // The stack itself and default providers may be recorded; nothing that reaches an emulator.
    expect(resources.filter((res) => !res.type.startsWith("pulumi:"))).toEqual([]);
  });
});
