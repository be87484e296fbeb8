/**
 * Item 6: wall time of `pulumi up`, `refresh` and `destroy` with the real CLI (built by
 * `npm run pulumi:setup`), a local file:// backend and the bench's emulator, for N Connect
 * integrations versus N trivial dynamic resources. One stack per (kind, N); the kinds alternate
 * for each N so a slow moment on the machine hits both. `--skip-preview` so each command runs
 * the program (and its TypeScript compile) once, not twice.
 */
import * as fs from "fs";
import * as path from "path";
import type { ConnectEmulator } from "../emulator";
import { createPulumiCli, type PulumiCli } from "../tests/support/pulumi-cli";
import { round } from "./measure";
import { ROOT } from "./session";
import { PACKAGE } from "./installed-package";

export const COMMANDS = ["up", "refresh", "destroy"] as const;
type Command = (typeof COMMANDS)[number];
const KINDS = ["connect", "trivial"] as const;

export interface CliRow {
  n: number;
  command: Command;
  connectMs: number;
  trivialMs: number;
  ratio: number;
  /** Connect requests the emulator saw during the connect run of this command. */
  connectRequests: number;
  connectionsOpened: number;
}

export type CliResult = { notRun: string } | { version: string; rows: CliRow[] };

export async function measureCli(opts: {
  emulator: ConnectEmulator;
  apiKey: string;
  packageDir: string;
  sizes: number[];
}): Promise<CliResult> {
  let cli: PulumiCli;
  try {
    cli = await createPulumiCli(path.join(ROOT, "bench", "cli-project"));
  } catch (e) {
    return {
      notRun: `skipped: run npm run pulumi:setup (${(e as Error).message.split("\n").pop()})`,
    };
  }
  try {
    // The program imports the packed package, as installed users do (see installed-package.ts).
    fs.mkdirSync(path.join(cli.projectDir, "node_modules"), { recursive: true });
    fs.symlinkSync(opts.packageDir, path.join(cli.projectDir, "node_modules", PACKAGE));

    const stack = async (kind: string, n: number): Promise<string> => {
      const name = `${kind}-${n}`;
      await cli.runOk(["stack", "init", name]);
      const set = (k: string, v: string, secret = false) =>
        cli.runOk(["config", "set", "--stack", name, ...(secret ? ["--secret"] : []), k], {
          stdin: v,
        });
      await set("kind", kind);
      await set("count", String(n));
      await set("connectUrl", opts.emulator.url);
      await set("clientSecret", "bench-client-secret", true);
      await set("posit-connect:apiKey", opts.apiKey, true);
      return name;
    };
    const run = async (name: string, command: Command) => {
      const before = opts.emulator.connectionsOpened;
      opts.emulator.clearRequests();
      const r = await cli.runOk([command, "--stack", name, "--yes", "--skip-preview"], {
        timeoutMs: 240_000,
      });
      return {
        ms: r.ms,
        requests: opts.emulator.requests.length,
        connections: opts.emulator.connectionsOpened - before,
      };
    };

    // Warm-up (not reported): the first program run pays cold disk caches and compile setup.
    const warm = await stack("warmup", 1);
    await run(warm, "up");
    await run(warm, "destroy");

    const rows: CliRow[] = [];
    for (const n of opts.sizes) {
      const names = { connect: await stack("connect", n), trivial: await stack("trivial", n) };
      for (const command of COMMANDS) {
        const got: Record<string, { ms: number; requests: number; connections: number }> = {};
        for (const kind of KINDS) got[kind] = await run(names[kind], command);
        rows.push({
          n,
          command,
          connectMs: Math.round(got.connect.ms),
          trivialMs: Math.round(got.trivial.ms),
          ratio: round(got.connect.ms / got.trivial.ms),
          connectRequests: got.connect.requests,
          connectionsOpened: got.connect.connections,
        });
      }
    }
    return { version: cli.install.version, rows };
  } finally {
    cli.cleanup();
  }
}
