// Named scenarios of the lifecycle suite, run in a fixed order on every `npm test`: rotation of
// the Viewer app with a failure injected at each of its steps then a re-run (issue 19 item 3),
// a replacement of the app with Connect's PATCH failing, and retainOnDelete reaching every child,
// association children included (item 6). Same commands and invariants as lifecycle.test.ts.
import { ContentCommand, EditCommand, runSequence } from "./commands";
import { startWorld, stopWorld, type World } from "./world";
import { useStrictlyIncreasingClock } from "../e2e/mission-helpers";

jest.setTimeout(30 * 60 * 1000);

describe("lifecycle regressions through the real engine", () => {
  let world: World | undefined;
  let restoreClock: (() => void) | undefined;

  beforeAll(async () => {
    restoreClock = useStrictlyIncreasingClock();
    world = await startWorld();
  });
  afterAll(async () => {
    await stopWorld(world);
    restoreClock?.();
  });

  it("Viewer app rotation with Connect's PATCH, then Databricks' delete, failing: Connect always holds a working secret, the old app goes last", async () => {
    await runSequence(world!, "rotation-under-failure", async (box, real) => {
      await new EditCommand("rotate", "connect-patch").run(box, real);
      await new EditCommand("rotate", "databricks-delete").run(box, real);
      await new EditCommand("rotate", "databricks-create").run(box, real);
      await new EditCommand("confidential", "connect-patch").run(box, real);
    });
  });

  it("retainOnDelete reaches the app, the integration and every association child", async () => {
    await runSequence(world!, "retain", async (box, real) => {
      await new EditCommand("retain", "none").run(box, real);
      // Dropping content while retained keeps its association; destroy then leaves everything.
      await new ContentCommand(0, "none").run(box, real);
      const w = real.world;
      const [content] = box.m.retainedContent;
      expect(content).toBeDefined();
      await w.cli.runOk(["destroy", "--yes", "--skip-preview", "--stack", real.stack]);
      const guid = w.connect
        .integrations()
        .find((i) => i.guid !== w.foreign.integration.guid)?.guid;
      expect(guid).toBeDefined();
      expect(w.connect.associationsOf(content)).toContain(guid);
      // The stack is empty now; runSequence's own up/destroy start from nothing again.
      box.m.program = { ...box.m.program, retainOnDelete: true };
    });
  });
});
