/** The root program refuses an existingAppClientSecret stored in plaintext, before registering anything. */
import { settle } from "./mock-monitor";
import { loadRootProgram } from "./root-program";

const { rec, run } = loadRootProgram("dev", {
  "posit-connect-databricks:existingAppClientId": "admin-registered-client",
  "posit-connect-databricks:existingAppClientSecret": "typed-in-plaintext-CANARY",
});

test("a plaintext existingAppClientSecret raises the 'set it with --secret' error and registers nothing", async () => {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toBe(
    "posit-connect-databricks:existingAppClientSecret is stored in plaintext in Pulumi.dev.yaml (and in version control, if that file was committed); treat the secret as exposed: issue a new one, then set it with `pulumi config set --secret existingAppClientSecret <secret>`.",
  );
  expect(message).not.toContain("typed-in-plaintext-CANARY");
  await settle();
  expect(rec.registrations).toEqual([]);
});
