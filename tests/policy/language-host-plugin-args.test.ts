// The RunPlugin command lines and environments match the Go host's (pulumi-language-nodejs
// main.go, RunPlugin, v3.248): policy packs run run-policy-pack in their own directory with the
// directory last; other plugins run run-plugin in the engine's directory with the directory first.
import {
  buildPluginArgs,
  envFromList,
  pluginCwd,
  pluginEnv,
  pluginExitError,
  pluginRunModule,
  policyPackEnv,
  type PluginSpec,
} from "../../scripts/language-host/plugin-args";
import { parseOptions } from "../../scripts/language-host/run-args";

const base: PluginSpec = {
  kind: "analyzer",
  pwd: "/work/prog",
  programDirectory: "/packs/guard",
  args: ["-v=9", "127.0.0.1:4000"],
  env: ["PATH=/bin", "PULUMI_CONFIG=old", "PULUMI_CONFIG=newer", "=bad"],
};

describe("RunPlugin arguments (Go host parity)", () => {
  test("a policy pack runs run-policy-pack in its directory, directory last", () => {
    expect(pluginRunModule("analyzer", "/custom/run")).toBe("@pulumi/pulumi/cmd/run-policy-pack");
    const opts = parseOptions({ nodeargs: "--max-old-space-size=64" });
    expect(buildPluginArgs(base, "/rp.js", opts)).toEqual([
      "/rp.js",
      "--max-old-space-size=64",
      "-v=9",
      "127.0.0.1:4000",
      "/packs/guard",
    ]);
    expect(pluginCwd(base)).toBe("/packs/guard");
  });

  test("a resource plugin runs run-plugin (or the override) in the engine's directory, directory first", () => {
    const spec = { ...base, kind: "resource" };
    expect(pluginRunModule("resource", undefined)).toBe("@pulumi/pulumi/cmd/run-plugin");
    expect(pluginRunModule("resource", "/custom/run")).toBe("/custom/run");
    expect(buildPluginArgs(spec, "/run-plugin.js", parseOptions({}))).toEqual([
      "/run-plugin.js",
      "/packs/guard",
      "-v=9",
      "127.0.0.1:4000",
    ]);
    expect(pluginCwd(spec)).toBe("/work/prog");
  });

  test("environment: later entries win, malformed ones are dropped, TypeScript flags appended", () => {
    expect(envFromList(base.env)).toEqual({ PATH: "/bin", PULUMI_CONFIG: "newer" });
    expect(pluginEnv(base, parseOptions({ tsconfig: "tsconfig.policy.json" }))).toEqual({
      PATH: "/bin",
      PULUMI_CONFIG: "newer",
      PULUMI_NODEJS_TYPESCRIPT: "true",
      PULUMI_NODEJS_TSCONFIG_PATH: "tsconfig.policy.json",
    });
    expect(pluginEnv(base, parseOptions({ typescript: false }))).not.toHaveProperty(
      "PULUMI_NODEJS_TYPESCRIPT",
    );
  });

  test("a policy pack learns the stack from ConfigureStack through its environment", () => {
    expect(
      policyPackEnv({
        organization: "",
        project: "p",
        stack: "dev",
        dryRun: false,
        config: { "p:limit": "3" },
      }),
    ).toEqual({
      PULUMI_NODEJS_PROJECT: "p",
      PULUMI_NODEJS_STACK: "dev",
      PULUMI_NODEJS_DRY_RUN: "false",
      PULUMI_CONFIG: '{"p:limit":"3"}',
    });
    expect(
      policyPackEnv({ organization: "o", project: "", stack: "", dryRun: true, config: undefined }),
    ).toEqual({ PULUMI_NODEJS_ORGANIZATION: "o", PULUMI_NODEJS_DRY_RUN: "true" });
  });

  test("exit status wording", () => {
    expect(pluginExitError(0, null)).toBeUndefined();
    expect(pluginExitError(3, null)).toBe("Program exited with non-zero exit code: 3");
    expect(pluginExitError(null, "SIGKILL")).toBe("Program exited unexpectedly: signal: SIGKILL");
  });
});
