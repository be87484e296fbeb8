/**
 * Runs the real Databricks emulator CLI in a child process. The emulator sources are transpiled on
 * the fly (no type check) so the test does not depend on a prior `npm run build`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import axios from "axios";
import { transpileEmulator } from "../support/transpile-emulator";
import { basic } from "./support";

const ROOT = resolve(__dirname, "../..");

function transpile(outDir: string): string {
  return join(transpileEmulator(outDir), "databricks", "cli.js");
}

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
  exit: Promise<number | null>;
}

async function run(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      ...process.env,
      NODE_PATH: join(ROOT, "node_modules"),
      DATABRICKS_CLIENT_ID: "",
      DATABRICKS_CLIENT_SECRET: "",
      ...env,
    },
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

async function token(url: string, accountId: string, clientId: string, secret: string) {
  return axios.post(
    `${url}/oidc/accounts/${accountId}/v1/token`,
    "grant_type=client_credentials&scope=all-apis",
    {
      headers: {
        Authorization: basic(clientId, secret),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      validateStatus: () => true,
    },
  );
}

describe("Databricks emulator CLI", () => {
  let dir: string;
  let cli: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dbx-cli-"));
    cli = transpile(join(dir, "dist"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("prints URL, account, generated admin credentials, workspaces and config lines; SIGTERM stops it", async () => {
    const r = await run(cli, ["--port", "0", "--workspace", "1111:dbc-a", "--workspace", "2222"]);
    const out = r.output();
    expect(out).toMatch(/EMULATOR/);
    const accountId = /Account id:\s+(\S+)/.exec(out)?.[1] ?? "";
    const clientId = /Admin client:\s+(\S+)/.exec(out)?.[1] ?? "";
    const secret = /Admin secret:\s+(\S+)\s+\(generated/.exec(out)?.[1] ?? "";
    expect(secret).toMatch(/^dose[0-9a-f]{32}$/);
    expect(out).toContain(`pulumi config set databricks:host ${r.url}`);
    expect(out).toContain(`pulumi config set databricks:accountId ${accountId}`);
    expect(out).toMatch(/Workspace:\s+1111 dbc-a http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/Workspace:\s+2222 dbc-emulator-2222 http/);
    const res = await token(r.url, accountId, clientId, secret);
    expect(res.status).toBe(200);
    const list = await axios.get(
      `${r.url}/api/2.0/accounts/${accountId}/oauth2/custom-app-integrations`,
      { headers: { Authorization: `Bearer ${res.data.access_token}` } },
    );
    expect(list.data).toEqual({ apps: [] });
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
  });

  test("takes credentials from DATABRICKS_* without echoing the secret, keeps --state-file, stops on SIGINT", async () => {
    const stateFile = join(dir, "state.json");
    const env = {
      DATABRICKS_CLIENT_ID: "env-admin",
      DATABRICKS_CLIENT_SECRET: "canary-env-secret",
    };
    const r = await run(
      cli,
      ["--port", "0", "--state-file", stateFile, "--account-id", "acc-1"],
      env,
    );
    expect(r.output()).toContain("Admin client:  env-admin");
    expect(r.output()).not.toContain("canary-env-secret");
    const res = await token(r.url, "acc-1", "env-admin", "canary-env-secret");
    await axios.post(
      `${r.url}/api/2.0/accounts/acc-1/oauth2/custom-app-integrations`,
      { name: "kept", scopes: ["all-apis"], confidential: true },
      { headers: { Authorization: `Bearer ${res.data.access_token}` } },
    );
    r.child.kill("SIGINT");
    expect(await r.exit).toBe(0);
    const saved = readFileSync(stateFile, "utf8");
    expect(JSON.parse(saved).apps[0].name).toBe("kept");
    expect(saved).not.toContain("canary-env-secret");
  });

  test("bound beyond loopback, the control surface needs the token printed at start (issue 19 item 13)", async () => {
    const wide = await run(cli, ["--port", "0", "--host", "0.0.0.0"]);
    const token = /x-emulator-control-token: ([0-9a-f]{32})\)/.exec(wide.output())?.[1];
    expect(token).toBeDefined();
    const local = wide.url.replace("0.0.0.0", "127.0.0.1");
    const refused = await axios.get(`${local}/__emulator__/state`, { validateStatus: () => true });
    expect(refused.status).toBe(401);
    const ok = await axios.get(`${local}/__emulator__/state`, {
      headers: { "x-emulator-control-token": token! },
    });
    expect(ok.status).toBe(200);
    wide.child.kill("SIGTERM");
    await wide.exit;
  });

  test("rejects a malformed --workspace", async () => {
    await expect(run(cli, ["--port", "0", "--workspace", "abc"])).rejects.toThrow(
      /expected <id> or <id>:<name>/,
    );
  });
});
