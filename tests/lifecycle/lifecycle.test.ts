// The model-based lifecycle suite (docs/lifecycle-suite.md): fast-check generates sequences of
// program edits, hand-made changes and injected failures; each runs through the real Pulumi
// engine against both emulators, and the invariants in invariants.ts are checked after every step
// and after `destroy`. Bounded in `npm test`; LIFECYCLE_RUNS / LIFECYCLE_STEPS / LIFECYCLE_SEED
// run it longer or replay a failure (the seed and the failing sequence are printed).
import * as fc from "fast-check";
import { commandArbitraries } from "./arbitraries";
import { runSequence, type Start } from "./commands";
import { useWorld } from "./world";

const RUNS = Number(process.env.LIFECYCLE_RUNS ?? 1);
const STEPS = Number(process.env.LIFECYCLE_STEPS ?? 2);
const SEED = process.env.LIFECYCLE_SEED ? Number(process.env.LIFECYCLE_SEED) : Date.now() % 2 ** 31;

jest.setTimeout(Math.max(15, RUNS * (STEPS + 2) * 2) * 60 * 1000);

describe("lifecycle model: random program edits through the real engine keep every invariant", () => {
  const world = useWorld();

  it(`${RUNS} sequence(s) of up to ${STEPS} steps (seed ${SEED})`, async () => {
    const w = world();
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Start>("create", "adopt"),
        fc.commands(commandArbitraries(), { maxCommands: STEPS, size: "max" }),
        async (start, cmds) => {
          await runSequence(
            w,
            `seq-${++sequence}`,
            async (box, real) => {
              await fc.asyncModelRun(() => ({ model: box, real }), cmds);
            },
            start,
          );
        },
      ),
      // Every step is a real `up`: report the first failing sequence as generated, no shrinking.
      { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 1 },
    );
  });
});
