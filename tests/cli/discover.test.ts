/**
 * `pulumi-posit-connect discover` against the Connect emulator: the table, `--json`, content
 * counts from the associations endpoint, the adoption commands, read-only traffic, errors, and
 * no secret anywhere in the output.
 */
import axios from "axios";
import { execFile, spawnSync } from "child_process";
import { promisify } from "util";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { run } from "../../cli/main";
import { adoptionFor, shellQuote } from "../../cli/discover-report";

const ADMIN = "canary-discover-admin-key-4b1d";
const PUBLISHER = "canary-discover-publisher-key-9e0a";
const SECRET = "canary-discover-client-secret-77c3";
const CONTENT = ["5e1a0c3b-0000-4000-8000-00000000000a", "5e1a0c3b-0000-4000-8000-00000000000b"];

let emulator: ConnectEmulator;
let prod: string;
let pub: string;
let github: string;

async function runCli(argv: string[], env: Record<string, string | undefined> = {}) {
  let out = "";
  let err = "";
  const code = await run(
    argv,
    { out: (t) => (out += t), err: (t) => (err += t) },
    { CONNECT_SERVER: emulator.url, CONNECT_API_KEY: ADMIN, ...env },
  );
  const all = `${out}\n${err}`;
  for (const secret of [ADMIN, PUBLISHER, SECRET]) expect(all).not.toContain(secret);
  return { code, out, err };
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [ADMIN],
    publisherKeys: [PUBLISHER],
    seedDefaultIntegration: true,
    content: CONTENT.map((guid, i) => ({ name: `dashboard-${i}`, guid, appMode: "python-dash" })),
  });
  const api = axios.create({
    baseURL: `${emulator.url}/__api__/v1`,
    headers: { Authorization: `Key ${ADMIN}` },
  });
  const make = async (body: Record<string, unknown>) =>
    (await api.post("/oauth/integrations", body)).data.guid as string;
  prod = await make({
    template: "databricks",
    name: "Databricks Prod",
    description: "Workspace SSO, made by hand",
    config: {
      workspace_host: "https://dbc-1234.cloud.databricks.com",
      client_id: "client-abc",
      client_secret: SECRET,
      auth_mode: "Confidential",
      auth_type: "Viewer",
    },
  });
  pub = await make({
    template: "databricks",
    name: "Databricks Public",
    config: {
      workspace_host: "https://dbc-9.cloud.databricks.com",
      client_id: "client-public",
      auth_mode: "Public",
      auth_type: "Viewer",
    },
  });
  github = await make({
    template: "custom",
    name: "GitHub",
    config: {
      authorization_uri: "https://github.com/login/oauth/authorize",
      token_uri: "https://github.com/login/oauth/access_token",
      client_id: "gh-client",
      client_secret: SECRET,
      auth_type: "Viewer",
    },
  });
  for (const c of CONTENT) {
    await api.put(`/content/${c}/oauth/integrations/associations`, [
      { oauth_integration_guid: prod },
    ]);
  }
  emulator.clearRequests();
});
afterAll(() => emulator.close());

