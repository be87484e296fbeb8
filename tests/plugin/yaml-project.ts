// examples/yaml copied for the CLI (tests/support/pulumi-cli.ts), with its `packages:` entry
// pointed at this repository's plugin/ directory: the copy lives elsewhere, so the example's
// relative path would no longer reach it.
import * as fs from "fs";
import * as path from "path";
import { createPulumiCli, type PulumiCli } from "../support/pulumi-cli";
import { REPO } from "../e2e/helpers";

export const PLUGIN_DIR = path.join(REPO, "plugin");

/** A YAML project (default: examples/yaml) whose Pulumi.yaml takes the plugin from ../../plugin. */
export async function createYamlProjectCli(
  source = path.join(REPO, "examples", "yaml"),
): Promise<PulumiCli> {
  const cli = await createPulumiCli(source);
  const file = path.join(cli.projectDir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes("posit-connect: ../../plugin")) {
    throw new Error(`${source}/Pulumi.yaml no longer takes the plugin from ../../plugin`);
  }
  fs.writeFileSync(
    file,
    text.replace("posit-connect: ../../plugin", `posit-connect: ${PLUGIN_DIR}`),
  );
  return cli;
}
