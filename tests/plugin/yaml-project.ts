// examples/yaml copied for the CLI (tests/support/pulumi-cli.ts), with its `packages:` entry
// pointed at this repository's plugin/ directory: the copy lives elsewhere, so the example's
// relative path would no longer reach it.
import * as fs from "fs";
import * as path from "path";
import { createPulumiCli, type PulumiCli } from "../support/pulumi-cli";
import { REPO } from "../e2e/helpers";

export const PLUGIN_DIR = path.join(REPO, "plugin");

/**
 * A YAML project (default: examples/yaml) whose Pulumi.yaml takes the plugin from `pluginRef`
 * (default ../../plugin; the docs' examples say ./node_modules/pulumi-posit-connect/plugin, as
 * a user's project does).
 */
export async function createYamlProjectCli(
  source = path.join(REPO, "examples", "yaml"),
  pluginRef = "../../plugin",
): Promise<PulumiCli> {
  const cli = await createPulumiCli(source);
  const file = path.join(cli.projectDir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes(`posit-connect: ${pluginRef}`)) {
    throw new Error(`${source}/Pulumi.yaml no longer takes the plugin from ${pluginRef}`);
  }
  fs.writeFileSync(
    file,
    text.replace(`posit-connect: ${pluginRef}`, `posit-connect: ${PLUGIN_DIR}`),
  );
  return cli;
}
