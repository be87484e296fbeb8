import { CLOCK_SKEW_MS, findCreated } from "../../provider/connect/oauth-integration/adopt";
import type { Integration, IntegrationSpec } from "../../provider/connect/wire";

const sentAt = Date.parse("2026-01-01T12:00:00Z");
const spec: IntegrationSpec = {
  name: "DB",
  template: "databricks",
  authType: "Viewer",
  config: { client_id: "c" },
  clientSecret: "s",
};
const mk = (over: Partial<Integration>): Integration => ({
  guid: "g",
  name: "DB",
  description: null,
  template: "databricks",
  authType: "Viewer",
  config: { client_id: "c", workspace_host: "https://h" },
  createdTime: "2026-01-01T12:00:01Z",
  updatedTime: "2026-01-01T12:00:01Z",
  ...over,
});

describe("findCreated", () => {
  it("adopts the one integration that matches what was sent", () => {
    expect(
      findCreated([mk({ guid: "a" }), mk({ guid: "b", name: "Other" })], spec, sentAt),
    ).toEqual({ kind: "adopt", integration: mk({ guid: "a" }) });
  });
  it("reports absence when nothing matches", () => {
    expect(findCreated([mk({ config: { client_id: "other" } })], spec, sentAt)).toEqual({
      kind: "absent",
    });
  });
  it("ignores a same-named integration created long before the request", () => {
    const old = new Date(sentAt - CLOCK_SKEW_MS - 1000).toISOString();
    expect(findCreated([mk({ createdTime: old })], spec, sentAt)).toEqual({ kind: "absent" });
  });
  it("refuses to guess between several candidates", () => {
    expect(findCreated([mk({ guid: "a" }), mk({ guid: "b" })], spec, sentAt)).toEqual({
      kind: "ambiguous",
      guids: ["a", "b"],
    });
  });
});
