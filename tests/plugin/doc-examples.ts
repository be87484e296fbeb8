// Where the docs show example files: a code block is found by the heading of its section and
// its position among that section's blocks of one language, so adding prose or another
// language's block around it does not move it.
import * as fs from "fs";
import * as path from "path";
import { REPO } from "../e2e/helpers";
import {
  CONTENT_INTEGRATIONS_TOKEN,
  CONTENT_INTEGRATION_TOKEN,
  INTEGRATION_TOKEN,
  OAUTH_TOKEN,
  SERVICE_ACCOUNT_TOKEN,
} from "../../plugin/schema-resources";

/**
 * The `n`-th (0-based) ```lang block of the section that starts at the line `heading` (a whole
 * line, e.g. "## YAML (`examples/yaml/Pulumi.yaml`)", or its start) and ends at the next heading
 * of the same or a higher level.
 */
export function codeBlock(doc: string, heading: string, lang: string, n = 0): string {
  const text = fs.readFileSync(path.join(REPO, doc), "utf8");
  const lines = text.split("\n");
  // Headings outside fenced blocks only: a `# comment` in a YAML or Python block is not one.
  let fenced = false;
  const headings = lines.map((l) => {
    if (l.startsWith("```")) fenced = !fenced;
    return !fenced && /^#+ /.test(l) ? (/^#+/.exec(l)?.[0].length ?? 0) : 0;
  });
  const at = lines.findIndex((l, i) => headings[i] > 0 && l.startsWith(heading));
  if (at < 0) throw new Error(`${doc} has no heading starting "${heading}"`);
  let end = headings.findIndex((h, i) => i > at && h > 0 && h <= headings[at]);
  if (end < 0) end = lines.length;
  const section = lines.slice(at + 1, end).join("\n") + "\n";
  const blocks = [...section.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))];
  if (blocks.length <= n) {
    throw new Error(`${doc} "${heading}" has ${blocks.length} ${lang} block(s), wanted #${n + 1}`);
  }
  return blocks[n][1];
}

export const DOCS_FIXTURES = path.join(__dirname, "fixtures", "docs-resources");

/**
 * The YAML and Python example of each resource the plugin exposes, where the docs show them,
 * and a child the plugin's `construct` registers for it (so a preview proves it ran).
 */
export const RESOURCE_EXAMPLES = [
  {
    dir: "databricks-connect-oauth",
    doc: "docs/resources/databricks-connect-oauth.md",
    heading: "# `DatabricksConnectOAuth`",
    token: OAUTH_TOKEN,
    child: "databricks:index:CustomAppIntegration",
  },
  {
    dir: "databricks-connect-service-account",
    doc: "docs/resources/databricks-connect-service-account.md",
    heading: "# `DatabricksConnectServiceAccount`",
    token: SERVICE_ACCOUNT_TOKEN,
    child: "databricks:index:ServicePrincipalSecret",
  },
  {
    dir: "connect-oauth-integration",
    doc: "docs/resources/connect-oauth-integration.md",
    heading: "# `ConnectOAuthIntegration`",
    token: INTEGRATION_TOKEN,
    child: "pulumi-nodejs:dynamic/posit-connect:OAuthIntegration",
  },
  {
    dir: "connect-content-integration",
    doc: "docs/resources/content-associations.md",
    heading: "## `ConnectContentIntegration`",
    token: CONTENT_INTEGRATION_TOKEN,
    child: "pulumi-nodejs:dynamic/posit-connect:ContentIntegration",
  },
  {
    dir: "connect-content-integrations",
    doc: "docs/resources/content-associations.md",
    heading: "## `ConnectContentIntegrations`",
    token: CONTENT_INTEGRATIONS_TOKEN,
    child: "pulumi-nodejs:dynamic/posit-connect:ContentIntegrations",
  },
];
