// Helpers for the end-to-end tests that drive the real Pulumi CLI (tests/support/pulumi-cli.ts)
// against the Connect emulator: project set-up, stack-export parsing, request-log summaries and
// plaintext-secret scans.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ConnectEmulator } from "../../emulator";
import { repoRoot } from "../../scripts/pulumi-setup";
import { createPulumiCli, type PulumiCli, type RunResult } from "../support/pulumi-cli";

export const REPO = repoRoot();

/** The marker object Pulumi writes in place of a secret value in an exported state. */
export const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

export const INTEGRATION_TYPE = "pulumi-nodejs:dynamic/posit-connect:OAuthIntegration";
export const COMPONENT_TYPE = "posit-connect:databricks:OAuth";

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StackExport {
  deployment: { resources?: StateResource[]; pending_operations?: unknown[] };
}

export function isEncryptedSecret(v: unknown): boolean {
  return (
    typeof v === "object" &&
    v !== null &&
    SECRET_SIGNATURE in v &&
    typeof (v as { ciphertext?: unknown }).ciphertext === "string"
  );
}

/**
 * The repository's root program, as a user runs it: `index.ts`, `Pulumi.yaml` and the
 * `provider/` sources index.ts imports (program-config; the library itself comes from
 * `node_modules/pulumi-posit-connect`, put there by `npm run build`), plus the committed stack files `Pulumi.dev.yaml` and
 * `Pulumi.prod.yaml` (which createPulumiCli deliberately does not copy from a fixture).
 * The copy lives under `.tools/e2e/root-program-<random>/`, so `@pulumi/pulumi` and the other
 * packages resolve from the repository's node_modules; nothing in the repository is edited.
 */
export async function createRootProgramCli(): Promise<PulumiCli> {
  // index.ts imports the installed package (scripts/self-install.ts), not ./provider.
  const installed = path.join(REPO, "node_modules", "pulumi-posit-connect", "package.json");
  if (!fs.existsSync(installed)) {
    throw new Error(`${installed} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
  const stageParent = fs.mkdtempSync(path.join(os.tmpdir(), "root-program-stage-"));
  const stage = path.join(stageParent, "root-program");
  try {
    fs.mkdirSync(stage);
    for (const f of ["index.ts", "Pulumi.yaml"]) {
      fs.copyFileSync(path.join(REPO, f), path.join(stage, f));
    }
    fs.cpSync(path.join(REPO, "provider"), path.join(stage, "provider"), { recursive: true });
    const cli = await createPulumiCli(stage);
    for (const f of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
      fs.copyFileSync(path.join(REPO, f), path.join(cli.projectDir, f));
    }
    return cli;
  } finally {
    fs.rmSync(stageParent, { recursive: true, force: true });
  }
}

/**
 * A fixture under tests/e2e/fixtures that imports `pulumi-posit-connect` as a user's own program
 * would. The package is made resolvable the way `npm link` does it: the copy gets
 * `node_modules/pulumi-posit-connect` -> the repository, whose package.json `main`/`types`
 * point at the built `dist/provider`.
 */
export async function createPackageFixtureCli(fixture: string): Promise<PulumiCli> {
  const built = path.join(REPO, "dist", "provider", "index.js");
  if (!fs.existsSync(built)) {
    throw new Error(`${built} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
  const cli = await createPulumiCli(path.join(__dirname, "fixtures", fixture));
  const modules = path.join(cli.projectDir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(REPO, path.join(modules, "pulumi-posit-connect"), "dir");
  return cli;
}

/** `pulumi config set --secret`, with the value on stdin so it never appears in argv. */
export function setSecret(
  cli: PulumiCli,
  stack: string,
  key: string,
  value: string,
): Promise<RunResult> {
  return cli.runOk(["config", "set", "--secret", "--stack", stack, key], { stdin: value });
}

export function setConfig(
  cli: PulumiCli,
  stack: string,
  key: string,
  value: string,
): Promise<RunResult> {
  return cli.runOk(["config", "set", "--stack", stack, key, value]);
}

/** `pulumi stack export` (never with --show-secrets): the parsed state and the raw text. */
export async function exportStack(
  cli: PulumiCli,
  stack: string,
): Promise<{ state: StackExport; text: string }> {
  const r = await cli.runOk(["stack", "export", "--stack", stack]);
  return { state: JSON.parse(r.stdout) as StackExport, text: r.stdout };
}

export function resourcesOfType(state: StackExport, type: string): StateResource[] {
  return (state.deployment.resources ?? []).filter((r) => r.type === type);
}

/** The one resource of a type; fails with the list of types present otherwise. */
export function onlyResource(state: StackExport, type: string): StateResource {
  const found = resourcesOfType(state, type);
  if (found.length !== 1) {
    const types = (state.deployment.resources ?? []).map((r) => r.type).join(", ");
    throw new Error(`expected one ${type} in state, found ${found.length} (state has: ${types})`);
  }
  return found[0];
}

/** Write requests in the emulator's log as "METHOD route status", in arrival order. */
export function writes(emulator: ConnectEmulator): string[] {
  return emulator.requests
    .filter((r) => r.method !== "GET" && r.method !== "HEAD")
    .map((r) => `${r.method} ${r.route} ${r.status}`);
}

/**
 * Files under `dir` (recursively, symlinks not followed) that contain any of `needles`, as
 * "<relative path>: <needle label>". Used on the backend directory (checkpoints, history,
 * backups), PULUMI_HOME and the project copy (stack config files).
 */
export function filesContaining(dir: string, needles: Record<string, string>): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        const text = fs.readFileSync(p).toString("latin1");
        for (const [label, needle] of Object.entries(needles)) {
          if (text.includes(needle)) hits.push(`${path.relative(dir, p)}: ${label}`);
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}

/** Labels of the needles that occur in `text`. */
export function leaked(text: string, needles: Record<string, string>): string[] {
  return Object.entries(needles)
    .filter(([, needle]) => text.includes(needle))
    .map(([label]) => label);
}

/** stdout and stderr of a run, for matching messages wherever the CLI printed them. */
export const output = (r: RunResult): string => `${r.stdout}\n${r.stderr}`;
