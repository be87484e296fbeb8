// docs/languages.md shows the example programs verbatim; the programs themselves are run
// (examples/yaml, yaml-program.test.ts) or compiled (examples/go and examples/python,
// sdks.test.ts), so the page's complete programs are too.
import * as fs from "fs";
import * as path from "path";
import { REPO } from "../e2e/helpers";

function codeBlockAfter(doc: string, heading: string, lang: string): string {
  const text = fs.readFileSync(path.join(REPO, doc), "utf8");
  const at = text.indexOf(heading);
  if (at < 0) throw new Error(`${doc} has no heading "${heading}"`);
  const open = text.indexOf("```" + lang + "\n", at);
  if (open < 0) throw new Error(`${doc} has no ${lang} block after "${heading}"`);
  const start = open + lang.length + 4;
  return text.slice(start, text.indexOf("```", start));
}

describe("docs/languages.md and the README show the example programs verbatim", () => {
  it.each([
    ["docs/languages.md", "## YAML", "yaml", "examples/yaml/Pulumi.yaml"],
    ["docs/languages.md", "## Python", "python", "examples/python/__main__.py"],
    ["docs/languages.md", "## Go", "go", "examples/go/main.go"],
    ["README.md", "### Other languages", "yaml", "examples/yaml/Pulumi.yaml"],
    ["README.md", "### Other languages", "python", "examples/python/__main__.py"],
    ["README.md", "### Other languages", "go", "examples/go/main.go"],
  ])("%s %s: the %s block is %s", (doc, heading, lang, file) => {
    expect(codeBlockAfter(doc, heading, lang)).toBe(fs.readFileSync(path.join(REPO, file), "utf8"));
  });
});
