/**
 * Configuration problems and error output as the real dynamic-provider host reports them: the
 * host configures a provider once per process and keeps it, checks run at preview, and errors of
 * read/delete are also written to the host's stderr.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { OAUTH_INTEGRATION_TYPE, OAuthIntegrationProvider } from "../../provider";
import {
  HOST_ENV_TO_UNSET,
  HostCallError,
  PROVIDER_KEY,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
} from "../support/dynamic-host";

const API_KEY = "canary-config-api-key-5a7e21";
const PUBLISHER_KEY = "canary-config-publisher-key-0c4b93";
const PROJECT = "posit-config-test";

let emulator: ConnectEmulator;
let providerText: string;
const hosts: DynamicHost[] = [];

async function newHost(config: PropertyMap, env: Record<string, string> = {}) {
  const h = await startDynamicHost({
    project: PROJECT,
    unsetEnv: [...HOST_ENV_TO_UNSET],
    env: { NO_PROXY: "127.0.0.1,localhost", ...env },
    resourceType: OAUTH_INTEGRATION_TYPE,
  });
  hosts.push(h);
  await h.configure(config);
  return h;
}

function inputs(overrides: PropertyMap = {}): PropertyMap {
  return {
    connectUrl: emulator.url,
    name: "Config test",
    template: "databricks",
    authType: "Viewer",
    config: { workspace_host: "https://dbc-9.cloud.databricks.com", client_id: "c-9" },
    clientSecret: "canary-config-client-secret-77d0",
    [PROVIDER_KEY]: providerText,
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<HostCallError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof HostCallError)) throw new Error(`expected a HostCallError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [API_KEY],
    publisherKeys: [PUBLISHER_KEY],
    seedDefaultIntegration: false,
  });
  providerText = (await serializeProvider(new OAuthIntegrationProvider())).text;
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await emulator.close();
});
beforeEach(() => emulator.reset());

describe("a configuration error is raised by every call in the process (defect 6)", () => {
  test("bad posit-connect:timeoutSeconds: check, create, read and delete all name it; CONNECT_API_KEY is not used instead", async () => {
    // The environment holds a publisher key, as in the report: it must not be used.
    const h = await newHost(
      {
        "posit-connect:apiKey": rpcSecret(API_KEY),
        "posit-connect:timeoutSeconds": "soon",
      },
      { CONNECT_API_KEY: PUBLISHER_KEY },
    );
    const expected =
      'posit-connect:timeoutSeconds must be a number of seconds between 1 and 3600; got "soon"';
    const { failures } = await h.check({}, inputs());
    expect(failures).toEqual([
      { property: "", reason: `Invalid provider configuration: ${expected}.` },
    ]);
    for (const call of [
      () => h.create(inputs()),
      () => h.read("guid-1", inputs()),
      () => h.delete("guid-1", inputs()),
      () => h.create(inputs()),
    ]) {
      const e = await rejection(call());
      expect(e.details).toContain(expected);
      expect(e.details).not.toContain("No Connect API key");
    }
    expect(emulator.requests).toEqual([]);
  });
});

describe("preview-time checks", () => {
  test("a missing API key is a check failure (preview), with the command to set it", async () => {
    const h = await newHost({ [`${PROJECT}:unrelated`]: "value" });
    const { failures } = await h.check({}, inputs());
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("");
    expect(failures[0].reason).toContain(
      "No Connect API key: set one with `pulumi config set --secret posit-connect:apiKey <key>`",
    );
    expect(emulator.requests).toEqual([]);
  });

  test("an http:// URL for a host that is not this machine is refused unless allowInsecureHttp is true", async () => {
    const strict = await newHost({ "posit-connect:apiKey": rpcSecret(API_KEY) });
    const refused = await strict.check({}, inputs({ connectUrl: "http://connect.example.org/" }));
    expect(refused.failures).toEqual([
      {
        property: "connectUrl",
        reason: expect.stringContaining(
          "pulumi config set posit-connect:allowInsecureHttp true",
        ) as unknown as string,
      },
    ]);
    expect(refused.failures[0].reason).toContain('"http://connect.example.org" would send');

    // Loopback is fine (the emulator, an SSH tunnel); https is always fine.
    for (const url of [emulator.url, "http://localhost:3939", "https://connect.example.org"]) {
      expect((await strict.check({}, inputs({ connectUrl: url }))).failures).toEqual([]);
    }

    const relaxed = await newHost({
      "posit-connect:apiKey": rpcSecret(API_KEY),
      "posit-connect:allowInsecureHttp": "true",
    });
    const accepted = await relaxed.check({}, inputs({ connectUrl: "http://connect.example.org" }));
    expect(accepted.failures).toEqual([]);
  });
});

describe("error text the host prints", () => {
  test("a refresh error appears once on stderr, message only: no doubled text, no stack frames", async () => {
    const h = await newHost({ "posit-connect:apiKey": rpcSecret("canary-wrong-key-19ab") });
    const e = await rejection(h.read("6f1b2c3d-0000-4000-8000-00000000000a", inputs()));
    expect(e.details).toContain("returned HTTP 401");
    const printed = h.stderr;
    expect(printed).toContain(e.details);
    expect(printed.split(e.details)).toHaveLength(2);
    expect(printed).not.toMatch(/ConnectError: .*: ConnectError:/);
    expect(printed).not.toMatch(/^\s+at /m);
    expect(printed).not.toContain("canary-wrong-key-19ab");
  });
});
