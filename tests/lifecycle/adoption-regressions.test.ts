// Named scenarios of the lifecycle suite for stacks that start by adopting a pair made by hand
// (docs/adoption.md): permissions, hand-made grants, app replacements the engine refuses while
// the import is set, the keys' removal, and the two counterexamples the suite found there
// (docs/lifecycle-suite.md). Same commands and invariants as lifecycle.test.ts.
import { EditCommand, runSequence } from "./commands";
import { HandPermissionsCommand } from "./hand-commands";
import { observe, useWorld } from "./world";
import { writeTimeline } from "../e2e/mission-helpers";

jest.setTimeout(30 * 60 * 1000);

describe("adoption and permissions through the real engine", () => {
  const world = useWorld();

  it("an adopted pair: permissions given and changed, a hand-made grant put back, an app replacement refused while the import is set, the keys removed, then a rotation and a rename without alias", async () => {
    await runSequence(
      world(),
      "adopted",
      async (box, real) => {
        // omitted -> one group; a user granted by hand is drift, put back. (A grant made by hand
        // while the program omits permissions is left alone: the generator draws that often.)
        await new EditCommand("permissions", "none").run(box, real);
        await new HandPermissionsCommand().run(box, real);
        // -> a group and a user, Connect's PATCH failing first
        await new EditCommand("permissions", "connect-patch").run(box, real);
        // Still carrying `import`: the engine refuses to replace the app; nothing changes, and
        // the next up after taking it back writes nothing. (appName: import-left-in-config.test.ts.)
        await new EditCommand("confidential", "none").run(box, real);
        expect(box.m.program.confidential).toBe(true);
        const w = real.world;
        // Removing the keys sends no request.
        w.connect.clearRequests();
        w.dbx.clearRequests();
        await new EditCommand("dropAdoptKeys", "none").run(box, real);
        expect(writeTimeline(w.dbx, w.connect)).toEqual([]);
        await new EditCommand("rotate", "connect-patch").run(box, real);
        await new EditCommand("renameWithoutAlias", "none").run(box, real);
      },
      "adopt",
    );
  });

  it("found by the suite: a rename without aliases while the import is still set keeps the imported app (it was deleted under the old name), and destroy hands it back", async () => {
    const w = world();
    let appId = "";
    await runSequence(
      w,
      "import-rename",
      async (box, real) => {
        appId = box.m.program.importAppId!;
        await new EditCommand("renameWithoutAlias", "none").run(box, real);
        expect(observe(w).apps.map((a) => a.integrationId)).toContain(appId);
      },
      "adopt",
    );
    // destroy dropped it from state only; it is nobody's now (runSequence moved it to earlier).
    expect(observe(w).apps.map((a) => a.integrationId)).toContain(appId);
    expect(w.foreign.earlier.appIds).toContain(appId);
  });

  it("once the keys are removed, destroy deletes the imported app and the adopted integration", async () => {
    const w = world();
    let adopted: { app: string; guid: string } | undefined;
    await runSequence(
      w,
      "keys-removed",
      async (box, real) => {
        adopted = { app: box.m.program.importAppId!, guid: box.m.program.adoptGuid! };
        await new EditCommand("dropAdoptKeys", "none").run(box, real);
      },
      "adopt",
    );
    // (runSequence's destroy check allows no leftover of ours once the key is gone.)
    expect(observe(w).apps.map((a) => a.integrationId)).not.toContain(adopted!.app);
    expect(w.connect.integrations().map((i) => i.guid)).not.toContain(adopted!.guid);
  });
});
