/**
 * Issue 19 item 9 through the real dynamic-provider host. The host deserializes a provider once
 * per process, caches it, and only then calls its `configure` (getProvider in
 * @pulumi/pulumi/cmd/dynamic-provider). A `configure` that throws on a bad setting therefore
 * fails one call and leaves a cached provider that never got its settings: every later call runs
 * unconfigured, with CONNECT_API_KEY from the environment and without the configured CA, TLS and
 * timeout settings. The association providers must instead keep the bad setting and raise it on
 * every call, sending nothing (as tests/host/configuration-errors.test.ts requires of the
 * integration provider).
 *
 * Only APIs that existed before the fix are used, so scripts/proof/failed-before.sh can run this
 * file on the parent commit.
 */
import axios from "axios";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { ContentIntegrationProvider, ContentIntegrationsProvider } from "../../provider";
import {
  HOST_ENV_TO_UNSET,
  PROVIDER_KEY,
  rpcSecret,
  serializeProvider,
  startDynamicHost,
  type DynamicHost,
  type PropertyMap,
} from "../support/dynamic-host";

const ADMIN = "canary-assoc-config-admin-key-61b0";
const CONTENT = "c0f90000-0000-4000-8000-00000000000a";
const EXPECTED =
  'posit-connect:timeoutSeconds must be a number of seconds between 1 and 3600; got "soon"';

let emulator: ConnectEmulator;
let integrationGuid: string;
const hosts: DynamicHost[] = [];

async function settle(p: Promise<unknown>): Promise<{ ok: boolean; message: string }> {
  try {
    await p;
    return { ok: true, message: "" };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [ADMIN],
    seedDefaultIntegration: false,
    content: [{ name: "dash", guid: CONTENT, appMode: "python-dash" }],
  });
  integrationGuid = (
    await axios.post(
      `${emulator.url}/__api__/v1/oauth/integrations`,
      { template: "connect", name: "existing", config: { max_role: "Viewer" } },
      { headers: { Authorization: `Key ${ADMIN}` } },
    )
  ).data.guid as string;
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await emulator.close();
});

describe("item 9: an association provider with a bad setting never runs unconfigured", () => {
  test.each([
    [
      "ConnectContentIntegration",
      "pulumi-nodejs:dynamic/posit-connect:ContentIntegration",
      () => new ContentIntegrationProvider(),
      () => ({ integrationGuid }),
    ],
    [
      "ConnectContentIntegrations",
      "pulumi-nodejs:dynamic/posit-connect:ContentIntegrations",
      () => new ContentIntegrationsProvider(),
      () => ({ integrationGuids: [integrationGuid] }),
    ],
  ])(
    "%s: check, create, read and delete all name the setting; CONNECT_API_KEY is never used",
    async (_name, type, make, rest) => {
      const text = (await serializeProvider(make())).text;
      // The environment holds a working admin key: falling back to it would succeed.
      const h = await startDynamicHost({
        project: "assoc-config",
        unsetEnv: [...HOST_ENV_TO_UNSET],
        env: { NO_PROXY: "127.0.0.1,localhost", CONNECT_API_KEY: ADMIN },
        resourceType: type,
      });
      hosts.push(h);
      await h.configure({
        "posit-connect:apiKey": rpcSecret(ADMIN),
        "posit-connect:timeoutSeconds": "soon",
      });
      emulator.clearRequests();
      const inputs: PropertyMap = {
        connectUrl: emulator.url,
        contentGuid: CONTENT,
        ...rest(),
        [PROVIDER_KEY]: text,
      };
      const id = `${CONTENT}/${integrationGuid}`;
      const outcomes = [
        await settle(
          h
            .check({}, inputs)
            .then(
              (r) =>
                r.failures.length === 0 ||
                Promise.reject(new Error(r.failures.map((f) => f.reason).join("; "))),
            ),
        ),
        await settle(h.create(inputs)),
        await settle(h.read(id, inputs)),
        await settle(h.delete(id, inputs)),
        await settle(h.create(inputs)),
      ];
      // Nothing reached Connect, with the environment's key or any other.
      expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
      for (const o of outcomes) {
        expect(o.ok).toBe(false);
        expect(o.message).toContain(EXPECTED);
      }
      expect(emulator.associationsOf(CONTENT)).toEqual([]);
    },
  );
});
