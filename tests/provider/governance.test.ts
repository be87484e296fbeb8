/**
 * Permissions on ConnectOAuthIntegration and the two content-association resources, their
 * lifecycle methods called directly against the Connect emulator over real HTTP.
 */
import { startEmulator, type ConnectEmulator } from "../../emulator";
import {
  ContentIntegrationProvider,
  ContentIntegrationsProvider,
  OAuthIntegrationProvider,
} from "../../provider";
import type {
  ContentIntegrationInputs,
  ContentIntegrationsInputs,
  OAuthIntegrationInputs,
  OAuthIntegrationOutputs,
} from "../../provider";
import { waitFor } from "../emulator/support";
import { configuredWith, type Configurable } from "../support/configured-provider";

const ADMIN = "canary-admin-key-gov-31c9";
const SECRET = "canary-client-secret-gov-0d4e";
const GROUP = "6a1c4b7e-0000-4000-8000-00000000d5c1";
const ANALYST = "6a1c4b7e-0000-4000-8000-0000000a11ce";
const OTHER_USER = "6a1c4b7e-0000-4000-8000-0000000b0b00";
const DASH = "c0a1b2c3-0000-4000-8000-0000000da5a1";
const REPORT = "c0a1b2c3-0000-4000-8000-00000000e0a7";

let emulator: ConnectEmulator;

const configured = <T extends Configurable>(p: T): T => configuredWith(p, ADMIN);

const integrations = configured(new OAuthIntegrationProvider());
const sets = configured(new ContentIntegrationsProvider());
const singles = configured(new ContentIntegrationProvider());

async function checkedIntegration(extra: Record<string, unknown> = {}) {
  const { inputs, failures } = await integrations.check(
    {} as OAuthIntegrationInputs,
    {
      connectUrl: emulator.url,
      name: "Databricks",
      template: "databricks",
      config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: "c1" },
      clientSecret: SECRET,
      ...extra,
    } as unknown as OAuthIntegrationInputs,
  );
  expect(failures).toEqual([]);
  return inputs;
}

async function newIntegration(name: string, authType = "Viewer"): Promise<string> {
  // Verification of Service Account credentials is tests/provider/verify.test.ts's subject.
  const { id } = await integrations.create(
    await checkedIntegration({ name, authType, verify: false }),
  );
  return id;
}

const single = (contentGuid: string, integrationGuid: string): ContentIntegrationInputs => ({
  connectUrl: emulator.url,
  contentGuid,
  integrationGuid,
});
const exclusive = (contentGuid: string, integrationGuids: string[]): ContentIntegrationsInputs => ({
  connectUrl: emulator.url,
  contentGuid,
  integrationGuids,
});

async function startAt(version: string): Promise<ConnectEmulator> {
  return startEmulator({
    adminKeys: [ADMIN],
    version,
    seedDefaultIntegration: false,
    users: [
      { username: "analyst", guid: ANALYST },
      { username: "other", guid: OTHER_USER },
    ],
    groups: [{ name: "data-science", guid: GROUP }],
    content: [
      { name: "sales-dashboard", guid: DASH, appMode: "python-dash" },
      { name: "weekly-report", guid: REPORT, appMode: "quarto-static" },
    ],
  });
}

