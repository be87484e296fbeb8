/**
 * The root program's `__provider`, per integration, as `pulumi up` from this repository stores
 * it: the real CLI runs a copy of index.ts (as the e2e tests and `npm run demo` do) against the
 * bench's emulator, and the stack export is measured. "before" is the same program with the
 * import line the root program had until this release (`from "./provider"`, the library from
 * source, which the closure serializer writes out by value); "after" is index.ts as committed
 * (`from "pulumi-posit-connect"`, the installed package put in node_modules by `npm run build`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ConnectEmulator } from "../emulator";
import { createPulumiCli } from "../tests/support/pulumi-cli";
import { OAUTH_INTEGRATION_TYPE } from "../provider";
import { ROOT } from "./session";

export interface RootProgramRow {
  variant: "before (imports ./provider)" | "after (imports pulumi-posit-connect)";
  /** Bytes of the integration's `__provider` text. */
  providerBytes: number;
  /** Bytes of the integration's inputs + outputs in the stack export. */
  stateBytes: number;
  requires: string[];
  /** Whether the text is byte for byte the installed package's `__provider`. */
  sameAsInstalled: boolean;
}

export type RootProgramResult = { notRun: string } | { rows: RootProgramRow[] };

const CURRENT_IMPORT = /from "pulumi-posit-connect";/;
const SOURCE_IMPORT = 'from "./provider";';

export async function measureRootProgram(opts: {
  emulator: ConnectEmulator;
  apiKey: string;
  /** `__provider` of the packed package installed as users install it. */
  installedText: string;
}): Promise<RootProgramResult> {
  const indexTs = fs.readFileSync(path.join(ROOT, "index.ts"), "utf8");
  if (!CURRENT_IMPORT.test(indexTs)) {
    return { notRun: 'index.ts no longer imports from "pulumi-posit-connect"' };
  }
  const variants: Array<[RootProgramRow["variant"], string]> = [
    ["before (imports ./provider)", indexTs.replace(CURRENT_IMPORT, SOURCE_IMPORT)],
    ["after (imports pulumi-posit-connect)", indexTs],
  ];
  const rows: RootProgramRow[] = [];
  for (const [variant, source] of variants) {
    const row = await upOnce(opts, source, variant);
    if ("notRun" in row) return row;
    rows.push(row);
  }
  return { rows };
}

async function upOnce(
  opts: { emulator: ConnectEmulator; apiKey: string; installedText: string },
  indexSource: string,
  variant: RootProgramRow["variant"],
): Promise<RootProgramRow | { notRun: string }> {
  // Staged like tests/e2e/helpers.ts createRootProgramCli: the copy lands under .tools/e2e, so
  // modules resolve from the repository's node_modules.
  const stageParent = fs.mkdtempSync(path.join(os.tmpdir(), "bench-root-program-"));
  const stage = path.join(stageParent, "root-program");
  fs.mkdirSync(stage);
  fs.writeFileSync(path.join(stage, "index.ts"), indexSource);
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(stage, "Pulumi.yaml"));
  fs.cpSync(path.join(ROOT, "provider"), path.join(stage, "provider"), { recursive: true });
  let cli;
  try {
    cli = await createPulumiCli(stage);
  } catch (e) {
    return { notRun: `skipped: ${(e as Error).message.split("\n")[0]}` };
  } finally {
    fs.rmSync(stageParent, { recursive: true, force: true });
  }
  try {
    const stack = "bench";
    await cli.runOk(["stack", "init", stack]);
    const set = (key: string, value: string, secret = false) =>
      cli.runOk(["config", "set", "--stack", stack, ...(secret ? ["--secret"] : []), key], {
        stdin: value,
      });
    // As `npm run demo` configures it: an existing Databricks app, so no Databricks plugin.
    await set("connectUrl", opts.emulator.url);
    await set("workspaceHost", "dbc-bench-1234.cloud.databricks.com");
    await set("existingAppClientId", "bench-databricks-client-id");
    await set("existingAppClientSecret", "bench-databricks-client-secret", true);
    await set("posit-connect:apiKey", opts.apiKey, true);
    await cli.runOk(["up", "--stack", stack, "--yes", "--skip-preview"], { timeoutMs: 240_000 });
    const exported = await cli.runOk(["stack", "export", "--stack", stack]);
    const resources = (
      JSON.parse(exported.stdout) as {
        deployment: { resources?: Array<{ type: string; inputs?: object; outputs?: object }> };
      }
    ).deployment.resources;
    const integration = resources?.find((r) => r.type === OAUTH_INTEGRATION_TYPE);
    if (!integration) throw new Error(`no ${OAUTH_INTEGRATION_TYPE} in the stack export`);
    const text = String((integration.inputs as Record<string, unknown>).__provider);
    await cli.runOk(["destroy", "--stack", stack, "--yes", "--skip-preview"], {
      timeoutMs: 240_000,
    });
    return {
      variant,
      providerBytes: Buffer.byteLength(text),
      stateBytes: Buffer.byteLength(
        JSON.stringify(integration.inputs) + JSON.stringify(integration.outputs),
      ),
      requires: [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort(),
      sameAsInstalled: text === opts.installedText,
    };
  } finally {
    cli.cleanup();
  }
}
