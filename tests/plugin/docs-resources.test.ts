// The YAML and Python examples of docs/resources/ (tests/plugin/fixtures/docs-resources/, shown
// verbatim by the docs: docs-examples.test.ts) are checked for real, each with a misspelt
// copy that must fail, so a check that passes everything is caught:
// - Python: byte-compiled, then read with `ast` against an SDK generated from the schema the
//   plugin serves (check-python-examples.py): classes, keyword arguments, required inputs and
//   outputs read must all exist;
// - YAML: checked against the schema (yaml-schema-check.ts), then previewed through the real
//   engine, the YAML language host and the plugin, against both emulators.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { packageSchema } from "../../plugin/schema";
import { toolsBinDir } from "../../scripts/pulumi-setup";
import type { PulumiCli } from "../support/pulumi-cli";
import { REPO, setConfig, setSecret } from "../e2e/helpers";
import { chosenSecrets, tearDown } from "../e2e/mission-helpers";
import { DOCS_FIXTURES, RESOURCE_EXAMPLES } from "./doc-examples";
import { checkYamlProgram, yamlProgram, type PackageSchema } from "./yaml-schema-check";
import { createYamlProjectCli } from "./yaml-project";

jest.setTimeout(15 * 60 * 1000);

const SCHEMA = packageSchema("0.0.0") as unknown as PackageSchema;
const CHECKER = path.join(__dirname, "check-python-examples.py");
const USER_PLUGIN_REF = "./node_modules/pulumi-posit-connect/plugin";
const fixture = (dir: string, file: string) => path.join(DOCS_FIXTURES, dir, file);
const read = (file: string) => fs.readFileSync(file, "utf8");

/** `text` with `from` replaced once; throws if `from` is absent, so a mutation never no-ops. */
function mutate(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`mutation target "${from}" not in the example`);
  return text.replace(from, to);
}

test("every resource of the schema has a YAML and a Python example in docs/resources/", () => {
  expect(RESOURCE_EXAMPLES.map((e) => e.token).sort()).toEqual(
    Object.keys(SCHEMA.resources).sort(),
  );
  for (const e of RESOURCE_EXAMPLES) {
    expect(fs.existsSync(fixture(e.dir, "Pulumi.yaml"))).toBe(true);
    expect(fs.existsSync(fixture(e.dir, "__main__.py"))).toBe(true);
    // Each example uses the resource it illustrates.
    expect(read(fixture(e.dir, "Pulumi.yaml"))).toContain(`type: ${e.token}`);
  }
});

describe("YAML examples match the plugin schema", () => {
  it.each(RESOURCE_EXAMPLES.map((e) => e.dir))("%s/Pulumi.yaml", (dir) => {
    const text = read(fixture(dir, "Pulumi.yaml"));
    expect(checkYamlProgram(text, SCHEMA)).toEqual([]);
    // The docs show what a user writes: the plugin from the installed npm package.
    expect(text).toContain(`posit-connect: ${USER_PLUGIN_REF}\n`);
  });

  it.each([
    path.join("examples", "yaml", "Pulumi.yaml"),
    path.join("tests", "plugin", "fixtures", "yaml-explicit-provider", "Pulumi.yaml"),
  ])("%s (the other YAML programs)", (file) => {
    expect(checkYamlProgram(read(path.join(REPO, file)), SCHEMA)).toEqual([]);
  });

  // Each misspelling must be reported, naming what is wrong.
  it.each([
    ["databricks-connect-oauth", "workbenchUrl:", "workbenchURL:", 'no property "workbenchURL"'],
    [
      "databricks-connect-oauth",
      "type: posit-connect:databricks:OAuth",
      "type: posit-connect:databricks:Oauth",
      "posit-connect:databricks:Oauth is not a resource of the schema",
    ],
    [
      "databricks-connect-oauth",
      "${databricks.clientSecret}",
      "${databricks.secret}",
      'has no output "secret"',
    ],
    [
      "databricks-connect-service-account",
      "everyDays: 90",
      "everyDay: 90",
      'rotation: no property "everyDay"',
    ],
    [
      "databricks-connect-service-account",
      "      workspaceHost: ${workspaceHost}\n",
      "",
      'required property "workspaceHost" is missing',
    ],
    [
      "connect-oauth-integration",
      "- groupGuid:",
      "- group_guid:",
      'permissions[0]: no property "group_guid"',
    ],
    [
      "connect-content-integration",
      "integrationGuid: ${github.guid}",
      "integrationGuid: ${github.id}",
      'has no output "id"',
    ],
    [
      "connect-content-integrations",
      "contentGuid: ${salesDashboardGuid}",
      "contentGuid: ${salesDashboard}",
      "${salesDashboard} is neither a config key nor a resource",
    ],
  ])("%s: %s -> %s is reported", (dir, from, to, message) => {
    const problems = checkYamlProgram(mutate(read(fixture(dir, "Pulumi.yaml")), from, to), SCHEMA);
    expect(problems.join("\n")).toContain(message);
  });
});

