// `npm run demo` for real: the compiled demo (dist/scripts/demo.js) brings a `demo` stack up
// against the Connect and Databricks account emulators (and, with --existing-app, the Connect
// emulator alone) and tears it down again with --destroy. It runs in its own
// folder under .tools/e2e so it never touches a demo a developer has in .tools/demo.
// Fails, never skips, when the CLI or the build is missing.
import { spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ensurePulumi } from "../../scripts/pulumi-setup";
import { SETUP_HINT } from "../support/pulumi-cli";
import { leaked, REPO } from "./helpers";

jest.setTimeout(10 * 60 * 1000);

const DEMO = path.join(REPO, "dist", "scripts", "demo.js");

interface Run {
  code: number;
  out: string;
  ms: number;
}

function demo(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const child = spawn(process.execPath, [DEMO, "--no-build", ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out, ms: Date.now() - start }));
  });
}

/** The demo's lines about the stand-in Databricks provider. */
const standInLabels = (out: string): string[] =>
  out.split("\n").filter((l) => /stand-in Databricks provider/i.test(l));

describe("npm run demo", () => {
  const dir = path.join(REPO, ".tools", "e2e", `demo-${crypto.randomBytes(4).toString("hex")}`);

  beforeAll(async () => {
    try {
      await ensurePulumi({ allowBuild: false, log: () => undefined });
    } catch (e) {
      throw new Error(`${SETUP_HINT}\nCause: ${(e as Error).message}`);
    }
    if (!fs.existsSync(DEMO)) throw new Error(`${DEMO} is missing: run \`npm run build\` first.`);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates the Databricks app and the Connect integration, shows both, and tears them down", async () => {
    const up = await demo(["--dir", dir]);
    if (up.code !== 0) throw new Error(`demo exited ${up.code}:\n${up.out}`);
    expect(up.out).toMatch(/Using .*pulumi \(v3\.\d+\.\d+\): /);
    expect(up.out).toMatch(
      /\+ {2}databricks:index:CustomAppIntegration databricks-oauth-databricks-app created/,
    );
    expect(up.out).toMatch(/\+ 4 created/);
    expect(up.out).toMatch(/clientSecret\s+\[secret\]/);
    // The stand-in is labelled once, by the demo; the engine takes it from the demo's plugin
    // cache and so has no PATH warning to print.
    expect(standInLabels(up.out)).toEqual([
      expect.stringMatching(/home\/plugins\/resource-databricks-v\d+\.\d+\.\d+\//),
    ]);
    expect(up.out).not.toContain("from $PATH");

    // Both sides as the emulators hold them: the app's ids and redirect URL, and Connect's copy.
    const { adminKey, databricks } = JSON.parse(
      fs.readFileSync(path.join(dir, "demo.json"), "utf8"),
    ) as { adminKey: string; port: number; databricks: { admin: { clientSecret: string } } };
    const integrationId = /integration_id {2}(\S+)/.exec(up.out)?.[1];
    const clientId = /client_id {5}(\S+)/.exec(up.out)?.[1];
    expect(integrationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(up.out).toMatch(
      /redirect_urls http:\/\/127\.0\.0\.1:\d+\/__oauth__\/integrations\/callback/,
    );
    expect(up.out).toContain(`databricksIntegrationId: "${integrationId}"`);
    expect(up.out).toMatch(
      new RegExp(
        `Databricks \\(demo\\)\\s+databricks\\s+.*client_id=${clientId}.*client_secret=\\(set\\)`,
      ),
    );
    expect(up.out).toContain(
      "viewer signed in; content received a Databricks token (expires in 60 min)",
    );

    // The Connect emulator's state file (plaintext secrets, like Connect's database) holds the
    // app secret that must never be printed.
    const connectState = JSON.parse(
      fs.readFileSync(path.join(dir, "emulator-state.json"), "utf8"),
    ) as { integrations: Array<{ template: string; config: Record<string, string> }> };
    const created = connectState.integrations.filter((i) => i.template === "databricks");
    expect(created).toHaveLength(1);
    const secrets = {
      adminKey,
      databricksAdminSecret: databricks.admin.clientSecret,
      appSecret: created[0].config.client_secret,
    };
    expect(secrets.appSecret).toEqual(expect.any(String));

    // Every command the demo printed runs as printed. `npm run demo --` is `npm run build` then
    // `node dist/scripts/demo.js`; the build is done, so the replay calls the script directly,
    // except the README's own line, which goes through npm exactly as printed.
    const printed = up.out
      .split("\n")
      .filter((l) => l.startsWith("$ npm run demo -- pulumi "))
      .map((l) => l.slice(2));
    expect(printed).toEqual(
      expect.arrayContaining([
        "npm run demo -- pulumi up --yes --stack demo",
        "npm run demo -- pulumi stack output --stack demo",
      ]),
    );
    const env = { ...process.env, DEMO_DIR: dir, NO_COLOR: "1" };
    const replayable = printed.filter(
      (c) => !c.includes("(value on stdin)") && !/ stack init /.test(c),
    );
    for (const command of replayable) {
      const script = command.replace(/^npm run demo -- /, `node ${DEMO} --no-build `);
      const r = spawnSync("bash", ["-c", script], { cwd: REPO, env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${command} exited ${r.status}:\n${r.stdout}${r.stderr}`);
      if (/ up /.test(command)) expect(r.stdout).toMatch(/4 unchanged/);
    }
    const asPrinted = spawnSync(
      "bash",
      ["-c", "npm run demo -- pulumi stack output --stack demo"],
      {
        cwd: REPO,
        env,
        encoding: "utf8",
      },
    );
    expect(asPrinted.status).toBe(0);
    expect(asPrinted.stdout).toMatch(/clientSecret\s+\[secret\]/);
    expect(leaked(asPrinted.stdout + asPrinted.stderr, secrets)).toEqual([]);

    const down = await demo(["--destroy", "--dir", dir]);
    if (down.code !== 0) throw new Error(`demo --destroy exited ${down.code}:\n${down.out}`);
    expect(down.out).toMatch(/- 4 deleted/);
    expect(standInLabels(down.out)).toHaveLength(1);
    expect(down.out).not.toContain("from $PATH");
    expect(down.out).toContain("Stack 'demo' has been removed");
    expect(down.out).toContain("(no custom OAuth app integrations)");
    expect(down.out).not.toContain("Databricks (demo)");
    expect(down.out).toMatch(/Connect Visitor API Key\s+connect/);
    expect(fs.existsSync(dir)).toBe(false);

    expect(leaked(up.out + down.out, secrets)).toEqual([]);
    console.log(
      `demo: up ${(up.ms / 1000).toFixed(1)} s, --destroy ${(down.ms / 1000).toFixed(1)} s`,
    );
  });

  it("--existing-app keeps the Connect-only variant", async () => {
    const up = await demo(["--existing-app", "--dir", dir]);
    if (up.code !== 0) throw new Error(`demo exited ${up.code}:\n${up.out}`);
    expect(up.out).toMatch(/\+ 3 created/);
    expect(standInLabels(up.out)).toEqual([]);
    expect(up.out).not.toContain("CustomAppIntegration");
    expect(up.out).not.toContain("Databricks account emulator");
    expect(up.out).toMatch(
      /Databricks \(demo\)\s+databricks\s+.*client_id=demo-databricks-client-id.*client_secret=\(set\)/,
    );

    const down = await demo(["--destroy", "--dir", dir]);
    if (down.code !== 0) throw new Error(`demo --destroy exited ${down.code}:\n${down.out}`);
    expect(down.out).toMatch(/- 3 deleted/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