beforeAll(async () => {
  emulator = await startAt("2026.04.0");
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe("ConnectOAuthIntegration permissions", () => {
  it("creates with a group grant, sent in the POST body as Connect documents it", async () => {
    const { id, outs } = await integrations.create(
      await checkedIntegration({ permissions: [{ groupGuid: GROUP }] }),
    );
    const post = emulator.requests.find((r) => r.method === "POST");
    expect((post?.body as { permissions: unknown }).permissions).toEqual([
      { user_guid: null, group_guid: GROUP },
    ]);
    expect(outs.permissions).toEqual([{ groupGuid: GROUP }]);
    expect(emulator.permissionsOf(id)?.map((p) => p.group_guid)).toEqual([GROUP]);
  });

  it("narrows to one user with a PATCH that replaces the list; diff shows the change first", async () => {
    const { id, outs } = await integrations.create(
      await checkedIntegration({ permissions: [{ groupGuid: GROUP }] }),
    );
    const news = await checkedIntegration({ permissions: [{ userGuid: ANALYST }] });
    expect(await integrations.diff(id, outs, news)).toEqual({ changes: true, replaces: [] });
    emulator.clearRequests();
    const { outs: after } = await integrations.update(id, outs, news);
    const patch = emulator.requests.find((r) => r.method === "PATCH");
    expect(patch?.body).toEqual({ permissions: [{ user_guid: ANALYST, group_guid: null }] });
    expect(after.permissions).toEqual([{ userGuid: ANALYST }]);
    expect(emulator.permissionsOf(id)?.map((p) => [p.user_guid, p.group_guid])).toEqual([
      [ANALYST, null],
    ]);
  });

  it("an empty list restores Connect's default (everyone); the same set in another order is no change", async () => {
    const { id, outs } = await integrations.create(
      await checkedIntegration({ permissions: [{ groupGuid: GROUP }, { userGuid: ANALYST }] }),
    );
    const reordered = await checkedIntegration({
      permissions: [{ userGuid: ANALYST }, { groupGuid: GROUP }],
    });
    expect((await integrations.diff(id, outs, reordered)).changes).toBe(false);
    const { outs: after } = await integrations.update(
      id,
      outs,
      await checkedIntegration({ permissions: [] }),
    );
    expect(after.permissions).toEqual([]);
    expect(emulator.permissionsOf(id)).toEqual([]);
  });

  it("absent permissions are left alone: no permissions key is ever sent, nothing is stored", async () => {
    const { id, outs } = await integrations.create(await checkedIntegration());
    emulator.setPermissions(id, [{ user_guid: OTHER_USER, group_guid: null }]);
    expect(outs.permissions).toBeUndefined();
    const read = await integrations.read(id, outs);
    expect(read.props?.permissions).toBeUndefined();
    await integrations.update(id, outs, await checkedIntegration({ name: "Renamed" }));
    for (const r of emulator.requests)
      expect(JSON.stringify(r.body ?? "")).not.toContain("permissions");
    expect(emulator.permissionsOf(id)?.map((p) => p.user_guid)).toEqual([OTHER_USER]);
  });

  it("refresh reports a grant added in the dashboard; the next update removes it", async () => {
    const inputs = await checkedIntegration({ permissions: [{ groupGuid: GROUP }] });
    const { id, outs } = await integrations.create(inputs);
    emulator.setPermissions(id, [
      { user_guid: null, group_guid: GROUP },
      { user_guid: OTHER_USER, group_guid: null },
    ]);
    const read = await integrations.read(id, outs);
    const refreshed = read.props as OAuthIntegrationOutputs;
    expect(refreshed.permissions).toEqual([{ groupGuid: GROUP }, { userGuid: OTHER_USER }]);
    expect((read.inputs as unknown as OAuthIntegrationInputs).permissions).toEqual(
      refreshed.permissions,
    );
    expect(await integrations.diff(id, refreshed, inputs)).toEqual({ changes: true, replaces: [] });
    await integrations.update(id, refreshed, inputs);
    expect(emulator.permissionsOf(id)?.map((p) => p.group_guid)).toEqual([GROUP]);
  });

  it("check rejects entries with neither, both or unknown keys, naming the entry", async () => {
    const { failures } = await integrations.check(
      {} as OAuthIntegrationInputs,
      {
        connectUrl: emulator.url,
        name: "x",
        template: "databricks",
        permissions: [{}, { userGuid: "a", groupGuid: "b" }, { group: "g" }, { userGuid: "" }],
      } as unknown as OAuthIntegrationInputs,
    );
    expect(failures.map((f) => f.property)).toEqual([
      "permissions[0]",
      "permissions[1]",
      "permissions[2]",
      "permissions[3].userGuid",
    ]);
    expect(failures[0].reason).toContain("exactly one of userGuid or groupGuid");
  });

  it("a server older than 2026.04.0 gets an error naming both versions, and nothing is created", async () => {
    const old = await startAt("2025.07.0");
    try {
      const inputs = {
        ...(await checkedIntegration({ permissions: [{ groupGuid: GROUP }] })),
        connectUrl: old.url,
      };
      await expect(integrations.create(inputs)).rejects.toThrow(
        /runs 2025\.07\.0, which does not support OAuth integration permissions; they need Connect 2026\.04\.0 or later/,
      );
      expect(old.integrations()).toEqual([]);
    } finally {
      await old.close();
    }
  });
});

describe("ConnectContentIntegration (one association, coexisting)", () => {
  it("two creates on one content item at the same time keep both, next to a hand-made one", async () => {
    const [a, b, handMade] = [
      await newIntegration("A"),
      await newIntegration("B"),
      await newIntegration("hand-made"),
    ];
    emulator.setAssociations(DASH, [handMade]);
    const created = await Promise.all([
      singles.create(single(DASH, a)),
      singles.create(single(DASH, b)),
    ]);
    expect(created.map((c) => c.id).sort()).toEqual([`${DASH}/${a}`, `${DASH}/${b}`].sort());
    expect(emulator.associationsOf(DASH).sort()).toEqual([a, b, handMade].sort());
  });

  it("delete removes only its own association", async () => {
    const [a, other] = [await newIntegration("A"), await newIntegration("other")];
    const { id, outs } = await singles.create(single(DASH, a));
    emulator.setAssociations(DASH, [...emulator.associationsOf(DASH), other]);
    await singles.delete(id, outs);
    expect(emulator.associationsOf(DASH)).toEqual([other]);
    await singles.delete(id, outs); // already gone: no error, no write
    expect(emulator.associationsOf(DASH)).toEqual([other]);
  });

  it("refresh drops an association removed in the dashboard", async () => {
    const a = await newIntegration("A");
    const { id, outs } = await singles.create(single(DASH, a));
    expect((await singles.read(id, outs)).id).toBe(id);
    emulator.setAssociations(DASH, []);
    expect((await singles.read(id, outs)).id).toBe("");
  });

  it("a change made outside Pulumi while it writes is reported, not undone", async () => {
    const [a, outside] = [await newIntegration("A"), await newIntegration("outside")];
    // Every association request is held a moment, so the outside change lands between
    // Pulumi's PUT and its verifying read.
    emulator.addFault({ route: "associations", fault: { kind: "latency", ms: 250 } });
    emulator.clearRequests();
    const pending = singles.create(single(DASH, a));
    const failed = expect(pending).rejects.toThrow(
      /changed while Pulumi was writing them: expected \[.*\], Connect now holds \[.*\]\. .*Pulumi kept their change/,
    );
    await waitFor(() => emulator.requests.some((r) => r.method === "PUT" && r.status === 204));
    emulator.setAssociations(DASH, [outside]);
    await failed;
    emulator.clearFaults();
    expect(emulator.associationsOf(DASH)).toEqual([outside]);
  });

  it("Connect's rules become errors naming the property: Viewer on rendered content, unknown content", async () => {
    const viewer = await newIntegration("Viewer one");
    await expect(singles.create(single(REPORT, viewer))).rejects.toThrow(
      /integrationGuid: integration "Viewer one" .* uses the Viewer authentication type, which works only with interactive content, but "weekly-report" .* has app mode "quarto-static"/,
    );
    await expect(singles.create(single("no-such-content", viewer))).rejects.toThrow(
      /contentGuid: Connect has no content item no-such-content/,
    );
    const sa = await newIntegration("SA", "Service Account");
    await singles.create(single(REPORT, sa));
    expect(emulator.associationsOf(REPORT)).toEqual([sa]);
    expect(emulator.associationsOf(DASH)).toEqual([]);
  });

  it("a second association on a server older than 2025.07.0 is refused with the version", async () => {
    const old = await startAt("2025.04.0");
    try {
      const mk = async (name: string) =>
        (
          await integrations.create({
            ...(await checkedIntegration({ name })),
            connectUrl: old.url,
          })
        ).id;
      const [a, b] = [await mk("A"), await mk("B")];
      await singles.create({ ...single(DASH, a), connectUrl: old.url });
      await expect(singles.create({ ...single(DASH, b), connectUrl: old.url })).rejects.toThrow(
        /would have 2 OAuth integrations, but this Connect server runs 2025\.04\.0; more than one integration per content item needs Connect 2025\.07\.0 or later/,
      );
      expect(old.associationsOf(DASH)).toEqual([a]);
    } finally {
      await old.close();
    }
  });
});

describe("ConnectContentIntegrations (the exclusive set)", () => {
  it("replaces a hand-made association with exactly the declared set", async () => {
    const [a, b, handMade] = [
      await newIntegration("A"),
      await newIntegration("B"),
      await newIntegration("hand-made"),
    ];
    emulator.setAssociations(DASH, [handMade]);
    const { check } = sets;
    const { inputs, failures } = await check(
      {} as ContentIntegrationsInputs,
      exclusive(`${DASH}`, [a, b]),
    );
    expect(failures).toEqual([]);
    const { id, outs } = await sets.create(inputs);
    expect(id).toBe(DASH);
    expect(outs.integrationGuids).toEqual([a, b]);
    expect(emulator.associationsOf(DASH)).toEqual([a, b]);
    const put = emulator.requests.find((r) => r.method === "PUT");
    expect(put?.body).toEqual([{ oauth_integration_guid: a }, { oauth_integration_guid: b }]);
  });

  it("refresh finds drift and update repairs it; order alone is no change", async () => {
    const [a, b, extra] = [
      await newIntegration("A"),
      await newIntegration("B"),
      await newIntegration("extra"),
    ];
    const inputs = exclusive(DASH, [a, b]);
    const { id, outs } = await sets.create(inputs);
    expect((await sets.diff(id, outs, exclusive(DASH, [b, a]))).changes).toBe(false);
    emulator.setAssociations(DASH, [a, extra]);
    const read = await sets.read(id, outs);
    expect(read.props?.integrationGuids).toEqual([a, extra]);
    const diff = await sets.diff(id, read.props!, inputs);
    expect(diff).toEqual({ changes: true, replaces: [] });
    await sets.update(id, read.props!, inputs);
    expect(emulator.associationsOf(DASH).sort()).toEqual([a, b].sort());
  });

  it("delete removes what it set and keeps an association added later by someone else", async () => {
    const [a, later] = [await newIntegration("A"), await newIntegration("later")];
    const { id, outs } = await sets.create(exclusive(DASH, [a]));
    emulator.setAssociations(DASH, [a, later]);
    await sets.delete(id, outs);
    expect(emulator.associationsOf(DASH)).toEqual([later]);
  });

  it("rules and unknown content are errors before any write", async () => {
    const [a, missing] = [await newIntegration("A"), "8e0f0000-0000-4000-8000-000000000000"];
    emulator.clearRequests();
    await expect(sets.create(exclusive(REPORT, [a]))).rejects.toThrow(
      /integrationGuids: integration "A" .* works only with interactive content/,
    );
    await expect(sets.create(exclusive(DASH, [a, missing]))).rejects.toThrow(
      /integrationGuids: Connect has no OAuth integration 8e0f0000/,
    );
    await expect(sets.create(exclusive("nope", [a]))).rejects.toThrow(
      /contentGuid: Connect has no content item nope/,
    );
    expect(emulator.requests.filter((r) => r.method === "PUT")).toEqual([]);
  });

  it("check names bad entries", async () => {
    const { failures } = await sets.check(
      {} as ContentIntegrationsInputs,
      {
        connectUrl: emulator.url,
        contentGuid: "",
        integrationGuids: ["a", "a", 3],
      } as unknown as ContentIntegrationsInputs,
    );
    expect(failures.map((f) => f.property)).toEqual([
      "contentGuid",
      "integrationGuids[1]",
      "integrationGuids[2]",
    ]);
  });
});
