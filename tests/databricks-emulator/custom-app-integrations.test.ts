/** Custom OAuth app integrations: CRUD shapes against the recorded fixtures, paging, 404s. */
import type { AxiosInstance } from "axios";
import type { DatabricksEmulator } from "../../emulator/databricks";
import createRequest from "../fixtures/databricks/create-request.confidential.json";
import createResponse from "../fixtures/databricks/create-response.confidential.json";
import publicCreateResponse from "../fixtures/databricks/create-response.public.json";
import getResponse from "../fixtures/databricks/get-response.confidential.json";
import listPage1 from "../fixtures/databricks/list-response.page1.json";
import listPage2 from "../fixtures/databricks/list-response.page2-last.json";
import notFound from "../fixtures/databricks/error.404.resource-does-not-exist.json";
import replaceLists from "../fixtures/databricks/patch-request.replace-lists.json";
import singleUse from "../fixtures/databricks/patch-request.single-use-refresh-tokens.json";
import emptyObject from "../fixtures/databricks/empty-object.response.json";
import { ManualClock, accountClient, shapeOf, start } from "./support";

const PATH = "/oauth2/custom-app-integrations";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("custom app integrations", () => {
  const clock = new ManualClock();
  let emu: DatabricksEmulator;
  let api: AxiosInstance;
  beforeAll(async () => {
    emu = await start({ now: clock.now });
    api = await accountClient(emu);
  });
  beforeEach(async () => {
    for (const app of emu.snapshot().customAppIntegrations) {
      emu.deleteCustomAppIntegration(app.integration_id);
    }
  });
  afterAll(() => emu.close());

  test("create (confidential) answers exactly integration_id, client_id, client_secret", async () => {
    const res = await api.post(PATH, createRequest);
    expect(res.status).toBe(200);
    // The newest spec adds client_secret_expire_time (secret-expiry.ts) and principal_id to the
    // fixture's keys (databricks-sdk-py v0.123 CreateCustomAppIntegrationOutput).
    const { client_secret_expire_time: expiry, principal_id: principalId, ...older } = res.data;
    expect(shapeOf(older)).toEqual(shapeOf(createResponse));
    expect(Number.isSafeInteger(principalId)).toBe(true);
    expect(Date.parse(expiry)).toBeGreaterThan(Date.now());
    expect(res.data.integration_id).toMatch(UUID);
    expect(res.data.client_id).toMatch(UUID);
    expect(res.data.client_secret).toMatch(/^dose[0-9a-f]{32}$/);
    expect(res.data.client_secret).toHaveLength(createResponse.client_secret.length);
    expect(emu.checkClientSecret(res.data.client_id, res.data.client_secret)).toBe(true);
    expect(emu.checkClientSecret(res.data.client_id, "dose-wrong")).toBe(false);
  });

  test("create (public) has no client_secret", async () => {
    const res = await api.post(PATH, { ...createRequest, confidential: false });
    expect(res.status).toBe(200);
    expect(shapeOf(res.data)).toEqual({
      ...(shapeOf(publicCreateResponse) as object),
      principal_id: "number",
    });
  });

  test("get returns GetCustomAppIntegrationOutput with what was sent, never the secret", async () => {
    const { data: created } = await api.post(PATH, createRequest);
    const res = await api.get(`${PATH}/${created.integration_id}`);
    expect(res.status).toBe(200);
    // Beyond the recorded fixture: principal_id (newest spec) and the server-filled absolute
    // session lifetime (Computed in terraform-provider-databricks since v1.95.0).
    const { principal_id: principalId, ...recorded } = res.data;
    const fixture = shapeOf(getResponse) as { token_access_policy: object };
    expect(shapeOf(recorded)).toEqual({
      ...fixture,
      token_access_policy: {
        ...fixture.token_access_policy,
        absolute_session_lifetime_in_minutes: "number",
      },
    });
    expect(principalId).toBe(created.principal_id);
    expect(res.data).toEqual({
      ...createRequest,
      token_access_policy: {
        ...createRequest.token_access_policy,
        absolute_session_lifetime_in_minutes:
          createRequest.token_access_policy.refresh_token_ttl_in_minutes,
      },
      principal_id: created.principal_id,
      integration_id: created.integration_id,
      client_id: created.client_id,
      create_time: "2026-09-01T10:00:00.000Z",
      created_by: expect.any(Number),
      creator_username: emu.admin.clientId,
    });
    expect(JSON.stringify(res.data)).not.toContain(created.client_secret);
  });

  test("list pages with page_size/next_page_token; creator_username only when asked", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { data } = await api.post(PATH, { ...createRequest, name: `app-${i}` });
      ids.push(data.integration_id);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await api.get(PATH, { params: { page_size: 2, page_token: token } });
      expect(res.status).toBe(200);
      pages++;
      seen.push(...res.data.apps.map((a: { integration_id: string }) => a.integration_id));
      for (const app of res.data.apps) expect(app).not.toHaveProperty("creator_username");
      token = res.data.next_page_token;
      if (token)
        expect(shapeOf({ ...res.data, apps: [] })).toEqual(shapeOf({ ...listPage1, apps: [] }));
      else expect(Object.keys(res.data)).toEqual(Object.keys(listPage2));
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    const withCreator = await api.get(PATH, { params: { include_creator_username: true } });
    expect(withCreator.data.apps).toHaveLength(5);
    expect(withCreator.data.apps[0].creator_username).toBe(emu.admin.clientId);
    expect(withCreator.data).not.toHaveProperty("next_page_token");
  });

  test("a page is not shifted when an earlier item is deleted between calls", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await api.post(PATH, createRequest)).data.integration_id);
    const first = await api.get(PATH, { params: { page_size: 2 } });
    await api.delete(`${PATH}/${ids[0]}`);
    const second = await api.get(PATH, {
      params: { page_size: 2, page_token: first.data.next_page_token },
    });
    expect(second.data.apps.map((a: { integration_id: string }) => a.integration_id)).toEqual(
      ids.slice(2),
    );
  });

  test("bad paging parameters are 400 INVALID_PARAMETER_VALUE", async () => {
    for (const params of [{ page_size: -1 }, { page_size: "x" }, { page_token: "garbage" }]) {
      const res = await api.get(PATH, { params });
      expect(res.status).toBe(400);
      expect(res.data.error_code).toBe("INVALID_PARAMETER_VALUE");
    }
  });

  test("patch replaces lists, keeps omitted fields, answers {}; name/confidential are not updatable", async () => {
    const { data: created } = await api.post(PATH, createRequest);
    const url = `${PATH}/${created.integration_id}`;
    let res = await api.patch(url, replaceLists);
    expect([res.status, res.data]).toEqual([200, emptyObject]);
    let got = (await api.get(url)).data;
    expect(got.redirect_urls).toEqual(replaceLists.redirect_urls);
    expect(got.scopes).toEqual(replaceLists.scopes);
    expect(got.token_access_policy).toEqual({
      ...createRequest.token_access_policy,
      absolute_session_lifetime_in_minutes:
        createRequest.token_access_policy.refresh_token_ttl_in_minutes,
    });
    res = await api.patch(url, { ...singleUse, name: "renamed", confidential: false });
    expect(res.status).toBe(200);
    got = (await api.get(url)).data;
    expect(got.token_access_policy).toEqual(singleUse.token_access_policy);
    expect(got.name).toBe(createRequest.name);
    expect(got.confidential).toBe(true);
    expect(emu.checkClientSecret(created.client_id, created.client_secret)).toBe(true);
  });

  test("delete answers {}; unknown ids are 404 RESOURCE_DOES_NOT_EXIST on get/patch/delete", async () => {
    const { data: created } = await api.post(PATH, createRequest);
    const url = `${PATH}/${created.integration_id}`;
    expect((await api.delete(url)).data).toEqual(emptyObject);
    for (const res of [
      await api.get(url),
      await api.patch(url, replaceLists),
      await api.delete(url),
    ]) {
      expect(res.status).toBe(404);
      expect(Object.keys(res.data)).toEqual(Object.keys(notFound));
      expect(res.data).toEqual({
        error_code: "RESOURCE_DOES_NOT_EXIST",
        message: `Custom app integration ${created.integration_id} does not exist`,
      });
    }
    expect(emu.checkClientSecret(created.client_id, created.client_secret)).toBe(false);
  });

  test("paths under another account id are 404; unknown paths 404; wrong methods 405", async () => {
    const other = await api.get(`${emu.url}/api/2.0/accounts/other-account${PATH}`);
    expect(other.status).toBe(404);
    expect((await api.get("/oauth2/nope")).data.error_code).toBe("ENDPOINT_NOT_FOUND");
    expect((await api.put(PATH, {})).status).toBe(405);
  });
});
