// `npm run demo` for real: the compiled demo (dist/scripts/demo.js) brings a `demo` stack up
// against the Connect emulator and tears it down again with --destroy. It runs in its own
// folder under .tools/e2e so it never touches a demo a developer has in .tools/demo.
// Fails, never skips, when the CLI or the build is missing.
import { spawn } from "child_process";
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

  it("brings the demo stack up and tears it down again", async () => {
    const up = await demo(["--dir", dir]);
    if (up.code !== 0) throw new Error(`demo exited ${up.code}:\n${up.out}`);
    expect(up.out).toMatch(/Using .*pulumi \(v3\.\d+\.\d+\): /);
    expect(up.out).toMatch(/\+ 3 created/);
    expect(up.out).toMatch(/clientSecret\s+\[secret\]/);
    expect(up.out).toMatch(/Databricks \(demo\)\s+databricks\s+.*client_secret=\(set\)/);
    expect(up.out).toMatch(/Connect Visitor API Key\s+connect/);
    expect(up.out).toContain("npm run demo -- --destroy");

    // The emulator's state file (plaintext secrets, like Connect's database) shows the result,
    // and tells us the secrets to look for in the demo's output.
    const emulatorState = JSON.parse(
      fs.readFileSync(path.join(dir, "emulator-state.json"), "utf8"),
    ) as {
      integrations: Array<{ template: string; name: string; config: Record<string, string> }>;
    };
    const created = emulatorState.integrations.filter((i) => i.template === "databricks");
    expect(created).toHaveLength(1);
    const { adminKey } = JSON.parse(fs.readFileSync(path.join(dir, "demo.json"), "utf8")) as {
      adminKey: string;
    };
    const secrets = { adminKey, clientSecret: created[0].config.client_secret };
    expect(secrets.clientSecret).toEqual(expect.any(String));

    const down = await demo(["--destroy", "--dir", dir]);
    if (down.code !== 0) throw new Error(`demo --destroy exited ${down.code}:\n${down.out}`);
    expect(down.out).toMatch(/- 3 deleted/);
    expect(down.out).toContain("Stack 'demo' has been removed");
    expect(down.out).not.toContain("Databricks (demo)");
    expect(fs.existsSync(dir)).toBe(false);

    expect(leaked(up.out + down.out, secrets)).toEqual([]);
    console.log(
      `demo: up ${(up.ms / 1000).toFixed(1)} s, --destroy ${(down.ms / 1000).toFixed(1)} s`,
    );
  });
});
