/** Pure helpers behind permissions and content associations. */
import fc from "fast-check";
import {
  canonicalPermissions,
  checkPermissions,
  samePermissions,
  versionBefore,
} from "../../provider/connect/permissions";
import { brokenRule, sameSet } from "../../provider/connect/content-association/rules";
import { contentKey, serialized } from "../../provider/connect/content-association/lock";
import type { ConnectContent, Integration } from "../../provider/connect/wire";
import {
  permissionFromWire,
  permissionToWire,
  toCreateBody,
  toUpdateBody,
} from "../../provider/connect/wire";

const integration = (guid: string, authType: string): Integration => ({
  guid,
  name: guid.toUpperCase(),
  description: null,
  template: "databricks",
  authType,
  config: {},
  createdTime: "",
  updatedTime: "",
});
const content = (appMode: string): ConnectContent => ({
  guid: "c1",
  name: "report",
  title: "Weekly",
  appMode,
});

describe("permissions", () => {
  test("the same grants in any order are equal; a different set is not", () => {
    const grant = fc.oneof(
      fc.uuid().map((userGuid) => ({ userGuid })),
      fc.uuid().map((groupGuid) => ({ groupGuid })),
    );
    fc.assert(
      fc.property(fc.uniqueArray(grant, { selector: (g) => JSON.stringify(g) }), (list) => {
        const shuffled = [...list].reverse();
        expect(samePermissions(list, shuffled)).toBe(true);
        expect(canonicalPermissions(list)).toEqual(canonicalPermissions(shuffled));
        if (list.length > 0) expect(samePermissions(list, list.slice(1))).toBe(false);
      }),
    );
  });

  test("undefined (not managed) differs from [] (Connect's default)", () => {
    expect(samePermissions(undefined, [])).toBe(false);
    expect(samePermissions(undefined, undefined)).toBe(true);
  });

  test("wire form: exactly one GUID, the other null, as rsconnect-python sends it", () => {
    expect(permissionToWire({ groupGuid: "g" })).toEqual({ user_guid: null, group_guid: "g" });
    expect(permissionFromWire({ id: "1", guid: "x", user_guid: "u", group_guid: null })).toEqual({
      userGuid: "u",
    });
    expect(
      toCreateBody({ name: "n", template: "t", authType: "Viewer", config: {}, permissions: [] })
        .permissions,
    ).toEqual([]);
    expect(toUpdateBody({ name: "n" })).not.toHaveProperty("permissions");
  });

  test("check: a non-list gets the example and the default explained; duplicates are named", () => {
    expect(checkPermissions("g")[0].reason).toContain("use [] for Connect's default");
    expect(checkPermissions([{ groupGuid: "g" }, { groupGuid: "g" }])).toEqual([
      { property: "permissions[1]", reason: "groupGuid g is listed twice" },
    ]);
    expect(checkPermissions(undefined)).toEqual([]);
  });

  test("versions compare numerically, part by part", () => {
    expect(versionBefore("2025.07.0", "2026.04.0")).toBe(true);
    expect(versionBefore("2026.04.0", "2026.04.0")).toBe(false);
    expect(versionBefore("2026.10.1", "2026.04.0")).toBe(false);
    expect(versionBefore("2025.4", "2025.07.0")).toBe(true);
  });
});

describe("association rules", () => {
  const base = { serverVersion: "2025.07.0", property: "integrationGuids" };
  test("Viewer and Visitor API Key need interactive content; Service Account does not", () => {
    expect(
      brokenRule({
        ...base,
        content: content("quarto-static"),
        integrations: [integration("v", "Viewer")],
      }),
    ).toMatch(/^integrationGuids: integration "V" \(v\) uses the Viewer authentication type/);
    expect(
      brokenRule({
        ...base,
        content: content("rmd-static"),
        integrations: [integration("k", "Visitor API Key")],
      }),
    ).toContain("Visitor API Key");
    expect(
      brokenRule({
        ...base,
        content: content("quarto-static"),
        integrations: [integration("s", "Service Account")],
      }),
    ).toBeUndefined();
    expect(
      brokenRule({
        ...base,
        content: content("python-dash"),
        integrations: [integration("v", "Viewer")],
      }),
    ).toBeUndefined();
    // An app mode the server did not report is left to Connect.
    expect(
      brokenRule({ ...base, content: content(""), integrations: [integration("v", "Viewer")] }),
    ).toBeUndefined();
  });

  test("more than one needs 2025.07.0; an unreported version is let through", () => {
    const two = [integration("a", "Service Account"), integration("b", "Service Account")];
    const c = content("python-dash");
    expect(
      brokenRule({ ...base, serverVersion: "2025.06.9", content: c, integrations: two }),
    ).toContain("needs Connect 2025.07.0 or later");
    expect(brokenRule({ ...base, content: c, integrations: two })).toBeUndefined();
    expect(
      brokenRule({ ...base, serverVersion: undefined, content: c, integrations: two }),
    ).toBeUndefined();
  });

  test("sameSet ignores order only", () => {
    expect(sameSet(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameSet(["a"], ["a", "b"])).toBe(false);
  });
});

describe("per-content lock", () => {
  test("work on one key runs one at a time, in order, and a failure does not block the queue", async () => {
    const key = contentKey("https://c.example.org/", "c1");
    expect(key).toBe(contentKey("https://c.example.org", "c1"));
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = serialized(key, async () => {
      log.push("first:start");
      await gate;
      log.push("first:end");
      throw new Error("boom");
    });
    const second = serialized(key, async () => {
      log.push("second");
      return 2;
    });
    const other = serialized(contentKey("https://c.example.org", "c2"), async () => {
      log.push("other");
      return 3;
    });
    expect(await other).toBe(3);
    expect(log).toEqual(["first:start", "other"]);
    release();
    await expect(first).rejects.toThrow("boom");
    expect(await second).toBe(2);
    expect(log).toEqual(["first:start", "other", "first:end", "second"]);
  });
});
