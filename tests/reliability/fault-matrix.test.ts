/**
 * Proof 1: each fault mode alone, against create/read/update/delete through the provider. A
 * fault that fires once must be absorbed (retry, or adopt/resend for an unanswered create); a
 * fault that never stops must end in the documented message. Either way: no duplicate, no
 * orphan, and the server holds what Pulumi would record. docs/reliability.md shows the same rows.
 */
import {
  PERSISTENT_FAULT_CASES,
  runFaultCases,
  SINGLE_FAULT_CASES,
  type FaultCaseResult,
} from "../../scripts/reliability/fault-matrix";
import { expectMatchesCommittedSection } from "./committed-report";
import { faultMatrixSection } from "../../scripts/reliability/report";

let results: FaultCaseResult[] = [];

beforeAll(async () => {
  results = await runFaultCases(SINGLE_FAULT_CASES);
});

describe.each(SINGLE_FAULT_CASES.map((c, i) => [c.operation, c.fault, i] as const))(
  "%s with %s",
  (_op, _fault, i) => {
    test("succeeds, leaving exactly what Pulumi records", () => {
      const r = results[i];
      expect({ outcome: r.outcome, message: r.message }).toEqual({
        outcome: "succeeded",
        message: undefined,
      });
      expect(r.consistent).toBe(true);
      expect(r.duplicates).toBe(0);
      expect(r.orphans).toBe(0);
      // The fault really fired, and something was sent after it (a retry or a lookup) unless it was mere latency.
      expect(r.faultsFired).toBe(1);
      if (!r.fault.startsWith("latency")) expect(r.requestCount).toBeGreaterThan(1);
    });
  },
);

test("the committed report shows these rows", () => {
  expectMatchesCommittedSection("single-faults", faultMatrixSection("single-faults", results));
});

// Keep PERSISTENT_FAULT_CASES referenced so a reader finds the sibling file.
void PERSISTENT_FAULT_CASES;
