/** Optional JSON persistence of the store for the CLI (`--state-file`). */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { StateSnapshot } from "./state";

/** @returns the snapshot, or undefined when the file does not exist yet */
export function loadState(file: string): StateSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<StateSnapshot>;
  if (parsed.version !== 1 || !Array.isArray(parsed.integrations)) {
    throw new Error(`${file} is not an emulator state file (version 1)`);
  }
  return {
    version: 1,
    next_id: parsed.next_id ?? parsed.integrations.length + 1,
    integrations: parsed.integrations,
    associations: parsed.associations ?? {},
    directory: parsed.directory,
  };
}

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a file. Mode 0600: the
 * file holds client secrets in plain text, as the real server's database does.
 */
export function saveState(file: string, snapshot: StateSnapshot): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot, null, 2), { mode: 0o600 });
  renameSync(temp, file);
}
