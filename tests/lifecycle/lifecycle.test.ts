// The model-based lifecycle suite (docs/lifecycle-suite.md): fast-check generates sequences of
// program edits, hand-made changes and injected failures; each runs through the real Pulumi
// engine against both emulators, and the invariants in invariants.ts are checked after every step
// and after `destroy`. Bounded in `npm test`; LIFECYCLE_RUNS / LIFECYCLE_STEPS / LIFECYCLE_SEED
// run it longer or replay a failure (the seed and the failing sequence are printed).
import * as fc from "fast-check";
import { commandArbitraries, checkCompleted, type ModelBox, type Real } from "./commands";
import { destroyed, foreignIntact, ours } from "./invariants";
import { initialModel } from "./model";
import { initStack, observe, startWorld, stopWorld, type World } from "./world";
import { useStrictlyIncreasingClock } from "../e2e/mission-helpers";

const RUNS = Number(process.env.LIFECYCLE_RUNS ?? 1);
const STEPS = Number(process.env.LIFECYCLE_STEPS ?? 3);
const SEED = process.env.LIFECYCLE_SEED ? Number(process.env.LIFECYCLE_SEED) : Date.now() % 2 ** 31;

jest.setTimeout(Math.max(15, RUNS * (STEPS + 2) * 2) * 60 * 1000);

describe("lifecycle model: random program edits through the real engine keep every invariant", () => {
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

  it(`${RUNS} sequence(s) of up to ${STEPS} steps (seed ${SEED})`, async () => {
    const w = world!;
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: STEPS }), async (cmds) => {
        const stack = `seq-${++sequence}`;
        const box: ModelBox = { m: initialModel() };
        const real: Real = { world: w, stack };
        await initStack(w, stack, box.m.program);
        await w.cli.runOk(["up", "--yes", "--skip-preview", "--stack", stack]);
        await checkCompleted("first up", box, real);
        await fc.asyncModelRun(() => ({ model: box, real }), cmds);
        await w.cli.runOk(["destroy", "--yes", "--skip-preview", "--stack", stack]);
        const o = observe(w);
        const problems = [...destroyed(box.m, w.foreign, o), ...foreignIntact(w.foreign, o)];
        if (problems.length > 0) throw new Error(`destroy: ${problems.join("; ")}`);
        // What this stack retained is nobody's once the stack is gone.
        const left = ours(w.foreign, o);
        w.foreign.earlier.appIds.push(...left.apps.map((a) => a.integrationId));
        w.foreign.earlier.integrationGuids.push(...left.integrations.map((i) => i.guid));
        await w.cli.runOk(["stack", "rm", "--yes", "--stack", stack]);
      }),
      // Every step is a real `up`: report the first failing sequence as generated, no shrinking.
      { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 1 },
    );
  });
});
