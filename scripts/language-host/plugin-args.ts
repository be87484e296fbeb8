// Pure helpers for the LanguageRuntime `RunPlugin` RPC: which @pulumi/pulumi entry point starts a
// Node plugin, its command line, working directory and environment. They mirror the real Go host
// (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin, as of v3.248) so a policy
// pack or a Node resource plugin starts here exactly as under the released binary. Kept free of
// gRPC and process state so unit tests can call them directly.
import type { NodeOptions } from "./run-args";

/** The engine's plugin kinds (apitype.PluginKind) that decide how a plugin is started. */
export const ANALYZER_KIND = "analyzer";

/** Env var overriding the plugin entry point (not for analyzers), as in the Go host. */
export const RUN_PATH_ENV = "PULUMI_LANGUAGE_NODEJS_RUN_PATH";

/** The RunPluginRequest fields (plus ProgramInfo) that shape the spawned plugin. */
export interface PluginSpec {
  /** "analyzer" for policy packs; "resource", "converter" or "tool" otherwise. */
  kind: string;
  /** The engine's working directory (RunPluginRequest.pwd). */
  pwd: string;
  /** Absolute directory holding PulumiPlugin.yaml / PulumiPolicy.yaml. */
  programDirectory: string;
  /** Engine-built plugin arguments: logging/tracing flags, then the engine address. */
  args: string[];
  /** The full environment as `KEY=value` strings (RunPluginRequest.env). */
  env: string[];
}

/**
 * The module to resolve from the plugin directory. Policy packs always use run-policy-pack (the
 * Go host replaced the old `pulumi-analyzer-policy` shim with this); other plugins use run-plugin
 * unless PULUMI_LANGUAGE_NODEJS_RUN_PATH says otherwise.
 */
export function pluginRunModule(kind: string, runPathOverride: string | undefined): string {
  if (kind === ANALYZER_KIND) return "@pulumi/pulumi/cmd/run-policy-pack";
  return runPathOverride || "@pulumi/pulumi/cmd/run-plugin";
}

/**
 * Arguments after `node`. Faithful to the Go host, including two of its quirks:
 * - `nodeargs` from the runtime options come *after* the module, so they reach the module as
 *   arguments rather than Node (minimist in run-plugin/run-policy-pack ignores unknown flags);
 * - policy packs take the program directory last (`run-policy-pack <engine> <dir>`), every other
 *   plugin first (`run-plugin <dir> <engine>`).
 */
export function buildPluginArgs(spec: PluginSpec, runPath: string, opts: NodeOptions): string[] {
  const args = [runPath, ...opts.nodeArgs];
  if (spec.kind === ANALYZER_KIND) return [...args, ...spec.args, spec.programDirectory];
  return [...args, spec.programDirectory, ...spec.args];
}

/** Node policy packs have always run in their own directory; other plugins in the engine's. */
export function pluginCwd(spec: PluginSpec): string {
  return spec.kind === ANALYZER_KIND ? spec.programDirectory : spec.pwd;
}

/**
 * `KEY=value` strings to an env object. Later entries win, as with Go's exec.Cmd.Env, which is
 * how the Go host's appended values override the engine's.
 */
export function envFromList(list: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of list) {
    const eq = entry.indexOf("=");
    if (eq <= 0) continue; // Go skips malformed entries too
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** What the Go host appends to every plugin's environment from the runtime options. */
export function pluginEnv(spec: PluginSpec, opts: NodeOptions): Record<string, string> {
  const env = envFromList(spec.env);
  if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (opts.tsconfigPath) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfigPath;
  return env;
}

/** The part of AnalyzerStackConfigureRequest a policy pack learns through its environment. */
export interface StackConfiguration {
  organization: string;
  project: string;
  stack: string;
  dryRun: boolean;
  /** `<namespace>:<name>` → value, secrets already decrypted by the engine. */
  config: Record<string, string> | undefined;
}

/**
 * Environment for a policy pack once the engine has sent ConfigureStack: the variables that
 * `@pulumi/pulumi` reads for getOrganization/getProject/getStack/isDryRun and `new Config()`.
 * Empty strings are left out, as in the Go host; PULUMI_CONFIG keeps the engine's key shape.
 */
export function policyPackEnv(cfg: StackConfiguration): Record<string, string> {
  const env: Record<string, string> = {};
  const maybe = (k: string, v: string): void => {
    if (v !== "") env[k] = v;
  };
  maybe("PULUMI_NODEJS_ORGANIZATION", cfg.organization);
  maybe("PULUMI_NODEJS_PROJECT", cfg.project);
  maybe("PULUMI_NODEJS_STACK", cfg.stack);
  maybe("PULUMI_NODEJS_DRY_RUN", String(cfg.dryRun));
  if (cfg.config !== undefined) maybe("PULUMI_CONFIG", JSON.stringify(cfg.config));
  return env;
}

/** The Go host's error text for a plugin that ran and failed (exec.ExitError branch). */
export function pluginExitError(code: number | null, signal: string | null): string | undefined {
  if (code === 0) return undefined;
  if (code !== null) return `Program exited with non-zero exit code: ${code}`;
  return `Program exited unexpectedly: signal: ${signal ?? "unknown"}`;
}
