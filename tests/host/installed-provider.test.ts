/**
 * The provider as state stores it for programs that use the installed package, the root program
 * included: the `__provider` text made by Pulumi's real closure serializer in a plain Node
 * process (jest's module registry hides `require.cache`, so in-process it would come out by
 * value), then run by the real dynamic-provider host from the repository root, where
 * `node_modules/pulumi-posit-connect` is this build installed as from npm
 * (scripts/self-install.ts, run by `npm run build`).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { OAUTH_INTEGRATION_TYPE } from "../../provider";
import {
  PROVIDER_KEY,
  REPO_ROOT,
  rpcSecret,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
  HOST_ENV_TO_UNSET,
} from "../support/dynamic-host";

const API_KEY = "canary-api-key-installed-0f4c2a";
const CLIENT_SECRET = "canary-client-secret-installed-7d19b3";
const SHIM = "pulumi-posit-connect/dist/provider/connect/oauth-integration/shim.js";
const INSTALLED = path.join(REPO_ROOT, "node_modules", SHIM);
const REFERENCE = path.join(REPO_ROOT, "dist", "bench", "reference-provider.js");
/** What release 0.1.0 stored: a class instance, method by method, around a lifecycle require. */
const OLD_TEXT = fs.readFileSync(path.join(__dirname, "fixtures", "provider-0.1.0.txt"), "utf8");

/** `__provider` of the installed package and of the bare-http reference, as Pulumi writes them. */
function serializeInPlainNode(): { installed: string; reference: string; secret: boolean } {
  // A script file, not `node -e`: there builtins such as `http` are globals, which the
  // serializer then leaves out of the reference provider.
  const script = `
    const fromRoot = require("module").createRequire(${JSON.stringify(path.join(REPO_ROOT, "index.js"))});
    const pulumi = fromRoot("@pulumi/pulumi");
    const { oauthIntegrationProvider } = fromRoot("pulumi-posit-connect");
    const { ReferenceProvider } = fromRoot(${JSON.stringify(REFERENCE)});
    const reference = new ReferenceProvider();
    const ser = (provider) => pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    Promise.all([ser(oauthIntegrationProvider), ser(reference)]).then(([a, b]) =>
      process.stdout.write(JSON.stringify({ installed: a.text, reference: b.text, secret: a.containsSecrets })));
  `;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "installed-provider-"));
  try {
    const file = path.join(dir, "serialize.js");
    fs.writeFileSync(file, script);
    const out = execFileSync(process.execPath, [file], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, CONNECT_API_KEY: API_KEY },
      stdio: ["ignore", "pipe", "ignore"],
    });
    return JSON.parse(out) as { installed: string; reference: string; secret: boolean };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const requiresOf = (text: string): string[] =>
  [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

let emulator: ConnectEmulator;
let host: DynamicHost;
let texts: { installed: string; reference: string; secret: boolean };

beforeAll(async () => {
  if (!fs.existsSync(INSTALLED) || !fs.existsSync(REFERENCE)) {
    throw new Error(`${INSTALLED} or ${REFERENCE} is missing: run \`npm run build\` first.`);
  }
  texts = serializeInPlainNode();
  emulator = await startEmulator({ adminKeys: [API_KEY], seedDefaultIntegration: false });
  host = await startDynamicHost({
    project: "installed-provider-test",
    cwd: REPO_ROOT,
    unsetEnv: [...HOST_ENV_TO_UNSET],
    env: { NO_PROXY: "127.0.0.1,localhost" },
    resourceType: OAUTH_INTEGRATION_TYPE,
  });
  await host.configure({ "posit-connect:apiKey": rpcSecret(API_KEY) });
});

afterAll(async () => {
  await host?.close();
  await emulator?.close();
});

const news = (text: string, n: number): PropertyMap => ({
  connectUrl: emulator.url,
  name: `Installed ${n}`,
  template: "databricks",
  config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: `client-${n}` },
  clientSecret: CLIENT_SECRET,
  [PROVIDER_KEY]: text,
});

async function routesOf<T>(fn: () => Promise<T>): Promise<{ result: T; routes: string[] }> {
  emulator.clearRequests();
  const result = await fn();
  return { result, routes: emulator.requests.map((r) => `${r.method} ${r.route}`) };
}

describe("serialized provider of the installed package", () => {
  test("is one require of the shim module, with no credential", () => {
    expect(requiresOf(texts.installed)).toEqual([SHIM]);
    expect(texts.secret).toBe(false);
    expect(texts.installed).not.toContain(API_KEY);
  });

  test("is at most twice the bare-http reference provider", () => {
    const ours = Buffer.byteLength(texts.installed);
    const reference = Buffer.byteLength(texts.reference);
    expect(requiresOf(texts.reference)).toEqual(["http"]);
    expect(ours).toBeLessThanOrEqual(2 * reference);
  });
});

describe("through the real host, from the repository root", () => {
  test("one Connect request per create, update, read and delete; none per check and diff", async () => {
    const text = texts.installed;
    const checked = await routesOf(() => host.check({}, news(text, 1)));
    expect(checked.result.failures).toEqual([]);
    expect(checked.routes).toEqual([]);
    const inputs = checked.result.inputs;

    const created = await routesOf(() => host.create(inputs));
    expect(created.routes).toEqual(["POST create"]);
    const { id, properties: outs } = created.result;

    const edited = { ...inputs, name: "Installed 1, edited" };
    const diffed = await routesOf(() => host.diff(id, outs, edited, { oldInputs: inputs }));
    expect(diffed.routes).toEqual([]);
    expect(diffed.result.changes).toBe("some");

    const updated = await routesOf(() => host.update(id, outs, edited, { oldInputs: inputs }));
    expect(updated.routes).toEqual(["PATCH update"]);
    const read = await routesOf(() => host.read(id, updated.result.properties, edited));
    expect(read.routes).toEqual(["GET get"]);
    expect(read.result.id).toBe(id);
    const deleted = await routesOf(() => host.delete(id, updated.result.properties));
    expect(deleted.routes).toEqual(["DELETE delete"]);
    expect(emulator.integrations()).toEqual([]);
  });

  test("state written by release 0.1.0 (a class shim) is refreshed and destroyed by this release", async () => {
    expect(requiresOf(OLD_TEXT)).toEqual([
      "pulumi-posit-connect/dist/provider/connect/oauth-integration/provider.js",
    ]);
    const { inputs } = await host.check({}, news(OLD_TEXT, 2));
    const { id, properties } = await host.create(inputs);
    expect(properties[PROVIDER_KEY]).toBe(OLD_TEXT);

    const read = await routesOf(() => host.read(id, properties, inputs));
    expect(read.routes).toEqual(["GET get"]);
    expect(read.result.properties).toMatchObject({ guid: id, name: "Installed 2" });
    const deleted = await routesOf(() => host.delete(id, properties));
    expect(deleted.routes).toEqual(["DELETE delete"]);
    expect(emulator.integrations()).toEqual([]);
  });
});
