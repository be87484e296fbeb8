/**
 * `npm run bench`: every measurement of the benchmark issue in one run, printed as markdown
 * tables and written to bench/results.json. A benchmark, not a test: verdicts are reported,
 * and the exit code is non-zero only when a section could not run at all.
 *
 *   node dist/bench/run.js [--quick] [--skip-cli] [--out bench/results.json]
 */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { startEmulator } from "../emulator";
import { measureCli, type CliResult } from "./cli";
import { installPackedPackage } from "./installed-package";
import { machine, nowMs } from "./measure";
import { measureMocks } from "./mocks";
import { measureOperations } from "./operations";
import { goals, render, verdicts, type Results } from "./report";
import { measureRootProgram, type RootProgramResult } from "./root-program";
import { CONCURRENCY, measureScale } from "./scale";
import { API_KEY, providers, ROOT } from "./session";
import { measureSizes } from "./size";

interface Options {
  quick: boolean;
  skipCli: boolean;
  out: string;
}

// Full sizes are the issue's; --quick is for iterating on the bench itself.
const SIZES = {
  // N = 200 at concurrency 16 is issue 16's throughput measure: three trials, medians compared.
  full: { rounds: 50, scale: [10, 200, 200, 200, 1000], mocks: [1, 10, 100], cli: [1, 10, 50] },
  quick: { rounds: 5, scale: [10, 200], mocks: [1, 10], cli: [1] },
};

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

async function main(opts: Options): Promise<void> {
  const started = nowMs();
  const sizes = opts.quick ? SIZES.quick : SIZES.full;
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = nowMs();
    log(`${name}…`);
    const result = await fn();
    log(`${name} done in ${((nowMs() - t) / 1000).toFixed(1)} s`);
    return result;
  };

  const pkg = await step("npm pack + scratch install", async () => installPackedPackage());
  const texts = await step("serialize providers", () => providers(pkg.dir));
  const cwd = pkg.dir;

  const sizeRows = await step("serialized size", () => measureSizes(cwd, texts));
  const operations = await step("requests and latency per operation", () =>
    measureOperations({
      cwd,
      ours: texts.installed,
      reference: texts.reference,
      rounds: sizes.rounds,
    }),
  );
  const scale = await step("scale", () =>
    measureScale({
      cwd,
      sizes: sizes.scale,
      variants: [
        { name: "ours (installed)", text: texts.installed },
        { name: "reference", text: texts.reference },
      ],
    }),
  );
  const mocks = await step("mocks", () => measureMocks(pkg.packageDir, sizes.mocks));
  const cli: CliResult = opts.skipCli
    ? { notRun: "skipped: --skip-cli" }
    : await step("pulumi CLI", async () => {
        const emulator = await startEmulator({ adminKeys: [API_KEY] });
        try {
          return await measureCli({
            emulator,
            apiKey: API_KEY,
            packageDir: pkg.packageDir,
            sizes: sizes.cli,
          });
        } catch (e) {
          return { notRun: `failed: ${(e as Error).message.split("\n").slice(0, 3).join(" ")}` };
        } finally {
          await emulator.close();
        }
      });

  const rootProgram: RootProgramResult = opts.skipCli
    ? { notRun: "skipped: --skip-cli" }
    : await step("root program state (pulumi up, before and after)", async () => {
        const emulator = await startEmulator({ adminKeys: [API_KEY] });
        try {
          return await measureRootProgram({
            emulator,
            apiKey: API_KEY,
            installedText: texts.installed,
          });
        } catch (e) {
          return { notRun: `failed: ${(e as Error).message.split("\n").slice(0, 3).join(" ")}` };
        } finally {
          await emulator.close();
        }
      });

  const partial = {
    machine: machine(),
    startedAt: new Date(Date.now() - (nowMs() - started)).toISOString(),
    package: { tarballBytes: pkg.tarballBytes },
    operations,
    sizes: sizeRows,
    scale,
    mocks,
    cli,
    rootProgram,
  };
  const results: Results = {
    ...partial,
    goals: goals(partial),
    verdicts: verdicts(partial, CONCURRENCY),
    totalSeconds: (nowMs() - started) / 1000,
  };
  const out = path.resolve(ROOT, opts.out);
  // Write then rename, so an interrupted run never leaves a half-written results file.
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(results, null, 2) + "\n");
  fs.renameSync(`${out}.tmp`, out);
  process.stdout.write(render(results));
  log(`wrote ${path.relative(ROOT, out)}`);
}

const program = new Command()
  .name("bench")
  .description("Request economy, provider overhead and scale of pulumi-posit-connect")
  .option("--quick", "small sizes, for working on the bench itself", false)
  .option("--skip-cli", "leave out the real-CLI section", false)
  .option("--out <file>", "results file, relative to the repository root", "bench/results.json")
  .parse();

main(program.opts<Options>()).catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
