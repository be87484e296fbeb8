/**
 * `pulumi-posit-connect doctor`: side by side, what Connect and the Databricks account say
 * about each `databricks`-template integration, as checks with stable ids. Exit code 0 when no
 * check is `error`, 1 when one is, 2 when the doctor could not run. Never prints a secret.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ConnectClient } from "../../provider/connect/client";
import { normaliseConnectUrl } from "../../provider/connect/oauth-integration/validate";
import { DatabricksReadClient } from "../../provider/databricks/account-read-client";
import { diagnose, NO_DATABRICKS } from "./gather";
import { toJson, toTable } from "./report";

export interface DoctorIo {
  out(text: string): void;
  err(text: string): void;
}

interface DoctorFlags {
  server?: string;
  apiKey?: string;
  databricksHost?: string;
  accountId?: string;
  clientId?: string;
  clientSecret?: string;
  warnDays: number;
  json?: boolean;
  timeout?: number;
}

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_CANNOT_RUN = 2;

function wholeDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 730) {
    throw new InvalidArgumentError("expected a whole number of days from 0 to 730");
  }
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new InvalidArgumentError("expected a number of seconds from 1 to 3600");
  }
  return n;
}

/**
 * Adds `doctor` to the CLI. `env` supplies the standard variables; `done` receives the exit code.
 * `now` is the clock expiry is judged by (tests pass the emulator's).
 */
export function addDoctorCommand(
  program: Command,
  io: DoctorIo,
  env: NodeJS.ProcessEnv,
  done: (code: number) => void,
  now: () => number = Date.now,
): void {
  program
    .command("doctor")
    .description(
      "Check each Databricks integration on Connect against the Databricks account and say what to change. Reads only; never prints secrets.",
    )
    .exitOverride((e: CommanderError) => {
      // Bad flags: exit code 2 ("could not run"); help and version keep theirs.
      throw e.exitCode === 0 ? e : new CommanderError(EXIT_CANNOT_RUN, e.code, e.message);
    })
    .addOption(new Option("-s, --server <url>", "Connect base URL (default: CONNECT_SERVER)"))
    .addOption(
      new Option(
        "-k, --api-key <key>",
        "Connect API key (prefer CONNECT_API_KEY: arguments show in process lists)",
      ),
    )
    .option("--databricks-host <url>", "Databricks account host (default: DATABRICKS_HOST)")
    .option("--account-id <id>", "Databricks account id (default: DATABRICKS_ACCOUNT_ID)")
    .option(
      "--client-id <id>",
      "account admin service principal's client id (default: DATABRICKS_CLIENT_ID)",
    )
    .option(
      "--client-secret <secret>",
      "its OAuth secret (prefer DATABRICKS_CLIENT_SECRET: arguments show in process lists)",
    )
    .option("--warn-days <days>", "warn when a secret expires within this many days", wholeDays, 30)
    .option("--json", "print JSON for scripts instead of a table")
    .option("--timeout <seconds>", "per-request timeout", seconds)
    .action(async (flags: DoctorFlags) => {
      done(await runDoctor(flags, io, env, now));
    });
}

async function runDoctor(
  flags: DoctorFlags,
  io: DoctorIo,
  env: NodeJS.ProcessEnv,
  now: () => number,
): Promise<number> {
  const secrets: string[] = [];
  const fail = (message: string): number => {
    let text = message;
    for (const s of secrets) if (s) text = text.split(s).join("[secret]");
    io.err(`pulumi-posit-connect doctor: ${text}\n`);
    return EXIT_CANNOT_RUN;
  };
  const server = flags.server ?? env.CONNECT_SERVER;
  const apiKey = flags.apiKey ?? env.CONNECT_API_KEY;
  if (apiKey) secrets.push(apiKey);
  if (!server)
    return fail("no Connect URL: pass --server https://connect.example.org or set CONNECT_SERVER.");
  const { url, reason } = normaliseConnectUrl(server);
  if (!url) return fail(`--server ${reason}`);
  if (!apiKey) return fail("no Connect API key: set CONNECT_API_KEY (an administrator key).");

  const dbx = {
    host: flags.databricksHost ?? env.DATABRICKS_HOST,
    accountId: flags.accountId ?? env.DATABRICKS_ACCOUNT_ID,
    clientId: flags.clientId ?? env.DATABRICKS_CLIENT_ID,
    clientSecret: flags.clientSecret ?? env.DATABRICKS_CLIENT_SECRET,
  };
  if (dbx.clientSecret) secrets.push(dbx.clientSecret);
  const given = Object.entries(dbx).filter(([, v]) => v !== undefined && v !== "");
  if (given.length > 0 && given.length < 4) {
    const missing = Object.entries(dbx)
      .filter(([, v]) => v === undefined || v === "")
      .map(
        ([k]) =>
          ({
            host: "DATABRICKS_HOST",
            accountId: "DATABRICKS_ACCOUNT_ID",
            clientId: "DATABRICKS_CLIENT_ID",
            clientSecret: "DATABRICKS_CLIENT_SECRET",
          })[k],
      );
    return fail(
      `incomplete Databricks credentials: also set ${missing.join(", ")} (or give none to run the Connect-side checks only).`,
    );
  }
  const timeoutMs = flags.timeout === undefined ? undefined : flags.timeout * 1000;
  const databricks =
    given.length === 4
      ? new DatabricksReadClient({
          host: dbx.host as string,
          accountId: dbx.accountId as string,
          clientId: dbx.clientId as string,
          clientSecret: dbx.clientSecret as string,
          timeoutMs,
        })
      : undefined;
  try {
    const reports = await diagnose({
      connect: new ConnectClient({ baseUrl: url, apiKey, timeoutMs, retry: { retries: 1 } }),
      connectUrl: url,
      databricks,
      warnDays: flags.warnDays,
      now: now(),
    });
    const notes = databricks
      ? []
      : [NO_DATABRICKS.replace(/^skipped: /, "Databricks checks skipped: ")];
    if (flags.json) io.out(`${toJson(reports)}\n`);
    else io.out(toTable(reports, notes));
    if (flags.json && !databricks) io.err(`pulumi-posit-connect doctor: ${notes[0]}\n`);
    const anyError = reports.some((r) => r.checks.some((c) => c.status === "error"));
    return anyError ? EXIT_ERRORS : EXIT_OK;
  } catch (e) {
    // ConnectError messages name the request and the fix and never carry the key.
    return fail((e as Error).message);
  }
}
