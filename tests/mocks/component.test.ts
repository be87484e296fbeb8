/* eslint-disable @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/**
 * DatabricksConnectOAuth under mocks: tokens, parents, redirect URLs, scopes, confidential vs
 * public, existingApp, secret propagation, the dynamic resource's inputs, providers, and
 * argument validation that registers nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  COMPONENT_TYPE,
  CONNECT_TYPE,
  DATABRICKS_PROVIDER_TYPE,
  DEFAULT_SCOPES,
  Registration,
  containsSecret,
  installMocks,
  isSecretSig,
  plaintextOccurrences,
  settle,
  unwrap,
  value,
} from "./mock-monitor";

// Canaries that must never show up in plaintext (or at all, for the API key) in any input.
const API_KEY_CANARY = "connect-api-key-CANARY-7f3a";
const ENV_API_KEY_CANARY = "env-api-key-CANARY-91bd";
process.env.CONNECT_API_KEY = ENV_API_KEY_CANARY;

const rec = installMocks({
  project: "proj",
  stack: "test",
  config: { "posit-connect:apiKey": API_KEY_CANARY },
  secretKeys: ["posit-connect:apiKey"],
});

// Only now load the code that constructs resources.
import type * as Lib from "../../provider";
import type * as Databricks from "@pulumi/databricks";
const lib: typeof Lib = require("../../provider");
const databricks: typeof Databricks = require("@pulumi/databricks");
// Pure wire conversion (no resources), used to show the exact request body.
import { toCreateBody } from "../../provider/connect/wire";

const CONNECT = "https://connect.example.org";
const HOST = "dbc-1234abcd-5678.cloud.databricks.com";
const CALLBACK = `${CONNECT}/__oauth__/integrations/callback`;

let seq = 0;
const uniq = (base: string) => `${base}-${++seq}`;

interface Built {
  name: string;
  component: Lib.DatabricksConnectOAuth;
  self: Registration;
  app?: Registration;
  connect: Registration;
  all: Registration[];
}

async function build(
  base: string,
  args: Partial<Lib.DatabricksConnectOAuthArgs> = {},
  opts?: pulumi.ComponentResourceOptions,
): Promise<Built> {
  const name = uniq(base);
  const component = new lib.DatabricksConnectOAuth(
    name,
    { connectUrl: CONNECT, workspaceHost: HOST, ...args },
    opts,
  );
  await value(component.urn);
  await value(component.connectIntegrationGuid);
  await settle();
  const all = rec.forComponent(name);
  const self = all.find((r) => r.name === name)!;
  return {
    name,
    component,
    self,
    app: all.find((r) => r.type === APP_TYPE),
    connect: all.find((r) => r.type === CONNECT_TYPE)!,
    all,
  };
}

describe("type tokens, names and parents", () => {
  let b: Built;
  beforeAll(async () => {
    b = await build("tokens");
  });

  test("the component registers under posit-connect:databricks:OAuth as a non-custom resource without parent", () => {
    expect(lib.DATABRICKS_CONNECT_OAUTH_TYPE).toBe(COMPONENT_TYPE);
    expect(b.self).toMatchObject({ type: COMPONENT_TYPE, custom: false, parent: "" });
    expect(b.self.urn).toBe(`urn:pulumi:test::proj::${COMPONENT_TYPE}::${b.name}`);
  });

  test("exactly one Databricks app and one Connect integration, named after the component", () => {
    expect(b.all.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${COMPONENT_TYPE} ${b.name}`,
        `${APP_TYPE} ${b.name}-databricks-app`,
        `${CONNECT_TYPE} ${b.name}-connect-integration`,
      ].sort(),
    );
    expect(b.app!.custom).toBe(true);
    expect(b.connect.custom).toBe(true);
  });

  test("children are parented to the component and their URNs carry its type", () => {
    for (const child of [b.app!, b.connect]) {
      expect(child.parent).toBe(b.self.urn);
      expect(child.urn).toBe(
        `urn:pulumi:test::proj::${COMPONENT_TYPE}$${child.type}::${child.name}`,
      );
    }
  });

  test("both custom resources ask for clientSecret to be a secret output", () => {
    expect(b.app!.additionalSecretOutputs).toContain("clientSecret");
    expect(b.connect.additionalSecretOutputs).toContain("clientSecret");
    expect(lib.OAUTH_INTEGRATION_TYPE).toBe(CONNECT_TYPE);
  });

  test("component outputs are registered", () => {
    expect(Object.keys(b.self.outputs ?? {}).sort()).toEqual(
      [
        "clientId",
        "clientSecret",
        "connectIntegrationGuid",
        "databricksIntegrationId",
        "redirectUrls",
      ].sort(),
    );
    expect(b.self.outputs!.connectIntegrationGuid).toBe(b.connect.id);
    expect(b.self.outputs!.databricksIntegrationId).toBe(b.app!.id);
  });
});

describe("redirect URLs", () => {
  test("Connect only: <connectUrl>/__oauth__/integrations/callback on the app and the output", async () => {
    const b = await build("redir-connect");
    expect(b.app!.inputs.redirectUrls).toEqual([CALLBACK]);
    expect(await value(b.component.redirectUrls)).toEqual([CALLBACK]);
  });

  test.each([
    ["https://connect.example.org/", CALLBACK],
    ["https://connect.example.org///", CALLBACK],
    ["  https://Connect.Example.org/  ", CALLBACK],
    ["https://example.org/connect/", "https://example.org/connect/__oauth__/integrations/callback"],
    [
      "http://connect.internal:3939",
      "http://connect.internal:3939/__oauth__/integrations/callback",
    ],
  ])("connectUrl %j gives %s", async (connectUrl, expected) => {
    const b = await build("redir-norm", { connectUrl });
    expect(b.app!.inputs.redirectUrls).toEqual([expected]);
    expect(b.connect.inputs.connectUrl).toBe(
      expected.replace("/__oauth__/integrations/callback", ""),
    );
  });

  test("Workbench adds <workbenchUrl>/oauth_redirect_callback (trailing slash dropped), then the extras, in order", async () => {
    const b = await build("redir-wb", {
      workbenchUrl: "https://workbench.example.org/",
      extraRedirectUrls: [
        "https://connect2.example.org/__oauth__/integrations/callback",
        "http://localhost:8787/cb",
      ],
    });
    const expected = [
      CALLBACK,
      "https://workbench.example.org/oauth_redirect_callback",
      "https://connect2.example.org/__oauth__/integrations/callback",
      "http://localhost:8787/cb",
    ];
    expect(b.app!.inputs.redirectUrls).toEqual(expected);
    expect(await value(b.component.redirectUrls)).toEqual(expected);
  });

  test("duplicates are dropped", async () => {
    const b = await build("redir-dup", {
      connectUrl: `${CONNECT}/`,
      workbenchUrl: "https://wb.example.org",
      extraRedirectUrls: [
        CALLBACK,
        "https://wb.example.org/oauth_redirect_callback",
        "https://x.example.org/cb",
        "https://x.example.org/cb",
      ],
    });
    expect(b.app!.inputs.redirectUrls).toEqual([
      CALLBACK,
      "https://wb.example.org/oauth_redirect_callback",
      "https://x.example.org/cb",
    ]);
  });

  test("Output-valued URLs are normalised when they resolve", async () => {
    const b = await build("redir-output", {
      connectUrl: pulumi.output(`${CONNECT}/`),
      workbenchUrl: Promise.resolve("https://wb.example.org//") as unknown as pulumi.Input<string>,
    });
    expect(b.app!.inputs.redirectUrls).toEqual([
      CALLBACK,
      "https://wb.example.org/oauth_redirect_callback",
    ]);
    expect(b.connect.inputs.connectUrl).toBe(CONNECT);
  });
});

describe("scopes, token policy and names", () => {
  test("default scopes: the app gets the six, Connect gets no scopes key", async () => {
    const b = await build("scopes-default");
    expect(b.app!.inputs.scopes).toEqual(DEFAULT_SCOPES);
    expect([...lib.DEFAULT_SCOPES]).toEqual(DEFAULT_SCOPES);
    expect(b.connect.inputs.config).not.toHaveProperty("scopes");
  });

  test("the default six in another order are still the default: no scopes key", async () => {
    const b = await build("scopes-reordered", { scopes: [...DEFAULT_SCOPES].reverse() });
    expect(b.connect.inputs.config).not.toHaveProperty("scopes");
  });

  test("given scopes reach the app without duplicates and Connect as one space-separated string", async () => {
    const b = await build("scopes-given", { scopes: ["all-apis", "offline_access", "all-apis"] });
    expect(b.app!.inputs.scopes).toEqual(["all-apis", "offline_access"]);
    expect(b.connect.inputs.config.scopes).toBe("all-apis offline_access");
  });

  test("a superset of the default six is sent too", async () => {
    const b = await build("scopes-more", { scopes: [...DEFAULT_SCOPES, "iam.current-user:read"] });
    expect(b.connect.inputs.config.scopes).toBe(
      [...DEFAULT_SCOPES, "iam.current-user:read"].join(" "),
    );
  });

  test("tokenAccessPolicy reaches the app; absent when not given", async () => {
    const b = await build("tap", {
      tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 1440 },
    });
    expect(b.app!.inputs.tokenAccessPolicy).toEqual({
      accessTokenTtlInMinutes: 60,
      refreshTokenTtlInMinutes: 1440,
    });
    const d = await build("tap-none");
    expect(d.app!.inputs.tokenAccessPolicy).toBeUndefined();
  });

  test("app and integration names default to <component name>-<stack> and can be overridden", async () => {
    const d = await build("names-default");
    // Two stacks of one program never register same-named apps (issue 25 item 5).
    expect(d.app!.inputs.name).toBe(`${d.name}-test`);
    expect(d.connect.inputs.name).toBe(`${d.name}-test`);
    const b = await build("names", {
      appName: "posit-connect-app",
      integrationName: "Databricks",
      description: "as the viewer",
    });
    expect(b.app!.inputs.name).toBe("posit-connect-app");
    expect(b.connect.inputs).toMatchObject({ name: "Databricks", description: "as the viewer" });
  });
});

describe("confidential app (default)", () => {
  let b: Built;
  let secret: string;
  beforeAll(async () => {
    b = await build("conf", { workspaceHost: `https://${HOST.toUpperCase()}/` });
    secret = rec.appClientSecret(`${b.name}-databricks-app`);
  });

  test("the app is registered confidential", () => {
    expect(b.app!.inputs.confidential).toBe(true);
  });

  test("the Databricks secret reaches the Connect resource's top-level clientSecret input as a secret", () => {
    expect(isSecretSig(b.connect.inputs.clientSecret)).toBe(true);
    expect(unwrap(b.connect.inputs.clientSecret)).toBe(secret);
  });

  test("Connect config: the bare workspace host and client_id only; template and authType", () => {
    expect(b.connect.inputs.config).toEqual({
      workspace_host: HOST,
      client_id: rec.appClientId(`${b.name}-databricks-app`),
    });
    expect(b.connect.inputs).toMatchObject({
      template: "databricks",
      authType: "Viewer",
      connectUrl: CONNECT,
    });
    expect(b.connect.inputs.config.client_secret).toBeUndefined();
  });

  test("the create request Connect receives is exactly the admin guide's keys plus auth_type", () => {
    // The same conversion the client sends (provider/connect/wire.ts).
    const body = toCreateBody({
      name: b.connect.inputs.name,
      template: b.connect.inputs.template,
      authType: b.connect.inputs.authType,
      config: b.connect.inputs.config,
      clientSecret: unwrap(b.connect.inputs.clientSecret),
    });
    expect(body).toEqual({
      template: "databricks",
      name: `${b.name}-test`,
      config: {
        workspace_host: HOST,
        client_id: rec.appClientId(`${b.name}-databricks-app`),
        client_secret: secret,
        auth_type: "Viewer",
      },
    });
  });

  test("the component's clientSecret output is secret and holds the app's secret", async () => {
    expect(await pulumi.isSecret(b.component.clientSecret)).toBe(true);
    expect(await value(b.component.clientSecret)).toBe(secret);
    expect(await value(b.component.clientId)).toBe(rec.appClientId(`${b.name}-databricks-app`));
    expect(isSecretSig(b.self.outputs!.clientSecret)).toBe(true);
  });

  test("the secret appears nowhere in plaintext: inputs, component inputs, registered outputs", () => {
    for (const r of b.all) {
      expect(plaintextOccurrences(r.inputs, secret)).toEqual([]);
      expect(plaintextOccurrences(r.outputs ?? {}, secret)).toEqual([]);
    }
  });

  test("__provider is a plain string with neither the client secret nor any API key", () => {
    const p = b.connect.inputs.__provider;
    expect(typeof p).toBe("string");
    expect(p.length).toBeGreaterThan(100);
    expect(p).not.toContain(secret);
    expect(p).not.toContain(API_KEY_CANARY);
    expect(p).not.toContain(ENV_API_KEY_CANARY);
    expect(p).not.toContain("CANARY");
  });

  test("the API key canaries appear in no registered input at all", () => {
    for (const r of rec.registrations) {
      const text = JSON.stringify(r.inputs);
      expect(text).not.toContain(API_KEY_CANARY);
      expect(text).not.toContain(ENV_API_KEY_CANARY);
    }
  });
});

describe("public app", () => {
  let b: Built;
  beforeAll(async () => {
    b = await build("public", { confidential: false, workbenchUrl: "https://wb.example.org" });
  });

  test("Databricks app has confidential: false", () => {
    expect(b.app!.inputs.confidential).toBe(false);
  });

  test("Connect resource gets no clientSecret input and auth_mode Public", () => {
    expect("clientSecret" in b.connect.inputs).toBe(false);
    expect(b.connect.inputs.config).toEqual({
      workspace_host: HOST,
      client_id: rec.appClientId(`${b.name}-databricks-app`),
      auth_mode: "Public",
    });
  });

  test("component clientSecret output is undefined and not secret", async () => {
    expect(await value(b.component.clientSecret)).toBeUndefined();
    expect(await pulumi.isSecret(b.component.clientSecret)).toBe(false);
    expect(b.self.outputs!.clientSecret).toBeUndefined();
  });

  test("nothing secret anywhere", () => {
    for (const r of b.all) {
      expect(containsSecret(r.inputs)).toBe(false);
      expect(containsSecret(r.outputs ?? {})).toBe(false);
    }
  });
});

describe("existingApp", () => {
  const EXISTING = "existing-app-secret-CANARY-c0ffee";

  test.each([
    ["a plain string", () => EXISTING],
    ["a secret Output", () => pulumi.secret(EXISTING)],
    ["a plain Output", () => pulumi.output(EXISTING)],
  ])(
    "confidential, secret given as %s: no Databricks app; secret only ever secret",
    async (_label, secretOf) => {
      const b = await build("existing", {
        existingApp: { clientId: "admin-made-client", clientSecret: secretOf() },
      });
      expect(b.app).toBeUndefined();
      expect(rec.ofType(APP_TYPE).filter((r) => r.name.startsWith(b.name))).toEqual([]);
      expect(b.all.map((r) => r.type).sort()).toEqual([COMPONENT_TYPE, CONNECT_TYPE].sort());
      expect(b.component.app).toBeUndefined();

      // Connect gets it as a secret, top-level input.
      expect(isSecretSig(b.connect.inputs.clientSecret)).toBe(true);
      expect(unwrap(b.connect.inputs.clientSecret)).toBe(EXISTING);
      expect(b.connect.inputs.config).toEqual({
        workspace_host: HOST,
        client_id: "admin-made-client",
      });

      // The component's own inputs (stored in state) hold it only as a secret.
      // (Without outputValues support the serializer lifts the secret to the enclosing property,
      // so `existingApp` as a whole arrives as one secret; either shape keeps it encrypted.)
      const existing = b.self.inputs.existingApp;
      const holder = isSecretSig(existing) ? existing : existing.clientSecret;
      expect(isSecretSig(holder)).toBe(true);
      expect(unwrap(existing).clientSecret).toBe(EXISTING);
      expect(unwrap(existing).clientId).toBe("admin-made-client");
      for (const r of b.all) {
        expect(plaintextOccurrences(r.inputs, EXISTING)).toEqual([]);
        expect(plaintextOccurrences(r.outputs ?? {}, EXISTING)).toEqual([]);
      }
      expect(b.connect.inputs.__provider).not.toContain(EXISTING);

      expect(await pulumi.isSecret(b.component.clientSecret)).toBe(true);
      expect(await value(b.component.clientSecret)).toBe(EXISTING);
      expect(await value(b.component.clientId)).toBe("admin-made-client");
      expect(await value(b.component.databricksIntegrationId)).toBeUndefined();
      expect(await value(b.component.redirectUrls)).toEqual([CALLBACK]);
    },
  );

  test("public existing app: no secret to Connect, auth_mode Public", async () => {
    const b = await build("existing-public", {
      confidential: false,
      existingApp: { clientId: "public-client" },
    });
    expect(b.app).toBeUndefined();
    expect("clientSecret" in b.connect.inputs).toBe(false);
    expect(b.connect.inputs.config).toMatchObject({
      client_id: "public-client",
      auth_mode: "Public",
    });
    expect(await value(b.component.clientSecret)).toBeUndefined();
    for (const r of b.all) expect(containsSecret(r.inputs)).toBe(false);
  });

  test("public existing app given a secret anyway: Connect gets none, the component input keeps it secret", async () => {
    const b = await build("existing-public-secret", {
      confidential: false,
      existingApp: { clientId: "c", clientSecret: EXISTING },
    });
    expect("clientSecret" in b.connect.inputs).toBe(false);
    for (const r of b.all) expect(plaintextOccurrences(r.inputs, EXISTING)).toEqual([]);
  });

  test("Output-valued client id from another component flows into Connect config", async () => {
    const first = await build("shared-first");
    const b = await build("shared-second", {
      existingApp: {
        clientId: first.component.clientId,
        clientSecret: first.component.clientSecret as pulumi.Output<string>,
      },
    });
    expect(b.connect.inputs.config.client_id).toBe(rec.appClientId(`${first.name}-databricks-app`));
    expect(unwrap(b.connect.inputs.clientSecret)).toBe(
      rec.appClientSecret(`${first.name}-databricks-app`),
    );
    expect(isSecretSig(b.connect.inputs.clientSecret)).toBe(true);
  });
});

describe("extraConnectConfig", () => {
  test("merged over the keys the component sets", async () => {
    const b = await build("extra-config", {
      extraConnectConfig: { max_role: "Viewer", auth_mode: "Confidential", use_pkce: true },
    });
    expect(b.connect.inputs.config).toMatchObject({
      max_role: "Viewer",
      use_pkce: true,
      auth_mode: "Confidential",
    });
  });
});

describe("Databricks provider selection", () => {
  const account = (name: string) =>
    new databricks.Provider(name, {
      host: "https://accounts.cloud.databricks.com",
      accountId: "00000000-0000-0000-0000-000000000000",
      clientId: "sp",
      clientSecret: pulumi.secret("sp-secret"),
    });
  const ref = async (p: pulumi.ProviderResource) => `${await value(p.urn)}::${await value(p.id)}`;

  test("databricksProvider is the app's provider; the Connect resource keeps the default; the component inputs drop it", async () => {
    const acct = account(uniq("acct"));
    const b = await build("explicit-provider", { databricksProvider: acct });
    expect(b.app!.provider).toBe(await ref(acct));
    expect(b.app!.provider).toContain(`::${DATABRICKS_PROVIDER_TYPE}::`);
    expect(b.connect.provider).toBe("");
    expect("databricksProvider" in b.self.inputs).toBe(false);
  });

  test("opts.providers map is inherited by the app", async () => {
    const acct = account(uniq("acct-map"));
    const b = await build("providers-map", {}, { providers: { databricks: acct } });
    expect(b.app!.provider).toBe(await ref(acct));
    expect(b.connect.provider).toBe("");
  });

  test("opts.providers array is inherited by the app", async () => {
    const acct = account(uniq("acct-array"));
    const b = await build("providers-array", {}, { providers: [acct] });
    expect(b.app!.provider).toBe(await ref(acct));
  });

  test("databricksProvider wins over opts.providers", async () => {
    const inherited = account(uniq("acct-inherited"));
    const explicit = account(uniq("acct-explicit"));
    const b = await build(
      "providers-both",
      { databricksProvider: explicit },
      { providers: { databricks: inherited } },
    );
    expect(b.app!.provider).toBe(await ref(explicit));
  });

  test("no provider given: the default provider", async () => {
    const b = await build("default-provider");
    expect(b.app!.provider).toBe("");
  });
});

describe("argument validation throws while the program runs and registers nothing", () => {
  type Case = [label: string, args: Record<string, unknown>, argument: string, fix: RegExp];
  const cases: Case[] = [
    ["connectUrl ftp://x", { connectUrl: "ftp://x" }, "connectUrl", /https:\/\//],
    [
      "connectUrl with /__api__",
      { connectUrl: "https://c.example.org/__api__" },
      "connectUrl",
      /without \/__api__/,
    ],
    [
      "connectUrl with /__oauth__/",
      { connectUrl: "https://c.example.org/__oauth__/integrations/callback" },
      "connectUrl",
      /base URL/,
    ],
    [
      "connectUrl with credentials",
      { connectUrl: "https://user:pw@x" },
      "connectUrl",
      /credentials.*posit-connect:apiKey/,
    ],
    [
      "connectUrl with a query",
      { connectUrl: "https://c.example.org/?a=1" },
      "connectUrl",
      /query/,
    ],
    ["connectUrl empty", { connectUrl: "" }, "connectUrl", /base URL.*set connectUrl/],
    ["connectUrl not a URL", { connectUrl: "connect.example.org" }, "connectUrl", /not a URL/],
    [
      "workspaceHost with a path",
      { workspaceHost: `https://${HOST}/sql/1.0` },
      "workspaceHost",
      /path.*dbc-1234abcd-5678/,
    ],
    [
      "workspaceHost http://",
      { workspaceHost: `http://${HOST}` },
      "workspaceHost",
      /https:\/\/ or no scheme/,
    ],
    ["workspaceHost empty", { workspaceHost: " " }, "workspaceHost", /workspace host name such as/],
    ["workspaceHost with a query", { workspaceHost: `${HOST}?o=1` }, "workspaceHost", /query/],
    [
      "workspaceHost not a host",
      { workspaceHost: "dbc_1 .example" },
      "workspaceHost",
      /not a host name/,
    ],
    ["workbenchUrl ftp", { workbenchUrl: "ftp://wb" }, "workbenchUrl", /https:\/\//],
    [
      "extraRedirectUrls relative",
      { extraRedirectUrls: ["/cb"] },
      "extraRedirectUrls[0]",
      /absolute URL/,
    ],
    [
      "extraRedirectUrls http non-local",
      { extraRedirectUrls: ["https://ok.example.org/cb", "http://x.example.org/cb"] },
      "extraRedirectUrls[1]",
      /https:\/\/.*localhost/,
    ],
    ["scopes empty", { scopes: [] }, "scopes", /non-empty list.*omit it for the defaults/],
    ["scope with a space", { scopes: ["all apis"] }, "scopes[0]", /without spaces/],
    ["scope empty string", { scopes: ["sql", ""] }, "scopes[1]", /one scope name/],
    [
      "access TTL 4",
      { tokenAccessPolicy: { accessTokenTtlInMinutes: 4 } },
      "tokenAccessPolicy.accessTokenTtlInMinutes",
      /from 5 to 1440/,
    ],
    [
      "access TTL 1441",
      { tokenAccessPolicy: { accessTokenTtlInMinutes: 1441 } },
      "tokenAccessPolicy.accessTokenTtlInMinutes",
      /from 5 to 1440/,
    ],
    [
      "access TTL 60.5",
      { tokenAccessPolicy: { accessTokenTtlInMinutes: 60.5 } },
      "tokenAccessPolicy.accessTokenTtlInMinutes",
      /whole number/,
    ],
    [
      "refresh TTL 4",
      { tokenAccessPolicy: { refreshTokenTtlInMinutes: 4 } },
      "tokenAccessPolicy.refreshTokenTtlInMinutes",
      /from 5 to 129600/,
    ],
    [
      "refresh TTL 129601",
      { tokenAccessPolicy: { refreshTokenTtlInMinutes: 129601 } },
      "tokenAccessPolicy.refreshTokenTtlInMinutes",
      /from 5 to 129600/,
    ],
    [
      "refresh < access",
      { tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 30 } },
      "tokenAccessPolicy.refreshTokenTtlInMinutes",
      /must not be shorter than accessTokenTtlInMinutes/,
    ],
    [
      "unknown policy key",
      { tokenAccessPolicy: { absoluteSessionLifetimeInMinutes: 60 } },
      "tokenAccessPolicy.absoluteSessionLifetimeInMinutes",
      /use accessTokenTtlInMinutes or refreshTokenTtlInMinutes/,
    ],
    [
      "existingApp confidential without secret",
      { existingApp: { clientId: "c" } },
      "existingApp.clientSecret",
      /requireSecret.*confidential: false/,
    ],
    [
      "existingApp without client id",
      { existingApp: { clientId: "", clientSecret: "s" } },
      "existingApp.clientId",
      /is required/,
    ],
    ["confidential not boolean", { confidential: "yes" }, "confidential", /true or false/],
  ];

  test.each(cases)("%s", async (_label, bad, argument, fix) => {
    const name = uniq("invalid");
    const before = rec.registrations.length;
    let error: unknown;
    try {
      new lib.DatabricksConnectOAuth(name, {
        connectUrl: CONNECT,
        workspaceHost: HOST,
        ...bad,
      } as unknown as Lib.DatabricksConnectOAuthArgs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(lib.ArgumentError);
    const message = (error as Error).message;
    expect(message).toContain(`DatabricksConnectOAuth "${name}": ${argument} `);
    expect(message).toMatch(fix);
    await settle();
    expect(rec.forComponent(name)).toEqual([]);
    expect(rec.registrations.length).toBe(before);
  });

  test("a connectUrl with credentials does not echo the password in the error", () => {
    expect(
      () =>
        new lib.DatabricksConnectOAuth(uniq("creds"), {
          connectUrl: "https://user:hunter2@x.example.org",
          workspaceHost: HOST,
        }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining("hunter2") }));
  });

  test("valid edge values are accepted (TTL bounds, http://localhost extra, host with port)", async () => {
    const b = await build("edges", {
      workspaceHost: "adb-123.4.azuredatabricks.net:443",
      extraRedirectUrls: ["http://localhost:8787/callback", "http://127.0.0.1/cb"],
      tokenAccessPolicy: { accessTokenTtlInMinutes: 1440, refreshTokenTtlInMinutes: 1440 },
    });
    expect(b.app!.inputs.tokenAccessPolicy).toEqual({
      accessTokenTtlInMinutes: 1440,
      refreshTokenTtlInMinutes: 1440,
    });
    expect(b.connect.inputs.config.workspace_host).toBe("adb-123.4.azuredatabricks.net:443");
    const c = await build("edges-min", {
      tokenAccessPolicy: { accessTokenTtlInMinutes: 5, refreshTokenTtlInMinutes: 129600 },
    });
    expect(c.app!.inputs.tokenAccessPolicy).toEqual({
      accessTokenTtlInMinutes: 5,
      refreshTokenTtlInMinutes: 129600,
    });
  });
});

/**
 * Library bugs, shown at the resource level. `test.failing` passes while the bug is present and
 * fails once it is fixed (then flip it to `test`). Unit-level versions: tests/unit/component-args.test.ts.
 */