function python(args: string[], cwd: string) {
  // Byte code goes to the scratch directory, not into __pycache__ folders in the repository.
  const env = { ...process.env, PYTHONPYCACHEPREFIX: path.join(cwd, "pycache") };
  return spawnSync("python3", args, { cwd, env, encoding: "utf8", timeout: 120_000 });
}

describe("Python examples against the generated Python SDK", () => {
  let work: string;
  let sdk: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "posit-connect-docs-python-"));
    // The schema the plugin serves is packageSchema (sdks.test.ts checks that through the engine).
    const schemaFile = path.join(work, "schema.json");
    fs.writeFileSync(schemaFile, JSON.stringify(packageSchema("0.0.0")));
    sdk = path.join(work, "sdk");
    const gen = spawnSync(path.join(toolsBinDir(), "pulumi-sdkgen"), [schemaFile, "python", sdk], {
      encoding: "utf8",
      timeout: 120_000,
    });
    if (gen.status !== 0) throw new Error(`pulumi-sdkgen failed: ${gen.stdout}${gen.stderr}`);
  });

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const examples = () => [
    ...RESOURCE_EXAMPLES.map((e) => fixture(e.dir, "__main__.py")),
    path.join(REPO, "examples", "python", "__main__.py"),
  ];

  it("every example byte-compiles", () => {
    const r = python(["-m", "py_compile", ...examples()], work);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("every class, keyword argument and output the examples use exists in the SDK", () => {
    const r = python([CHECKER, sdk, ...examples()], work);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 0,
      stdout: expect.stringMatching(
        new RegExp(`^checked ${examples().length} examples against \\d+ SDK classes\n$`),
      ),
      stderr: "",
    });
  });

  it.each([
    [
      "databricks-connect-oauth",
      "workbench_url=",
      "workbench_uri=",
      "OAuth has no parameter 'workbench_uri'",
    ],
    [
      "databricks-connect-oauth",
      "access_token_ttl_in_minutes=",
      "access_token_ttl=",
      "TokenAccessPolicyArgs has no parameter 'access_token_ttl'",
    ],
    [
      "databricks-connect-oauth",
      "oauth.client_secret)",
      "oauth.secret)",
      "OAuth has no output 'secret'",
    ],
    [
      "databricks-connect-service-account",
      "databricks.ServiceAccount(",
      "databricks.ServicePrincipal(",
      "pulumi_posit_connect.databricks.ServicePrincipal is not a class of the generated SDK",
    ],
    [
      "databricks-connect-service-account",
      "every_days=90",
      "days=90",
      "SecretRotationArgs needs 'every_days'",
    ],
    [
      "connect-oauth-integration",
      '    template="custom",\n',
      "",
      "ConnectOAuthIntegration needs 'template'",
    ],
    [
      "connect-oauth-integration",
      "PermissionArgs(group_guid=",
      "PermissionArgs(groupGuid=",
      "PermissionArgs has no parameter 'groupGuid'",
    ],
    [
      "connect-content-integration",
      "integration_guid=github.guid",
      "integration_guid=github.id",
      "ConnectOAuthIntegration has no output 'id'",
    ],
    [
      "connect-content-integrations",
      "integration_guids=",
      "integrations=",
      "ConnectContentIntegrations has no parameter 'integrations'",
    ],
  ])("%s: %s -> %s is reported", (dir, from, to, message) => {
    const bad = path.join(work, `${dir}.py`);
    fs.writeFileSync(bad, mutate(read(fixture(dir, "__main__.py")), from, to));
    const r = python([CHECKER, sdk, bad], work);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(message);
  });

  it("also follows `from pulumi_posit_connect… import …`", () => {
    const program = path.join(work, "from-import.py");
    fs.writeFileSync(
      program,
      [
        "from pulumi_posit_connect.databricks import ServiceAccount, SecretRotationArgs",
        "from pulumi_posit_connect import databricks",
        'a = ServiceAccount("a", connect_url="u", workspace_host="h", rotation=SecretRotationArgs(every_days=1))',
        'b = databricks.OAuth("b", connect_url="u", workspace_host="h")',
        "print(a.application_id, b.client_id)",
        "",
      ].join("\n"),
    );
    expect(python([CHECKER, sdk, program], work).status).toBe(0);
    fs.writeFileSync(
      program,
      read(program).replace("every_days=1", "everyDays=1").replace("b.client_id", "b.clientId"),
    );
    const r = python([CHECKER, sdk, program], work);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("SecretRotationArgs has no parameter 'everyDays'");
    expect(r.stdout).toContain("OAuth has no output 'clientId'");
  });
});

