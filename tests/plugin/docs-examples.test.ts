// The docs show the example programs verbatim; the programs themselves are run or compiled
// (examples/yaml: yaml-program.test.ts; examples/go and examples/python: sdks.test.ts; the
// per-resource YAML and Python examples of docs/resources/: docs-resources.test.ts), so the
// pages' complete programs are too.
import * as fs from "fs";
import * as path from "path";
import { REPO } from "../e2e/helpers";
import { codeBlock, DOCS_FIXTURES, RESOURCE_EXAMPLES } from "./doc-examples";

describe("docs/languages.md and the README show the example programs verbatim", () => {
  it.each([
    ["docs/languages.md", "## YAML", "yaml", "examples/yaml/Pulumi.yaml"],
    ["docs/languages.md", "## Python", "python", "examples/python/__main__.py"],
    ["docs/languages.md", "## Go", "go", "examples/go/main.go"],
    ["README.md", "### Other languages", "yaml", "examples/yaml/Pulumi.yaml"],
    ["README.md", "### Other languages", "python", "examples/python/__main__.py"],
    ["README.md", "### Other languages", "go", "examples/go/main.go"],
  ])("%s %s: the %s block is %s", (doc, heading, lang, file) => {
    expect(codeBlock(doc, heading, lang)).toBe(fs.readFileSync(path.join(REPO, file), "utf8"));
  });
});

describe("docs/resources/ shows each resource's YAML and Python example verbatim", () => {
  it.each(
    RESOURCE_EXAMPLES.flatMap((e) => [
      [e.doc, e.heading, "yaml", path.join(e.dir, "Pulumi.yaml")],
      [e.doc, e.heading, "python", path.join(e.dir, "__main__.py")],
    ]),
  )("%s %s: the first %s block is %s", (doc, heading, lang, file) => {
    expect(codeBlock(doc, heading, lang)).toBe(
      fs.readFileSync(path.join(DOCS_FIXTURES, file), "utf8"),
    );
  });

  it("every fixture is shown by some page", () => {
    const shown = new Set(RESOURCE_EXAMPLES.map((e) => e.dir));
    expect(fs.readdirSync(DOCS_FIXTURES).sort()).toEqual([...shown].sort());
  });
});
