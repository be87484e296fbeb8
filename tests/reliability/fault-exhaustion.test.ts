/**
 * Proof 1, second half: faults that never stop. Each operation must give up within its bounds
 * with the documented, actionable message, and leave the server in the state Pulumi records
 * (nothing created by a failed create, nothing changed by a failed update, the integration
 * still present after a failed delete). The one create whose outcome cannot be settled tells
 * the user exactly what to look for.
 */
import {
  PERSISTENT_FAULT_CASES,
  runFaultCases,
  type FaultCaseResult,
} from "../../scripts/reliability/fault-matrix";
import { faultMatrixSection } from "../../scripts/reliability/report";
import { CANARIES } from "../../scripts/reliability/fixtures";
import { expectMatchesCommittedSection } from "./committed-report";

let results: FaultCaseResult[] = [];

beforeAll(async () => {
  results = await runFaultCases(PERSISTENT_FAULT_CASES, 100);
}, 120_000);

describe.each(PERSISTENT_FAULT_CASES.map((c, i) => [c.operation, c.fault, i] as const))(
  "%s with %s",
  (_op, _fault, i) => {
    test("ends as documented, with consistent state and no duplicate", () => {
      const r = results[i];
      expect(r.outcome).toBe(r.expected);
      expect(r.consistent).toBe(true);
      expect(r.duplicates).toBe(0);
      for (const canary of CANARIES) expect(r.message ?? "").not.toContain(canary);
    });
  },
);

test("failure messages name the operation, the request and the fix", () => {
  const failed = results.filter((r) => r.message);
  expect(failed.length).toBe(
    PERSISTENT_FAULT_CASES.filter((c) => c.expected !== "succeeded").length,
  );
  for (const r of failed) {
    // Connection failures name the whole URL (where it went matters); answers from Connect name the path.
    expect(r.message).toMatch(
      new RegExp(
        `Connect OAuth integration ${r.operation} failed: (GET|POST|PATCH|DELETE) (http://127\\.0\\.0\\.1:\\d+)?/__api__/v1/oauth/integrations`,
      ),
    );
  }
  const unknown = results.find((r) => r.expected.includes("create outcome unknown"))!;
  expect(unknown.message).toMatch(
    /Look in Connect \(System > Integrations\) for "matrix-\d+" created at \d{4}-\d\d-\d\dT/,
  );
});

test("the committed report shows these rows", () => {
  expectMatchesCommittedSection(
    "persistent-faults",
    faultMatrixSection("persistent-faults", results),
  );
});
