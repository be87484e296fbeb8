// docs/languages.md shows the example programs verbatim; the programs themselves are run
// (examples/yaml, yaml-program.test.ts) or compiled (examples/go and examples/python,
// sdks.test.ts), so the page's complete programs are too.
import * as fs from "fs";
import * as path from "path";
import { REPO } from "../e2e/helpers";

const DOC = fs.readFileSync(path.join(REPO, "docs", "languages.md"), "utf8");

function codeBlockAfter(heading: string, lang: string): string {
  const at = DOC.indexOf(heading);
  if (at < 0) throw new Error(`docs/languages.md has no heading "${heading}"`);
  const open = DOC.indexOf("```" + lang + "\n", at);
  const start = open + lang.length + 4;
  return DOC.slice(start, DOC.indexOf("```", start));
}

describe("docs/languages.md examples", () => {
  it.each([
    ["## YAML", "yaml", "examples/yaml/Pulumi.yaml"],
    ["## Python", "python", "examples/python/__main__.py"],
    ["## Go", "go", "examples/go/main.go"],
  ])("%s block is %s", (heading, lang, file) => {
    expect(codeBlockAfter(heading, lang)).toBe(fs.readFileSync(path.join(REPO, file), "utf8"));
  });
});
