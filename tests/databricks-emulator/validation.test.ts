/** Create/update validation of custom app integrations: documented rules, Databricks error bodies. */
import type { AxiosInstance } from "axios";
import type { DatabricksEmulator } from "../../emulator/databricks";
import createRequest from "../fixtures/databricks/create-request.confidential.json";
import noValidScope from "../fixtures/databricks/error.400.no-valid-scope.json";
import invalidParameter from "../fixtures/databricks/error.400.invalid-parameter-value.json";
import { accountClient, start } from "./support";

const PATH = "/oauth2/custom-app-integrations";

describe("custom app integration validation", () => {
  let emu: DatabricksEmulator;
  let api: AxiosInstance;
  beforeAll(async () => {
    emu = await start();
    api = await accountClient(emu);
  });
  afterAll(() => emu.close());

  const create = (overrides: Record<string, unknown>) =>
    api.post(PATH, { ...createRequest, ...overrides });

  test("no scopes or empty scopes: the recorded 400 BAD_REQUEST", async () => {
    for (const scopes of [undefined, []]) {
      const res = await create({ scopes, user_authorized_scopes: undefined });
      expect(res.status).toBe(400);
      expect(res.data).toEqual(noValidScope);
    }
    expect(emu.snapshot().customAppIntegrations).toEqual([]);
  });

  test("any well-formed scope is accepted (the full list is not published); a malformed one is named", async () => {
    const ok = await create({
      scopes: ["all-apis", "model-serving", "unity-catalog:read", "custom.scope/v2"],
      user_authorized_scopes: undefined,
    });
    expect(ok.status).toBe(200);
    expect(ok.data.integration_id).toEqual(expect.any(String));
    for (const bad of ["two words", "", 'quo"te']) {
      const res = await create({ scopes: ["all-apis", bad], user_authorized_scopes: undefined });
      expect(res.status).toBe(400);
      expect(res.data.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(res.data.message).toContain(JSON.stringify(bad));
    }
  });

  test("a create without a name is 400 INVALID_PARAMETER_VALUE and creates nothing", async () => {
    const before = emu.snapshot().customAppIntegrations.length;
    for (const name of [undefined, null, ""]) {
      const res = await create({ name });
      expect(res.status).toBe(400);
      expect(res.data).toEqual({
        error_code: "INVALID_PARAMETER_VALUE",
        message: "name is required",
      });
    }
    const res = await create({ name: 42 });
    expect([res.status, res.data.message]).toEqual([400, "name must be a string"]);
    expect(emu.snapshot().customAppIntegrations).toHaveLength(before);
  });

  test.each([
    [{ access_token_ttl_in_minutes: 4 }, "access_token_ttl_in_minutes must be between 5 and 1440"],
    [
      { access_token_ttl_in_minutes: 1441 },
      "access_token_ttl_in_minutes must be between 5 and 1440",
    ],
    [
      { refresh_token_ttl_in_minutes: 4 },
      "refresh_token_ttl_in_minutes must be between 5 and 129600",
    ],
    [
      { refresh_token_ttl_in_minutes: 129601 },
      "refresh_token_ttl_in_minutes must be between 5 and 129600",
    ],
    [
      { access_token_ttl_in_minutes: 60, refresh_token_ttl_in_minutes: 30 },
      "refresh_token_ttl_in_minutes must not be shorter than access_token_ttl_in_minutes",
    ],
    [
      { absolute_session_lifetime_in_minutes: 43200 },
      "absolute_session_lifetime_in_minutes can only be set when enable_single_use_refresh_tokens is true",
    ],
    [{ access_token_ttl_in_minutes: 60.5 }, "access_token_ttl_in_minutes must be an integer"],
  ])("token_access_policy %j is rejected", async (policy, message) => {
    const res = await create({ token_access_policy: policy });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data)).toEqual(Object.keys(invalidParameter));
    expect(res.data).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message });
  });

  test("the range ends are accepted", async () => {
    for (const policy of [
      { access_token_ttl_in_minutes: 5, refresh_token_ttl_in_minutes: 5 },
      { access_token_ttl_in_minutes: 1440, refresh_token_ttl_in_minutes: 129600 },
      { enable_single_use_refresh_tokens: true, absolute_session_lifetime_in_minutes: 43200 },
    ]) {
      expect((await create({ token_access_policy: policy })).status).toBe(200);
    }
  });

  test("user_authorized_scopes must be a subset of scopes, on create and after an update", async () => {
    let res = await create({ scopes: ["all-apis"], user_authorized_scopes: ["sql"] });
    expect(res.status).toBe(400);
    expect(res.data.message).toContain("user_authorized_scopes must be a subset of scopes");
    res = await create({ scopes: ["all-apis", "sql"], user_authorized_scopes: ["sql"] });
    const url = `${PATH}/${res.data.integration_id}`;
    res = await api.patch(url, { scopes: ["all-apis"] });
    expect(res.status).toBe(400);
    expect(res.data.message).toContain("'sql' is not in scopes");
    expect((await api.get(url)).data.scopes).toEqual(["all-apis", "sql"]);
  });

  test.each([
    ["not a url", "must be an absolute URL"],
    ["/relative/callback", "must be an absolute URL"],
    ["ftp://files.example.org/cb", "scheme must be http or https"],
    ["https://connect.example.org/cb#frag", "must not contain a fragment"],
  ])("redirect URL %j is rejected", async (url, why) => {
    const res = await create({ redirect_urls: ["https://ok.example.org/cb", url] });
    expect(res.status).toBe(400);
    expect(res.data.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(res.data.message).toBe(`Invalid redirect URL '${url}': ${why}`);
  });

  test("loopback http and https redirect URLs are accepted", async () => {
    const res = await create({
      redirect_urls: [
        "http://localhost:8020",
        "http://127.0.0.1:3939/__oauth__/integrations/callback",
        "https://connect.example.org/__oauth__/integrations/callback",
      ],
    });
    expect(res.status).toBe(200);
  });

  test("wrong JSON types and bodies are 400 naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...createRequest, redirect_urls: "https://x" }, "redirect_urls must be a list of strings"],
      [{ ...createRequest, confidential: "yes" }, "confidential must be a boolean"],
      [{ ...createRequest, name: 42 }, "name must be a string"],
      [{ ...createRequest, token_access_policy: [] }, "token_access_policy must be an object"],
    ];
    for (const [body, message] of cases) {
      const res = await api.post(PATH, body);
      expect(res.status).toBe(400);
      expect(res.data).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message });
    }
    const notJson = await api.post(PATH, "{oops", {
      headers: { "Content-Type": "application/json" },
      transformRequest: [(data: unknown) => data],
    });
    expect(notJson.data).toEqual({
      error_code: "MALFORMED_REQUEST",
      message: "Request body is not valid JSON",
    });
    const array = await api.post(PATH, [createRequest]);
    expect(array.data.error_code).toBe("MALFORMED_REQUEST");
  });

  test("names are not unique by default; uniqueAppNames makes a duplicate 409", async () => {
    expect((await create({ name: "dup" })).status).toBe(200);
    expect((await create({ name: "dup" })).status).toBe(200);
    const strict = await start({ uniqueAppNames: true });
    try {
      const strictApi = await accountClient(strict);
      expect((await strictApi.post(PATH, { ...createRequest, name: "dup" })).status).toBe(200);
      const res = await strictApi.post(PATH, { ...createRequest, name: "dup" });
      expect(res.status).toBe(409);
      expect(res.data.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    } finally {
      await strict.close();
    }
  });
});
