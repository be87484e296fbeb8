// fast-check commands of the lifecycle suite: each changes the program (or Connect, by hand),
// runs the real `pulumi up` (with a fault on one route first, when the command carries one, then
// again without it), and checks the invariants after every step.
import * as fc from "fast-check";
import type { FaultKindName, FaultSite, Model, ProgramShape } from "./model";
import {
  afterCompletedUp,
  EDITS,
  initialModel,
  refusedWhileImporting,
  toggleContent,
} from "./model";
import {
  adoptedAssociationKept,
  connectHoldsWorkingCredentials,
  destroyed,
  foreignIntact,
  matchesProgram,
  ours,
  permissionsAsProgram,
  plaintextSecrets,
  redirectsToConnect,
} from "./invariants";
import {
  connectSecrets,
  connectUrlOf,
  initStack,
  inject,
  makeAdoptable,
  observe,
  setProgram,
  type World,
} from "./world";
import { exportStack, output } from "../e2e/helpers";
import { writeTimeline } from "../e2e/mission-helpers";

/** The system under test of one sequence: the world and the stack the sequence owns. */
export interface Real {
  world: World;
  stack: string;
}

/** fast-check's model is mutated in place: keep the pure Model in a box. */
export interface ModelBox {
  m: Model;
}

export function fail(step: string, problems: string[], detail = ""): never {
  throw new Error(`${step}: ${problems.join("; ")}${detail ? `\n${detail}` : ""}`);
}

function ourClientId(real: Real): string | undefined {
  const w = real.world;
  return ours(w.foreign, observe(w)).integrations[0]?.clientId;
}

/** The stack's integration now: its GUID and permissions (what "left alone" compares with). */
type Snapshot = { guid: string; permissions: string[] } | undefined;
function ourIntegration(real: Real): Snapshot {
  const i = ours(real.world.foreign, observe(real.world)).integrations[0];
  return i && { guid: i.guid, permissions: i.permissions };
}

/** Checks shared by every completed `up`: invariants, secrets, refresh then an empty preview. */
export async function checkCompleted(
  step: string,
  box: ModelBox,
  real: Real,
  before?: Snapshot,
): Promise<void> {
  const w = real.world;
  const o = observe(w);
  const problems = [
    ...foreignIntact(w.foreign, o),
    ...connectHoldsWorkingCredentials(w.foreign, o),
    ...matchesProgram(box.m, w.foreign, o),
    ...redirectsToConnect(w.foreign, o, connectUrlOf(w, box.m.program)),
    ...permissionsAsProgram(box.m.program.permissions, w.foreign, o, before),
    ...adoptedAssociationKept(box.m, w.foreign, o),
  ];
  const { text } = await exportStack(w.cli, real.stack);
  const secrets = { ...w.secrets, ...connectSecrets(w) };
  problems.push(...plaintextSecrets(text, secrets));
  problems.push(...plaintextSecrets(w.cli.transcript.join("\n"), secrets));
  if (problems.length > 0) fail(step, problems);
  await w.cli.runOk(["refresh", "--yes", "--stack", real.stack]);
  const preview = await w.cli.run(["preview", "--expect-no-changes", "--stack", real.stack]);
  if (preview.code !== 0) fail(step, ["refresh then preview shows changes"], output(preview));
}

/** Runs `up` for `next`, first with a fault of `kind` at `site` (then re-run without it). */
export async function upTo(
  step: string,
  next: ProgramShape,
  site: FaultSite,
  box: ModelBox,
  real: Real,
  kind: FaultKindName = "500",
): Promise<void> {
  const w = real.world;
  // Progress on stderr, so a long run shows the sequence as it goes.
  process.stderr.write(`lifecycle ${real.stack}: ${step}\n`);
  const before = ourClientId(real);
  const integrationBefore = ourIntegration(real);
  const appsBefore = new Set(ours(w.foreign, observe(w)).apps.map((a) => a.clientId));
  await setProgram(w, real.stack, next);
  const remove = inject(w, site, kind);
  let r;
  try {
    r = await w.cli.run(["up", "--yes", "--skip-preview", "--stack", real.stack]);
  } finally {
    remove();
  }
  // Failed or not, Connect must still hold credentials Databricks accepts, and nothing foreign moved.
  const o = observe(w);
  const midway = [...foreignIntact(w.foreign, o), ...connectHoldsWorkingCredentials(w.foreign, o)];
  if (midway.length > 0) fail(`${step} (after the ${site} ${kind} up)`, midway, output(r));
  if (r.code !== 0) {
    if (site === "none") fail(step, ["up failed without an injected fault"], output(r));
    if (site === "databricks-create" && kind === "drop-after-commit") {
      // The app the lost answer was for: in Databricks, in neither state nor Connect.
      const held = new Set(ours(w.foreign, o).integrations.map((i) => i.clientId));
      for (const a of ours(w.foreign, o).apps) {
        if (!appsBefore.has(a.clientId) && !held.has(a.clientId)) box.m.lostCreates.add(a.clientId);
      }
    }
    const again = await w.cli.run(["up", "--yes", "--skip-preview", "--stack", real.stack]);
    if (again.code !== 0)
      fail(`${step} (re-run)`, ["up failed after the fault was removed"], output(again));
  }
  box.m = afterCompletedUp(box.m, next, before, ourClientId(real));
  await checkCompleted(step, box, real, integrationBefore);
}

/**
 * Runs `up` for `next`, which the engine must refuse (an app replacement while the app still
 * carries `import`): the `up` fails naming the cause, nothing of ours or anyone's changes, and
 * once the admin takes the edit back an `up` writes nothing and every invariant holds.
 */
