// Hand-made changes of the lifecycle suite: what an admin does in Connect's UI between two
// `up`s. Each then runs the next `up` (after a refresh where Pulumi could not see the change
// otherwise) and checks the invariants, as the program edits in commands.ts do.
import type * as fc from "fast-check";
import { fail, upTo, type ModelBox, type Real } from "./commands";
import { ours } from "./invariants";
import { CONTENT, USER } from "./model";
import { observe } from "./world";
import { output } from "../e2e/helpers";

/** Between two `up`s an admin associates the hand-made integration with content, in Connect's UI. */
export class HandAssociationCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(readonly index: number) {}
  check = () => true;
  async run(box: ModelBox, real: Real): Promise<void> {
    const w = real.world;
    const content = CONTENT[this.index];
    const guid = w.foreign.integration.guid;
    const now = w.connect.associationsOf(content);
    if (!now.includes(guid)) w.connect.setAssociations(content, [...now, guid]);
    if (!w.foreign.associations.some(([c]) => c === content)) {
      w.foreign.associations.push([content, guid]);
    }
    // The next up (no program change) must leave it alone and change nothing of its own.
    await upTo(this.toString(), box.m.program, "none", box, real);
  }
  toString = () => `hand-made association on content ${this.index}`;
}

/**
 * Between two `up`s an admin removes one of the stack's own associations in Connect's UI (the
 * hand-made integration's associations on the same content stay). Pulumi sees drift only on a
 * refresh: `ConnectIntegrationAssociations.read` drops the item, so after `refresh` the preview
 * must show the association being put back, and the next `up` puts it back as the stack's own.
 */
export class HandRemovalCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(readonly index: number) {}
  check = (box: Readonly<ModelBox>) => box.m.program.associateContent.length > 0;
  async run(box: ModelBox, real: Real): Promise<void> {
    const w = real.world;
    const step = this.toString();
    process.stderr.write(`lifecycle ${real.stack}: ${step}\n`);
    const list = box.m.program.associateContent;
    const content = list[this.index % list.length];
    const guid = ours(w.foreign, observe(w)).integrations[0]?.guid;
    if (!guid) fail(step, ["no integration of ours to remove"]);
    const now = w.connect.associationsOf(content);
    if (!now.includes(guid)) fail(step, [`content ${content} does not hold our integration`]);
    w.connect.setAssociations(
      content,
      now.filter((g) => g !== guid),
    );
    await w.cli.runOk(["refresh", "--yes", "--stack", real.stack]);
    // The preview names the drift: an in-place update of the association child, nothing else.
    const preview = await w.cli.run(["preview", "--expect-no-changes", "--stack", real.stack]);
    const shown = new RegExp(`~ .*IntegrationAssociations ${box.m.program.name}-content update`);
    if (preview.code === 0 || !shown.test(output(preview)))
      fail(
        step,
        ["after refresh, the preview does not show the association put back"],
        output(preview),
      );
    await upTo(step, box.m.program, "none", box, real);
  }
  toString = () => `our association on content ${this.index} removed by hand, refresh, up`;
}

/**
 * Between two `up`s an admin lets one more user use the stack's integration, in Connect's UI.
 * When the program gives `permissions` they are Pulumi's: `refresh` shows the drift and the
 * next `up` puts the program's list back. When it omits them, the list is left as the admin made it.
 */
export class HandPermissionsCommand implements fc.AsyncCommand<ModelBox, Real> {
  check = () => true;
  async run(box: ModelBox, real: Real): Promise<void> {
    const w = real.world;
    const step = this.toString();
    process.stderr.write(`lifecycle ${real.stack}: ${step}\n`);
    const guid = ours(w.foreign, observe(w)).integrations[0]?.guid;
    if (!guid) fail(step, ["no integration of ours"]);
    const now = w.connect.permissionsOf(guid) ?? [];
    w.connect.setPermissions(guid, [
      ...now.filter((p) => p.user_guid !== USER),
      { user_guid: USER, group_guid: null },
    ]);
    // An admin who already listed the user changed nothing: no drift to show then.
    const drift =
      box.m.program.permissions !== undefined &&
      !box.m.program.permissions.some((p) => "userGuid" in p && p.userGuid === USER);
    await w.cli.runOk(["refresh", "--yes", "--stack", real.stack]);
    const preview = await w.cli.run(["preview", "--expect-no-changes", "--stack", real.stack]);
    if ((preview.code !== 0) !== drift) {
      fail(
        step,
        [
          drift
            ? "after refresh, the preview does not show the permissions put back"
            : "after refresh, the preview shows changes to permissions the program leaves alone",
        ],
        output(preview),
      );
    }
    await upTo(step, box.m.program, "none", box, real);
  }
  toString = () => "a user added to the integration's permissions by hand, refresh, up";
}
