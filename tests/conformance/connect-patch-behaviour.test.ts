/**
 * Connect's PATCH unknowns (emulator/connect/behaviour.ts `patchNull`, `patchConfig`), one test
 * per answer, driven through the package's own lifecycle (provider/connect/oauth-integration):
 * the update is right, or stops with an error naming the keys and the fix; never silent drift.
 */
import type { ConnectEmulator } from "../../emulator";
import type { EmulatorBehaviour } from "../../emulator/connect/behaviour";
import { checkConfigReadBack } from "../../provider/connect/oauth-integration/config-readback";
import { create, diff, update } from "../../provider/connect/oauth-integration/provider";
import type { OAuthIntegrationInputs } from "../../provider/connect/oauth-integration/types";
import { ADMIN_KEY, apiClient, start } from "../emulator/support";

const SECRET = "s3cr3t-value";
const settings = { apiKey: ADMIN_KEY, allowInsecureHttp: true };
const running: ConnectEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function scenario(behaviour: Partial<EmulatorBehaviour>) {
  const e = await start({ behaviour });
  running.push(e);
  const inputs: OAuthIntegrationInputs = {
    connectUrl: e.url,
    name: "Databricks Prod",
    template: "databricks",
    authType: "Viewer",
    config: {
      auth_mode: "Confidential",
      workspace_host: "https://dbc-1234.cloud.databricks.com",
      client_id: "client-abc",
      scopes: "all-apis offline_access",
    },
    clientSecret: SECRET,
  };
  const { id, outs } = await create(settings, inputs);
  const raw = async () => (await apiClient(e).get(`/v1/oauth/integrations/${id}`)).data.config;
  return { e, id, olds: outs, inputs, raw };
}

const withoutScopes = (inputs: OAuthIntegrationInputs): OAuthIntegrationInputs => {
  const config = { ...inputs.config };
  delete config.scopes;
  return { ...inputs, config };
};

describe("patchNull: a config key the program no longer declares", () => {
  test("remove (default): the key is gone on Connect and from the outputs", async () => {
    const { id, olds, inputs, raw } = await scenario({ patchNull: "remove" });
    const { outs } = await update(settings, id, olds, withoutScopes(inputs));
    expect(outs.config).not.toHaveProperty("scopes");
    expect(await raw()).not.toHaveProperty("scopes");
  });

  test("reject (400): the update stops, naming the key and how to remove it by hand", async () => {
    const { id, olds, inputs, raw } = await scenario({ patchNull: "reject" });
    await expect(update(settings, id, olds, withoutScopes(inputs))).rejects.toThrow(
      /returned HTTP 400.*config\.scopes must not be null.*removes config "scopes" by sending null.*Connect dashboard/s,
    );
    expect((await raw()).scopes).toBe("all-apis offline_access");
  });

  test("store-null: a null value is no value; the outputs match the program, no diff left", async () => {
    const { id, olds, inputs, raw } = await scenario({ patchNull: "store-null" });
    const { outs } = await update(settings, id, olds, withoutScopes(inputs));
    expect(await raw()).toHaveProperty("scopes", null);
    expect(outs.config).toEqual(withoutScopes(inputs).config);
    expect((await diff(settings, outs, withoutScopes(inputs))).changes).toBe(false);
  });

  test("ignore: the read-back sees the key kept and the update stops with the fix", async () => {
    const { id, olds, inputs, raw } = await scenario({ patchNull: "ignore" });
    await expect(update(settings, id, olds, withoutScopes(inputs))).rejects.toThrow(
      /Connect kept config "scopes" that this update removed.*Connect dashboard.*pulumi refresh/s,
    );
    expect((await raw()).scopes).toBe("all-apis offline_access");
  });
});

describe("patchConfig: merge or replace", () => {
  test.each(["merge", "replace"] as const)(
    "%s: one changed key keeps every declared key and the secret",
    async (patchConfig) => {
      const { e, id, olds, inputs, raw } = await scenario({ patchConfig });
      const news = { ...inputs, config: { ...inputs.config, client_id: "client-new" } };
      const { outs } = await update(settings, id, olds, news);
      expect(outs.config).toEqual(news.config);
      expect(await raw()).toMatchObject(news.config);
      // Connect never reads the secret back: check the stored one directly.
      expect(e.secretsOf(id)).toEqual({ client_secret: SECRET });
    },
  );

  test("an answer without a sent key, or with another value, stops with what Connect did", () => {
    const sent = { config: { client_id: "client-new", scopes: "sql" } };
    const answered = {
      guid: "g",
      name: "n",
      description: null,
      template: "databricks",
      authType: "Viewer",
      config: { client_id: "client-old" },
      createdTime: "",
      updatedTime: "",
    };
    expect(() => checkConfigReadBack("g", sent, { auth_mode: "Confidential" }, answered)).toThrow(
      /Connect dropped config "scopes", "auth_mode" and answered other values for "client_id".*pulumi refresh/,
    );
    expect(() =>
      checkConfigReadBack("g", sent, {}, { ...answered, config: sent.config }),
    ).not.toThrow();
  });
});
