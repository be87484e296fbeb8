// The language host's RunPlugin for a resource plugin through the real engine: a program whose
// provider is a Node plugin directory (PulumiPlugin.yaml, runtime nodejs). The engine asks the
// host to start it; the host runs @pulumi/pulumi/cmd/run-plugin in the engine's working
// directory, as pulumi-language-nodejs does. (Policy packs, the analyzer kind, are covered by
// policy-pack.test.ts.)
import * as path from "path";
import { createPulumiCli, type PulumiCli } from "../support/pulumi-cli";

jest.setTimeout(5 * 60 * 1000);

describe("language host RunPlugin: a Node resource plugin through the real engine", () => {
  let cli: PulumiCli;

  beforeAll(async () => {
    cli = await createPulumiCli(path.join(__dirname, "run-plugin-fixture"));
    await cli.runOk(["stack", "init", "dev"]);
  });

  afterAll(() => cli?.cleanup());

  it("up creates the plugin's resource; the plugin ran in the engine's directory", async () => {
    await cli.runOk(["up", "--yes", "--skip-preview", "--stack", "dev"]);
    const out = await cli.runOk(["stack", "output", "--json", "--stack", "dev"]);
    expect(JSON.parse(out.stdout)).toEqual({ made: "hello, made", pluginCwd: cli.projectDir });
  });
});
