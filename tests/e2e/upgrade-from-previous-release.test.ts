// Upgrade from the previous release: a user's program (tests/e2e/fixtures/upgrade) installs the
// package as packed at commit 6453cf8 (the last release before this round), brings a stack up
// against both emulators, then installs THIS version's tarball into the same project and runs the
// same program unchanged. The existing stack must see no replacement and no deletion: the preview's
// steps are listed and asserted exactly; only changes CHANGELOG.md documents may be updates.
// Then up, refresh + preview --expect-no-changes, and destroy leaves both emulators without ours.
//
// The previous release's tarball is built once (git archive of the commit, npm ci, npm pack) and
// kept in .tools/e2e-cache, keyed by the commit, so later runs reuse it. This version's tarball is
// `npm pack --ignore-scripts` of the working tree's build: run `npm run build` first.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { version as sdkVersion } from "@pulumi/pulumi/package.json";
import { version as tsVersion } from "typescript/package.json";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { createPulumiCli, type PulumiCli, type RunResult } from "../support/pulumi-cli";
import {
  exportStack,
  leaked,
  REPO,
  setConfig,
  setSecret,
  writes,
  type StateResource,
} from "./helpers";
import { chosenSecrets, tearDown } from "./mission-helpers";

jest.setTimeout(20 * 60 * 1000);

const PREVIOUS_RELEASE = "6453cf8";
const STACK = "upgrade";
const WORKSPACE_ID = 7301928374650192;
const GROUP = "5b0c3f0e-2a7d-4e51-9c1f-8d2e6a4b7c90";
const CONTENT = ["9a4e1c27-3b5d-4f60-8e71-2c9d0b6a5f13", "d2f7b8a1-6c3e-4b59-a0d4-7e1f2c8b9a36"];
const SECRETS = chosenSecrets();
const started = Date.now();

/** This process's environment without npm_* variables (a nested npm would read them as its own). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { npm_config_loglevel: "error" };
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return env;
}

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: cleanEnv(),
  });
}

/** `npm pack` into `dest`; returns the tarball's path. */
function pack(cwd: string, dest: string, extra: string[] = []): string {
  const out = JSON.parse(npm(["pack", "--json", "--pack-destination", dest, ...extra], cwd)) as [
    { filename: string },
  ];
  return path.join(dest, out[0].filename);
}

/** The previous release's tarball, built from the commit once and then reused. */
function previousReleaseTarball(): string {
  const cache = path.join(REPO, ".tools", "e2e-cache");
  const cached = path.join(cache, `pulumi-posit-connect-${PREVIOUS_RELEASE}.tgz`);
  if (fs.existsSync(cached)) return cached;
  fs.mkdirSync(cache, { recursive: true });
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "posit-connect-previous-"));
  try {
    execFileSync("bash", [
      "-euo",
      "pipefail",
      "-c",
      `git -C "${REPO}" archive ${PREVIOUS_RELEASE} | tar -x -C "${src}"`,
    ]);
    npm(["ci", "--ignore-scripts"], src);
    const tarball = pack(src, src); // `prepare` builds it
    // Atomic, so an interrupted run never leaves a half-written cache entry.
    fs.copyFileSync(tarball, `${cached}.tmp`);
    fs.renameSync(`${cached}.tmp`, cached);
    return cached;
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
}

interface PreviewStep {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string }> | null;
}

/** Non-"same" steps of `pulumi preview --json` as "<op> <type>::<name> [changed properties]". */
function changedSteps(r: RunResult): string[] {
  const steps = (JSON.parse(r.stdout) as { steps?: PreviewStep[] }).steps ?? [];
  return steps
    .filter((s) => s.op !== "same")
    .map((s) => {
      const [, , type, name] = s.urn.split("::");
      const keys = Object.keys(s.detailedDiff ?? {}).sort();
      return `${s.op} ${type.split("$").pop()}::${name}${keys.length ? ` [${keys.join(", ")}]` : ""}`;
    })
    .sort();
}

