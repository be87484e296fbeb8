/**
 * The provider the content-association resources store in state for programs that use the
 * installed package: made by Pulumi's real closure serializer in a plain Node process (in jest
 * the shim module would come out by value), under Pulumi mocks so the resources' own
 * `__provider` inputs are what is read. Each must be one `require` of its shim module in the
 * installed package, not a class instance written out method by method.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../support/dynamic-host";

const API_KEY = "canary-api-key-association-provider-5e21";
const SHIMS = "pulumi-posit-connect/dist/provider/connect/content-association";

/** `__provider` of each content-association resource type, as the resources register it. */
function registeredProviders(): Record<string, string> {
  const script = `
    const fromRoot = require("module").createRequire(${JSON.stringify(path.join(REPO_ROOT, "index.js"))});
    const pulumi = fromRoot("@pulumi/pulumi");
    const seen = {};
    let done;
    const both = new Promise((resolve) => (done = resolve));
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          seen[args.type] = args.inputs.__provider;
          if (Object.keys(seen).length === 2) done();
          return { id: args.name + "-id", state: args.inputs };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
    const lib = fromRoot("pulumi-posit-connect");
    const content = "0f0f0000-0000-4000-8000-00000000da51";
    const integration = "0f0f0000-0000-4000-8000-00000000da52";
    new lib.ConnectContentIntegration("one", { connectUrl: "https://connect.example.org", contentGuid: content, integrationGuid: integration });
    new lib.ConnectContentIntegrations("set", { connectUrl: "https://connect.example.org", contentGuid: content, integrationGuids: [integration] });
    both.then(() => process.stdout.write(JSON.stringify(seen)));
  `;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "association-provider-"));
  try {
    const file = path.join(dir, "register.js");
    fs.writeFileSync(file, script);
    const out = execFileSync(process.execPath, [file], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, CONNECT_API_KEY: API_KEY },
      stdio: ["ignore", "pipe", "inherit"],
    });
    return JSON.parse(out) as Record<string, string>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const requiresOf = (text: string): string[] =>
  [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

let providers: Record<string, string>;

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO_ROOT, "node_modules", SHIMS, "set-shim.js"))) {
    throw new Error("the installed package is missing: run `npm run build` first.");
  }
  providers = registeredProviders();
});

test.each([
  ["pulumi-nodejs:dynamic/posit-connect:ContentIntegration", `${SHIMS}/single-shim.js`],
  ["pulumi-nodejs:dynamic/posit-connect:ContentIntegrations", `${SHIMS}/set-shim.js`],
])("%s stores one require of its shim module, with no credential", (type, shim) => {
  const text = providers[type];
  expect(requiresOf(text)).toEqual([shim]);
  expect(text).not.toContain(API_KEY);
  // A class instance serialized method by method was about 3 KB; the require is a few hundred bytes.
  expect(text.length).toBeLessThan(1000);
});
