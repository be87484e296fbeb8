/** The root program with existingAppClientId but no client secret, on a confidential stack. */
import { settle } from "./mock-monitor";
import { loadRootProgram } from "./root-program";

const { rec, run } = loadRootProgram("dev", {
  "posit-connect-databricks:existingAppClientId": "admin-registered-client",
});

test("fails with the component's existingApp.clientSecret error and registers nothing", async () => {
  expect(() => run()).toThrow(
    /DatabricksConnectOAuth "databricks-oauth": existingApp\.clientSecret is required for a confidential app/,
  );
  await settle();
  expect(rec.registrations).toEqual([]);
});
