// The policies as plain functions: each validateResource called with the inputs the engine would
// send, without an engine. Covers the edges the engine test does not: loopback URLs, values still
// unknown at preview, children of our components (reported once, on the component), the raw
// Databricks app's own defaults, and the configured limits.
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { POLICIES } from "../../policy/policies";
import { insecureUrl } from "../../policy/https-redirects";
import {
  CONNECT_INTEGRATION,
  CUSTOM_APP,
  OAUTH_COMPONENT,
  SERVICE_ACCOUNT_COMPONENT,
  SP_SECRET,
} from "../../policy/types";

const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const OAUTH_URN = `urn:pulumi:dev::proj::${OAUTH_COMPONENT}::viewer`;

function policy(name: string): ResourceValidationPolicy {
  const found = POLICIES.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
}

/** Messages reported for one resource. */
function check(
  name: string,
  type: string,
  props: Record<string, unknown>,
  opts: { parent?: string; config?: Record<string, unknown> } = {},
): string[] {
  const messages: string[] = [];
  const args = {
    type,
    name: "res",
    urn: `urn:pulumi:dev::proj::${type}::res`,
    props,
    opts: { parent: opts.parent ?? STACK_URN },
    getConfig: () => opts.config ?? {},
  } as unknown as ResourceValidationArgs;
  const validate = policy(name).validateResource;
  const run = Array.isArray(validate) ? validate : [validate];
  for (const v of run) void v?.(args, (m: string) => messages.push(m));
  return messages;
}

describe("policy pack: names, levels, manifest", () => {
  test("seven policies with the documented names and default levels", () => {
    expect(POLICIES.map((p) => [p.name, p.enforcementLevel])).toEqual([
      ["posit-connect-integration-open-to-all", "advisory"],
      ["posit-connect-databricks-confidential", "advisory"],
      ["posit-connect-https-redirects", "mandatory"],
      ["posit-connect-offline-access", "advisory"],
      ["posit-connect-token-ttl", "mandatory"],
      ["posit-connect-secret-rotation", "mandatory"],
      ["posit-connect-verify", "advisory"],
    ]);
  });

  test("policy/package.json (whose version @pulumi/policy reports) follows the package's version", () => {
    const root = path.join(__dirname, "..", "..");
    const read = (f: string) =>
      JSON.parse(fs.readFileSync(path.join(root, f), "utf8")) as {
        version: string;
        main?: string;
        files?: string[];
      };
    const pack = read("policy/package.json");
    const pkg = read("package.json");
    expect(pack.version).toBe(pkg.version);
    expect(pack.main).toBe("../dist/policy/index.js");
    expect(pkg.files).toEqual(
      expect.arrayContaining(["dist/policy", "policy/PulumiPolicy.yaml", "policy/package.json"]),
    );
  });
});

describe("posit-connect-https-redirects", () => {
  const name = "posit-connect-https-redirects";
  test("https and loopback http pass; other http fails; non-URLs are left to the components", () => {
    expect(insecureUrl("https://connect.example.org")).toBe(false);
    expect(insecureUrl("http://127.0.0.1:3939")).toBe(false);
    expect(insecureUrl("http://localhost/callback")).toBe(false);
    expect(insecureUrl("http://connect.example.org")).toBe(true);
    expect(insecureUrl("http://127.0.0.2")).toBe(false); // all of 127.0.0.0/8 is loopback
    expect(insecureUrl("http://128.0.0.1")).toBe(true);
    expect(insecureUrl("not a url")).toBe(false);
  });

  test("component URLs, the service account's connectUrl, a direct integration, a raw app", () => {
    expect(
      check(name, OAUTH_COMPONENT, {
        connectUrl: "http://connect.example.org",
        extraRedirectUrls: ["https://ok.example.org/cb", "http://bad.example.org/cb"],
      }),
    ).toEqual([
      expect.stringContaining(
        'connectUrl = "http://connect.example.org", extraRedirectUrls[1] = "http://bad.example.org/cb"',
      ),
    ]);
    expect(
      check(name, SERVICE_ACCOUNT_COMPONENT, { connectUrl: "http://c.example.org" }),
    ).toHaveLength(1);
    expect(check(name, CONNECT_INTEGRATION, { connectUrl: "http://c.example.org" })).toHaveLength(
      1,
    );
    expect(check(name, CUSTOM_APP, { redirectUrls: ["http://t.example.org/cb"] })).toHaveLength(1);
  });

  test("children of our components are not reported twice", () => {
    expect(
      check(
        name,
        CONNECT_INTEGRATION,
        { connectUrl: "http://c.example.org" },
        { parent: OAUTH_URN },
      ),
    ).toEqual([]);
    expect(
      check(name, CUSTOM_APP, { redirectUrls: ["http://t.example.org/cb"] }, { parent: OAUTH_URN }),
    ).toEqual([]);
  });

  test("values unknown at preview are skipped, not reported", () => {
    expect(
      check(name, OAUTH_COMPONENT, { connectUrl: undefined, extraRedirectUrls: [undefined] }),
    ).toEqual([]);
  });
});

