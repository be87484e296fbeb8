/** Account SCIM service principals, their OAuth secrets and workspace permission assignments. */
import type { AxiosInstance } from "axios";
import type { DatabricksEmulator } from "../../emulator/databricks";
import { ManualClock, accountClient, accountToken, raw, start, tokenRequest } from "./support";

const SPS = "/scim/v2/ServicePrincipals";
const WS = 6051921418418893;
const OTHER_WS = 7000000000000001;
const secretsPath = (id: string) => `/servicePrincipals/${id}/credentials/secrets`;
const assignmentPath = (ws: number, id: string) =>
  `/workspaces/${ws}/permissionassignments/principals/${id}`;

describe("service principals, secrets and assignments", () => {
  const clock = new ManualClock();
  let emu: DatabricksEmulator;
  let api: AxiosInstance;
  beforeAll(async () => {
    emu = await start({
      now: clock.now,
      // Long enough that the admin's token outlives the clock moves below; expiry is token.test.ts's.
      tokenTtlSeconds: 30 * 86400,
      workspaces: [{ id: WS, name: "dbc-main" }, { id: OTHER_WS }],
    });
    api = await accountClient(emu);
  });
  afterAll(() => emu.close());

  async function createSp(displayName: string, extra: Record<string, unknown> = {}) {
    const res = await api.post(SPS, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
      displayName,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.data as { id: string; applicationId: string; displayName: string };
  }

  test("create returns AccountServicePrincipal; get/list/filter find it", async () => {
    const sp = await createSp("connect-verify");
    expect(sp).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
      id: expect.stringMatching(/^\d{16}$/),
      account_id: emu.accountId,
      applicationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      displayName: "connect-verify",
      active: true,
    });
    expect((await api.get(`${SPS}/${sp.id}`)).data).toEqual(sp);
    const list = await api.get(SPS, { params: { filter: 'displayName eq "connect-verify"' } });
    expect(list.data).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
      Resources: [sp],
    });
    const byApp = await api.get(SPS, {
      params: { filter: `applicationId eq "${sp.applicationId}"` },
    });
    expect(byApp.data.Resources).toEqual([sp]);
    const none = await api.get(SPS, { params: { filter: 'displayName eq "nobody"' } });
    expect(none.data).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
    });
    const bad = await api.get(SPS, { params: { filter: "displayName lt 3" } });
    expect(bad.status).toBe(400);
    expect(bad.data.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  test("list pages by startIndex/count; co/sw/ne/and/or filters", async () => {
    await createSp("page-a");
    await createSp("page-b");
    await createSp("other-c");
    const res = await api.get(SPS, {
      params: { filter: 'displayName sw "page-"', count: 1, startIndex: 2 },
    });
    expect(res.data).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
    expect(res.data.Resources[0].displayName).toBe("page-b");
    const or = await api.get(SPS, {
      params: { filter: 'displayName eq "page-a" or displayName co "her-c"' },
    });
    expect(or.data.Resources.map((s: { displayName: string }) => s.displayName)).toEqual([
      "page-a",
      "other-c",
    ]);
    const and = await api.get(SPS, {
      params: { filter: 'displayName sw "page" and displayName ne "page-a"' },
    });
    expect(and.data.Resources.map((s: { displayName: string }) => s.displayName)).toEqual([
      "page-b",
    ]);
  });

  test("a given applicationId is kept and must be unique (409); a non-UUID is 400", async () => {
    const applicationId = "11111111-2222-4333-8444-555555555555";
    expect((await createSp("given", { applicationId })).applicationId).toBe(applicationId);
    const dup = await api.post(SPS, { displayName: "dup", applicationId });
    expect(dup.status).toBe(409);
    expect(dup.data).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect((await api.post(SPS, { displayName: "x", applicationId: "nope" })).status).toBe(400);
    expect((await api.post(SPS, { displayName: "x", externalId: "e".repeat(65) })).status).toBe(
      400,
    );
  });

  test("PATCH operations and PUT replace; unknown ids are SCIM 404", async () => {
    const sp = await createSp("patch-me");
    let res = await api.patch(`${SPS}/${sp.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: "displayName", value: "patched" },
        { op: "add", path: "roles", value: [{ value: "account_admin" }] },
        { op: "replace", value: { externalId: "ext-1" } },
      ],
    });
    expect(res.status).toBe(204);
    expect((await api.get(`${SPS}/${sp.id}`)).data).toMatchObject({
      displayName: "patched",
      externalId: "ext-1",
      roles: [{ value: "account_admin" }],
    });
    res = await api.patch(`${SPS}/${sp.id}`, {
      Operations: [{ op: "remove", path: 'roles[value eq "account_admin"]' }],
    });
    expect(res.status).toBe(204);
    expect((await api.get(`${SPS}/${sp.id}`)).data).not.toHaveProperty("roles");
    res = await api.patch(`${SPS}/${sp.id}`, {
      Operations: [{ op: "replace", path: "id", value: "1" }],
    });
    expect(res.status).toBe(400);
    res = await api.put(`${SPS}/${sp.id}`, { displayName: "put", active: false });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
      id: sp.id,
      account_id: emu.accountId,
      applicationId: sp.applicationId,
      displayName: "put",
      active: false,
    });
    for (const r of [
      await api.get(`${SPS}/999`),
      await api.put(`${SPS}/999`, {}),
      await api.patch(`${SPS}/999`, {
        Operations: [{ op: "replace", path: "active", value: true }],
      }),
      await api.delete(`${SPS}/999`),
    ]) {
      expect(r.status).toBe(404);
      expect(r.data).toEqual({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        detail: "User not found with id 999",
        status: "404",
      });
    }
  });

  test("secrets: create returns the secret once with expire_time from lifetime; list never does", async () => {
    const sp = await createSp("with-secrets");
    const created = await api.post(secretsPath(sp.id), { lifetime: "3600s" });
    const scoped = await api.post(secretsPath(sp.id), { lifetime: "86400s", scopes: ["sql"] });
    expect(scoped.data.expire_time).toBe(new Date(clock.ms + 86400_000).toISOString());
    expect(scoped.data.scopes).toEqual(["sql"]);
    const listedScoped = (await api.get(secretsPath(sp.id))).data.secrets;
    expect(listedScoped.find((s: { id: string }) => s.id === scoped.data.id).scopes).toEqual([
      "sql",
    ]);
    await api.delete(`${secretsPath(sp.id)}/${scoped.data.id}`);
    expect(created.status).toBe(200);
    expect(created.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      secret: expect.stringMatching(/^dose[0-9a-f]{32}$/),
      secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: "ACTIVE",
      create_time: new Date(clock.ms).toISOString(),
      update_time: new Date(clock.ms).toISOString(),
      expire_time: new Date(clock.ms + 3600_000).toISOString(),
    });
    const defaulted = await api.post(secretsPath(sp.id), {});
    expect(defaulted.data.expire_time).toBe(new Date(clock.ms + 730 * 86400_000).toISOString());
    const list = await api.get(secretsPath(sp.id));
    expect(list.data.secrets).toHaveLength(2);
    const { secret, ...withoutSecret } = created.data;
    expect(list.data.secrets[0]).toEqual(withoutSecret);
    expect(JSON.stringify(list.data)).not.toContain(secret);
    expect(JSON.stringify(emu.snapshot())).not.toContain(secret);
    expect(emu.checkClientSecret(sp.applicationId, secret)).toBe(true);

    clock.advance(3600);
    const later = await api.get(secretsPath(sp.id));
    // Expired secrets leave the listing by default (secret-expiry.ts, listExpiredSecrets).
    expect(later.data.secrets.map((s: { id: string }) => s.id)).not.toContain(created.data.id);
    expect(emu.checkClientSecret(sp.applicationId, secret)).toBe(false);

    expect((await api.delete(`${secretsPath(sp.id)}/${created.data.id}`)).data).toEqual({});
    expect((await api.delete(`${secretsPath(sp.id)}/${created.data.id}`)).status).toBe(404);
    expect((await api.get(secretsPath(sp.id))).data.secrets).toHaveLength(1);
  });

  test("secrets: bad lifetimes, unknown principals, the five-secret limit, paging", async () => {
    const sp = await createSp("limits");
    // A bare number of seconds lacks the protobuf Duration's `s` unit: rejected.
    for (const lifetime of ["1h", "-5s", "0s", "63072001s", 3600, "86400"]) {
      const res = await api.post(secretsPath(sp.id), { lifetime });
      expect(res.status).toBe(400);
      expect(res.data.error_code).toBe("INVALID_PARAMETER_VALUE");
    }
    expect((await api.post(secretsPath("404404"), {})).status).toBe(404);
    expect((await api.get(secretsPath("404404"))).data.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    for (let i = 0; i < 5; i++) expect((await api.post(secretsPath(sp.id), {})).status).toBe(200);
    const sixth = await api.post(secretsPath(sp.id), {});
    expect([sixth.status, sixth.data.error_code]).toEqual([400, "QUOTA_EXCEEDED"]);
    const page1 = await api.get(secretsPath(sp.id), { params: { page_size: 3 } });
    expect(page1.data.secrets).toHaveLength(3);
    const page2 = await api.get(secretsPath(sp.id), {
      params: { page_size: 3, page_token: page1.data.next_page_token },
    });
    expect(page2.data.secrets).toHaveLength(2);
    expect(page2.data).not.toHaveProperty("next_page_token");
  });

  test("workspace token: only for an assigned SP with a valid, unexpired secret", async () => {
    const sp = await createSp("verifier");
    const { data: s } = await api.post(secretsPath(sp.id), { lifetime: "600s" });
    const creds = { clientId: sp.applicationId, clientSecret: s.secret };
    const wsToken = `${emu.workspaceUrl(WS)}/oidc/v1/token`;

    let res = await tokenRequest(wsToken, creds);
    expect(res.status).toBe(401);
    expect(res.data.error_description).toContain("not assigned to workspace");

    const put = await api.put(assignmentPath(WS, sp.id), { permissions: ["USER"] });
    expect(put.status).toBe(200);
    expect(put.data).toEqual({
      permissions: ["USER"],
      principal: {
        principal_id: Number(sp.id),
        display_name: "verifier",
        service_principal_name: sp.applicationId,
      },
    });
    for (const how of ["basic", "form"] as const) {
      res = await tokenRequest(wsToken, creds, how);
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ token_type: "Bearer", expires_in: 30 * 86400 });
    }
    expect(emu.requests.at(-1)).toMatchObject({
      route: "workspace.token",
      workspaceId: WS,
      clientId: sp.applicationId,
      authorized: "principal",
    });
    // A workspace token is not an account token.
    const wsBearer = res.data.access_token as string;
    const asAccount = await raw(emu.url).get(`/api/2.0/accounts/${emu.accountId}${SPS}`, {
      headers: { Authorization: `Bearer ${wsBearer}` },
    });
    expect(asAccount.status).toBe(401);
    // Assigned to one workspace only; wrong secret; the account host is ambiguous with 2 workspaces.
    expect((await tokenRequest(`${emu.workspaceUrl(OTHER_WS)}/oidc/v1/token`, creds)).status).toBe(
      401,
    );
    expect((await tokenRequest(wsToken, { ...creds, clientSecret: "dose-wrong" })).status).toBe(
      401,
    );
    expect((await tokenRequest(`${emu.url}/oidc/v1/token`, creds)).status).toBe(400);
    // Workspace hosts serve nothing of the account API.
    expect(
      (await raw(emu.workspaceUrl(WS)).get(`/api/2.0/accounts/${emu.accountId}${SPS}`)).status,
    ).toBe(404);

    const list = await api.get(`/workspaces/${WS}/permissionassignments`);
    expect(list.data.permission_assignments).toEqual([put.data]);

    clock.advance(600);
    expect((await tokenRequest(wsToken, creds)).status).toBe(401);
    const { data: fresh } = await api.post(secretsPath(sp.id), {});
    expect((await tokenRequest(wsToken, { ...creds, clientSecret: fresh.secret })).status).toBe(
      200,
    );

    expect((await api.delete(assignmentPath(WS, sp.id))).data).toEqual({});
    expect((await api.delete(assignmentPath(WS, sp.id))).status).toBe(404);
    expect((await tokenRequest(wsToken, { ...creds, clientSecret: fresh.secret })).status).toBe(
      401,
    );
  });

  test("assignments: ADMIN wins, no supported permission deletes, unknown workspace/principal 404", async () => {
    const sp = await createSp("assignee");
    let res = await api.put(assignmentPath(WS, sp.id), { permissions: ["USER", "ADMIN"] });
    expect(res.data.permissions).toEqual(["ADMIN"]);
    res = await api.put(assignmentPath(WS, sp.id), { permissions: ["OWNER"] });
    expect(res.status).toBe(200);
    const list = await api.get(`/workspaces/${WS}/permissionassignments`);
    expect(
      list.data.permission_assignments.map(
        (a: { principal: { principal_id: number } }) => a.principal.principal_id,
      ),
    ).not.toContain(Number(sp.id));
    expect((await api.put(assignmentPath(42, sp.id), { permissions: ["USER"] })).status).toBe(404);
    expect((await api.put(assignmentPath(WS, "123"), { permissions: ["USER"] })).status).toBe(404);
    expect((await api.get(`/workspaces/42/permissionassignments`)).status).toBe(404);
    const perms = await api.get(`/workspaces/${WS}/permissionassignments/permissions`);
    expect(
      perms.data.permissions.map((p: { permission_level: string }) => p.permission_level),
    ).toEqual(["USER", "ADMIN"]);
  });

  test("deleting an SP removes its secrets, assignments and tokens", async () => {
    const sp = await createSp("doomed", { roles: [{ value: "account_admin" }] });
    const { data: s } = await api.post(secretsPath(sp.id), {});
    await api.put(assignmentPath(WS, sp.id), { permissions: ["USER"] });
    const token = await accountToken(emu, { clientId: sp.applicationId, clientSecret: s.secret });
    const asSp = await accountClient(emu, token);
    expect((await asSp.get(SPS)).status).toBe(200);
    expect((await api.delete(`${SPS}/${sp.id}`)).status).toBe(204);
    const snap = emu.snapshot();
    expect(snap.secrets[sp.id]).toBeUndefined();
    expect(
      snap.assignments[String(WS)].some((a) => a.principal.principal_id === Number(sp.id)),
    ).toBe(false);
    expect((await asSp.get(SPS)).status).toBe(401);
    expect(emu.checkClientSecret(sp.applicationId, s.secret)).toBe(false);
  });

  test("an SP's account token: admin role may call the account API, others get 403", async () => {
    const plain = await createSp("plain");
    const { data: s } = await api.post(secretsPath(plain.id), {});
    const token = await accountToken(emu, {
      clientId: plain.applicationId,
      clientSecret: s.secret,
    });
    const asPlain = await accountClient(emu, token);
    const apps = await asPlain.get("/oauth2/custom-app-integrations");
    expect(apps.status).toBe(403);
    expect(apps.data.error_code).toBe("PERMISSION_DENIED");
    const scim = await asPlain.get(SPS);
    expect([scim.status, scim.data.status]).toEqual([403, "403"]);
    await api.patch(`${SPS}/${plain.id}`, {
      Operations: [{ op: "add", path: "roles", value: [{ value: "account_admin" }] }],
    });
    const created = await asPlain.post("/oauth2/custom-app-integrations", {
      name: "by-plain",
      scopes: ["all-apis"],
    });
    expect(created.status).toBe(200);
    const got = await api.get(`/oauth2/custom-app-integrations/${created.data.integration_id}`);
    expect(got.data).toMatchObject({
      created_by: Number(plain.id),
      creator_username: plain.applicationId,
    });
    // An inactive SP's token stops working.
    await api.patch(`${SPS}/${plain.id}`, {
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect((await asPlain.get(SPS)).status).toBe(401);
  });

  test("with a single workspace the account host answers /oidc/v1/token as that workspace", async () => {
    const single = await start();
    try {
      const singleApi = await accountClient(single);
      const { data: sp } = await singleApi.post(SPS, { displayName: "solo" });
      const { data: s } = await singleApi.post(secretsPath(sp.id), {});
      const creds = { clientId: sp.applicationId, clientSecret: s.secret };
      expect((await tokenRequest(`${single.url}/oidc/v1/token`, creds)).status).toBe(401);
      const ws = single.workspaces[0].id;
      await singleApi.put(assignmentPath(ws, sp.id), { permissions: ["USER"] });
      const res = await tokenRequest(`${single.url}/oidc/v1/token`, creds, "form");
      expect(res.status).toBe(200);
      expect(single.requests.at(-1)).toMatchObject({ route: "workspace.token", workspaceId: ws });
    } finally {
      await single.close();
    }
  });
});
