/**
 * Typos in stack config stop the program at preview with the key that was probably meant:
 * the `posit-connect:` namespace (any program) and the root program's own namespace (its known
 * keys read from Pulumi.yaml). Required root keys name the exact `pulumi config set` line.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { checkProviderConfigKeys, requireSecretApiKey } from "../../provider/config";
import { editDistance, nearestKey, projectConfigKeys } from "../../provider/config-keys";
import {
  checkProgramConfigKeys,
  programArgs,
  UNDECLARED_PROGRAM_KEYS,
} from "../../provider/program-config";
import { installMocks, REPO_ROOT, stackConfig } from "./mock-monitor";

const PROJECT = "posit-connect-databricks";

function withConfig(config: Record<string, string>, secretKeys: string[] = []): void {
  installMocks({ project: PROJECT, stack: "dev", config, secretKeys });
}

function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("the posit-connect: namespace", () => {
  test("posit-connect:apikey names posit-connect:apiKey and the exact commands", () => {
    withConfig({ "posit-connect:apikey": "k" }, ["posit-connect:apikey"]);
    expect(thrown(() => requireSecretApiKey())).toBe(
      "posit-connect:apikey is not a key pulumi-posit-connect reads; did you mean posit-connect:apiKey? " +
        "Run `pulumi config rm posit-connect:apikey` and `pulumi config set --secret posit-connect:apiKey <value>`.",
    );
  });

  test("a key far from every known one is named with the remove command", () => {
    withConfig({ "posit-connect:region": "eu" });
    expect(thrown(() => checkProviderConfigKeys())).toBe(
      "posit-connect:region is not a key pulumi-posit-connect reads; remove it with `pulumi config rm posit-connect:region` (every key: docs/configuration.md).",
    );
  });

  test("known keys and other namespaces pass", () => {
    withConfig({
      "posit-connect:apiKey": "k",
      "posit-connect:url": "https://c",
      "posit-connect:timeoutSeconds": "5",
      "posit-connect:allowInsecureHttp": "false",
      "databricks:host": "h",
      "other:apikey": "x",
    });
    expect(() => checkProviderConfigKeys()).not.toThrow();
  });
});

describe("the root program's namespace", () => {
  const config = () => new pulumi.Config(PROJECT);

  test("intergrationName names integrationName", () => {
    withConfig({ ...stackConfig("dev").config, [`${PROJECT}:intergrationName`]: "Databricks" });
    expect(thrown(() => checkProgramConfigKeys(config(), REPO_ROOT))).toBe(
      `${PROJECT}:intergrationName is not a key this program (Pulumi.yaml's config block) reads; did you mean ${PROJECT}:integrationName? ` +
        "Run `pulumi config rm intergrationName` and `pulumi config set integrationName <value>`.",
    );
  });

  test("workspacehost names workspaceHost, before the missing-value error", () => {
    const { config: base } = stackConfig("dev");
    delete base[`${PROJECT}:workspaceHost`];
    withConfig({ ...base, [`${PROJECT}:workspacehost`]: "dbc-1.cloud.databricks.com" });
    expect(thrown(() => checkProgramConfigKeys(config(), REPO_ROOT))).toContain(
      `did you mean ${PROJECT}:workspaceHost? Run \`pulumi config rm workspacehost\` and \`pulumi config set workspaceHost <value>\`.`,
    );
  });

  test("a missing required key names the exact pulumi config set line", () => {
    const { config: base } = stackConfig("dev");
    base[`${PROJECT}:workspaceHost`] = "";
    withConfig(base);
    expect(thrown(() => programArgs(config(), "dev"))).toBe(
      `${PROJECT}:workspaceHost is required: run \`pulumi config set workspaceHost dbc-1234abcd-5678.cloud.databricks.com\`.`,
    );
  });

  test("every key the program reads is known: Pulumi.yaml's config block plus the undeclared secrets", () => {
    const yaml = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");
    const known = [...projectConfigKeys(yaml), ...UNDECLARED_PROGRAM_KEYS];
    const source = ["provider/program-config.ts", "index.ts"]
      .map((f) => fs.readFileSync(path.join(REPO_ROOT, f), "utf8"))
      .join("\n");
    const read = [
      ...source.matchAll(
        /(?:config\.(?:get|getNumber|getBoolean|getObject|getSecret|require)|requireKey\(config,|requireSecretIfSet\(config,)\(?\s*"(\w+)"/g,
      ),
    ].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((k) => !known.includes(k))).toEqual([]);
    // The Pulumi.yaml parser sees the whole block, not provider keys in comments.
    expect(projectConfigKeys(yaml)).toEqual(expect.arrayContaining(["connectUrl", "verify"]));
    expect(projectConfigKeys(yaml).some((k) => k.includes(":"))).toBe(false);
  });

  test("the dev and prod stacks pass", () => {
    for (const stack of ["dev", "prod"]) {
      withConfig(stackConfig(stack).config);
      expect(() => checkProgramConfigKeys(config(), REPO_ROOT)).not.toThrow();
    }
  });
});

describe("nearest key", () => {
  test.each([
    ["apikey", "apiKey"],
    ["apiKeys", "apiKey"],
    ["timeoutSecond", "timeoutSeconds"],
    ["caCert", undefined],
    ["url", "url"],
    ["URL", "url"],
  ])("%s → %s", (key, expected) => {
    expect(nearestKey(key, ["apiKey", "url", "timeoutSeconds", "caCertificate"])).toBe(expected);
  });

  test("a key differing only in case is never at distance 0", () => {
    expect(editDistance("apikey", "apiKey")).toBe(1);
    expect(editDistance("apiKey", "apiKey")).toBe(0);
  });
});