export async function upRefused(
  step: string,
  next: ProgramShape,
  because: string,
  box: ModelBox,
  real: Real,
): Promise<void> {
  const w = real.world;
  process.stderr.write(`lifecycle ${real.stack}: ${step} (refused)\n`);
  const before = observe(w);
  await setProgram(w, real.stack, next);
  const r = await w.cli.run(["up", "--yes", "--skip-preview", "--stack", real.stack]);
  if (r.code === 0) fail(step, ["the engine did not refuse the edit"], output(r));
  if (!output(r).includes(because))
    fail(step, [`the refusal does not say "${because}"`], output(r));
  const after = observe(w);
  const problems = [...foreignIntact(w.foreign, after)];
  if (JSON.stringify(ours(w.foreign, after)) !== JSON.stringify(ours(w.foreign, before))) {
    problems.push("the refused up changed the stack's app or integration");
  }
  if (JSON.stringify(after.associations) !== JSON.stringify(before.associations)) {
    problems.push("the refused up changed content associations");
  }
  if (problems.length > 0) fail(step, problems, output(r));
  // Taken back, the next `up` only re-records the component's arguments (the refused run had
  // recorded the edit's): no request changes anything on either side.
  w.connect.clearRequests();
  w.dbx.clearRequests();
  await upTo(`${step}, taken back`, box.m.program, "none", box, real);
  const writes = writeTimeline(w.dbx, w.connect);
  if (writes.length > 0) fail(`${step}, taken back`, [`the up wrote: ${writes.join(", ")}`]);
}

/** What the engine says when a resource that still carries `import` would be replaced. */
const IMPORT_REFUSAL = "previously-imported resources that still specify an ID may not be replaced";

const faultLabel = (site: FaultSite, kind: FaultKindName) =>
  site === "none" ? "" : ` [fault: ${kind} on ${site}]`;

export class EditCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(
    readonly edit: string,
    readonly site: FaultSite,
    readonly kind: FaultKindName = "500",
  ) {}
  check = (box: Readonly<ModelBox>) => EDITS[this.edit].applies?.(box.m.program) ?? true;
  async run(box: ModelBox, real: Real): Promise<void> {
    const tick = ++box.m.tick;
    const next = EDITS[this.edit].apply(box.m.program, tick);
    const before = ourClientId(real);
    if (refusedWhileImporting(EDITS[this.edit], box.m.program, next)) {
      // The fault is not injected: the engine refuses before any request.
      return upRefused(this.toString(), next, IMPORT_REFUSAL, box, real);
    }
    await upTo(this.toString(), next, this.site, box, real, this.kind);
    // Another URL of the same server changes the app's redirect URL in place: the app (and so
    // its secret) stays, whatever happens to the integration (docs/lifecycle-safety.md).
    if (this.edit === "connectHost" && ourClientId(real) !== before) {
      fail(this.toString(), [`the app was replaced (client id ${before} -> ${ourClientId(real)})`]);
    }
  }
  toString = () => `${EDITS[this.edit].label}${faultLabel(this.site, this.kind)}`;
}

export class ContentCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(
    readonly index: number,
    readonly site: FaultSite,
    readonly kind: FaultKindName = "500",
  ) {}
  check = () => true;
  async run(box: ModelBox, real: Real): Promise<void> {
    box.m.tick++;
    const next = toggleContent(box.m.program, this.index);
    await upTo(this.toString(), next, this.site, box, real, this.kind);
  }
  toString = () => `add/remove content ${this.index}${faultLabel(this.site, this.kind)}`;
}

/** How a sequence's stack begins: creating both sides, or adopting a pair made by hand. */
export type Start = "create" | "adopt";

/** One whole sequence on a fresh stack: first up, the commands, destroy, and the destroy checks. */
export async function runSequence(
  w: World,
  stack: string,
  run: (box: ModelBox, real: Real) => Promise<void>,
  start: Start = "create",
): Promise<void> {
  const adopted = start === "adopt" ? await makeAdoptable(w, stack) : undefined;
  const box: ModelBox = { m: initialModel(adopted) };
  const real: Real = { world: w, stack };
  process.stderr.write(`lifecycle ${stack}: first up (${start})\n`);
  await initStack(w, stack, box.m.program);
  await w.cli.runOk(["up", "--yes", "--skip-preview", "--stack", stack]);
  if (adopted) {
    // The adopting up took both over: the hand-made app and integration, nothing new.
    const mine = ours(w.foreign, observe(w));
    const taken =
      mine.apps.length === 1 &&
      mine.apps[0].integrationId === adopted.appIntegrationId &&
      mine.integrations.length === 1 &&
      mine.integrations[0].guid === adopted.guid;
    if (!taken) fail("first up (adopt)", ["the stack did not take over the hand-made pair"]);
  }
  await checkCompleted("first up", box, real);
  await run(box, real);
  await w.cli.runOk(["destroy", "--yes", "--skip-preview", "--stack", stack]);
  const o = observe(w);
  const problems = [...destroyed(box.m, w.foreign, o), ...foreignIntact(w.foreign, o)];
  if (problems.length > 0) throw new Error(`destroy: ${problems.join("; ")}`);
  // What this stack retained is nobody's once the stack is gone.
  const left = ours(w.foreign, o);
  w.foreign.earlier.appIds.push(...left.apps.map((a) => a.integrationId));
  w.foreign.earlier.integrationGuids.push(...left.integrations.map((i) => i.guid));
  await w.cli.runOk(["stack", "rm", "--yes", "--stack", stack]);
}
