/**
 * The package under every answer to the two governance unknowns (emulator/connect/behaviour.ts
 * `permissions` and `multipleAssociations`; docs/emulators.md "Limits"): the dynamic providers
 * against the emulator over real HTTP. Under each answer the package does the right thing or
 * stops with an error naming the property, what Connect did and the fix; it never leaves an
 * integration open that was meant to be governed, and never takes away an association it did
 * not make.
 */
import { startEmulator, type ConnectEmulator, type EmulatorOptions } from "../../emulator";
import {
  ContentIntegrationProvider,
  ContentIntegrationsProvider,
  IntegrationAssociationsProvider,
  OAuthIntegrationProvider,
} from "../../provider";
import type { OAuthIntegrationInputs } from "../../provider";
import { controlClient, waitFor } from "../emulator/support";
import { configuredWith, type Configurable } from "../support/configured-provider";

const ADMIN = "canary-admin-key-unk-5e21";
const SECRET = "canary-client-secret-unk-77a0";
const GROUP = "8c3e6d9a-0000-4000-8000-00000000d5c1";
const ANALYST = "8c3e6d9a-0000-4000-8000-0000000a11ce";
const DASH = "e1f2a3b4-0000-4000-8000-0000000da5a1";
const NEW = "2026.04.0";
const OLD = "2025.04.0";

const configured = <T extends Configurable>(p: T): T => configuredWith(p, ADMIN);

const integrations = configured(new OAuthIntegrationProvider());
const singles = configured(new ContentIntegrationProvider());
const sets = configured(new ContentIntegrationsProvider());
const perIntegration = configured(new IntegrationAssociationsProvider());

const running: ConnectEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function server(
  version: string,
  behaviour: EmulatorOptions["behaviour"],
): Promise<ConnectEmulator> {
  const e = await startEmulator({
    adminKeys: [ADMIN],
    version,
    behaviour,
    seedDefaultIntegration: false,
    users: [{ username: "analyst", guid: ANALYST }],
    groups: [{ name: "data-science", guid: GROUP }],
    content: [{ name: "sales-dashboard", guid: DASH, appMode: "python-dash" }],
  });
  running.push(e);
  return e;
}

async function inputs(e: ConnectEmulator, extra: Record<string, unknown> = {}) {
  const { inputs: checked, failures } = await integrations.check(
    {} as OAuthIntegrationInputs,
    {
      connectUrl: e.url,
      name: "Databricks",
      template: "databricks",
      authType: "Viewer",
      verify: false,
      config: { workspace_host: "https://dbc-1.cloud.databricks.com", client_id: "c1" },
      clientSecret: SECRET,
      ...extra,
    } as unknown as OAuthIntegrationInputs,
  );
  expect(failures).toEqual([]);
  return checked;
}

/** Rejects with a message matching `pattern` that carries neither the key nor the secret. */
async function failsWith(work: Promise<unknown>, pattern: RegExp): Promise<Error> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(Error);
  expect(error?.message).toMatch(pattern);
  expect(error?.message).not.toContain(SECRET);
  expect(error?.message).not.toContain(ADMIN);
  return error as Error;
}

const groups = (e: ConnectEmulator, guid: string) =>
  e.permissionsOf(guid)?.map((p) => p.group_guid ?? p.user_guid);