describe("known library bugs", () => {
  const rejects = async (
    base: string,
    bad: Partial<Lib.DatabricksConnectOAuthArgs>,
    argument: string,
  ) => {
    const name = uniq(base);
    expect(
      () =>
        new lib.DatabricksConnectOAuth(name, { connectUrl: CONNECT, workspaceHost: HOST, ...bad }),
    ).toThrow(
      expect.objectContaining({
        name: "ArgumentError",
        message: expect.stringContaining(`"${name}": ${argument} `),
      }),
    );
    await settle();
    expect(rec.forComponent(name)).toEqual([]);
  };

  // Holes in a sparse array skip forEach/map validation; undefined/null reaches the app.
  test("BUG: a sparse scopes array is rejected instead of registering a null scope", async () => {
    await rejects("bug-sparse-scopes", { scopes: ["sql", , "openid"] as string[] }, "scopes[1]");
  });

  test("BUG: a sparse extraRedirectUrls array is rejected instead of registering a null redirect URL", async () => {
    await rejects(
      "bug-sparse-extra",
      { extraRedirectUrls: [, "https://x.example.org/cb"] as string[] },
      "extraRedirectUrls[0]",
    );
  });

  // `key in TOKEN_TTL_RANGES` sees Object.prototype: the unsupported key reaches the app's inputs.
  // (With `toString` instead, the SDK then throws "TypeError: Cannot convert object to primitive
  // value" while registering the app, after the component itself was registered.)
  test("BUG: tokenAccessPolicy keys inherited from Object.prototype are rejected", async () => {
    await rejects(
      "bug-proto-key",
      { tokenAccessPolicy: { hasOwnProperty: 60 } as unknown as Lib.TokenAccessPolicy },
      "tokenAccessPolicy.hasOwnProperty",
    );
  });

  // The raw string is registered, so " https://…" (which the URL parser tolerates) goes to Databricks verbatim.
  test("BUG: extra redirect URLs are registered trimmed", async () => {
    const b = await build("bug-whitespace", { extraRedirectUrls: [" https://x.example.org/cb "] });
    expect(b.app!.inputs.redirectUrls).toEqual([CALLBACK, "https://x.example.org/cb"]);
  });
});
