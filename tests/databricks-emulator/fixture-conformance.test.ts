/** Every response shape the emulator produces, key by key against the recorded fixtures. */
import type { DatabricksEmulator } from "../../emulator/databricks";
import apierr404 from "../fixtures/databricks/apierr.404-resource-does-not-exist.json";
import assignment from "../fixtures/databricks/permission-assignment.json";
import servicePrincipal from "../fixtures/databricks/scim-service-principal.json";
import secretCreate from "../fixtures/databricks/sp-secret.create-response.json";
import stackqlCreate from "../fixtures/databricks/stackql.custom_app_integrations.create.json";
import { accountClient, shapeOf, start } from "./support";

describe("fixture conformance", () => {
  let emu: DatabricksEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  test("the docs' own create example (via stackql) is accepted and answers the documented keys", async () => {
    const op = stackqlCreate["/api/2.0/accounts/{account_id}/oauth2/custom-app-integrations"].post;
    const example = op.requestBody.content["application/json"].schema.example.value;
    const api = await accountClient(emu);
    const res = await api.post("/oauth2/custom-app-integrations", example);
    expect(res.status).toBe(200);
    const documented = Object.keys(
      op.responses["200"].content["application/json"].schema.properties,
    );
    // Plus client_secret_expire_time (secret-expiry.ts) and principal_id, which the newest spec
    // added after this fixture (databricks-sdk-py v0.123 CreateCustomAppIntegrationOutput).
    expect(Object.keys(res.data).sort()).toEqual(
      [...documented, "client_secret_expire_time", "principal_id"].sort(),
    );
  });

  test("a 404 has the envelope the Databricks SDKs parse", async () => {
    const api = await accountClient(emu);
    const res = await api.get("/oauth2/custom-app-integrations/missing");
    expect(shapeOf(res.data)).toEqual(shapeOf(apierr404));
  });

  test("service principal, secret and assignment shapes", async () => {
    const api = await accountClient(emu);
    const sp = await api.post("/scim/v2/ServicePrincipals", { displayName: "connect-verify" });
    expect(shapeOf(sp.data)).toEqual(shapeOf(servicePrincipal));
    const secret = await api.post(`/servicePrincipals/${sp.data.id}/credentials/secrets`, {});
    expect(shapeOf(secret.data)).toEqual(shapeOf(secretCreate));
    const listed = await api.get(`/servicePrincipals/${sp.data.id}/credentials/secrets`);
    const listItem: Partial<typeof secretCreate> = { ...secretCreate };
    delete listItem.secret;
    expect(shapeOf(listed.data.secrets[0])).toEqual(shapeOf(listItem));
    const put = await api.put(
      `/workspaces/${emu.workspaces[0].id}/permissionassignments/principals/${sp.data.id}`,
      { permissions: ["USER"] },
    );
    expect(shapeOf(put.data)).toEqual(shapeOf(assignment));
  });
});
