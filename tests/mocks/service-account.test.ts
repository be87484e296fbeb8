/* eslint-disable @typescript-eslint/no-require-imports -- code under test must be require()d after setMocks. */
/**
 * DatabricksConnectServiceAccount under mocks: what it registers and how it is wired, the
 * secret kept secret end to end, rotation turned into the secret's replace trigger and
 * lifetime, the expiry warning, and argument validation that registers nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ASSIGNMENT_TYPE,
  CONNECT_TYPE,
  DATABRICKS_PROVIDER_TYPE,
  Registration,
  SERVICE_ACCOUNT_TYPE,
  SP_SECRET_TYPE,
  SP_TYPE,
  installMocks,
  isSecretSig,
  plaintextOccurrences,
  settle,
  unwrap,
  value,
} from "./mock-monitor";

const API_KEY_CANARY = "connect-api-key-CANARY-sa01";
const rec = installMocks({
  project: "proj",
  stack: "test",
  config: { "posit-connect:apiKey": API_KEY_CANARY },
  secretKeys: ["posit-connect:apiKey"],
});

import type * as Lib from "../../provider";
import type * as Databricks from "@pulumi/databricks";
const lib: typeof Lib = require("../../provider");
const databricks: typeof Databricks = require("@pulumi/databricks");
const log: typeof pulumi.log = require("@pulumi/pulumi").log;

const CONNECT = "https://connect.example.org";
const HOST = "dbc-1234abcd-5678.cloud.databricks.com";
const DAY = 86_400_000;

let seq = 0;
const uniq = (base: string) => `sa-${base}-${++seq}`;

interface Built {
  name: string;
  component: Lib.DatabricksConnectServiceAccount;
  self: Registration;
  sp?: Registration;
  secret: Registration;
  assignment?: Registration;
  connect: Registration;
  all: Registration[];
}

async function build(
  base: string,
  args: Partial<Lib.DatabricksConnectServiceAccountArgs> = {},
  opts?: pulumi.ComponentResourceOptions,
): Promise<Built> {
  const name = uniq(base);
  const component = new lib.DatabricksConnectServiceAccount(
    name,
    { connectUrl: CONNECT, workspaceHost: HOST, ...args },
    opts,
  );
  await value(component.urn);
  await value(component.connectIntegrationGuid);
  await value(component.verified);
  await settle();
  const all = rec.forComponent(name);
  return {
    name,
    component,
    self: all.find((r) => r.name === name)!,
    sp: all.find((r) => r.type === SP_TYPE),
    secret: all.find((r) => r.type === SP_SECRET_TYPE)!,
    assignment: all.find((r) => r.type === ASSIGNMENT_TYPE),
    connect: all.find((r) => r.type === CONNECT_TYPE)!,
    all,
  };
}

afterEach(() => jest.restoreAllMocks());

describe("wiring", () => {
  test("registers principal, secret, workspace assignment and a Service Account integration under the component", async () => {
    const b = await build("wired", { workspaceId: "1234567890123456", integrationName: "Reports" });
    expect(b.self.type).toBe(SERVICE_ACCOUNT_TYPE);
    expect(b.all.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${SERVICE_ACCOUNT_TYPE} ${b.name}`,
        `${SP_TYPE} ${b.name}-service-principal`,
        `${SP_SECRET_TYPE} ${b.name}-secret`,
        `${ASSIGNMENT_TYPE} ${b.name}-workspace-assignment`,
        `${CONNECT_TYPE} ${b.name}-connect-integration`,
      ].sort(),
    );
    for (const child of [b.sp!, b.secret, b.assignment!, b.connect]) {
      expect(child.parent).toBe(b.self.urn);
    }
    expect(b.sp!.inputs).toMatchObject({ displayName: b.name, active: true });
    expect(b.secret.inputs.servicePrincipalId).toBe(b.sp!.id);
    expect(b.assignment!.inputs).toEqual({
      workspaceId: "1234567890123456",
      principalId: b.sp!.id,
      permissions: ["USER"],
    });
    expect(b.connect.inputs).toMatchObject({
      connectUrl: CONNECT,
      name: "Reports",
      template: "databricks",
      authType: "Service Account",
      config: { workspace_host: HOST, client_id: `app-id-${b.name}-service-principal` },
      verify: true,
    });
    // Verification needs the principal in the workspace before the integration is created.
    expect(b.connect.dependencies).toContain(b.assignment!.urn);
  });

  test("outputs: application id, principal id, expiry, guid and verified", async () => {
    const b = await build("outputs");
    expect(await value(b.component.applicationId)).toBe(`app-id-${b.name}-service-principal`);
    expect(await value(b.component.servicePrincipalId)).toBe(b.sp!.id);
    expect(await value(b.component.secretExpireTime)).toBe(rec.spSecretExpireTime);
    expect(await value(b.component.connectIntegrationGuid)).toBe(b.connect.id);
    expect(await value(b.component.verified)).toBe(true);
    expect(b.self.outputs).toEqual({
      applicationId: `app-id-${b.name}-service-principal`,
      servicePrincipalId: b.sp!.id,
      secretExpireTime: rec.spSecretExpireTime,
      connectIntegrationGuid: b.connect.id,
      verified: true,
    });
  });

  test("without workspaceId no assignment is made", async () => {
    const b = await build("no-ws");
    expect(b.assignment).toBeUndefined();
    expect(b.component.workspaceAssignment).toBeUndefined();
  });

  test("workspace_host is sent bare even when given with https:// and a slash", async () => {
    const b = await build("host", { workspaceHost: `HTTPS://${HOST.toUpperCase()}/` });
    expect(b.connect.inputs.config.workspace_host).toBe(HOST);
  });

  test("verify: false reaches the integration and verified is false", async () => {
    const b = await build("noverify", { verify: false });
    expect(b.connect.inputs.verify).toBe(false);
    expect(await value(b.component.verified)).toBe(false);
  });

  test("existingServicePrincipal: no principal is created; the secret and assignment use its id", async () => {
    const b = await build("existing", {
      existingServicePrincipal: {
        applicationId: "11111111-2222-4333-8444-555555555555",
        id: "4242",
      },
      workspaceId: 77,
    });
    expect(b.sp).toBeUndefined();
    expect(b.component.servicePrincipal).toBeUndefined();
    expect(b.secret.inputs.servicePrincipalId).toBe("4242");
    expect(b.assignment!.inputs).toMatchObject({ workspaceId: "77", principalId: "4242" });
    expect(b.connect.inputs.config.client_id).toBe("11111111-2222-4333-8444-555555555555");
    expect(await value(b.component.applicationId)).toBe("11111111-2222-4333-8444-555555555555");
  });

  test("an explicit Databricks provider is used for all three Databricks resources and not stored", async () => {
    const provider = new databricks.Provider(uniq("acct"), { host: "https://accounts.example" });
    const b = await build("prov", { databricksProvider: provider, workspaceId: "5" });
    const ref = `${await value(provider.urn)}::${await value(provider.id)}`;
    for (const r of [b.sp!, b.secret, b.assignment!]) expect(r.provider).toBe(ref);
    expect(b.connect.provider).not.toContain(DATABRICKS_PROVIDER_TYPE);
    expect(b.self.inputs.databricksProvider).toBeUndefined();
  });

  test("extraConnectConfig keys are merged into the integration config", async () => {
    const b = await build("extra", { extraConnectConfig: { scopes: "all-apis sql" } });
    expect(b.connect.inputs.config).toEqual({
      workspace_host: HOST,
      client_id: `app-id-${b.name}-service-principal`,
      scopes: "all-apis sql",
    });
  });
});

describe("secrecy", () => {
  test("the OAuth secret reaches Connect as a secret and never appears in plaintext", async () => {
    const b = await build("secret", { workspaceId: "9" });
    const secret = rec.spSecret(`${b.name}-secret`);
    expect(isSecretSig(b.connect.inputs.clientSecret)).toBe(true);
    expect(unwrap(b.connect.inputs.clientSecret)).toBe(secret);
    expect(b.secret.additionalSecretOutputs).toContain("secret");
    for (const r of rec.registrations) {
      expect(plaintextOccurrences(r.inputs, secret)).toEqual([]);
      expect(plaintextOccurrences(r.outputs ?? {}, secret)).toEqual([]);
      expect(JSON.stringify(r.inputs)).not.toContain(API_KEY_CANARY);
    }
  });

  test("the secret is replaced create-first (deleteBeforeReplace pinned off)", async () => {
    const b = await build("cbd");
    expect(b.secret.deleteBeforeReplace).toBe(false);
  });
});

describe("rotation", () => {
  const at = (iso: string) => jest.spyOn(Date, "now").mockReturnValue(Date.parse(iso));

  test("no rotation: no trigger, the Databricks maximum lifetime", async () => {
    const b = await build("norot");
    expect(b.secret.inputs.timeRotating).toBeUndefined();
    expect(b.secret.inputs.lifetime).toBe(`${730 * 86400}s`);
  });

  test("everyDays: lifetime is the period plus 14 days; the trigger holds within a window and changes after it", async () => {
    at("2026-03-10T12:00:00Z");
    const first = await build("rot", { rotation: { everyDays: 30 } });
    expect(first.secret.inputs.lifetime).toBe(`${44 * 86400}s`);
    const trigger = first.secret.inputs.timeRotating as string;
    expect(trigger).toMatch(/^posit-connect rotation: every 30d from \d{4}-\d{2}-\d{2}$/);
    const windowStart = Date.parse(trigger.slice(-10));
    expect(windowStart).toBeLessThanOrEqual(Date.parse("2026-03-10T12:00:00Z"));
    expect(windowStart + 30 * DAY).toBeGreaterThan(Date.parse("2026-03-10T12:00:00Z"));

    jest.spyOn(Date, "now").mockReturnValue(windowStart + 30 * DAY - 1);
    const same = await build("rot", { rotation: { everyDays: 30 } });
    expect(same.secret.inputs.timeRotating).toBe(trigger);

    jest.spyOn(Date, "now").mockReturnValue(windowStart + 30 * DAY);
    const next = await build("rot", { rotation: { everyDays: 30 } });
    expect(next.secret.inputs.timeRotating).not.toBe(trigger);
    expect(next.secret.inputs.timeRotating).toBe(
      `posit-connect rotation: every 30d from ${new Date(windowStart + 30 * DAY).toISOString().slice(0, 10)}`,
    );
  });

  test("rotationKey alone is the trigger, and changing it changes the trigger", async () => {
    const a = await build("key", { rotationKey: "2026-06" });
    const b = await build("key", { rotationKey: "2026-06-leak" });
    expect(a.secret.inputs.timeRotating).toBe("posit-connect rotation: key 2026-06");
    expect(b.secret.inputs.timeRotating).toBe("posit-connect rotation: key 2026-06-leak");
    expect(a.secret.inputs.lifetime).toBe(`${730 * 86400}s`);
  });

  test("an explicit lifetimeDays (or its former name secretLifetimeDays) wins, sent in seconds", async () => {
    const b = await build("life", { rotation: { everyDays: 30 }, lifetimeDays: 60 });
    expect(b.secret.inputs.lifetime).toBe(`${60 * 86400}s`);
    const old = await build("life-old", { rotation: { everyDays: 30 }, secretLifetimeDays: 37 });
    expect(old.secret.inputs.lifetime).toBe(`${37 * 86400}s`);
  });
});

describe("expiry warning", () => {
  const mine = (spy: jest.SpyInstance, name: string) =>
    spy.mock.calls.filter((c) => String(c[0]).includes(`"${name}"`));

  test("warns when the secret expires within expiryWarningDays (default 30) and no rotation is configured", async () => {
    const warn = jest.spyOn(log, "warn").mockResolvedValue(undefined);
    jest.spyOn(Date, "now").mockReturnValue(Date.parse("2027-05-12T00:00:00Z"));
    const b = await build("warn");
    const calls = mine(warn, b.name);
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe(
      `DatabricksConnectServiceAccount "${b.name}": the service principal's OAuth secret expires on 2027-06-01T00:00:00Z (in 20 days). ` +
        'To rotate it before then, change rotationKey (e.g. rotationKey: "<today>") or set rotation: { everyDays }, and run `pulumi up`: a new secret is issued first and the old one deleted last.',
    );
    expect(calls[0][1]).toBe(b.component);
    const quiet = await build("warn10", { expiryWarningDays: 10 });
    expect(mine(warn, quiet.name)).toEqual([]);
  });

  test("an expired secret is reported at error level with the change that rotates it, without throwing", async () => {
    const error = jest.spyOn(log, "error").mockResolvedValue(undefined);
    jest.spyOn(Date, "now").mockReturnValue(Date.parse("2027-06-02T00:00:00Z"));
    const b = await build("expired");
    const calls = mine(error, b.name);
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toContain("expired on 2027-06-01T00:00:00Z");
    expect(calls[0][0]).toContain("change rotationKey");
    const rotated = await build("expired-rot", { rotation: { everyDays: 30 } });
    expect(mine(error, rotated.name)[0][0]).toContain("run `pulumi up`");
  });

  test("no warning with rotation configured, or with 30 days or more left", async () => {
    const warn = jest.spyOn(log, "warn").mockResolvedValue(undefined);
    jest.spyOn(Date, "now").mockReturnValue(Date.parse("2027-05-25T00:00:00Z"));
    const rotated = await build("nowarn", { rotation: { everyDays: 30 } });
    jest.spyOn(Date, "now").mockReturnValue(Date.parse("2027-05-01T00:00:00Z"));
    const early = await build("nowarn");
    for (const b of [rotated, early]) expect(mine(warn, b.name)).toEqual([]);
  });
});

describe("argument validation throws while the program runs and registers nothing", () => {
  type Case = [label: string, args: Record<string, unknown>, message: string];
  const cases: Case[] = [
    [
      "rotation not an object",
      { rotation: 30 },
      "rotation must be an object { everyDays }, e.g. { everyDays: 90 }",
    ],
    [
      "rotation.everyDays 0",
      { rotation: { everyDays: 0 } },
      "rotation.everyDays must be a whole number of days from 1 to 716 (the secret lives 14 days longer, and Databricks allows at most 730); got 0",
    ],
    [
      "rotation.everyDays 800",
      { rotation: { everyDays: 800 } },
      "rotation.everyDays must be a whole number of days from 1 to 716 (the secret lives 14 days longer, and Databricks allows at most 730); got 800",
    ],
    [
      "rotation.everyDays 1.5",
      { rotation: { everyDays: 1.5 } },
      "rotation.everyDays must be a whole number of days from 1 to 716 (the secret lives 14 days longer, and Databricks allows at most 730); got 1.5",
    ],
    [
      "rotation.everyDays string",
      { rotation: { everyDays: "30" } },
      'rotation.everyDays must be a whole number of days from 1 to 716 (the secret lives 14 days longer, and Databricks allows at most 730); got "30"',
    ],
    [
      "rotation unknown key",
      { rotation: { everyDays: 30, atHour: 3 } },
      "rotation.atHour is not supported; rotation takes everyDays only",
    ],
    [
      "rotationKey empty",
      { rotationKey: " " },
      'rotationKey must be a non-empty string such as "2026-06-leak"; change it to rotate the secret at the next up (got " ")',
    ],
    [
      "secretLifetimeDays 731",
      { secretLifetimeDays: 731 },
      "secretLifetimeDays must be a whole number of days from 1 to 730 (the Databricks maximum); got 731",
    ],
    [
      "secretLifetimeDays <= everyDays",
      { rotation: { everyDays: 90 }, secretLifetimeDays: 90 },
      "secretLifetimeDays (90) must be at least rotation.everyDays + 7 (97), so the secret is rotated well before it expires and content never loses access; leave it out for 104",
    ],
    [
      "lifetimeDays 0",
      { lifetimeDays: 0 },
      "lifetimeDays must be a whole number of days from 1 to 730 (the Databricks maximum); got 0",
    ],
    [
      "lifetimeDays too close to everyDays",
      { rotation: { everyDays: 90 }, lifetimeDays: 96 },
      "lifetimeDays (96) must be at least rotation.everyDays + 7 (97), so the secret is rotated well before it expires and content never loses access; leave it out for 104",
    ],
    [
      "both lifetime names",
      { lifetimeDays: 60, secretLifetimeDays: 60 },
      "secretLifetimeDays is the former name of lifetimeDays; give only lifetimeDays",
    ],
    [
      "expiryWarningDays negative",
      { expiryWarningDays: -1 },
      "expiryWarningDays must be a whole number of days from 0 to 730 (0 turns the warning off); got -1",
    ],
    [
      "workspaceId not digits",
      { workspaceId: "my-workspace" },
      'workspaceId must be the numeric workspace id (e.g. 1234567890123456, the digits after "o=" in the workspace URL); got "my-workspace"',
    ],
    [
      "workspaceId unsafe number",
      { workspaceId: 12345678901234567890 },
      "workspaceId 12345678901234567000 is too large for a JavaScript number and lost digits; pass it as a string",
    ],
    [
      "existingServicePrincipal without applicationId",
      { existingServicePrincipal: { id: "1" } },
      "existingServicePrincipal.applicationId is required: the principal's application id (a UUID), shown in the account console",
    ],
    [
      "existingServicePrincipal without id",
      { existingServicePrincipal: { applicationId: "a" } },
      "existingServicePrincipal.id is required: the principal's account SCIM id (digits), shown in the account console",
    ],
    [
      "existing plus servicePrincipalName",
      { existingServicePrincipal: { applicationId: "a", id: "1" }, servicePrincipalName: "x" },
      "servicePrincipalName names a principal to create, but existingServicePrincipal is given; remove one of them",
    ],
    ["verify not boolean", { verify: "yes" }, 'verify must be true or false; got "yes"'],
    [
      "workspaceHost with a path",
      { workspaceHost: "https://dbc-1.cloud.databricks.com/sql" },
      'workspaceHost "https://dbc-1.cloud.databricks.com/sql" must not have a path, query or fragment; give a workspace host name such as "dbc-1234abcd-5678.cloud.databricks.com" or "adb-123.4.azuredatabricks.net"',
    ],
  ];

  test.each(cases)("%s", async (_label, args, message) => {
    const name = uniq("bad");
    const before = rec.registrations.length;
    let error: unknown;
    try {
      new lib.DatabricksConnectServiceAccount(name, {
        connectUrl: CONNECT,
        workspaceHost: HOST,
        ...(args as Partial<Lib.DatabricksConnectServiceAccountArgs>),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(lib.ArgumentError);
    expect((error as Error).message).toBe(`DatabricksConnectServiceAccount "${name}": ${message}`);
    await settle();
    expect(rec.forComponent(name)).toEqual([]);
    expect(rec.registrations.length).toBe(before);
  });

  test("a bad connectUrl is named with this component's class", () => {
    const name = uniq("url");
    expect(
      () =>
        new lib.DatabricksConnectServiceAccount(name, {
          connectUrl: "ftp://x",
          workspaceHost: HOST,
        }),
    ).toThrow(
      `DatabricksConnectServiceAccount "${name}": connectUrl "ftp://x" must start with https://`,
    );
  });
});
