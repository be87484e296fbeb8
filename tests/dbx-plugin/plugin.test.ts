// The stand-in pulumi-resource-databricks (testing/databricks-plugin/) spoken to over gRPC the
// way the engine speaks to it: the compiled plugin runs as a child process, prints its port, and
// each test sends provider-protocol requests; the Databricks account emulator answers its HTTP.
// The engine scenarios (tests/e2e/mission.test.ts) cover the same plugin through the real CLI.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { repoRoot } from "../../scripts/pulumi-setup";

const ROOT = repoRoot();
const MAIN = path.join(ROOT, "dist", "testing", "databricks-plugin", "main.js");
const APP = "databricks:index/customAppIntegration:CustomAppIntegration";
const URN = `urn:pulumi:dev::proj::posit-connect:databricks:OAuth$${APP}::my-app`;
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const ADMIN_SECRET = "canary-plugin-admin-secret-do-not-leak";

type Client = providerGrpc.ResourceProviderClient;

interface Plugin {
  child: ChildProcess;
  client: Client;
  stderr: () => string;
}

async function startPlugin(env: NodeJS.ProcessEnv = {}): Promise<Plugin> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first.`);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("DATABRICKS_")),
  );
  const child = spawn(process.execPath, [MAIN, "127.0.0.1:1"], {
    env: { ...clean, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const line = out.split("\n");
      if (line.length > 1) resolve(Number(line[0]));
    });
    child.on("exit", (code) => reject(new Error(`plugin exited ${code}: ${stderr}`)));
  });
  const client = new providerGrpc.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return { child, client, stderr: () => stderr };
}

function rpc<Req, Res>(client: Client, method: keyof Client, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (
      client[method] as unknown as (
        r: Req,
        cb: (e: grpc.ServiceError | null, r: Res) => void,
      ) => void
    ).call(client, req, (e, r) => (e ? reject(e) : resolve(r)));
  });
}

const struct = (o: Record<string, unknown>) => Struct.fromJavaScript(o as never);
const secret = (value: unknown) => ({ [SIG]: SECRET_VALUE, value });
const js = (s: Struct | undefined) => (s?.toJavaScript() ?? {}) as Record<string, unknown>;

function configureRequest(args: Record<string, unknown>) {
  return new providerPb.ConfigureRequest()
    .setArgs(struct(args))
    .setAcceptsecrets(true)
    .setType("pulumi:providers:databricks");
}

describe("stand-in pulumi-resource-databricks over gRPC", () => {
  let dbx: DatabricksEmulator;
  let plugin: Plugin;
  const admin = { clientId: "plugin-test-admin", clientSecret: ADMIN_SECRET };
  const config = () => ({
    host: dbx.url,
    accountId: dbx.accountId,
    clientId: admin.clientId,
    clientSecret: secret(admin.clientSecret),
    retryTimeoutSeconds: "20",
    version: "1.110.0",
  });

  beforeAll(async () => {
    dbx = await startDatabricksEmulator({ admin });
    plugin = await startPlugin();
    await rpc(plugin.client, "configure", configureRequest(config()));
  });

  afterAll(async () => {
    plugin?.client.close();
    plugin?.child.kill("SIGTERM");
    await dbx?.close();
  });

  beforeEach(() => {
    dbx.clearRequests();
    dbx.clearFaults();
  });

  const check = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
    rpc<providerPb.CheckRequest, providerPb.CheckResponse>(
      plugin.client,
      "check",
      new providerPb.CheckRequest()
        .setUrn(URN)
        .setName("my-app")
        .setType(APP)
        .setNews(struct(news))
        .setOlds(struct(olds))
        .setRandomseed(new Uint8Array([1, 2, 3])),
    );
  const create = (props: Record<string, unknown>) =>
    rpc<providerPb.CreateRequest, providerPb.CreateResponse>(
      plugin.client,
      "create",
      new providerPb.CreateRequest().setUrn(URN).setType(APP).setProperties(struct(props)),
    );
  const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
    rpc<providerPb.DiffRequest, providerPb.DiffResponse>(
      plugin.client,
      "diff",
      new providerPb.DiffRequest()
        .setUrn(URN)
        .setType(APP)
        .setId("x")
        .setOlds(struct(olds))
        .setNews(struct(news)),
    );

  /** The @pulumi/databricks this package depends on: the lower bound of package.json's range. */
  const dependedOn = (): string => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    return pkg.dependencies["@pulumi/databricks"].replace(/^[\^~>=\s]+/, "");
  };
  const installed = (): string =>
    (
      JSON.parse(fs.readFileSync(require.resolve("@pulumi/databricks/package.json"), "utf8")) as {
        version: string;
      }
    ).version;

  test("reports the @pulumi/databricks version it models: the one this package depends on", async () => {
    const info = await rpc<emptyPb.Empty, { getVersion(): string }>(
      plugin.client,
      "getPluginInfo",
      new emptyPb.Empty(),
    );
    // If this fails after the dependency was raised, re-read the schema and Terraform resource
    // for the modules in testing/databricks-plugin/resources/, then bump MODELLED_VERSION.
    expect(info.getVersion()).toBe(dependedOn());
  });

  test("its CustomAppIntegration properties are the published SDK's", () => {
    const dts = fs.readFileSync(
      require.resolve("@pulumi/databricks/customAppIntegration.d.ts"),
      "utf8",
    );
    const declared = [...dts.matchAll(/readonly (\w+): pulumi\.Output/g)].map((m) => m[1]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { customAppIntegration } = require(
      path.join(
        ROOT,
        "dist",
        "testing",
        "databricks-plugin",
        "resources",
        "custom-app-integration.js",
      ),
    ) as { customAppIntegration: { properties: Record<string, unknown> } };
    const modelled = Object.keys(customAppIntegration.properties).sort();
    // Exactly the SDK's at the modelled version; a newer SDK (the matrix's latest legs) may add.
    if (installed() === dependedOn()) expect(modelled).toEqual(declared.sort());
    else expect(declared).toEqual(expect.arrayContaining(modelled));
  });

  test("Check: TTL ranges and unknown inputs fail at preview, naming the property", async () => {
    const r = await check({
      name: "a",
      scopes: ["all-apis"],
      tokenAccessPolicy: { accessTokenTtlInMinutes: 2, refreshTokenTtlInMinutes: 200000 },
      redirectUrl: "https://typo.example.org",
    });
    const failures = r
      .getFailuresList()
      .map((f) => [f.getProperty(), f.getReason()])
      .sort(([a], [b]) => a.localeCompare(b));
    expect(failures).toEqual([
      ["redirectUrl", expect.stringContaining("redirectUrl is not an input of this resource")],
      [
        "tokenAccessPolicy.accessTokenTtlInMinutes",
        "expected tokenAccessPolicy.accessTokenTtlInMinutes to be in the range (5 - 1440), got 2",
      ],
      [
        "tokenAccessPolicy.refreshTokenTtlInMinutes",
        "expected tokenAccessPolicy.refreshTokenTtlInMinutes to be in the range (5 - 129600), got 200000",
      ],
    ]);
    expect(dbx.requests).toEqual([]);
  });

  test("Check: an unset name is auto-named once and then kept", async () => {
    const first = js((await check({ scopes: ["all-apis"] })).getInputs());
    expect(first.name).toMatch(/^my-app-[0-9a-f]{7}$/);
    const again = js((await check({ scopes: ["sql"] }, first)).getInputs());
    expect(again.name).toBe(first.name);
  });

  test("Diff: name and confidential replace; lists and token policy update in place", async () => {
    const olds = {
      name: "a",
      confidential: true,
      scopes: ["all-apis"],
      redirectUrls: ["https://c/cb"],
      clientId: "cid",
      clientSecret: secret("s"),
    };
    const same = await diff(olds, {
      name: "a",
      confidential: true,
      scopes: ["all-apis"],
      redirectUrls: ["https://c/cb"],
    });
    expect(same.getChanges()).toBe(providerPb.DiffResponse.DiffChanges.DIFF_NONE);
    const renamed = await diff(olds, { ...olds, name: "b" });
    expect(renamed.getReplacesList()).toEqual(["name"]);
    const publicApp = await diff(olds, { ...olds, confidential: false });
    expect(publicApp.getReplacesList()).toEqual(["confidential"]);
    const scopes = await diff(olds, {
      ...olds,
      scopes: ["sql"],
      tokenAccessPolicy: { accessTokenTtlInMinutes: 60 },
    });
    expect(scopes.getChanges()).toBe(providerPb.DiffResponse.DiffChanges.DIFF_SOME);
    expect(scopes.getReplacesList()).toEqual([]);
    expect(scopes.getDiffsList().sort()).toEqual(["scopes", "tokenAccessPolicy"]);
  });

  test("Diff: a replacement of an app whose name the program set is delete-first, as the bridge answers; an autonamed one is not", async () => {
    // pulumi-terraform-bridge nameRequiresDeleteBeforeReplace: Check records autonamed inputs in
    // `__defaults`; a replacing diff whose name is not among them asks to delete first.
    const named = js((await check({ name: "set-by-program" })).getInputs());
    expect(named.__defaults).toEqual([]);
    const autonamed = js((await check({})).getInputs());
    expect(autonamed.__defaults).toEqual(["name"]);
    const olds = { name: "a", confidential: true, clientId: "cid" };
    const replaceNamed = await diff(olds, { ...olds, confidential: false, __defaults: [] });
    expect(replaceNamed.getDeletebeforereplace()).toBe(true);
    const replaceAuto = await diff(olds, { ...olds, confidential: false, __defaults: ["name"] });
    expect(replaceAuto.getDeletebeforereplace()).toBe(false);
    const update = await diff(olds, { ...olds, scopes: ["sql"], __defaults: [] });
    expect(update.getDeletebeforereplace()).toBe(false);
  });

  test("CRUD against the account API: secret once, documented paths only, 404 means gone", async () => {
    const inputs = {
      name: "plugin-crud",
      confidential: true,
      redirectUrls: ["https://connect.example.org/__oauth__/integrations/callback"],
      scopes: ["all-apis", "offline_access"],
      tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 1440 },
    };
    // Preview: no request, computed outputs unknown.
    const preview = await rpc<providerPb.CreateRequest, providerPb.CreateResponse>(
      plugin.client,
      "create",
      new providerPb.CreateRequest()
        .setUrn(URN)
        .setType(APP)
        .setProperties(struct(inputs))
        .setPreview(true),
    );
    expect(js(preview.getProperties()).clientId).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(dbx.requests).toEqual([]);

    const created = await create(inputs);
    const id = created.getId();
    const state = js(created.getProperties());
    const app = dbx.snapshot().customAppIntegrations.find((a) => a.integration_id === id);
    expect(app).toMatchObject({ name: "plugin-crud", confidential: true, scopes: inputs.scopes });
    expect(state).toMatchObject({
      integrationId: id,
      clientId: app!.client_id,
      name: "plugin-crud",
      tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 1440 },
    });
    const wrapped = state.clientSecret as Record<string, unknown>;
    expect(wrapped[SIG]).toBe(SECRET_VALUE);
    expect(dbx.checkClientSecret(app!.client_id, wrapped.value as string)).toBe(true);

    // Update sends only the updatable fields.
    dbx.clearRequests();
    const updated = await rpc<providerPb.UpdateRequest, providerPb.UpdateResponse>(
      plugin.client,
      "update",
      new providerPb.UpdateRequest()
        .setUrn(URN)
        .setType(APP)
        .setId(id)
        .setOlds(struct(state))
        .setNews(struct({ ...inputs, scopes: ["sql"] })),
    );
    const patch = dbx.requests.find((q) => q.route === "apps.update");
    expect(patch?.body).toEqual({
      redirect_urls: inputs.redirectUrls,
      scopes: ["sql"],
      token_access_policy: { access_token_ttl_in_minutes: 60, refresh_token_ttl_in_minutes: 1440 },
    });
    // The secret GET never returns is carried over.
    expect((js(updated.getProperties()).clientSecret as Record<string, unknown>).value).toBe(
      wrapped.value,
    );

    // Read after an out-of-band delete: an empty id tells the engine it is gone.
    expect(dbx.deleteCustomAppIntegration(id)).toBe(true);
    const read = await rpc<providerPb.ReadRequest, providerPb.ReadResponse>(
      plugin.client,
      "read",
      new providerPb.ReadRequest().setUrn(URN).setType(APP).setId(id).setProperties(struct(state)),
    );
    expect(read.getId()).toBe("");
    // Deleting what is already gone succeeds.
    await rpc(
      plugin.client,
      "delete",
      new providerPb.DeleteRequest().setUrn(URN).setType(APP).setId(id),
    );

    const known = new Set(["token", "apps.create", "apps.get", "apps.update", "apps.delete"]);
    expect(dbx.requests.filter((q) => !known.has(q.route))).toEqual([]);
  });

  test("Read on import (an id, no state): the app's secret is null in state and absent from inputs, as after the bridge's import", async () => {
    const created = await create({ name: "plugin-import", confidential: true, scopes: ["sql"] });
    const id = created.getId();
    const secret = (js(created.getProperties()).clientSecret as Record<string, unknown>).value;
    expect(typeof secret).toBe("string");
    const read = await rpc<providerPb.ReadRequest, providerPb.ReadResponse>(
      plugin.client,
      "read",
      new providerPb.ReadRequest().setUrn(URN).setType(APP).setId(id),
    );
    expect(read.getId()).toBe(id);
    const state = js(read.getProperties());
    const inputs = js(read.getInputs());
    expect(state).toMatchObject({ integrationId: id, name: "plugin-import", confidential: true });
    // Databricks returns the secret on create only; an import cannot know it. The bridge
    // records the unset attribute as null: an absent key would be unknown in every preview.
    expect(state).toHaveProperty("clientSecret", null);
    expect(inputs).not.toHaveProperty("clientSecret");
    expect(JSON.stringify([state, inputs])).not.toContain(secret as string);
  });

  test("429 with Retry-After is retried; the create lands once", async () => {
    dbx.addFault({
      route: "apps.create",
      fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
      times: 2,
    });
    const created = await create({ name: "plugin-429", scopes: ["all-apis"] });
    expect(dbx.requests.filter((q) => q.route === "apps.create").map((q) => q.status)).toEqual([
      429, 429, 200,
    ]);
    expect(
      dbx.snapshot().customAppIntegrations.filter((a) => a.name === "plugin-429"),
    ).toHaveLength(1);
    await rpc(
      plugin.client,
      "delete",
      new providerPb.DeleteRequest().setUrn(URN).setType(APP).setId(created.getId()),
    );
  });

  test("a create whose read-back fails still hands the engine the new id", async () => {
    dbx.addFault({ route: "apps.get", fault: { kind: "status", status: 500 }, times: 1 });
    const failure = await create({ name: "plugin-init-failed", scopes: ["sql"] }).then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    );
    const app = dbx.snapshot().customAppIntegrations.find((a) => a.name === "plugin-init-failed");
    expect(app).toBeDefined();
    expect(failure?.details).toContain(`${APP} ${app!.integration_id} was created, but`);
    const raw = failure?.metadata.get("grpc-status-details-bin")[0] as Buffer;
    const status = statusPb.Status.deserializeBinary(new Uint8Array(raw));
    const detail = providerPb.ErrorResourceInitFailed.deserializeBinary(
      status.getDetailsList()[0].getValue_asU8(),
    );
    expect(detail.getId()).toBe(app!.integration_id);
    expect(js(detail.getProperties())).toMatchObject({ name: "plugin-init-failed" });
    await rpc(
      plugin.client,
      "delete",
      new providerPb.DeleteRequest().setUrn(URN).setType(APP).setId(detail.getId()),
    );
  });

  test("an unknown resource type gets a clear error", async () => {
    const urn = "urn:pulumi:dev::proj::databricks:index/cluster:Cluster::c";
    await expect(
      rpc(plugin.client, "check", new providerPb.CheckRequest().setUrn(urn).setNews(struct({}))),
    ).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: expect.stringMatching(
        /resource type databricks:index\/cluster:Cluster is not implemented by the stand-in pulumi-resource-databricks .*it implements databricks:index\/customAppIntegration:CustomAppIntegration/,
      ),
    });
  });

  test("Configure: missing settings are named with their environment fallbacks", async () => {
    const other = await startPlugin();
    try {
      await expect(
        rpc(
          other.client,
          "configure",
          configureRequest({ host: dbx.url, clientSecret: secret("x") }),
        ),
      ).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining(
          "missing databricks:accountId (or DATABRICKS_ACCOUNT_ID), databricks:clientId (or DATABRICKS_CLIENT_ID)",
        ),
      });
    } finally {
      other.client.close();
      other.child.kill("SIGTERM");
    }
  });

  test("Configure: an auth type other than OAuth M2M is refused by name", async () => {
    const other = await startPlugin();
    try {
      await expect(
        rpc(other.client, "configure", configureRequest({ ...config(), authType: "pat" })),
      ).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining('databricks:authType "pat" is not supported'),
      });
    } finally {
      other.client.close();
      other.child.kill("SIGTERM");
    }
  });

  test("Configure: DATABRICKS_* environment variables are the fallback", async () => {
    const other = await startPlugin({
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_ACCOUNT_ID: dbx.accountId,
      DATABRICKS_CLIENT_ID: admin.clientId,
      DATABRICKS_CLIENT_SECRET: admin.clientSecret,
    });
    try {
      await rpc(other.client, "configure", configureRequest({ version: "1.110.0" }));
      const created = await rpc<providerPb.CreateRequest, providerPb.CreateResponse>(
        other.client,
        "create",
        new providerPb.CreateRequest()
          .setUrn(URN)
          .setType(APP)
          .setProperties(struct({ name: "env-app", scopes: ["sql"] })),
      );
      expect(dbx.snapshot().customAppIntegrations.map((a) => a.integration_id)).toContain(
        created.getId(),
      );
      await rpc(
        other.client,
        "delete",
        new providerPb.DeleteRequest().setUrn(URN).setType(APP).setId(created.getId()),
      );
    } finally {
      other.client.close();
      other.child.kill("SIGTERM");
    }
  });

  test("a wrong client secret fails with a hint and without the secret", async () => {
    const other = await startPlugin();
    const wrong = "canary-wrong-secret-do-not-leak";
    try {
      await rpc(
        other.client,
        "configure",
        configureRequest({ ...config(), clientSecret: secret(wrong) }),
      );
      const failure = await rpc(
        other.client,
        "create",
        new providerPb.CreateRequest()
          .setUrn(URN)
          .setType(APP)
          .setProperties(struct({ name: "x", scopes: ["sql"] })),
      ).then(
        () => undefined,
        (e: grpc.ServiceError) => e,
      );
      expect(failure?.details).toMatch(
        /^OAuth M2M token request to http:\/\/127\.0\.0\.1:\d+\/oidc\/accounts\/[^/]+\/v1\/token failed/,
      );
      expect(failure?.details).toContain("Check databricks:clientId and databricks:clientSecret");
      expect(failure?.details).not.toContain(wrong);
      expect(failure?.details).not.toContain(ADMIN_SECRET);
      expect(other.stderr()).not.toContain(wrong);
    } finally {
      other.client.close();
      other.child.kill("SIGTERM");
    }
  });
});