describe("YAML examples preview through the engine (YAML host + the plugin, both emulators)", () => {
  const SECRETS = chosenSecrets();
  const WORKSPACE = "dbc-docs-1234.cloud.databricks.com";
  let connect: ConnectEmulator;
  let dbx: DatabricksEmulator;
  const clis: PulumiCli[] = [];

  const GROUP = "5b1f0c9e-2d3a-4e8b-9f60-1a2b3c4d5e6f";
  const DASHBOARD = "9c8b7a65-4321-4fed-8cba-0987654321fe";

  beforeAll(async () => {
    connect = await startEmulator({
      adminKeys: [SECRETS.connectApiKey],
      seedDefaultIntegration: false,
      // Integration permissions need 2026.04.0; the examples' group and interactive dashboard.
      version: "2026.04.0",
      groups: [{ name: "data-science", guid: GROUP }],
      content: [{ name: "sales-dashboard", guid: DASHBOARD, appMode: "python-dash" }],
    });
    dbx = await startDatabricksEmulator({
      admin: { clientId: "docs-admin-sp", clientSecret: SECRETS.databricksAdminSecret },
    });
  });

  afterAll(async () => {
    for (const cli of clis) cli.cleanup();
    await tearDown({ connect, dbx });
  });

  /** A stack of the example `dir` (its Pulumi.yaml as `text`) with every key it declares set. */
  async function stackOf(dir: string, text?: string): Promise<PulumiCli> {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), `posit-connect-docs-${dir}-`));
    fs.writeFileSync(path.join(source, "Pulumi.yaml"), text ?? read(fixture(dir, "Pulumi.yaml")));
    const cli = await createYamlProjectCli(source, USER_PLUGIN_REF);
    fs.rmSync(source, { recursive: true, force: true });
    clis.push(cli);
    await cli.runOk(["stack", "init", "docs"]);
    const values: Record<string, string> = {
      connectUrl: connect.url,
      workspaceHost: WORKSPACE,
      dataScienceGroupGuid: GROUP,
      salesDashboardGuid: DASHBOARD,
    };
    const declared = Object.keys(
      yamlProgram(read(path.join(cli.projectDir, "Pulumi.yaml"))).config ?? {},
    );
    for (const key of declared) {
      if (key === "githubClientSecret") await setSecret(cli, "docs", key, "docs-github-secret");
      else if (values[key]) await setConfig(cli, "docs", key, values[key]);
      else throw new Error(`no test value for config key ${key} of ${dir}`);
    }
    await setSecret(cli, "docs", "posit-connect:apiKey", SECRETS.connectApiKey);
    await setConfig(cli, "docs", "databricks:host", dbx.url);
    await setConfig(cli, "docs", "databricks:accountId", dbx.accountId);
    await setConfig(cli, "docs", "databricks:clientId", dbx.admin.clientId);
    await setSecret(cli, "docs", "databricks:clientSecret", dbx.admin.clientSecret);
    return cli;
  }

  it.each(RESOURCE_EXAMPLES.map((e) => [e.dir, e.token, e.child]))(
    "%s previews the creation of its %s and the plugin's %s",
    async (dir, token, child) => {
      const cli = await stackOf(dir);
      const preview = await cli.runOk(["preview", "--stack", "docs", "--non-interactive"]);
      expect(preview.stdout).toMatch(new RegExp(`\\+ +${token} \\w+ create`));
      expect(preview.stdout).toMatch(new RegExp(`\\+ +${child} \\w+`));
      expect(preview.stdout).toMatch(/\+ \d+ to create/);
      // A preview writes nothing.
      expect(connect.integrations()).toEqual([]);
    },
  );

  it("a misspelt property fails the preview, naming it", async () => {
    const text = mutate(
      read(fixture("connect-content-integrations", "Pulumi.yaml")),
      "integrationGuids:",
      "integrationGuid:",
    );
    const cli = await stackOf("connect-content-integrations", text);
    const preview = await cli.run(["preview", "--stack", "docs", "--non-interactive"]);
    expect(preview.code).not.toBe(0);
    // The YAML host's type check against the schema, before anything is constructed.
    expect(`${preview.stdout}${preview.stderr}`).toContain(
      "integrationGuids: Missing required property 'integrationGuids'",
    );
  });

  // The Connect-only examples need nothing but Connect, so they also run for real: the first
  // run of these components through the plugin (the Databricks ones run in yaml-program and
  // yaml-provider tests).
  it.each(["connect-oauth-integration", "connect-content-integration"])(
    "%s: up creates it in Connect, a second up changes nothing, destroy removes it",
    async (dir) => {
      const cli = await stackOf(dir);
      await cli.runOk(["up", "--yes", "--stack", "docs"]);
      const integrations = connect.integrations();
      expect(integrations.map((i) => [i.name, i.template, i.config.client_id])).toEqual([
        ["GitHub", "custom", "Iv1.0123456789"],
      ]);
      const guid = integrations[0].guid;
      expect(connect.secretsOf(guid)?.client_secret).toBe("docs-github-secret");
      if (dir === "connect-oauth-integration") {
        expect(connect.permissionsOf(guid)?.map((p) => p.group_guid)).toEqual([GROUP]);
      } else {
        expect(connect.associationsOf(DASHBOARD)).toEqual([guid]);
      }
      await cli.runOk(["up", "--yes", "--stack", "docs", "--expect-no-changes"]);
      await cli.runOk(["destroy", "--yes", "--stack", "docs"]);
      expect(connect.integrations()).toEqual([]);
      expect(connect.associationsOf(DASHBOARD)).toEqual([]);
    },
  );
});
