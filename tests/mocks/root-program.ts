/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/**
 * Runs the root program (/work/main/index.ts) under mocks with a stack's config as the CLI
 * would give it: Pulumi.yaml defaults overlaid with Pulumi.<stack>.yaml, plus overrides.
 * Call once per test file (the program module runs once per module registry).
 */
import { Recorder, installMocks, settle, stackConfig } from "./mock-monitor";

export interface RootRun {
  rec: Recorder;
  project: string;
  config: Record<string, string>;
  /** The program's exports. */
  program: Record<string, any>;
}

export function loadRootProgram(
  stack: string,
  overrides: Record<string, string> = {},
  secretKeys: string[] = [],
): {
  rec: Recorder;
  project: string;
  config: Record<string, string>;
  run: () => Record<string, any>;
} {
  const { project, config } = stackConfig(stack, overrides);
  const rec = installMocks({ project, stack, config, secretKeys });
  return { rec, project, config, run: () => require("../../index") };
}

export async function runRootProgram(
  stack: string,
  overrides: Record<string, string> = {},
  secretKeys: string[] = [],
): Promise<RootRun> {
  const { rec, project, config, run } = loadRootProgram(stack, overrides, secretKeys);
  const program = run();
  await settle();
  return { rec, project, config, program };
}
