/** Every example type-checks against the library (tsc with the root tsconfig, examples only). */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./mock-monitor";

const examples = fs
  .readdirSync(path.join(REPO_ROOT, "examples"))
  .filter((d) => fs.existsSync(path.join(REPO_ROOT, "examples", d, "index.ts")));

test("there are examples to check", () => {
  expect(examples.sort()).toEqual(
    expect.arrayContaining(["existing-app", "multi-workspace", "public-with-workbench"]),
  );
});

test("npx tsc -p <tsconfig extending the root, include: examples> --noEmit exits 0", () => {
  // Inside the repo root so `extends`, `paths` and `baseUrl` resolve as for the real build.
  const tmp = path.join(REPO_ROOT, `tsconfig.examples-check.${process.pid}.tmp.json`);
  fs.writeFileSync(tmp, JSON.stringify({ extends: "./tsconfig.json", include: ["examples"] }));
  try {
    const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const listed = spawnSync(process.execPath, [tsc, "-p", tmp, "--noEmit", "--listFilesOnly"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    for (const d of examples) expect(listed.stdout).toContain(`examples/${d}/index.ts`);
    const result = spawnSync(process.execPath, [tsc, "-p", tmp, "--noEmit", "--pretty", "false"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
      status: 0,
      output: "",
    });
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}, 180_000);
