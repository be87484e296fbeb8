import {
  adoptionRefusal,
  planAdoption,
} from "../../provider/connect/oauth-integration/adopt-existing";
import { diffIntegration } from "../../provider/connect/oauth-integration/diff";
import type { OAuthIntegrationInputs } from "../../provider/connect/oauth-integration/types";
import { validateInputs } from "../../provider/connect/oauth-integration/validate";
import type { Integration } from "../../provider/connect/wire";

const GUID = "3f2c9a1e-8d7b-4c6a-9e5f-0a1b2c3d4e5f";

/** What an admin made by hand: curl with a secret, no auth_mode, a key the program never names. */
const existing = (over: Partial<Integration> = {}): Integration => ({
  guid: GUID,
  name: "Databricks",
  description: "made by hand",
  template: "databricks",
  authType: "Viewer",
  config: {
    workspace_host: "https://dbc-1.cloud.databricks.com",
    client_id: "client-1",
    scopes: "all-apis offline_access",
  },
  createdTime: "2025-01-01T00:00:00Z",
  updatedTime: "2025-01-01T00:00:00Z",
  ...over,
});

const inputs = (over: Partial<OAuthIntegrationInputs> = {}): OAuthIntegrationInputs => ({
  connectUrl: "https://connect.example.org",
  name: "Databricks",
  description: "made by hand",
  template: "databricks",
  authType: "Viewer",
  config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: "client-1" },
  adoptGuid: GUID,
  ...over,
});

describe("planAdoption", () => {
  it("needs no PATCH when the integration already matches the program", () => {
    expect(planAdoption(existing(), inputs())).toEqual({ kind: "adopt", patch: undefined });
  });

  it("refuses a GUID Connect does not have", () => {
    expect(planAdoption(undefined, inputs())).toEqual({ kind: "missing" });
  });

  it("refuses a different template, and a different auth type, naming both values", () => {
    expect(planAdoption(existing({ template: "custom" }), inputs())).toEqual({
      kind: "mismatch",
      reasons: ['it has template "custom" but the program declares "databricks"'],
    });
    const both = planAdoption(
      existing({ template: "custom", authType: "Service Account" }),
      inputs(),
    );
    expect(both).toEqual({
      kind: "mismatch",
      reasons: [
        'it has template "custom" but the program declares "databricks"',
        'it has auth type "Service Account" but the program declares "Viewer"',
      ],
    });
  });

  it("converges name, description and declared config keys in one patch, leaving other keys alone", () => {
    const plan = planAdoption(
      existing(),
      inputs({
        name: "Databricks (prod)",
        description: undefined,
        config: {
          workspace_host: "https://dbc-1.cloud.databricks.com",
          client_id: "client-2",
          auth_mode: "Confidential",
        },
      }),
    );
    expect(plan).toEqual({
      kind: "adopt",
      patch: {
        name: "Databricks (prod)",
        description: null,
        // Every declared key (right whether Connect merges or replaces config).
        config: {
          workspace_host: "https://dbc-1.cloud.databricks.com",
          client_id: "client-2",
          auth_mode: "Confidential",
        },
      },
    });
  });

  it("sends the secret only when the program gives one", () => {
    expect(planAdoption(existing(), inputs({ clientSecret: "new-secret" }))).toEqual({
      kind: "adopt",
      patch: { clientSecret: "new-secret" },
    });
    const plan = planAdoption(existing(), inputs({ clientSecret: undefined }));
    expect(plan.kind === "adopt" && plan.patch).toBeUndefined();
  });

  it("leaves state from which the next diff finds nothing to do", () => {
    const program = inputs({ name: "Renamed", config: { client_id: "client-9" } });
    const plan = planAdoption(existing(), program);
    expect(plan.kind).toBe("adopt");
    // The server after the PATCH, as the provider records it.
    const after = existing({
      name: "Renamed",
      config: { ...existing().config, client_id: "client-9" },
    });
    const outs = { ...after, connectUrl: program.connectUrl, managedConfigKeys: ["client_id"] };
    expect(diffIntegration(outs, program)).toEqual({ changes: false, replaces: [], updates: [] });
    // Removing or changing adoptGuid afterwards changes nothing either.
    expect(diffIntegration(outs, { ...program, adoptGuid: undefined }).changes).toBe(false);
    expect(diffIntegration(outs, { ...program, adoptGuid: "another-guid" }).changes).toBe(false);
  });
});

describe("adoptionRefusal", () => {
  it("says what is wrong, that nothing changed, and how to go on", () => {
    const missing = adoptionRefusal(GUID, inputs(), { kind: "missing" });
    expect(missing).toBe(
      `Cannot adopt Connect OAuth integration ${GUID}: https://connect.example.org has no integration with that GUID. ` +
        "List the existing ones with `npx pulumi-posit-connect discover`, or remove adoptGuid to create a new integration. Nothing was changed.",
    );
    const mismatch = adoptionRefusal(GUID, inputs(), {
      kind: "mismatch",
      reasons: ['it has template "custom" but the program declares "databricks"'],
    });
    expect(mismatch).toContain('it has template "custom" but the program declares "databricks"');
    expect(mismatch).toContain("fix the program to match it, or adopt another integration");
  });
});

describe("check: adoptGuid", () => {
  const base = {
    connectUrl: "https://connect.example.org",
    name: "Databricks",
    template: "databricks",
  };
  it("trims a pasted GUID and keeps it as an input", () => {
    const { inputs: checked, failures } = validateInputs({ ...base, adoptGuid: ` ${GUID}\n` });
    expect(failures).toEqual([]);
    expect(checked.adoptGuid).toBe(GUID);
  });
  it.each([[""], ["not a guid"], [42], ["a/b"]])("rejects %j naming the property", (bad) => {
    const { failures } = validateInputs({ ...base, adoptGuid: bad });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("adoptGuid");
    expect(failures[0].reason).toMatch(/must be the GUID of an existing Connect integration/);
  });
  it("drops a null adoptGuid", () => {
    const { inputs: checked, failures } = validateInputs({ ...base, adoptGuid: null });
    expect(failures).toEqual([]);
    expect("adoptGuid" in checked).toBe(false);
  });
});
