/* eslint-disable @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/**
 * ConnectOAuthIntegration (the dynamic resource) under mocks: token, inputs, secret wrapping,
 * __provider hygiene, and where connectUrl comes from when it is not given.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CONNECT_TYPE,
  Registration,
  installMocks,
  isSecretSig,
  plaintextOccurrences,
  settle,
  unwrap,
  value,
} from "./mock-monitor";

const API_KEY_CANARY = "resource-api-key-CANARY-5e1f";
delete process.env.CONNECT_SERVER;
process.env.CONNECT_API_KEY = "resource-env-api-key-CANARY";

const BASE_CONFIG = { "posit-connect:apiKey": API_KEY_CANARY };
const rec = installMocks({
  project: "proj",
  stack: "test",
  config: BASE_CONFIG,
  secretKeys: ["posit-connect:apiKey"],
});

import type * as Lib from "../../provider";
const lib: typeof Lib = require("../../provider");

let seq = 0;
const uniq = (base: string) => `${base}-${++seq}`;

async function create(
  args: Partial<Lib.ConnectOAuthIntegrationArgs>,
  opts?: pulumi.CustomResourceOptions,
) {
  const name = uniq("integration");
  const resource = new lib.ConnectOAuthIntegration(
    name,
    { name: "Databricks", template: "databricks", ...args },
    opts,
  );
  await value(resource.urn);
  await settle();
  return { name, resource, reg: rec.named(name) as Registration };
}

afterEach(() => {
  delete process.env.CONNECT_SERVER;
  pulumi.runtime.setAllConfig(BASE_CONFIG, ["posit-connect:apiKey"]);
});

describe("registration", () => {
  test("token pulumi-nodejs:dynamic/posit-connect:OAuthIntegration, custom, no parent, default provider", async () => {
    const { reg } = await create({ connectUrl: "https://connect.example.org" });
    expect(lib.OAUTH_INTEGRATION_TYPE).toBe(CONNECT_TYPE);
    expect(reg).toMatchObject({ type: CONNECT_TYPE, custom: true, parent: "", provider: "" });
    expect(reg.urn).toBe(`urn:pulumi:test::proj::${CONNECT_TYPE}::${reg.name}`);
    expect(reg.additionalSecretOutputs).toEqual(["clientSecret"]);
  });

  test("inputs are passed through; output placeholders are not inputs", async () => {
    const { reg } = await create({
      connectUrl: "https://connect.example.org",
      description: "viewer credentials",
      authType: "Viewer",
      config: {
        workspace_host: "https://dbc-1.cloud.databricks.com",
        client_id: "cid",
        auth_mode: "Confidential",
      },
      clientSecret: "plain-CANARY-secret",
    });
    const { __provider, clientSecret, ...rest } = reg.inputs;
    expect(rest).toEqual({
      connectUrl: "https://connect.example.org",
      name: "Databricks",
      description: "viewer credentials",
      template: "databricks",
      authType: "Viewer",
      config: {
        workspace_host: "https://dbc-1.cloud.databricks.com",
        client_id: "cid",
        auth_mode: "Confidential",
      },
    });
    expect(typeof __provider).toBe("string");
    expect(isSecretSig(clientSecret)).toBe(true);
  });

  test("a plain-string clientSecret is wrapped as a secret input and never appears in plaintext", async () => {
    const { reg, resource } = await create({
      connectUrl: "https://connect.example.org",
      clientSecret: "plain-CANARY-secret",
    });
    expect(isSecretSig(reg.inputs.clientSecret)).toBe(true);
    expect(unwrap(reg.inputs.clientSecret)).toBe("plain-CANARY-secret");
    expect(plaintextOccurrences(reg.inputs, "plain-CANARY-secret")).toEqual([]);
    expect(await pulumi.isSecret(resource.clientSecret)).toBe(true);
  });

  test("no clientSecret given: no clientSecret input", async () => {
    const { reg, resource } = await create({ connectUrl: "https://connect.example.org" });
    expect("clientSecret" in reg.inputs).toBe(false);
    expect(await value(resource.clientSecret)).toBeUndefined();
  });

  test("__provider is a plain string without secrets or API keys", async () => {
    const { reg } = await create({
      connectUrl: "https://connect.example.org",
      clientSecret: pulumi.secret("sec-CANARY-x"),
    });
    const p = reg.inputs.__provider;
    expect(typeof p).toBe("string");
    expect(isSecretSig(p)).toBe(false);
    for (const canary of ["sec-CANARY-x", API_KEY_CANARY, "resource-env-api-key-CANARY"])
      expect(p).not.toContain(canary);
  });

  test("outputs: guid is the id", async () => {
    const { resource, reg } = await create({ connectUrl: "https://connect.example.org" });
    expect(await value(resource.guid)).toBe(reg.id);
    expect(await value(resource.id)).toBe(reg.id);
  });

  test("caller's additionalSecretOutputs are merged with clientSecret", async () => {
    const { reg } = await create(
      { connectUrl: "https://connect.example.org" },
      { additionalSecretOutputs: ["config"] },
    );
    expect([...reg.additionalSecretOutputs].sort()).toEqual(["clientSecret", "config"]);
  });
});

describe("connectUrl fallback", () => {
  test("explicit connectUrl wins over config and env", async () => {
    pulumi.runtime.setAllConfig(
      { ...BASE_CONFIG, "posit-connect:url": "https://from-config.example.org" },
      ["posit-connect:apiKey"],
    );
    process.env.CONNECT_SERVER = "https://from-env.example.org";
    const { reg } = await create({ connectUrl: "https://explicit.example.org" });
    expect(reg.inputs.connectUrl).toBe("https://explicit.example.org");
  });

  test("config posit-connect:url is used when connectUrl is not given, before CONNECT_SERVER", async () => {
    pulumi.runtime.setAllConfig(
      { ...BASE_CONFIG, "posit-connect:url": "https://from-config.example.org" },
      ["posit-connect:apiKey"],
    );
    process.env.CONNECT_SERVER = "https://from-env.example.org";
    const { reg } = await create({});
    expect(reg.inputs.connectUrl).toBe("https://from-config.example.org");
  });

  test("CONNECT_SERVER is used when neither connectUrl nor config is set", async () => {
    process.env.CONNECT_SERVER = "https://from-env.example.org";
    const { reg } = await create({});
    expect(reg.inputs.connectUrl).toBe("https://from-env.example.org");
  });

  test("no URL anywhere: a clear error naming all three sources, and nothing registered", async () => {
    const before = rec.registrations.length;
    const name = uniq("no-url");
    expect(
      () => new lib.ConnectOAuthIntegration(name, { name: "x", template: "databricks" }),
    ).toThrow(
      new RegExp(
        `^${name}: no Connect URL\\. Pass connectUrl, or run \`pulumi config set posit-connect:url https://connect\\.example\\.org\`, or set CONNECT_SERVER\\.$`,
      ),
    );
    await settle();
    expect(rec.registrations.length).toBe(before);
  });

  test("empty config value and empty env count as missing", async () => {
    pulumi.runtime.setAllConfig({ ...BASE_CONFIG, "posit-connect:url": "" }, [
      "posit-connect:apiKey",
    ]);
    process.env.CONNECT_SERVER = "";
    expect(
      () =>
        new lib.ConnectOAuthIntegration(uniq("empty-url"), { name: "x", template: "databricks" }),
    ).toThrow(/no Connect URL/);
  });
});
