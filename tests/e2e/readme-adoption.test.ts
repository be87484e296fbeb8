// docs/adoption.md (moved out of the README): the "Bring an existing setup under Pulumi" walk-through, run word by word: the bash
// block between `<!-- adopt-demo:start -->` and `<!-- adopt-demo:end -->` is executed as it
// stands, in a copy of the root program, with the real Pulumi CLI. The one substitution is the
// emulator's port (3939 in the README), so the test does not collide with anything else using it.
// It also checks that the `pulumi config set` lines the README shows are exactly the ones
// `discover` printed in the same run.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import type { PulumiCli } from "../support/pulumi-cli";
import { createRootProgramCli, REPO } from "./helpers";

jest.setTimeout(10 * 60 * 1000);

function readmeBlock(): string {
  const readme = fs.readFileSync(path.join(REPO, "docs", "adoption.md"), "utf8");
  const section =
    /<!-- adopt-demo:start -->\s*```bash\n([\s\S]*?)```\s*<!-- adopt-demo:end -->/.exec(readme);
  if (!section) throw new Error("docs/adoption.md has no adopt-demo block between its markers");
  return section[1];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; out: string }>((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], { cwd, env });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

describe("README: Bring an existing setup under Pulumi, followed word by word", () => {
  let cli: PulumiCli;
  let port = 0;
  afterAll(() => {
    if (cli && !process.env.E2E_KEEP) cli.cleanup();
    // Should the block's `kill` ever miss, stop the emulator it started (found by its port).
    const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" }).stdout ?? "";
    for (const line of ps.split("\n")) {
      if (port && line.includes("emulator/cli.js") && line.includes(`--port ${port} `)) {
        process.kill(Number(line.trim().split(/\s+/)[0]), "SIGTERM");
      }
    }
  });

  it("adopts the hand-made integration: one PATCH, no Pulumi POST, no DELETE before destroy, association kept", async () => {
    port = await freePort();
    const block = readmeBlock();
    const script = block.split("3939").join(String(port));
    cli = await createRootProgramCli();
    // The block runs at the root of a clone; the copy of the root program gets the clone's build.
    fs.symlinkSync(path.join(REPO, "dist"), path.join(cli.projectDir, "dist"), "dir");
    const env = { ...cli.env };
    delete env.CONNECT_SERVER;
    delete env.CONNECT_API_KEY;
    const { code, out } = await bash(script, cli.projectDir, env);
    if (code !== 0) throw new Error(`the README block failed with ${code}:\n${out}`);

    const guid = /^([0-9a-f-]{36}) {2}Databricks {2}/m.exec(out)?.[1];
    expect(guid).toBeDefined();
    // The config lines in the README are the ones discover printed (GUID as "$GUID").
    const shown = block
      .split("\n")
      .filter((l) => l.startsWith("pulumi config set ") && !l.includes("--secret"))
      .map((l) =>
        l
          .split("3939")
          .join(String(port))
          .replace('"$GUID"', guid as string),
      );
    const printed = out.split("\n").map((l) => l.replace(/^# /, ""));
    for (const line of shown) expect(printed).toContain(line);

    expect(out).toContain('"content_guid": "0e6b2d58-0000-4000-8000-000000000001"');
    const log = out.split("\n").filter((l) => /^(GET|POST|PATCH|PUT|DELETE) \/__api__\//.test(l));
    expect(log.filter((l) => l.startsWith("POST"))).toEqual([
      "POST /__api__/v1/oauth/integrations 200",
    ]);
    expect(log.filter((l) => l.startsWith("PATCH"))).toEqual([
      `PATCH /__api__/v1/oauth/integrations/${guid} 200`,
    ]);
    expect(log.filter((l) => l.startsWith("DELETE"))).toEqual([]);
    expect(out).toMatch(/Resources:\s+- 3 deleted/);
    // The block's `kill` stopped the emulator: its port closes (polled).
    const listening = () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      });
    const deadline = Date.now() + 15_000;
    while ((await listening()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await listening()).toBe(false);
  });
});
