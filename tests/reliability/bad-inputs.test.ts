/**
 * Proof 3: property-based. `check` never throws on thousands of generated inputs and every
 * failure names a property of the input schema; the emulator answers malformed bodies with
 * Connect-shaped 4xx errors, never a 5xx or a crash. Seeded, so a failure replays exactly.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import {
  BAD_INPUT_RUNS,
  checkNeverThrows,
  malformedBodiesRejected,
} from "../../scripts/reliability/bad-inputs";
import {
  CANARY_API_KEY,
  checked,
  configuredProvider,
  programInputs,
} from "../../scripts/reliability/fixtures";
import { badInputsSection } from "../../scripts/reliability/report";
import { expectMatchesCommittedSection } from "./committed-report";

const { checkRuns: CHECK_RUNS, checkSeed, bodyRuns: BODY_RUNS, bodySeed } = BAD_INPUT_RUNS;
let emulator: ConnectEmulator;
let guid: string;
const errors: unknown[] = [];
const originalError = console.error;

beforeAll(async () => {
  emulator = await startEmulator({ adminKeys: [CANARY_API_KEY] });
  const provider = await configuredProvider({ "posit-connect:apiKey": CANARY_API_KEY });
  guid = (await provider.create(await checked(provider, programInputs(emulator.url, "target")))).id;
  // The emulator logs unexpected handler errors with console.error; there must be none.
  console.error = (...args: unknown[]) => errors.push(args);
});
afterAll(async () => {
  console.error = originalError;
  await emulator?.close();
});

let checkStats: Awaited<ReturnType<typeof checkNeverThrows>>;
let bodyStats: Awaited<ReturnType<typeof malformedBodiesRejected>>;

test(`check: ${CHECK_RUNS} generated inputs, no throw, every failure names a schema property`, async () => {
  checkStats = await checkNeverThrows(checkSeed, CHECK_RUNS);
  expect(checkStats.runs).toBe(CHECK_RUNS);
  // About half the cases are generated valid inputs, and check accepted every one of them.
  expect(checkStats.withFailures).toBeGreaterThan(CHECK_RUNS / 4);
  expect(checkStats.acceptedValid).toBeGreaterThan(CHECK_RUNS / 4);
});

test(`emulator: ${BODY_RUNS} malformed create/update bodies get Connect-shaped 4xx`, async () => {
  bodyStats = await malformedBodiesRejected(emulator, guid, bodySeed, BODY_RUNS);
  expect(Object.keys(bodyStats.byStatus).every((s) => s.startsWith("4"))).toBe(true);
  expect(Object.keys(bodyStats.byKind).sort()).toEqual([
    "JSON, not an object",
    "not JSON",
    "unknown keys",
    "wrong types",
  ]);
  expect(errors).toEqual([]);
  // Still serving, and the target integration is untouched.
  expect(emulator.integrations().find((i) => i.guid === guid)?.name).toBe("target");
});

test("the committed report shows the same counts", () => {
  expectMatchesCommittedSection("bad-inputs", badInputsSection(checkStats, bodyStats));
});
