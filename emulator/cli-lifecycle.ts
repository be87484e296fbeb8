/**
 * How both emulators' CLIs end: closed cleanly on SIGINT/SIGTERM (once, however many signals
 * arrive), and a startup failure printed as one line under the CLI's name, exit status 1.
 */

/** Closes `emulator` on the first SIGINT or SIGTERM, then exits 0 (1 if closing failed). */
export function closeOnSignals(emulator: { close(): Promise<unknown> }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

/** Runs `main`, reporting a failure as `<name>: <message>` with exit status 1. */
export function runCli(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
