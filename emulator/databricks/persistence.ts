/** Optional JSON persistence of the account (`stateFile`). It holds secrets only as hashes. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { DatabricksStateSnapshot } from "./state";

/** @returns the snapshot, or undefined when the file does not exist yet */
export function loadState(file: string, accountId: string): DatabricksStateSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DatabricksStateSnapshot>;
  if (parsed.version !== 1 || !Array.isArray(parsed.apps)) {
    throw new Error(`${file} is not a Databricks emulator state file (version 1)`);
  }
  if (parsed.account_id !== accountId) {
    throw new Error(
      `${file} holds account ${String(parsed.account_id)}, not ${accountId}; pass the same account id or another file`,
    );
  }
  return {
    version: 1,
    account_id: accountId,
    apps: parsed.apps,
    service_principals: parsed.service_principals ?? [],
    secrets: parsed.secrets ?? [],
    assignments: parsed.assignments ?? {},
    tokens: parsed.tokens ?? {},
  };
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file; mode 0600. */
export function saveState(file: string, snapshot: DatabricksStateSnapshot): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot, null, 2), { mode: 0o600 });
  renameSync(temp, file);
}