describe("discover", () => {
  test("the table lists every integration with its content count, reading only", async () => {
    const { code, out } = await runCli(["discover"]);
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toBe(`OAuth integrations on ${emulator.url}:`);
    expect(lines[2].split(/ {2,}/)).toEqual([
      "GUID",
      "NAME",
      "TEMPLATE",
      "AUTH TYPE",
      "CLIENT ID",
      "WORKSPACE HOST",
      "CONTENT",
    ]);
    const row = (guid: string) =>
      lines.find((l) => l.startsWith(guid))?.split(/ {2,}/) ?? "missing";
    expect(row(prod)).toEqual([
      prod,
      "Databricks Prod",
      "databricks",
      "Viewer",
      "client-abc",
      "https://dbc-1234.cloud.databricks.com",
      "2",
    ]);
    expect(row(github)).toEqual([github, "GitHub", "custom", "Viewer", "gh-client", "-", "0"]);
    const seeded = emulator.integrations().find((i) => i.template === "connect")!;
    expect(row(seeded.guid)).toEqual([
      seeded.guid,
      "Connect Visitor API Key",
      "connect",
      "Visitor API Key",
      "-",
      "-",
      "0",
    ]);
    expect(new Set(emulator.requests.map((r) => r.method))).toEqual(new Set(["GET"]));
    expect(emulator.requests.map((r) => r.route)).toEqual([
      "list",
      "associations",
      "associations",
      "associations",
      "associations",
    ]);
  });

  test("the table prints the commands that adopt each databricks integration", async () => {
    const { out } = await runCli(["discover"]);
    expect(out).toContain(
      [
        `# Adopt "Databricks Prod" (${prod}) with the root program, in its directory:`,
        `pulumi config set connectUrl ${emulator.url}`,
        "pulumi config set workspaceHost dbc-1234.cloud.databricks.com",
        "pulumi config set integrationName 'Databricks Prod'",
        "pulumi config set description 'Workspace SSO, made by hand'",
        `pulumi config set adoptIntegrationGuid ${prod}`,
        "# Then either import the Databricks app behind it (Databricks CLI with an account profile, and jq):",
        `APP="$(databricks account custom-app-integration list --output json | jq -c --arg id client-abc '.[] | select(.client_id == $id)')"`,
        `echo "$APP" | jq .`,
        `pulumi config set importAppIntegrationId "$(echo "$APP" | jq -r .integration_id)"`,
        `pulumi config set appName "$(echo "$APP" | jq -r .name)"`,
      ].join("\n"),
    );
    expect(out).toContain("# pulumi config set existingAppClientId client-abc");
    // The same adoption for an own program: DatabricksConnectOAuth arguments.
    expect(out).toContain(
      [
        "# In your own program, the same as arguments of DatabricksConnectOAuth:",
        `#   connectUrl: "${emulator.url}",`,
        '#   workspaceHost: "dbc-1234.cloud.databricks.com",',
        '#   integrationName: "Databricks Prod",',
        '#   description: "Workspace SSO, made by hand",',
        `#   adoptConnectIntegrationGuid: "${prod}",`,
        '#   importDatabricksAppId: "<its integration_id>", // or: existingApp: { clientId: "client-abc" },',
      ].join("\n"),
    );
    // A public app: the stack must say so, or the program would declare a confidential one.
    const publicBlock = out.slice(out.indexOf(`(${pub})`));
    expect(publicBlock).toContain("pulumi config set confidential false");
    expect(publicBlock).not.toContain("pulumi config set description");
    expect(out).not.toContain(`(${github})`);
  });

  test("--json carries the same facts and commands for scripts", async () => {
    const { code, out } = await runCli(["discover", "--json", "--stack", "prod"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.server).toBe(emulator.url);
    const found = parsed.integrations.find((i: { guid: string }) => i.guid === prod);
    expect(found).toMatchObject({
      name: "Databricks Prod",
      description: "Workspace SSO, made by hand",
      template: "databricks",
      authType: "Viewer",
      clientId: "client-abc",
      workspaceHost: "https://dbc-1234.cloud.databricks.com",
      authMode: "Confidential",
      contentCount: 2,
    });
    expect(found.adoption.pulumiConfig).toContain(
      `pulumi config set --stack prod adoptIntegrationGuid ${prod}`,
    );
    expect(found.adoption.leaveAppUnmanaged).toBe(
      "pulumi config set --stack prod existingAppClientId client-abc",
    );
    expect(parsed.integrations.find((i: { guid: string }) => i.guid === github).adoption).toBe(
      null,
    );
    expect(parsed.contentCountNote).toBeUndefined();
  });

  test("a publisher key still lists integrations; content counts show as unknown, with why", async () => {
    const { code, out } = await runCli(["discover", "--json"], { CONNECT_API_KEY: PUBLISHER });
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.integrations).toHaveLength(4);
    expect(
      parsed.integrations.every((i: { contentCount: unknown }) => i.contentCount === null),
    ).toBe(true);
    expect(parsed.contentCountNote).toMatch(/administrator API key/);
    const table = await runCli(["discover"], { CONNECT_API_KEY: PUBLISHER });
    expect(table.out).toMatch(/CONTENT "\?": Content counts need an administrator API key/);
  });

  test("flags override the environment", async () => {
    const { code, out } = await runCli(
      ["discover", "--server", `${emulator.url}/`, "--api-key", ADMIN, "--json"],
      { CONNECT_SERVER: "http://127.0.0.1:9", CONNECT_API_KEY: "wrong" },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).server).toBe(emulator.url);
  });

  test("missing or bad settings fail with what to do", async () => {
    const noServer = await runCli(["discover"], { CONNECT_SERVER: undefined });
    expect(noServer.code).toBe(1);
    expect(noServer.err).toBe(
      "pulumi-posit-connect discover: no Connect URL: pass --server https://connect.example.org or set CONNECT_SERVER.\n",
    );
    const noKey = await runCli(["discover"], { CONNECT_API_KEY: undefined });
    expect(noKey.code).toBe(1);
    expect(noKey.err).toMatch(/no Connect API key: set CONNECT_API_KEY/);
    const badUrl = await runCli(["discover", "--server", "connect.example.org"]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toMatch(/--server "connect.example.org" is not a URL/);
    const badKey = await runCli(["discover"], { CONNECT_API_KEY: "canary-not-a-key-3311" });
    expect(badKey.code).toBe(1);
    expect(badKey.err).toMatch(/GET \/__api__\/v1\/oauth\/integrations returned HTTP 401/);
    expect(badKey.err).not.toContain("canary-not-a-key-3311");
    // Advice in this command's terms, not a Pulumi program's.
    expect(badKey.err).toContain("--api-key <key> or the CONNECT_API_KEY environment variable");
    expect(badKey.err).not.toMatch(/pulumi config set|--run-program/);
    const unknown = await runCli(["discover", "--frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown option '--frobnicate'/);
  });

  test("the installed bin runs it (dist/cli/main.js, as npx does)", async () => {
    const bin = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"),
    ).bin["pulumi-posit-connect"];
    const main = path.join(__dirname, "..", "..", bin);
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first.`);
    expect(fs.readFileSync(main, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
    // Asynchronous: the emulator answers from this process's event loop.
    const r = await promisify(execFile)(process.execPath, [main, "discover", "--json"], {
      env: { ...process.env, CONNECT_SERVER: emulator.url, CONNECT_API_KEY: ADMIN },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).integrations.map((i: { guid: string }) => i.guid)).toContain(prod);
  });
});

describe("plain HTTP and error hints (issue 19 item 7)", () => {
  test("CONNECT_SERVER=http://<another host> is refused before any connection, naming the CLI's settings", async () => {
    const connects = jest.spyOn(net.Socket.prototype, "connect").mockImplementation(() => {
      throw new Error("a connection was attempted");
    });
    try {
      const { code, err } = await runCli(["discover"], {
        CONNECT_SERVER: "http://connect.example.org",
      });
      expect(code).toBe(1);
      expect(err).toContain("--server / CONNECT_SERVER");
      expect(err).toContain("--allow-insecure-http");
      expect(err).not.toContain("posit-connect:");
      expect(connects).not.toHaveBeenCalled();
    } finally {
      connects.mockRestore();
    }
  });

  test("a connection error names --server / CONNECT_SERVER, not the provider's settings", async () => {
    const closed = await startEmulator({ adminKeys: [ADMIN] });
    const url = closed.url;
    await closed.close();
    const { code, err } = await runCli(["discover", "--timeout", "2"], { CONNECT_SERVER: url });
    expect(code).toBe(1);
    expect(err).toContain("--server (CONNECT_SERVER)");
    expect(err).not.toMatch(/posit-connect:url|connectUrl/);
  });
});

describe("the printed import line with a hostile client id (issue 19 item 14)", () => {
  test.each(["it's", "x')\"; touch /tmp/pwned-by-discover; echo ('", "$(id)", "a b"])(
    "%j reaches jq as data: the line runs and selects exactly that app",
    (clientId) => {
      const adoption = adoptionFor("https://connect.example.org", {
        guid: "g",
        name: "n",
        description: null,
        template: "databricks",
        authType: "Viewer",
        clientId,
        workspaceHost: null,
        authMode: null,
        contentCount: null,
        createdTime: "",
      });
      const apps = JSON.stringify([
        { client_id: "other", integration_id: "wrong" },
        { client_id: clientId, integration_id: "right" },
      ]);
      // A stand-in `databricks` that prints the account's apps; real bash and jq run the line.
      const script = [
        `databricks() { printf '%s' ${shellQuote(apps)}; }`,
        adoption!.importApp[0],
        `printf '%s' "$APP"`,
      ].join("\n");
      const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toEqual({ client_id: clientId, integration_id: "right" });
    },
  );
});

describe("shellQuote", () => {
  test.each([
    ["plain-value_1.2:3/4", "plain-value_1.2:3/4"],
    ["two words", "'two words'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
    ["", "''"],
  ])("%j -> %s", (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
    const echoed = spawnSync("sh", ["-c", `printf %s ${quoted}`], { encoding: "utf8" }).stdout;
    expect(echoed).toBe(value);
  });
});
