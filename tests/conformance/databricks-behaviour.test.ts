/**
 * The Databricks unknowns (emulator/databricks/behaviour.ts), one test per answer, through the
 * stand-in provider's own create (what the package's programs run): right, or a clear stop.
 */
import axios from "axios";
import { AccountApi } from "../../testing/databricks-plugin/account-api";
import { customAppIntegration } from "../../testing/databricks-plugin/resources/custom-app-integration";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_ADMIN,
  startDatabricksEmulator,
  type DatabricksEmulator,
} from "../../emulator/databricks";

let emulator: DatabricksEmulator;
let api: AccountApi;
const control = () =>
  axios.create({ baseURL: `${emulator.url}/__emulator__`, validateStatus: () => true });

beforeAll(async () => {
  emulator = await startDatabricksEmulator();
  api = new AccountApi({
    host: emulator.url,
    accountId: DEFAULT_ACCOUNT_ID,
    clientId: DEFAULT_ADMIN.clientId,
    clientSecret: DEFAULT_ADMIN.clientSecret,
    retryTimeoutSeconds: 1,
    httpTimeoutSeconds: 5,
  });
});
afterAll(async () => {
  await emulator?.close();
});

const app = (name: string) => ({
  name,
  confidential: true,
  redirectUrls: ["https://connect.example.com/__oauth__/integrations/callback"],
  scopes: ["all-apis"],
});

test("appNames=not-unique (default): two apps may share a name", async () => {
  expect((await control().get("/behaviour")).data).toEqual({ appNames: "not-unique" });
  const a = await customAppIntegration.create(api, app("posit-connect-dev"));
  const b = await customAppIntegration.create(api, app("posit-connect-dev"));
  expect(a.id).not.toBe(b.id);
});

test("appNames=unique: a duplicate stops with the server's reason and the name", async () => {
  const put = await control().put("/behaviour", { appNames: "unique" });
  expect(put.data).toEqual({ appNames: "unique" });
  await customAppIntegration.create(api, app("posit-connect-prod"));
  await expect(customAppIntegration.create(api, app("posit-connect-prod"))).rejects.toThrow(
    /RESOURCE_ALREADY_EXISTS.*posit-connect-prod already exists/,
  );
  const named = emulator
    .snapshot()
    .customAppIntegrations.filter((a) => a.name === "posit-connect-prod");
  expect(named).toHaveLength(1);
  await control().put("/behaviour", { appNames: "not-unique" });
});

test("an unknown switch or answer is a 400 naming the allowed values", async () => {
  const bad = await control().put("/behaviour", { appNames: "sometimes" });
  expect(bad.status).toBe(400);
  expect(bad.data.error).toMatch(/appNames must be one of not-unique, unique/);
  expect((await control().put("/behaviour", { nope: "x" })).status).toBe(400);
});