describe("permissions", () => {
  test("by-version on a new server: set on create, then narrowed on the living integration", async () => {
    const e = await server(NEW, { permissions: "by-version" });
    const { id, outs } = await integrations.create(
      await inputs(e, { permissions: [{ groupGuid: GROUP }] }),
    );
    expect(groups(e, id)).toEqual([GROUP]);
    const { outs: after } = await integrations.update(
      id,
      outs,
      await inputs(e, { permissions: [{ userGuid: ANALYST }] }),
    );
    expect(after.permissions).toEqual([{ userGuid: ANALYST }]);
    expect(groups(e, id)).toEqual([ANALYST]);
  });

  test.each([
    ["by-version", OLD],
    ["supported", "2025.07.0"],
  ] as const)(
    "%s on %s: refused by version before anything is written (create and update)",
    async (answer, version) => {
      const e = await server(version, { permissions: answer });
      await failsWith(
        integrations.create(await inputs(e, { permissions: [{ groupGuid: GROUP }] })),
        new RegExp(
          `permissions: this Connect server runs ${version.replace(/\./g, "\\.")}.*Upgrade Connect, or remove the permissions argument`,
        ),
      );
      expect(e.integrations()).toEqual([]);
      const { id, outs } = await integrations.create(await inputs(e));
      e.clearRequests();
      await failsWith(
        integrations.update(id, outs, await inputs(e, { permissions: [{ groupGuid: GROUP }] })),
        /does not support OAuth integration permissions/,
      );
      expect(e.requests.filter((r) => r.method === "PATCH")).toEqual([]);
    },
  );

  test("rejected on a new server: the 400 becomes an error with the fix; nothing created or changed", async () => {
    const e = await server(NEW, { permissions: "rejected" });
    await failsWith(
      integrations.create(await inputs(e, { permissions: [{ groupGuid: GROUP }] })),
      /^permissions: Connect refused the permissions list \(400: "The field permissions is not supported"\).*Nothing was changed\. Upgrade Connect .*or remove the permissions argument/,
    );
    expect(e.integrations()).toEqual([]);
    // A living integration that starts being governed.
    const { id, outs } = await integrations.create(await inputs(e, { description: "one" }));
    await failsWith(
      integrations.update(
        id,
        outs,
        await inputs(e, { description: "two", permissions: [{ groupGuid: GROUP }] }),
      ),
      /^permissions: Connect reports no permissions list for integration "Databricks" .*Nothing was changed\./,
    );
    expect(e.integrations()[0].description).toBe("one");
  });

  test("ignored on create: the integration this create made is deleted again, and the error says so", async () => {
    const e = await server(NEW, { permissions: "ignored" });
    const other = await integrations.create(await inputs(e, { name: "Someone else's" }));
    await failsWith(
      integrations.create(
        await inputs(e, { name: "Governed", permissions: [{ groupGuid: GROUP }] }),
      ),
      /^permissions: Connect created integration "Governed" \(.+\) but dropped its permissions list.*open to every publisher\. Pulumi deleted it again, so nothing was left behind\. Upgrade Connect/,
    );
    expect(e.integrations().map((i) => i.guid)).toEqual([other.id]);
  });

  test("ignored on a living integration: changing its grants is refused before the PATCH", async () => {
    const e = await server(NEW, { permissions: "supported" });
    const { id, outs } = await integrations.create(
      await inputs(e, { description: "one", permissions: [{ groupGuid: GROUP }] }),
    );
    // The server is replaced by one that drops the field (a downgrade, another node).
    await controlClient(e).put("/behaviour", { permissions: "ignored" });
    e.clearRequests();
    await failsWith(
      integrations.update(
        id,
        outs,
        await inputs(e, { description: "two", permissions: [{ userGuid: ANALYST }] }),
      ),
      /^permissions: Connect reports no permissions list for integration "Databricks" \(.+\) although it runs 2026\.04\.0, so it does not support OAuth integration permissions \(it would refuse the list, or accept and drop it\)\. Nothing was changed\. Upgrade Connect/,
    );
    expect(e.requests.filter((r) => r.method === "PATCH")).toEqual([]);
    expect(groups(e, id)).toEqual([GROUP]);
    expect(e.integrations()[0].description).toBe("one");
    // Without permissions in the change, the rest still updates.
    const { permissions: _dropped, ...rest } = outs;
    void _dropped;
    const { outs: after } = await integrations.update(
      id,
      rest,
      await inputs(e, { description: "two" }),
    );
    expect(after.description).toBe("two");
  });

  test.each(["rejected", "ignored"] as const)(
    "%s: adopting an integration with permissions is refused before the PATCH",
    async (answer) => {
      const e = await server(NEW, { permissions: answer });
      const { id } = await integrations.create(await inputs(e, { description: "by hand" }));
      e.clearRequests();
      await failsWith(
        integrations.create(
          await inputs(e, {
            adoptGuid: id,
            description: "adopted",
            permissions: [{ groupGuid: GROUP }],
          }),
        ),
        /^permissions: Connect reports no permissions list for integration "Databricks" .*Nothing was changed\./,
      );
      expect(e.requests.filter((r) => r.method === "PATCH")).toEqual([]);
      expect(e.integrations()[0].description).toBe("by hand");
    },
  );
});

