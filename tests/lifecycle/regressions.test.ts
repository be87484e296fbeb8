// Named scenarios of the lifecycle suite, run in a fixed order on every `npm test`: rotation of
// the Viewer app with a failure injected at each of its steps then a re-run (issue 19 item 3),
// a replacement of the app with Connect's PATCH failing, a lost answer to the app create (the
// leftover app is a known limit), and retainOnDelete reaching every child,
// association children included (item 6); naming. Adopted stacks: adoption-regressions.test.ts.
// Same commands and invariants as lifecycle.test.ts.
import { EditCommand, runSequence, upTo } from "./commands";
import { ours } from "./invariants";
import { observe, setProgram, useWorld } from "./world";
import { writeTimeline } from "../e2e/mission-helpers";

jest.setTimeout(30 * 60 * 1000);

describe("lifecycle regressions through the real engine", () => {
  const world = useWorld();

  it("Viewer app rotation with Connect's PATCH, then Databricks' delete, failing: Connect always holds a working secret, the old app goes last", async () => {
    await runSequence(world(), "rotation-under-failure", async (box, real) => {
      await new EditCommand("rotate", "connect-patch").run(box, real);
      await new EditCommand("rotate", "databricks-delete").run(box, real);
      await new EditCommand("rotate", "databricks-create").run(box, real);
      await new EditCommand("confidential", "connect-patch").run(box, real);
    });
  });

  it("a lost answer to the app create (drop-after-commit): Connect keeps working credentials, the re-run converges, only that one app is left over", async () => {
    await runSequence(world(), "lost-create", async (box, real) => {
      await new EditCommand("rotate", "databricks-create", "drop-after-commit").run(box, real);
      // Databricks committed the create and the answer was lost: the provider never learnt the
      // app's id, so it stays in Databricks (docs/lifecycle-suite.md, Limits). Exactly one.
      expect(box.m.lostCreates.size).toBe(1);
      const lost = observe(real.world).apps.filter((a) => box.m.lostCreates.has(a.clientId));
      expect(lost).toHaveLength(1);
      expect(ours(real.world.foreign, observe(real.world)).integrations[0].clientId).not.toBe(
        lost[0].clientId,
      );
    });
  });

  it("retainOnDelete reaches the app, the integration and every association child", async () => {
    await runSequence(world(), "retain", async (box, real) => {
      await new EditCommand("retain", "none").run(box, real);
      // (Dropping content from associateContent is an edit of the association set, not a delete:
      // it removes the association whatever retainOnDelete says.) Destroy leaves everything.
      const w = real.world;
      const [content] = box.m.program.associateContent;
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

describe("naming through the real engine", () => {
  const world = useWorld();

  it("a stack made when the defaults were the component name keeps its names; an appName change creates the new app before deleting the old", async () => {
    const w = world();
    await runSequence(w, "upgrade", async (box, real) => {
      // State as an earlier version left it: app and integration named after the component.
      const legacy = { ...box.m.program, appName: box.m.program.name, integrationName: "lc" };
      await upTo("names as before the upgrade", legacy, "none", box, real);
      const names = () => ({
        app: observe(w).apps.find(
          (a) => a.clientId === ours(w.foreign, observe(w)).integrations[0].clientId,
        )?.name,
        integration: ours(w.foreign, observe(w)).integrations[0].name,
      });
      expect(names()).toEqual({ app: "lc", integration: "lc" });
      // The upgrade: the program no longer sets them, the new default would be `lc-upgrade`.
      const upgraded = { ...legacy, appName: undefined, integrationName: undefined };
      await setProgram(w, real.stack, upgraded);
      // Only the component's recorded arguments change; no app, integration or association does.
      const preview = await w.cli.runOk(["preview", "--json", "--stack", real.stack]);
      const steps = (JSON.parse(preview.stdout) as { steps: Array<{ op: string; urn: string }> })
        .steps;
      const changed = steps.filter((st) => st.op !== "same").map((st) => st.urn.split("::")[2]);
      expect(changed).toEqual(["posit-connect:databricks:OAuth"]);
      await upTo("upgrade", upgraded, "none", box, real);
      expect(names()).toEqual({ app: "lc", integration: "lc" });

      // A deliberate rename: the provider would delete a named app first; the component pins
      // create-before-delete, so the new app exists before Connect moves and the old goes last.
      w.connect.clearRequests();
      w.dbx.clearRequests();
      await upTo("appName change", { ...upgraded, appName: "lc-renamed" }, "none", box, real);
      const order = writeTimeline(w.dbx, w.connect).filter((e) =>
        /apps\.(create|delete)|connect PATCH update/.test(e),
      );
      expect(order).toEqual([
        "databricks POST apps.create 200",
        "connect PATCH update 200",
        "databricks DELETE apps.delete 200",
      ]);
      expect(names().app).toBe("lc-renamed");

      // Renamed without alias: every child is new; the old ones go only after the new integration
      // holds working credentials, and hand-made associations stay (the invariants check both).
      await new EditCommand("renameWithoutAlias", "none").run(box, real);
    });
  });
});
