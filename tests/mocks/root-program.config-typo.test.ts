/** The root program stops at a mistyped posit-connect: key before registering anything. */
import { settle } from "./mock-monitor";
import { loadRootProgram } from "./root-program";

const { rec, run } = loadRootProgram("dev", { "posit-connect:apikey": "typed-CANARY" }, [
  "posit-connect:apikey",
]);

test("posit-connect:apikey names posit-connect:apiKey, never the value, and registers nothing", async () => {
  let message = "";
  try {
    run();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain(
    "posit-connect:apikey is not a key pulumi-posit-connect reads; did you mean posit-connect:apiKey?",
  );
  expect(message).not.toContain("typed-CANARY");
  await settle();
  expect(rec.registrations).toEqual([]);
});
