/* eslint-disable @typescript-eslint/no-require-imports -- code under test must be require()d after setMocks. */
/**
 * Bringing a hand-made setup under Pulumi, under mocks: the component passes the GUID to the
 * Connect integration and the app id as Pulumi's `import` option; an imported app's empty secret
 * leaves Connect's in place; one GUID cannot be adopted twice, or adopted while another
 * resource of the stack manages it; the root program's config keys map onto the arguments.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  APP_TYPE,
  CONNECT_TYPE,
  Registration,
  installMocks,
  isSecretSig,
  settle,
  unwrap,
  value,
} from "./mock-monitor";

const rec = installMocks({
  project: "proj",
  stack: "test",
  config: { "posit-connect:apiKey": "adoption-api-key-CANARY" },
  secretKeys: ["posit-connect:apiKey"],
});

// The import id reaches the mocks as `id`; remember it per resource name.
const importIds = new Map<string, string | undefined>();
const newResource = rec.newResource.bind(rec);
rec.newResource = (args) => {
  importIds.set(args.name, args.id);
  return newResource(args);
};

import type * as Lib from "../../provider";
const lib: typeof Lib = require("../../provider");
const {
  programArgs,
}: typeof import("../../provider/program-config") = require("../../provider/program-config");

const CONNECT = "https://connect.example.org";
const HOST = "dbc-1234abcd-5678.cloud.databricks.com";
const GUID = "3f2c9a1e-8d7b-4c6a-9e5f-0a1b2c3d4e5f";
const APP_ID = "c0ffee00-1234-4abc-9def-0123456789ab";

let seq = 0;
const uniq = (base: string) => `${base}-${++seq}`;

async function build(args: Partial<Lib.DatabricksConnectOAuthArgs>) {
  const name = uniq("adopt");
  const component = new lib.DatabricksConnectOAuth(name, {
    connectUrl: CONNECT,
    workspaceHost: HOST,
    ...args,
  });
  await value(component.connectIntegrationGuid);
  await settle();
  const all = rec.forComponent(name);
  return {
    name,
    app: all.find((r) => r.type === APP_TYPE) as Registration,
    connect: all.find((r) => r.type === CONNECT_TYPE) as Registration,
  };
}

afterEach(() => {
  rec.appClientSecret = (name: string) => `dbx-secret-${name}-CANARY`;
});

describe("DatabricksConnectOAuth over a hand-made setup", () => {
  test("adoptConnectIntegrationGuid becomes the integration's adoptGuid; nothing else changes", async () => {
    const { connect, app } = await build({ adoptConnectIntegrationGuid: GUID });
    expect(connect.inputs.adoptGuid).toBe(GUID);
    expect(importIds.get(app.name)).toBeFalsy();
  });

  test("existingApp needs no secret when the adopted integration already holds it", async () => {
    const { connect, app } = await build({
      existingApp: { clientId: "hand-made-client" },
      adoptConnectIntegrationGuid: "7e57a11e-0000-4000-8000-000000000002",
    });
    expect(app).toBeUndefined();
    expect(connect.inputs.config.client_id).toBe("hand-made-client");
    expect(unwrap(connect.inputs.clientSecret) ?? undefined).toBeUndefined();
  });

  test("importDatabricksAppId is the app's import option", async () => {
    const { app, connect } = await build({ importDatabricksAppId: APP_ID });
    expect(importIds.get(app.name)).toBe(APP_ID);
    expect(importIds.get(connect.name)).toBeFalsy();
  });

  test("an imported confidential app with no secret sends Connect none, so Connect keeps its own", async () => {
    rec.appClientSecret = () => "";
    const { connect } = await build({
      importDatabricksAppId: APP_ID,
      adoptConnectIntegrationGuid: "7e57a11e-0000-4000-8000-000000000001",
    });
    // Serialized as null, which the provider's check drops: no secret is sent.
    expect(unwrap(connect.inputs.clientSecret) ?? undefined).toBeUndefined();
    const { validateInputs } = require("../../provider/connect/oauth-integration/validate");
    const checked = validateInputs({
      ...connect.inputs,
      clientSecret: unwrap(connect.inputs.clientSecret),
    });
    expect(checked.failures).toEqual([]);
    expect("clientSecret" in checked.inputs).toBe(false);
    // Confidential: Connect's default auth mode, so no auth_mode key (databricks-template-config.ts).
    expect(connect.inputs.config.auth_mode).toBeUndefined();
  });

  test("a secret given for the imported app goes to Connect, as a secret", async () => {
    rec.appClientSecret = () => "";
    const { connect } = await build({
      importDatabricksAppId: APP_ID,
      importedAppClientSecret: "kept-by-the-admin-CANARY",
    });
    expect(isSecretSig(connect.inputs.clientSecret)).toBe(true);
    expect(unwrap(connect.inputs.clientSecret)).toBe("kept-by-the-admin-CANARY");
  });

  test("a secret the app issues (a replacement) wins over the given one", async () => {
    const { connect, app } = await build({
      importDatabricksAppId: APP_ID,
      importedAppClientSecret: "kept-by-the-admin-CANARY",
    });
    expect(unwrap(connect.inputs.clientSecret)).toBe(`dbx-secret-${app.name}-CANARY`);
  });

  test.each<[string, Partial<Lib.DatabricksConnectOAuthArgs>, RegExp]>([
    [
      "an empty GUID",
      { adoptConnectIntegrationGuid: " " },
      /adoptConnectIntegrationGuid must be the GUID/,
    ],
    [
      "a malformed app id",
      { importDatabricksAppId: "a b" },
      /importDatabricksAppId must be the integration_id/,
    ],
    [
      "import with existingApp",
      { importDatabricksAppId: APP_ID, existingApp: { clientId: "c", clientSecret: "s" } },
      /importDatabricksAppId cannot be combined with existingApp/,
    ],
    [
      "a secret without import",
      { importedAppClientSecret: "s" },
      /importedAppClientSecret is only used with importDatabricksAppId/,
    ],
    [
      "a secret for a public app",
      { importDatabricksAppId: APP_ID, confidential: false, importedAppClientSecret: "s" },
      /must not be given for a public app/,
    ],
  ])("%s is refused before anything registers", (_label, args, message) => {
    const before = rec.registrations.length;
    expect(
      () =>
        new lib.DatabricksConnectOAuth(uniq("bad"), {
          connectUrl: CONNECT,
          workspaceHost: HOST,
          ...args,
        }),
    ).toThrow(message);
    expect(rec.registrations.length).toBe(before);
  });
});

describe("one integration, one resource", () => {
  test("adopting the same GUID twice stops the program at the second resource", () => {
    const guid = "11111111-2222-4333-8444-555555555555";
    new lib.ConnectOAuthIntegration("first", {
      connectUrl: CONNECT,
      name: "A",
      template: "databricks",
      adoptGuid: guid,
    });
    expect(
      () =>
        new lib.ConnectOAuthIntegration("second", {
          connectUrl: CONNECT,
          name: "B",
          template: "databricks",
          adoptGuid: guid,
        }),
    ).toThrow(
      `ConnectOAuthIntegration "second": adoptGuid ${guid} names an integration that is also adopted by "first" in this stack.`,
    );
  });

  test("adopting a GUID another resource manages fails the program", async () => {
    const managed = new lib.ConnectOAuthIntegration("managed", {
      connectUrl: CONNECT,
      name: "M",
      template: "databricks",
    });
    const guid = await value(managed.guid);
    expect(
      () =>
        new lib.ConnectOAuthIntegration("adopter", {
          connectUrl: CONNECT,
          name: "N",
          template: "databricks",
          adoptGuid: guid as string,
        }),
    ).toThrow(`adoptGuid ${guid} names an integration that is already managed by "managed"`);
  });

  test("a resource that adopted a GUID and keeps adoptGuid is not in conflict with itself", async () => {
    const guid = "99999999-2222-4333-8444-555555555555";
    const self = new lib.ConnectOAuthIntegration("self", {
      connectUrl: CONNECT,
      name: "S",
      template: "databricks",
      adoptGuid: guid,
    });
    await value(self.guid);
    await settle();
  });
});

describe("root program keys", () => {
  const config = (values: Record<string, string>, secrets: string[] = []) => {
    const full = Object.fromEntries(Object.entries(values).map(([k, v]) => [`proj:${k}`, v]));
    pulumi.runtime.setAllConfig(
      full,
      secrets.map((k) => `proj:${k}`),
    );
    return new pulumi.Config("proj");
  };
  const base = { connectUrl: CONNECT, workspaceHost: HOST };

  test("adoptIntegrationGuid and importAppIntegrationId map onto the component's arguments", () => {
    const args = programArgs(
      config({ ...base, adoptIntegrationGuid: GUID, importAppIntegrationId: APP_ID }),
      "dev",
    );
    expect(args.adoptConnectIntegrationGuid).toBe(GUID);
    expect(args.importDatabricksAppId).toBe(APP_ID);
    expect(args.importedAppClientSecret).toBeUndefined();
  });

  test("empty values (the Pulumi.yaml defaults) mean no adoption", () => {
    const args = programArgs(
      config({ ...base, adoptIntegrationGuid: "", importAppIntegrationId: "" }),
      "dev",
    );
    expect(args.adoptConnectIntegrationGuid).toBeUndefined();
    expect(args.importDatabricksAppId).toBeUndefined();
  });

  test("importAppClientSecret must be set with --secret", () => {
    expect(() =>
      programArgs(
        config({ ...base, importAppIntegrationId: APP_ID, importAppClientSecret: "plain" }),
        "dev",
      ),
    ).toThrow(
      "proj:importAppClientSecret is stored in plaintext in Pulumi.test.yaml (and in version control, if that file was committed); treat the secret as exposed: issue a new one, then set it with `pulumi config set --secret importAppClientSecret <secret>`.",
    );
    const args = programArgs(
      config({ ...base, importAppIntegrationId: APP_ID, importAppClientSecret: "s" }, [
        "importAppClientSecret",
      ]),
      "dev",
    );
    expect(pulumi.Output.isInstance(args.importedAppClientSecret)).toBe(true);
  });
});
