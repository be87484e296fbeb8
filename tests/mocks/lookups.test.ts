/**
 * getConnectUser / getConnectGroup / getConnectContent in a program run under mocks, resolving
 * against the Connect emulator over real HTTP with the API key from stack config.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { outputValue } from "../support/output-value";
import { installMocks } from "./mock-monitor";
import { getConnectContent, getConnectGroup, getConnectUser } from "../../provider";

const API_KEY = "canary-lookup-key-5e77a1";
const WRONG_KEY = "canary-lookup-wrong-key-0c3d";
let emulator: ConnectEmulator;

function useKey(apiKey: string): void {
  installMocks({
    project: "lookups",
    config: { "posit-connect:url": emulator.url, "posit-connect:apiKey": apiKey },
    secretKeys: ["posit-connect:apiKey"],
  });
}

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [API_KEY],
    users: [
      { username: "analyst", guid: "u-analyst" },
      { username: "analyst2", guid: "u-analyst2" },
      { username: "Carol", guid: "u-carol" },
    ],
    groups: [
      { name: "data-science", guid: "g-ds" },
      { name: "data", guid: "g-data" },
      { name: "twins", guid: "g-twin-1" },
      { name: "twins", guid: "g-twin-2" },
    ],
    content: [
      { name: "sales-dashboard", guid: "c-sales", appMode: "python-dash", title: "Sales" },
      { name: "copy", guid: "c-copy-1" },
      { name: "copy", guid: "c-copy-2" },
    ],
  });
  useKey(API_KEY);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());

describe("getConnectUser", () => {
  it("resolves the exact username among prefix matches", async () => {
    expect(await outputValue(getConnectUser({ username: "analyst" }))).toEqual({
      guid: "u-analyst",
      username: "analyst",
      locked: false,
    });
    expect(emulator.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET users"]);
    expect(emulator.requests[0].authorized).toBe("admin");
  });

  it("the guid is usable as a lifted property", async () => {
    expect(await outputValue(getConnectUser({ username: "analyst2" }).guid)).toBe("u-analyst2");
  });

  it("no exact match is an error that suggests a case-insensitive near miss", async () => {
    await expect(outputValue(getConnectUser({ username: "carol" }))).rejects.toThrow(
      'getConnectUser({ username: "carol" }): no Connect user has exactly this username (did you mean "Carol"?)',
    );
    await expect(outputValue(getConnectUser({ username: "nobody" }))).rejects.toThrow(
      /no Connect user has exactly this username\. Names are matched exactly/,
    );
  });
});

describe("getConnectGroup", () => {
  it("resolves by exact name, not by prefix", async () => {
    expect(await outputValue(getConnectGroup({ name: "data" }).guid)).toBe("g-data");
    expect(await outputValue(getConnectGroup({ name: "data-science" }).guid)).toBe("g-ds");
  });

  it("several groups with one name is an error listing their GUIDs", async () => {
    await expect(outputValue(getConnectGroup({ name: "twins" }))).rejects.toThrow(
      'getConnectGroup({ name: "twins" }): 2 groups match (g-twin-1, g-twin-2); pass the GUID of the one you mean instead.',
    );
  });
});

describe("getConnectContent", () => {
  it("by name and by guid", async () => {
    const byName = await outputValue(getConnectContent({ name: "sales-dashboard" }));
    expect(byName).toEqual({
      guid: "c-sales",
      name: "sales-dashboard",
      title: "Sales",
      appMode: "python-dash",
    });
    expect(await outputValue(getConnectContent({ guid: "c-sales" }))).toEqual(byName);
  });

  it("errors: none, several, unknown guid, neither or both arguments", async () => {
    await expect(outputValue(getConnectContent({ name: "nope" }))).rejects.toThrow(
      /no Connect content item has exactly this name/,
    );
    await expect(outputValue(getConnectContent({ name: "copy" }))).rejects.toThrow(
      /2 content items match \(c-copy-1, c-copy-2\)/,
    );
    await expect(outputValue(getConnectContent({ guid: "c-missing" }))).rejects.toThrow(
      /getConnectContent\(\{ guid: "c-missing" \}\): Connect has no content item with this GUID/,
    );
    await expect(outputValue(getConnectContent({}))).rejects.toThrow(
      /give exactly one of name or guid \(got neither\)/,
    );
    await expect(outputValue(getConnectContent({ name: "x", guid: "y" }))).rejects.toThrow(
      /got both/,
    );
  });
});

describe("the API key", () => {
  it("comes from stack config; a rejected key is reported without the key", async () => {
    useKey(WRONG_KEY);
    try {
      const error = await outputValue(getConnectGroup({ name: "data" })).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/getConnectGroup\(\{ name: "data" \}\): .*HTTP 401/);
      expect(error?.message).not.toContain(WRONG_KEY);
      expect(JSON.stringify(error)).not.toContain(WRONG_KEY);
      expect(String(error?.stack)).not.toContain(WRONG_KEY);
    } finally {
      useKey(API_KEY);
    }
  });
});
