import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TestPathPatterns } from "@jest/pattern";
import { cliTestFiles, selectedCliTests } from "../support/cli-tests";

// A throw-away tests/ tree: one e2e file, one elsewhere that imports the CLI runner, one that does not.
let root: string;
let tests: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "cli-tests-"));
  tests = path.join(root, "tests");
  const write = (rel: string, body: string) => {
    fs.mkdirSync(path.dirname(path.join(tests, rel)), { recursive: true });
    fs.writeFileSync(path.join(tests, rel), body);
  };
  write("e2e/up.test.ts", 'import { x } from "./helpers";\n');
  write("e2e/fixtures/program/index.test.ts", "// a fixture program, never a test\n");
  write("reliability/engine.test.ts", 'import { createPulumiCli } from "../support/pulumi-cli";\n');
  write("unit/wire.test.ts", 'import { fromWire } from "../../provider/connect/wire";\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const config = (patterns: string[] = [], extra: Record<string, unknown> = {}) => ({
  rootDir: root,
  testPathPatterns: new TestPathPatterns(patterns),
  ...extra,
});
const project = (ignore: string[] = []) => ({ roots: [tests], testPathIgnorePatterns: ignore });
const rel = (files: string[]) => files.map((f) => path.relative(root, f));

test("finds every e2e file and any other file that drives the CLI, nothing else", () => {
  expect(rel(cliTestFiles([tests]))).toEqual([
    "tests/e2e/up.test.ts",
    "tests/reliability/engine.test.ts",
  ]);
});

test("a full run (no path patterns) needs the CLI", () => {
  expect(rel(selectedCliTests(config(), project()))).toHaveLength(2);
});

test("`jest tests/unit` does not", () => {
  expect(selectedCliTests(config(["tests/unit"]), project())).toEqual([]);
});

test("a path pattern naming an e2e file selects just that one", () => {
  expect(rel(selectedCliTests(config(["tests/e2e/up"]), project()))).toEqual([
    "tests/e2e/up.test.ts",
  ]);
});

test("--testPathIgnorePatterns /tests/e2e/ (the matrix legs) leaves only the other CLI user", () => {
  expect(rel(selectedCliTests(config(), project(["/node_modules/", "/tests/e2e/"])))).toEqual([
    "tests/reliability/engine.test.ts",
  ]);
});

test("--listTests prepares nothing; --onlyChanged and --findRelatedTests count every CLI file", () => {
  expect(selectedCliTests(config([], { listTests: true }), project())).toEqual([]);
  expect(selectedCliTests(config(["tests/unit"], { onlyChanged: true }), project())).toHaveLength(
    2,
  );
  expect(
    selectedCliTests(config(["tests/unit"], { findRelatedTests: true }), project()),
  ).toHaveLength(2);
});