describe("multipleAssociations", () => {
  async function three(e: ConnectEmulator): Promise<[string, string, string]> {
    const mk = async (name: string) => (await integrations.create(await inputs(e, { name }))).id;
    return [await mk("A"), await mk("B"), await mk("hand-made")];
  }
  const single = (e: ConnectEmulator, integrationGuid: string) => ({
    connectUrl: e.url,
    contentGuid: DASH,
    integrationGuid,
  });

  test("by-version on 2025.07.0: a second association coexists", async () => {
    const e = await server("2025.07.0", { multipleAssociations: "by-version" });
    const [a, b] = await three(e);
    await singles.create(single(e, a));
    await singles.create(single(e, b));
    expect(e.associationsOf(DASH).sort()).toEqual([a, b].sort());
  });

  test("allowed on an old server: refused by version before the write; the item keeps its one", async () => {
    const e = await server(OLD, { multipleAssociations: "allowed" });
    const [a, b] = await three(e);
    await singles.create(single(e, a));
    e.clearRequests();
    await failsWith(
      singles.create(single(e, b)),
      /integrationGuid: content "sales-dashboard" .* would have 2 OAuth integrations, but this Connect server runs 2025\.04\.0/,
    );
    expect(e.requests.filter((r) => r.method === "PUT")).toEqual([]);
    expect(e.associationsOf(DASH)).toEqual([a]);
  });

  describe.each(["rejected", "replaces"] as const)("%s on a new server", (answer) => {
    const said =
      answer === "rejected"
        ? /Connect refused 2 OAuth integrations on content "sales-dashboard" .*\(400, code 238: "Content can only be associated with one OAuth integration\."\).*Nothing was changed\. Associate a single integration/
        : /Connect answered the write of \[.*\] to content "sales-dashboard" .* with success but kept only \[.*\]: .*Pulumi put back what the item held before, \[.*\]\. Associate a single integration/;

    test("ConnectContentIntegration: a second one next to a hand-made association", async () => {
      const e = await server(NEW, { multipleAssociations: answer });
      const [a, , handMade] = await three(e);
      e.setAssociations(DASH, [handMade]);
      await failsWith(singles.create(single(e, a)), new RegExp(`^integrationGuid: ${said.source}`));
      expect(e.associationsOf(DASH)).toEqual([handMade]);
    });

    test("ConnectContentIntegration: living, then a second resource on the same item", async () => {
      const e = await server(NEW, { multipleAssociations: answer });
      const [a, b] = await three(e);
      const first = await singles.create(single(e, a));
      expect(e.associationsOf(DASH)).toEqual([a]);
      await failsWith(singles.create(single(e, b)), said);
      expect(e.associationsOf(DASH)).toEqual([a]);
      await singles.delete(first.id, first.outs);
      expect(e.associationsOf(DASH)).toEqual([]);
    });

    test("ConnectContentIntegrations: a set of two, over one the item had", async () => {
      const e = await server(NEW, { multipleAssociations: answer });
      const [a, b, handMade] = await three(e);
      e.setAssociations(DASH, [handMade]);
      await failsWith(
        sets.create({ connectUrl: e.url, contentGuid: DASH, integrationGuids: [a, b] }),
        new RegExp(`^integrationGuids: ${said.source}`),
      );
      expect(e.associationsOf(DASH)).toEqual([handMade]);
      // One integration is fine under every answer, and a living set can then change it.
      const { id, outs } = await sets.create({
        connectUrl: e.url,
        contentGuid: DASH,
        integrationGuids: [a],
      });
      expect(e.associationsOf(DASH)).toEqual([a]);
      await failsWith(
        sets.update(id, outs, { connectUrl: e.url, contentGuid: DASH, integrationGuids: [a, b] }),
        said,
      );
      expect(e.associationsOf(DASH)).toEqual([a]);
    });

    test("ConnectIntegrationAssociations: the item is not recorded as made by this resource", async () => {
      const e = await server(NEW, { multipleAssociations: answer });
      const [a, , handMade] = await three(e);
      e.setAssociations(DASH, [handMade]);
      const error = await failsWith(
        perIntegration.create({ connectUrl: e.url, integrationGuid: a, contentGuids: [DASH] }),
        new RegExp(`^contentGuids \\(${DASH}\\): ${said.source}`),
      );
      expect(e.associationsOf(DASH)).toEqual([handMade]);
      expect(
        (error as Error & { properties?: { created?: string[] } }).properties?.created,
      ).toEqual([]);
    });
  });

  test("ConnectIntegrationAssociations: an association this resource made stays recorded as its own when another change lands next to it", async () => {
    const e = await server(NEW, {});
    const [a, outside] = await three(e);
    // Held a moment, so the outside change lands between the PUT and the read-back.
    e.addFault({ route: "associations", fault: { kind: "latency", ms: 250 } });
    const pending = perIntegration.create({
      connectUrl: e.url,
      integrationGuid: a,
      contentGuids: [DASH],
    });
    const failed = failsWith(pending, /changed while Pulumi was writing them/);
    await waitFor(() => e.requests.some((r) => r.method === "PUT" && r.status === 204));
    e.setAssociations(DASH, [a, outside]);
    const error = await failed;
    e.clearFaults();
    expect((error as Error & { properties?: { created?: string[] } }).properties?.created).toEqual([
      DASH,
    ]);
    expect(e.associationsOf(DASH).sort()).toEqual([a, outside].sort());
  });
});