describe(`upgrade: a stack made by the release at ${PREVIOUS_RELEASE} meets this version`, () => {
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  let cli: PulumiCli;
  let scratch: string;
  let before: StateResource[] = [];
  const currentVersion = (
    JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }
  ).version;
  const installedVersion = (): string =>
    (
      JSON.parse(
        fs.readFileSync(
          path.join(cli.projectDir, "node_modules", "pulumi-posit-connect", "package.json"),
          "utf8",
        ),
      ) as { version: string }
    ).version;

  const ours = () => ({
    integrations: connect.integrations().map((i) => i.name),
    associations: CONTENT.flatMap((c) => connect.associationsOf(c)),
    apps: dbx.snapshot().customAppIntegrations.map((a) => a.name),
    principals: dbx.snapshot().servicePrincipals.map((p) => p.displayName ?? p.id),
  });

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "posit-connect-upgrade-"));
    dbx = await startDatabricksEmulator({
      admin: { clientId: "upgrade-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
      workspaces: [{ id: WORKSPACE_ID, name: "dbc-upgrade" }],
    });
    const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
    const workspaceHost = new URL(workspaceUrl).host;
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
      version: "2026.04.0", // knows integration permissions
      groups: [{ name: "data-science", guid: GROUP }],
      content: CONTENT.map((guid, i) => ({ name: `dash-${i}`, guid, appMode: "python-dash" })),
      workspaceUrls: { [workspaceHost]: workspaceUrl },
    });
    // Outside the repository: the program finds the package only in its own node_modules.
    cli = await createPulumiCli(path.join(__dirname, "fixtures", "upgrade"), { workDir: scratch });
    fs.writeFileSync(
      path.join(cli.projectDir, "package.json"),
      JSON.stringify({ name: "upgrade-user-program", private: true }) + "\n",
    );
    await cli.runOk(["stack", "init", STACK]);
    await setConfig(cli, STACK, "connectUrl", connect.url);
    await setConfig(cli, STACK, "workspaceHost", workspaceHost);
    await setConfig(cli, STACK, "workspaceId", String(WORKSPACE_ID));
    await setConfig(cli, STACK, "groupGuid", GROUP);
    await cli.runOk(["config", "set", "--stack", STACK, "--path", "contentGuids[0]", CONTENT[0]]);
    await cli.runOk(["config", "set", "--stack", STACK, "--path", "contentGuids[1]", CONTENT[1]]);
    await setSecret(cli, STACK, "posit-connect:apiKey", SECRETS.connectApiKey);
    await setConfig(cli, STACK, "databricks:host", dbx.url);
    await setConfig(cli, STACK, "databricks:accountId", dbx.accountId);
    await setConfig(cli, STACK, "databricks:clientId", dbx.admin.clientId);
    await setSecret(cli, STACK, "databricks:clientSecret", dbx.admin.clientSecret);
  });

  afterAll(async () => {
    await tearDown({ cli, connect, dbx });
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    console.log(`upgrade-from-previous-release: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });

  it("the previous release's package brings the stack up against both emulators", async () => {
    const tarball = previousReleaseTarball();
    npm(
      [
        "install",
        tarball,
        `@pulumi/pulumi@${sdkVersion}`,
        `typescript@${tsVersion}`,
        "@types/node@20",
      ],
      cli.projectDir,
    );
    expect(installedVersion()).toBe("0.1.0");
    await cli.runOk(["up", "--yes", "--stack", STACK]);
    expect(connect.integrations()).toHaveLength(2);
    const viewer = connect.integrations().find((i) => i.config.auth_type !== "Service Account");
    expect(viewer).toBeDefined();
    for (const c of CONTENT) expect(connect.associationsOf(c)).toEqual([viewer!.guid]);
    expect((connect.permissionsOf(viewer!.guid) ?? []).map((p) => p.group_guid)).toEqual([GROUP]);
    expect(dbx.snapshot().customAppIntegrations).toHaveLength(1);
    before = (await exportStack(cli, STACK)).state.deployment.resources ?? [];
  });

  it("this version, installed over it: preview replaces nothing; only the documented hand-over of the associations", async () => {
    const current = pack(REPO, scratch, ["--ignore-scripts"]);
    npm(["install", current], cli.projectDir);
    expect(installedVersion()).toBe(currentVersion);
    connect.clearRequests();
    const preview = await cli.runOk(["preview", "--stack", STACK, "--json"]);
    const steps = changedSteps(preview);
    // Exactly these steps. CHANGELOG.md (0.2.0, Changed) documents them: associateContent is now
    // owned by one IntegrationAssociations child, created by the first up after upgrading; the
    // previous release's per-content children are deleted from state only (the new child took
    // their associations over). Nothing is replaced; no Databricks or integration step at all
    // (the default app and integration names, which now carry the stack, stay as they were).
    const expected = [
      "create pulumi-nodejs:dynamic/posit-connect:IntegrationAssociations::databricks-oauth-content",
      ...CONTENT.map(
        (c) =>
          `delete pulumi-nodejs:dynamic/posit-connect:ContentIntegration::databricks-oauth-content-${c}`,
      ),
    ];
    if (JSON.stringify(steps) !== JSON.stringify(expected)) {
      // The diff a user would see, for whoever reads the failure.
      const diff = await cli.run(["preview", "--stack", STACK, "--diff"]);
      console.log(`preview after the upgrade:\n  ${steps.join("\n  ")}\n${diff.stdout}`);
    }
    expect(steps).toEqual(expected);
    // Every other resource of the stack is unchanged ("same"): the preview ran the whole program.
    const summary = (JSON.parse(preview.stdout) as { changeSummary?: Record<string, number> })
      .changeSummary;
    expect(summary).toEqual({
      create: 1,
      delete: CONTENT.length,
      // Provider resources are not counted in the summary.
      same: before.filter((r) => !r.type.startsWith("pulumi:providers:")).length - CONTENT.length,
    });
    expect(writes(connect)).toEqual([]);
  });

  it("up, then refresh and preview find nothing to change; ids are the previous release's", async () => {
    const associated = () => CONTENT.map((c) => connect.associationsOf(c));
    const viewerGuid = associated()[0][0];
    connect.clearRequests();
    dbx.clearRequests();
    await cli.runOk(["up", "--yes", "--stack", STACK]);
    // The deleted children's deletes removed no association: the content keeps its integration.
    expect(associated()).toEqual(CONTENT.map(() => [viewerGuid]));
    expect(
      dbx.requests.filter((r) => !["GET", "HEAD"].includes(r.method) && !r.route.endsWith("token")),
    ).toEqual([]);
    // The new child took the associations over without a request; the old ones left them.
    expect(writes(connect)).toEqual([]);
    await cli.runOk(["refresh", "--yes", "--stack", STACK]);
    await cli.runOk(["preview", "--stack", STACK, "--expect-no-changes"]);
    const after = (await exportStack(cli, STACK)).state.deployment.resources ?? [];
    const ids = (rs: StateResource[]) =>
      rs
        .filter((r) => r.id !== undefined && r.id !== "")
        .map((r) => `${r.urn} ${r.id}`)
        .sort();
    const kept = (rs: StateResource[]) =>
      ids(rs).filter((x) => !/(ContentIntegration|IntegrationAssociations)::/.test(x));
    expect(kept(after)).toEqual(kept(before));
    expect(ids(after).filter((x) => x.includes("IntegrationAssociations::"))).toEqual([
      expect.stringMatching(new RegExp(`::databricks-oauth-content ${viewerGuid}$`)),
    ]);
  });

  it("destroy leaves both emulators without anything of ours; no secret in any output", async () => {
    await cli.runOk(["destroy", "--yes", "--stack", STACK]);
    expect(ours()).toEqual({ integrations: [], associations: [], apps: [], principals: [] });
    expect(leaked(cli.transcript.join("\n"), SECRETS)).toEqual([]);
  });
});
