/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/**
 * examples/governed under mocks: the lookups resolve against a Connect emulator (real HTTP), the
 * resources are recorded by the mock monitor. One group may use the integration; two named
 * dashboards get one association each.
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import {
  COMPONENT_TYPE,
  CONNECT_TYPE,
  installMocks,
  Recorder,
  settle,
  value,
} from "./mock-monitor";

const P = "connect-databricks-governed";
const API_KEY = "canary-governed-example-key-9a0e";
const ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/posit-connect:IntegrationAssociations";
const GROUP = "9d000000-0000-4000-8000-0000000000d5";
const SALES = "9c000000-0000-4000-8000-00000000005a";
const OPS = "9c000000-0000-4000-8000-0000000000b5";

// Mocks go in before anything else runs; the config follows once the emulator's URL is known.
const rec: Recorder = installMocks({ project: P, stack: "prod" });
let emulator: ConnectEmulator;
let program: Record<string, any>;

beforeAll(async () => {
  emulator = await startEmulator({
    adminKeys: [API_KEY],
    groups: [
      { name: "data-science", guid: GROUP },
      { name: "data-science-interns", guid: "9d000000-0000-4000-8000-0000000000e1" },
    ],
    content: [
      { name: "sales-dashboard", guid: SALES, appMode: "python-dash" },
      { name: "ops-dashboard", guid: OPS, appMode: "python-shiny" },
    ],
  });
  pulumi.runtime.setAllConfig(
    {
      [`${P}:connectUrl`]: emulator.url,
      [`${P}:workspaceHost`]: "dbc-1234abcd-5678.cloud.databricks.com",
      "posit-connect:apiKey": API_KEY,
    },
    ["posit-connect:apiKey"],
  );
  program = require("../../examples/governed/index");
  // The component's inputs include the lookups' outputs, so registrations wait for Connect's
  // answers (HTTP, not RPCs): settle until all five are in (component, app, integration, 2).
  for (let i = 0; i < 12 && rec.registrations.length < 5; i++) await settle();
  await settle();
});
afterAll(() => emulator.close());

test("the integration may be used by the data-science group only", () => {
  const integration = rec.named("databricks-prod-connect-integration");
  expect(integration.type).toBe(CONNECT_TYPE);
  expect(integration.inputs.permissions).toEqual([{ groupGuid: GROUP }]);
});

test("two dashboards, looked up by name, are owned by one association child of the component", () => {
  const associations = rec.ofType(ASSOCIATION_TYPE);
  expect(associations).toHaveLength(1);
  expect([...associations[0].inputs.contentGuids].sort()).toEqual([SALES, OPS].sort());
  const component = rec.registrations.find((r) => r.type === COMPONENT_TYPE)!;
  for (const a of associations) {
    expect(a.parent).toBe(component.urn);
    expect(a.inputs.integrationGuid).toBe(rec.named("databricks-prod-connect-integration").id);
    expect(a.inputs.connectUrl).toBe(emulator.url);
  }
  // The lookups used the key from stack config and read only.
  expect(emulator.requests.every((r) => r.method === "GET" && r.authorized === "admin")).toBe(true);
});

test("exports", async () => {
  expect(program.allowedGroup).toBe("data-science");
  expect(await value(program.connectIntegrationGuid)).toBe(
    rec.named("databricks-prod-connect-integration").id,
  );
  expect([...((await value(program.associatedContent)) as string[])].sort()).toEqual(
    [SALES, OPS].sort(),
  );
});
