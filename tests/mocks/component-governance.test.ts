/* eslint-disable @typescript-eslint/no-require-imports -- code under test must be require()d after setMocks. */
/** DatabricksConnectOAuth's `permissions` and `associateContent` under mocks (plain GUIDs, no lookups). */
import { COMPONENT_TYPE, CONNECT_TYPE, installMocks, settle } from "./mock-monitor";

const rec = installMocks({ project: "proj", stack: "test" });

import type * as Lib from "../../provider";
const lib: typeof Lib = require("../../provider");

const ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/posit-connect:IntegrationAssociations";
const base = {
  connectUrl: "https://connect.example.org",
  workspaceHost: "dbc-1.cloud.databricks.com",
  existingApp: { clientId: "cid", clientSecret: "component-governance-secret" },
};

test("permissions reach the integration; one child owns the whole associateContent list", async () => {
  const c = new lib.DatabricksConnectOAuth("gov", {
    ...base,
    permissions: [{ groupGuid: "g-1" }, { userGuid: "u-1" }],
    associateContent: ["c-1", "c-2"],
  });
  await settle();
  const integration = rec.named("gov-connect-integration");
  expect(integration.type).toBe(CONNECT_TYPE);
  expect(integration.inputs.permissions).toEqual([{ groupGuid: "g-1" }, { userGuid: "u-1" }]);
  const component = rec.registrations.find((r) => r.type === COMPONENT_TYPE && r.name === "gov")!;
  // Named after the component alone: no list position or GUID in the name, so edits to the
  // list are updates of this one resource.
  const a = rec.named("gov-content");
  expect(a.type).toBe(ASSOCIATION_TYPE);
  expect(a.parent).toBe(component.urn);
  expect(a.inputs).toMatchObject({
    connectUrl: "https://connect.example.org",
    contentGuids: ["c-1", "c-2"],
    integrationGuid: integration.id,
  });
  expect(rec.registrations.filter((r) => r.name.startsWith("gov-content-"))).toEqual([]);
  expect(c.contentAssociations).toBeDefined();
});

test("without the options: no permissions input, no associations", async () => {
  const c = new lib.DatabricksConnectOAuth("plain", base);
  await settle();
  expect(rec.named("plain-connect-integration").inputs).not.toHaveProperty("permissions");
  expect(rec.registrations.filter((r) => r.name.startsWith("plain-content"))).toEqual([]);
  expect(c.contentAssociations).toBeUndefined();
});

test("bad associateContent entries throw naming the entry, before anything is registered", () => {
  const before = rec.registrations.length;
  expect(
    () => new lib.DatabricksConnectOAuth("dup", { ...base, associateContent: ["c-1", "c-1"] }),
  ).toThrow('DatabricksConnectOAuth "dup": associateContent[1]');
  expect(
    () => new lib.DatabricksConnectOAuth("empty", { ...base, associateContent: [""] }),
  ).toThrow(/associateContent\[0\] must be a content GUID/);
  expect(
    rec.registrations.filter((r) => r.name.startsWith("dup") || r.name.startsWith("empty")),
  ).toEqual([]);
  expect(rec.registrations.length).toBe(before);
});
