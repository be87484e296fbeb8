/* eslint-disable @typescript-eslint/no-require-imports -- the config module is loaded after setMocks. */
/** The root program's authType key: bad values and keys of the other kind fail before anything registers. */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, settle } from "./mock-monitor";

const P = "proj";
const rec = installMocks({ project: P, stack: "dev" });
const cfg: typeof import("../../provider/program-config") = require("../../provider/program-config");

function withConfig(values: Record<string, string>): pulumi.Config {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`${P}:${k}`, v])),
    [],
  );
  return new pulumi.Config(P);
}

afterEach(() => pulumi.runtime.setAllConfig({}, []));

test("defaults to Viewer", () => {
  expect(cfg.programAuthType(withConfig({}))).toBe("Viewer");
});

test("an unknown authType names the key, the values and the fix", () => {
  expect(() => cfg.programAuthType(withConfig({ authType: "ServiceAccount" }))).toThrow(
    'proj:authType must be "Viewer" or "Service Account"; got "ServiceAccount". Set it with `pulumi config set authType "Service Account"`.',
  );
});

test("Service Account keys on a Viewer stack are refused", () => {
  expect(() =>
    cfg.programAuthType(withConfig({ workspaceId: "12", secretLifetimeDays: "30" })),
  ).toThrow(
    'proj:workspaceId, proj:secretLifetimeDays only apply to authType "Service Account", but this stack\'s authType is "Viewer"; remove them (`pulumi config rm <key>`) or change authType.',
  );
});

test("Viewer keys on a Service Account stack are refused", () => {
  expect(() =>
    cfg.programAuthType(withConfig({ authType: "Service Account", existingAppClientId: "abc" })),
  ).toThrow(
    'proj:existingAppClientId only applies to authType "Viewer", but this stack\'s authType is "Service Account"; remove it (`pulumi config rm <key>`) or change authType.',
  );
});

test("an existing principal needs both ids", () => {
  const config = withConfig({
    authType: "Service Account",
    connectUrl: "https://c.example.org",
    workspaceHost: "dbc-1.cloud.databricks.com",
    existingServicePrincipalId: "42",
  });
  expect(() => cfg.serviceAccountProgramArgs(config, "dev")).toThrow(
    "proj:existingServicePrincipalApplicationId and proj:existingServicePrincipalId go together",
  );
});

test("both ids give existingServicePrincipal and no principal name", () => {
  const config = withConfig({
    connectUrl: "https://c.example.org",
    workspaceHost: "dbc-1.cloud.databricks.com",
    existingServicePrincipalApplicationId: "11111111-2222-4333-8444-555555555555",
    existingServicePrincipalId: "42",
    rotationKey: "k1",
    secretLifetimeDays: "60",
    verify: "false",
  });
  expect(cfg.serviceAccountProgramArgs(config, "dev")).toEqual({
    connectUrl: "https://c.example.org",
    workspaceHost: "dbc-1.cloud.databricks.com",
    workspaceId: undefined,
    integrationName: "Databricks service account (dev)",
    description: undefined,
    rotation: undefined,
    rotationKey: "k1",
    secretLifetimeDays: 60,
    verify: false,
    existingServicePrincipal: { applicationId: "11111111-2222-4333-8444-555555555555", id: "42" },
  });
});

test("nothing was registered by any of this", async () => {
  await settle();
  expect(rec.registrations).toEqual([]);
});
