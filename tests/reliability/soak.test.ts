/**
 * Proof 2: the soak through the real dynamic-provider host over gRPC. 200 integrations are
 * created, refreshed, updated and deleted 16 at a time while 10% of API requests are faulted
 * (seeded, every kind). The server must end up holding exactly what the provider reported,
 * with zero duplicates and orphans; failures are allowed only as documented messages that
 * left state consistent, and no canary may appear in the host's output or any error.
 */
import { runSoak, SOAK_DEFAULTS, type SoakResult } from "../../scripts/reliability/soak";
import { soakSection } from "../../scripts/reliability/report";
import { expectMatchesCommittedSection } from "./committed-report";

let result: SoakResult;

beforeAll(async () => {
  result = await runSoak();
}, 170_000);

test("runs the full size, with faults of every kind", () => {
  expect(result.options).toEqual(SOAK_DEFAULTS);
  expect(result.phases.create.ok + result.phases.create.failed).toBe(200);
  expect(Object.keys(result.faulted).sort()).toEqual([
    "drop-after-commit",
    "hang",
    "latency",
    "reset",
    "status",
  ]);
  const faulted = Object.values(result.faulted).reduce((a, b) => a + b, 0);
  // About 10% of requests (binomial spread; retries are requests too).
  expect(faulted / result.requests).toBeGreaterThan(0.06);
  expect(faulted / result.requests).toBeLessThan(0.14);
});

test("the server holds exactly what the provider reported", () => {
  expect(result.mismatches).toEqual([]);
  expect(result.duplicates).toBe(0);
  expect(result.orphans).toBe(0);
  expect(result.onServer).toBe(result.tracked);
});

test("every failure is documented and left state consistent", () => {
  expect(result.undocumentedFailures).toEqual([]);
  expect(result.inconsistentFailures).toEqual([]);
});

test("after the deletes nothing of ours remains", () => {
  expect(result.remainingAfterDelete).toBe(0);
});

test("no canary in host output or error messages", () => {
  expect(result.leaks).toEqual([]);
});

test("the committed report shows the same invariants", () => {
  expectMatchesCommittedSection("soak", soakSection(result));
});