describe("the advisory policies", () => {
  test("open-to-all: [] is reported, a list or an omitted list is not", () => {
    const name = "posit-connect-integration-open-to-all";
    expect(check(name, OAUTH_COMPONENT, { permissions: [] })[0]).toMatch(/every publisher.*Fix:/s);
    expect(check(name, OAUTH_COMPONENT, { permissions: [{ groupGuid: "g" }] })).toEqual([]);
    expect(check(name, OAUTH_COMPONENT, {})).toEqual([]);
    expect(check(name, CONNECT_INTEGRATION, { permissions: [] })).toHaveLength(1);
    expect(check(name, CONNECT_INTEGRATION, { permissions: [] }, { parent: OAUTH_URN })).toEqual(
      [],
    );
  });

  test("confidential: the component defaults to confidential, the raw app to public", () => {
    const name = "posit-connect-databricks-confidential";
    expect(check(name, OAUTH_COMPONENT, {})).toEqual([]);
    expect(check(name, OAUTH_COMPONENT, { confidential: false })).toHaveLength(1);
    expect(check(name, CUSTOM_APP, {})).toHaveLength(1);
    expect(check(name, CUSTOM_APP, { confidential: true })).toEqual([]);
  });

  test("offline access: default scopes pass; explicit scopes without it fail; existingApp is skipped", () => {
    const name = "posit-connect-offline-access";
    expect(check(name, OAUTH_COMPONENT, {})).toEqual([]);
    expect(check(name, OAUTH_COMPONENT, { scopes: ["all-apis"] })[0]).toContain(
      'add "offline_access"',
    );
    expect(check(name, OAUTH_COMPONENT, { scopes: ["all-apis"], existingApp: {} })).toEqual([]);
    expect(check(name, CUSTOM_APP, { scopes: ["sql", "offline_access"] })).toEqual([]);
  });

  test("verify: only verify: false is reported", () => {
    const name = "posit-connect-verify";
    expect(check(name, SERVICE_ACCOUNT_COMPONENT, { verify: false })).toHaveLength(1);
    expect(check(name, SERVICE_ACCOUNT_COMPONENT, {})).toEqual([]);
  });
});

describe("the policies that are mandatory when configured", () => {
  test("token TTL: silent without maxima; above or unset once configured", () => {
    const name = "posit-connect-token-ttl";
    const props = { tokenAccessPolicy: { accessTokenTtlInMinutes: 120 } };
    expect(check(name, OAUTH_COMPONENT, props)).toEqual([]);
    const config = { maxAccessTokenTtlInMinutes: 60, maxRefreshTokenTtlInMinutes: 1440 };
    const [message] = check(name, OAUTH_COMPONENT, props, { config });
    expect(message).toContain(
      "accessTokenTtlInMinutes is 120, above maxAccessTokenTtlInMinutes 60",
    );
    expect(message).toContain("refreshTokenTtlInMinutes is not set");
    const ok = { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 1440 };
    expect(check(name, CUSTOM_APP, { tokenAccessPolicy: ok }, { config })).toEqual([]);
  });

  test("secret rotation: no rotation, a long period or a long lifetime, as the component computes it", () => {
    const name = "posit-connect-secret-rotation";
    expect(check(name, SERVICE_ACCOUNT_COMPONENT, {})).toEqual([]);
    const config = { maxRotationDays: 90, maxSecretLifetimeDays: 120 };
    expect(check(name, SERVICE_ACCOUNT_COMPONENT, {}, { config })[0]).toContain("never rotates");
    expect(
      check(name, SERVICE_ACCOUNT_COMPONENT, { rotation: { everyDays: 100 } }, { config })[0],
    ).toContain("rotation.everyDays is 100, above maxRotationDays 90");
    // 90 days plus the component's 14-day margin: 104 days, inside 120.
    expect(
      check(name, SERVICE_ACCOUNT_COMPONENT, { rotation: { everyDays: 90 } }, { config }),
    ).toEqual([]);
    expect(
      check(
        name,
        SERVICE_ACCOUNT_COMPONENT,
        { rotation: { everyDays: 30 }, secretLifetimeDays: 365 },
        { config },
      )[0],
    ).toContain("secretLifetimeDays is 365 days, above maxSecretLifetimeDays 120");
  });

  test("secret rotation: a raw ServicePrincipalSecret is read from lifetime and timeRotating", () => {
    const name = "posit-connect-secret-rotation";
    const config = { maxRotationDays: 90, maxSecretLifetimeDays: 120 };
    const [never] = check(name, SP_SECRET, {}, { config });
    expect(never).toContain("never rotates (no timeRotating)");
    expect(never).toContain("lifetime is 730 days, above maxSecretLifetimeDays 120");
    const rotating = { timeRotating: "rotation 2026-Q4", lifetime: `${100 * 86_400}s` };
    expect(check(name, SP_SECRET, rotating, { config })).toEqual([]);
    const service = `urn:pulumi:dev::proj::${SERVICE_ACCOUNT_COMPONENT}::reporting`;
    expect(check(name, SP_SECRET, {}, { config, parent: service })).toEqual([]);
  });
});
