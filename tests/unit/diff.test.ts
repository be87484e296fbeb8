import { buildPatch, diffIntegration } from "../../provider/connect/oauth-integration/diff";
import {
  OAuthIntegrationInputs,
  OAuthIntegrationOutputs,
  UNKNOWN,
} from "../../provider/connect/oauth-integration/types";

const olds: OAuthIntegrationOutputs = {
  stateVersion: 1,
  guid: "g-1",
  connectUrl: "https://connect.example.org",
  name: "Databricks",
  description: "desc",
  template: "databricks",
  authType: "Viewer",
  // use_pkce was added by the server, the program never declared it.
  config: { workspace_host: "https://h", client_id: "id-1", use_pkce: true },
  managedConfigKeys: ["client_id", "workspace_host"],
  createdTime: "2025-01-01T00:00:00Z",
  updatedTime: "2025-01-01T00:00:00Z",
  clientSecret: "secret-1",
};

const same: OAuthIntegrationInputs = {
  connectUrl: "https://connect.example.org",
  name: "Databricks",
  description: "desc",
  template: "databricks",
  authType: "Viewer",
  config: { workspace_host: "https://h", client_id: "id-1" },
  clientSecret: "secret-1",
};

describe("diffIntegration", () => {
  it("reports no change for identical inputs, ignoring server-added config keys", () => {
    expect(diffIntegration(olds, same)).toEqual({ changes: false, replaces: [], updates: [] });
  });

  it("ignores a trailing slash on the URL", () => {
    expect(
      diffIntegration(olds, { ...same, connectUrl: "https://connect.example.org/" }).changes,
    ).toBe(false);
  });

  it.each([
    ["connectUrl", { connectUrl: "https://other.example.org" }],
    ["template", { template: "custom" }],
    ["authType", { authType: "Service Account" }],
  ])("replaces on %s", (key, change) => {
    const d = diffIntegration(olds, { ...same, ...change });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([key]);
  });

  it.each([
    ["name", { name: "New" }],
    ["description", { description: undefined }],
    ["config", { config: { workspace_host: "https://h", client_id: "id-2" } }],
    ["clientSecret", { clientSecret: "secret-2" }],
  ])("updates %s in place", (key, change) => {
    const d = diffIntegration(olds, { ...same, ...change } as OAuthIntegrationInputs);
    expect(d).toEqual({ changes: true, replaces: [], updates: [key] });
  });

  it("replaces when a replace-triggering value is unknown during preview", () => {
    expect(diffIntegration(olds, { ...same, template: UNKNOWN }).replaces).toEqual(["template"]);
  });

  it("reads state written before managedConfigKeys existed", () => {
    const legacy: Partial<OAuthIntegrationOutputs> = {
      ...olds,
      managedConfigKeys: undefined,
      config: { workspace_host: "https://h", client_id: "id-1" },
    };
    expect(diffIntegration(legacy, same).changes).toBe(false);
  });
});

describe("buildPatch", () => {
  it("is undefined when nothing differs", () => {
    expect(buildPatch(olds, same)).toBeUndefined();
  });

  it("carries only what changed, and then the whole declared config (right under merge or replace)", () => {
    expect(
      buildPatch(olds, { ...same, name: "New", config: { ...same.config, client_id: "id-2" } }),
    ).toEqual({
      name: "New",
      config: { ...same.config, client_id: "id-2" },
    });
  });

  it("removes a managed config key the program dropped, but never server-added ones", () => {
    expect(buildPatch(olds, { ...same, config: { client_id: "id-1" } })).toEqual({
      config: { client_id: "id-1", workspace_host: null },
    });
  });

  it("clears the description and the secret with null", () => {
    expect(buildPatch(olds, { ...same, description: undefined, clientSecret: undefined })).toEqual({
      description: null,
      clientSecret: null,
    });
  });
});
