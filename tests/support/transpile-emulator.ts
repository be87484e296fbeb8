/**
 * Transpiles the whole `emulator/` tree (no type check) into `outDir`, keeping the folder layout,
 * so CLI tests run the real emulator binaries without depending on a prior `npm run build`.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ts from "typescript";

const EMULATOR_ROOT = resolve(__dirname, "../../emulator");

export function transpileEmulator(outDir: string, src = EMULATOR_ROOT): string {
  mkdirSync(outDir, { recursive: true });
  for (const entry of readdirSync(src)) {
    const path = join(src, entry);
    if (statSync(path).isDirectory()) {
      transpileEmulator(join(outDir, entry), path);
    } else if (entry.endsWith(".ts")) {
      const { outputText } = ts.transpileModule(readFileSync(path, "utf8"), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
        },
      });
      writeFileSync(join(outDir, entry.replace(/\.ts$/, ".js")), outputText);
    }
  }
  return outDir;
}
