/**
 * Runs the real CLI in a child process. The emulator sources are transpiled on the fly (no type
 * check) so the test does not depend on a prior `npm run build`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import axios from "axios";
import { transpileEmulator } from "../support/transpile-emulator";

const ROOT = resolve(__dirname, "../..");

function transpileCli(outDir: string): string {
  return join(transpileEmulator(outDir), "connect", "cli.js");
}

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
  exit: Promise<number | null>;
}

async function run(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, NODE_PATH: join(ROOT, "node_modules"), CONNECT_API_KEY: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const check = () => {
      const match = /URL:\s+(\S+)/.exec(out);
      if (match && out.includes("Ctrl+C")) resolveUrl(match[1]);
    };
    child.stdout?.on("data", check);
    child.on("exit", () => reject(new Error(`CLI exited early:\n${out}`)));
  });
  return { child, output: () => out, url, exit };
}

describe("emulator CLI", () => {
  let dir: string;
  let cli: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "emu-cli-"));
    cli = transpileCli(join(dir, "dist"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("prints URL, a generated admin key and usage lines; stops cleanly on SIGTERM", async () => {
    const r = await run(cli, ["--port", "0", "--publisher-key", "pub"]);
    const out = r.output();
    expect(out).toMatch(/EMULATOR/);
    const key = /Admin key:\s+(\S+)\s+\(generated/.exec(out)?.[1];
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(out).toContain(
      `curl -H "Authorization: Key ${key}" ${r.url}/__api__/v1/oauth/integrations`,
    );
    expect(out).toContain(`pulumi config set connectUrl ${r.url}`);
    expect(out).not.toContain("posit-connect:url");
    const list = await axios.get(`${r.url}/__api__/v1/oauth/integrations`, {
      headers: { Authorization: `Key ${key}` },
    });
    expect(list.data.map((i: { name: string }) => i.name)).toEqual(["Connect Visitor API Key"]);
    const pub = await axios.get(`${r.url}/__api__/v1/user`, {
      headers: { Authorization: "Key pub" },
    });
    expect(pub.data.user_role).toBe("publisher");
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
  });

  test("never adopts CONNECT_API_KEY nor prints a given key; honours --no-default-integration and --state-file, stops on SIGINT", async () => {
    const stateFile = join(dir, "state.json");
    const r = await run(
      cli,
      ["--port", "0", "--no-default-integration", "--state-file", stateFile],
      { CONNECT_API_KEY: "canary-production-key-never-adopted" },
    );
    // Issue 19 item 13: an emulator started by accident next to production credentials.
    expect(r.output()).not.toContain("canary-production-key-never-adopted");
    const refused = await axios.get(`${r.url}/__api__/v1/oauth/integrations`, {
      headers: { Authorization: "Key canary-production-key-never-adopted" },
      validateStatus: () => true,
    });
    expect(refused.status).toBe(401);
    const key = /Admin key:\s+(\S+)\s+\(generated/.exec(r.output())?.[1];
    const headers = { Authorization: `Key ${key}` };
    expect((await axios.get(`${r.url}/__api__/v1/oauth/integrations`, { headers })).data).toEqual(
      [],
    );
    await axios.post(
      `${r.url}/__api__/v1/oauth/integrations`,
      { template: "connect", name: "kept", config: { max_role: "Viewer" } },
      { headers },
    );
    r.child.kill("SIGINT");
    expect(await r.exit).toBe(0);
    expect(JSON.parse(readFileSync(stateFile, "utf8")).integrations[0].name).toBe("kept");
    const given = await run(cli, ["--port", "0", "--admin-key", "canary-given-admin-key"]);
    expect(given.output()).not.toContain("canary-given-admin-key");
    expect(given.output()).toContain("given with --admin-key (not printed)");
    given.child.kill("SIGTERM");
    await given.exit;
  });

  test("bound beyond loopback, the control surface needs the token printed at start; on loopback it is open", async () => {
    const open = await run(cli, ["--port", "0", "--admin-key", "k"]);
    expect(open.output()).toMatch(/Control endpoints \(open: bound to loopback only/);
    expect((await axios.get(`${open.url}/__emulator__/requests`)).status).toBe(200);
    open.child.kill("SIGTERM");
    await open.exit;

    const wide = await run(cli, ["--port", "0", "--host", "0.0.0.0", "--admin-key", "k"]);
    const token = /x-emulator-control-token: ([0-9a-f]{32})\)/.exec(wide.output())?.[1];
    expect(token).toBeDefined();
    const local = wide.url.replace("0.0.0.0", "127.0.0.1");
    for (const [method, path] of [
      ["get", "/__emulator__/state"],
      ["post", "/__emulator__/reset"],
    ] as const) {
      const r = await axios.request({ method, url: `${local}${path}`, validateStatus: () => true });
      expect(r.status).toBe(401);
      expect(JSON.stringify(r.data)).not.toContain("client_secret");
    }
    const ok = await axios.get(`${local}/__emulator__/state`, {
      headers: { "x-emulator-control-token": token! },
    });
    expect(ok.status).toBe(200);
    wide.child.kill("SIGTERM");
    await wide.exit;
  });

  test("--connect-version sets the reported version; content added over the control surface", async () => {
    const stateFile = join(dir, "governance-state.json");
    const r = await run(cli, [
      "--port",
      "0",
      "--admin-key",
      "k",
      "--connect-version",
      "2026.04.0",
      "--state-file",
      stateFile,
    ]);
    const headers = { Authorization: "Key k" };
    expect((await axios.get(`${r.url}/__api__/server_settings`)).data.version).toBe("2026.04.0");
    await axios.post(`${r.url}/__emulator__/content`, { name: "dash", guid: "c-1" });
    expect((await axios.get(`${r.url}/__api__/v1/content/c-1`, { headers })).data.name).toBe(
      "dash",
    );
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
    // Users, groups and content survive a restart with the integrations.
    expect(JSON.parse(readFileSync(stateFile, "utf8")).directory.content[0].guid).toBe("c-1");
  });

  test("--behaviour sets the governance answers; --help lists them; a wrong answer stops the start", async () => {
    const r = await run(cli, [
      "--port",
      "0",
      "--admin-key",
      "k",
      "--connect-version",
      "2026.04.0",
      "--behaviour",
      "permissions=rejected",
      "--behaviour",
      "multipleAssociations=replaces",
    ]);
    expect((await axios.get(`${r.url}/__emulator__/behaviour`)).data).toMatchObject({
      permissions: "rejected",
      multipleAssociations: "replaces",
    });
    r.child.kill("SIGTERM");
    await r.exit;
    const help = spawn(process.execPath, [cli, "--help"], {
      env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") },
    });
    let text = "";
    help.stdout.on("data", (d: Buffer) => (text += d.toString()));
    await new Promise((done) => help.on("exit", done));
    expect(text.replace(/\s+/g, " ")).toContain(
      "permissions=by-version|supported|rejected|ignored, multipleAssociations=by-version|allowed|rejected|replaces",
    );
    await expect(
      run(cli, ["--port", "0", "--behaviour", "multipleAssociations=sometimes"]),
    ).rejects.toThrow(
      /behaviour multipleAssociations must be one of by-version, allowed, rejected, replaces/,
    );
  });

  test("--admin-key is repeatable and rejects a lone --tls-cert", async () => {
    const r = await run(cli, ["--port", "0", "--admin-key", "a1", "--admin-key", "a2"]);
    for (const key of ["a1", "a2"]) {
      const res = await axios.post(
        `${r.url}/__api__/v1/oauth/integrations`,
        { template: "connect", config: { max_role: "Viewer" } },
        { headers: { Authorization: `Key ${key}` } },
      );
      expect(res.status).toBe(200);
    }
    r.child.kill("SIGTERM");
    await r.exit;
    await expect(run(cli, ["--port", "0", "--tls-cert", "x.pem"])).rejects.toThrow(
      /must be given together/,
    );
  });
});
