// Pure helpers that turn a LanguageRuntime RunRequest into the command line and environment for
// `node <@pulumi/pulumi>/cmd/run`. They mirror the real Go host
// (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go: constructArguments,
// constructConfig, constructConfigSecretKeys, parseOptions, execRuntime) so a program behaves the
// same under this host as under the released `pulumi-language-nodejs` binary.
// Kept free of gRPC and process state so unit tests can call them directly.

/** The fields of RunRequest (plus ProgramInfo) that influence the spawned program. */
export interface RunSpec {
  monitorAddress: string;
  engineAddress: string;
  organization: string;
  project: string;
  stack: string;
  rootDirectory: string;
  programDirectory: string;
  entryPoint: string;
  dryRun: boolean;
  parallel: number;
  tracing: string;
  args: string[];
  /** `<namespace>:<name>` → value, as the engine sends it (secrets already decrypted). */
  config: Record<string, string>;
  configSecretKeys: string[];
  /** `runtime.options` from Pulumi.yaml (typescript, tsconfig, nodeargs, packagemanager). */
  options: Record<string, unknown>;
}

export interface NodeOptions {
  typescript: boolean;
  tsconfigPath: string;
  nodeArgs: string[];
}

/** Same defaults and validation as the Go host's parseOptions: typescript defaults to true. */
export function parseOptions(options: Record<string, unknown>): NodeOptions {
  const out: NodeOptions = { typescript: true, tsconfigPath: "", nodeArgs: [] };
  if ("typescript" in options) {
    if (typeof options.typescript !== "boolean") {
      throw new Error("typescript option must be a boolean");
    }
    out.typescript = options.typescript;
  }
  if ("tsconfig" in options) {
    if (typeof options.tsconfig !== "string") {
      throw new Error("tsconfigpath option must be a string");
    }
    out.tsconfigPath = options.tsconfig;
  }
  if ("nodeargs" in options) {
    if (typeof options.nodeargs !== "string") {
      throw new Error("nodeargs option must be a string");
    }
    out.nodeArgs = shellSplit(options.nodeargs);
  }
  return out;
}

/**
 * Minimal POSIX-ish word splitting (the Go host uses google/shlex): whitespace separates words,
 * single and double quotes group, backslash escapes the next character outside single quotes.
 */
export function shellSplit(s: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in nodeargs: ${s}`);
  if (inWord) words.push(cur);
  return words;
}

/**
 * Arguments after `node [nodeargs]`: `<runPath> --monitor … <entryPoint> [args…]`.
 * Deliberate difference from the Go host: it passes the address of its own monitor *proxy* plus
 * `--sync <dir>` (named pipes for the legacy synchronous-invoke path). We pass the engine's real
 * monitor address and no `--sync`; the SDK only opens the pipes when `--sync` is given
 * (runtime/settings.js tryGetSyncInvokes), and every other call goes straight to the monitor.
 */
export function buildRunArgs(spec: RunSpec, runPath: string): string[] {
  const args = [runPath];
  const maybe = (k: string, v: string): void => {
    if (v !== "") args.push(`--${k}`, v);
  };
  maybe("monitor", spec.monitorAddress);
  maybe("engine", spec.engineAddress);
  maybe("organization", spec.organization);
  maybe("project", spec.project);
  maybe("root-directory", spec.rootDirectory);
  maybe("stack", spec.stack);
  maybe("pwd", spec.programDirectory);
  if (spec.dryRun) args.push("--dry-run");
  // The Go host formats the int32 unconditionally, so "--parallel 0" is always present.
  maybe("parallel", String(spec.parallel));
  maybe("tracing", spec.tracing);
  // The engine always sends an entry point, at least "." (the program directory).
  args.push(spec.entryPoint || ".");
  args.push(...spec.args);
  return args;
}

/**
 * PULUMI_CONFIG in the legacy `<ns>:config:<name>` shape the Go host still emits (newer SDKs
 * accept both shapes; older ones only the legacy one). Key parsing follows config.ParseKey.
 */
export function buildConfigJson(config: Record<string, string>): string {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    const parts = k.split(":");
    if (parts.length === 2) {
      out[`${parts[0]}:config:${parts[1]}`] = v;
    } else if (parts.length === 3 && parts[1] === "config") {
      out[k] = v;
    } else {
      throw new Error(
        `could not parse ${k} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
      );
    }
  }
  return JSON.stringify(out);
}

/** Environment additions, in the same order as execRuntime appends them. */
export function buildRunEnv(spec: RunSpec, opts: NodeOptions): Record<string, string> {
  const env: Record<string, string> = {
    PULUMI_CONFIG: buildConfigJson(spec.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(spec.configSecretKeys),
  };
  if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (opts.tsconfigPath) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfigPath;
  return env;
}

/** Exit code cmd/run uses after it has already shown the user an actionable error. */
export const EXIT_AFTER_LOGGED_ERROR = 32;

/** RunResponse fields for a finished program, worded like the Go host's execRuntime. */
export function runResult(
  code: number | null,
  signal: NodeJS.Signals | null,
): { error: string; bail: boolean } {
  if (code === 0) return { error: "", bail: false };
  if (code === EXIT_AFTER_LOGGED_ERROR) return { error: "", bail: true };
  if (code !== null)
    return { error: `Program exited with non-zero exit code: ${code}`, bail: false };
  return { error: `Program exited unexpectedly: signal: ${signal ?? "unknown"}`, bail: false };
}
