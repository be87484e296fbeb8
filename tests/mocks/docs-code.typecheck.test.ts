/**
 * Every TypeScript block in README.md and the docs/ pages (folders included) that is a complete
 * program (it starts with an `import`) type-checks against the library: each block is written to its own module and
 * compiled with the root tsconfig, as examples.typecheck.test.ts does for examples/.
 * Fragments (no import) only illustrate a call and are not programs.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./mock-monitor";

interface Block {
  file: string;
  line: number;
  code: string;
}

function programBlocks(): Block[] {
  // docs/ and its folders (docs/resources/ holds one page per resource).
  const docs = fs.existsSync(path.join(REPO_ROOT, "docs"))
    ? fs
        .readdirSync(path.join(REPO_ROOT, "docs"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f.split(path.sep).join("/")}`)
        .sort()
    : [];
  const blocks: Block[] = [];
  for (const file of ["README.md", ...docs]) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    for (const m of text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)) {
      if (!/^import /.test(m[1])) continue;
      blocks.push({ file, line: text.slice(0, m.index).split("\n").length, code: m[1] });
    }
  }
  return blocks;
}

const blocks = programBlocks();

test("the README and the docs hold complete TypeScript programs to check", () => {
  const files = new Set(blocks.map((b) => b.file));
  expect([...files]).toEqual(
    expect.arrayContaining([
      "README.md",
      "docs/resources/databricks-connect-oauth.md",
      "docs/resources/databricks-connect-service-account.md",
      "docs/resources/connect-oauth-integration.md",
      "docs/resources/content-associations.md",
    ]),
  );
  expect(blocks.length).toBeGreaterThanOrEqual(6);
});

test("every complete TypeScript program in the docs type-checks (tsc --noEmit exits 0)", () => {
  // Inside the repo root so `extends`, `paths` and `baseUrl` resolve as for the real build.
  const dir = path.join(REPO_ROOT, `docs-code-check.${process.pid}.tmp`);
  const tsconfig = path.join(REPO_ROOT, `tsconfig.docs-check.${process.pid}.tmp.json`);
  fs.mkdirSync(dir, { recursive: true });
  const names = new Map<string, Block>();
  blocks.forEach((b, i) => {
    const name = `${String(i).padStart(2, "0")}-${b.file.replace(/\W+/g, "-")}-${b.line}.ts`;
    names.set(name, b);
    fs.writeFileSync(path.join(dir, name), b.code);
  });
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({ extends: "./tsconfig.json", include: [`${path.basename(dir)}/*.ts`] }),
  );
  try {
    const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(
      process.execPath,
      [tsc, "-p", tsconfig, "--noEmit", "--pretty", "false"],
      { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 },
    );
    // Name the doc and line of a failing block, not the scratch file.
    let output = `${result.stdout}${result.stderr}`;
    for (const [name, b] of names) output = output.split(name).join(`${b.file}:${b.line}`);
    expect({ status: result.status, output }).toEqual({ status: 0, output: "" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tsconfig, { force: true });
  }
}, 180_000);
