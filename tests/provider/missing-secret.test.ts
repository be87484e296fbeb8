/**
 * A Databricks integration created without a client secret (a confidential app imported with
 * `importDatabricksAppId` and no `importedAppClientSecret`): Connect refuses it, and the error
 * names the way out besides Connect's own words. With a secret, Connect's refusal of another key
 * is passed on unchanged.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs } from "../../provider";
import { configuredWith } from "../support/configured-provider";

const ADMIN = "canary-admin-key-missing-secret-71a2";
const SECRET = "canary-client-secret-missing-4c9e";
let emulator: ConnectEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ adminKeys: [ADMIN], seedDefaultIntegration: false });
});
afterAll(() => emulator.close());

async function createError(news: Record<string, unknown>): Promise<string> {
  const p = configuredWith(new OAuthIntegrationProvider(), ADMIN);
  const { inputs, failures } = await p.check(
    {} as OAuthIntegrationInputs,
    { connectUrl: emulator.url, name: "Databricks", template: "databricks", ...news } as never,
  );
  expect(failures).toEqual([]);
  return p.create(inputs).then(
    () => "created",
    (e: Error) => e.message,
  );
}

test("no secret sent: Connect's message plus importedAppClientSecret / adoptConnectIntegrationGuid", async () => {
  const message = await createError({
    config: { workspace_host: "dbc-1.cloud.databricks.com", client_id: "client-1" },
  });
  expect(message).toContain("The config key client_secret is required");
  expect(message).toContain("importedAppClientSecret");
  expect(message).toContain("adoptConnectIntegrationGuid");
  expect(emulator.integrations()).toHaveLength(0);
});

test("a secret sent and another key refused: no secret hint, the secret not in the message", async () => {
  const message = await createError({
    config: { client_id: "client-1" },
    clientSecret: SECRET,
  });
  expect(message).toMatch(/HTTP 400/);
  expect(message).not.toContain("importedAppClientSecret");
  expect(message).not.toContain(SECRET);
});
