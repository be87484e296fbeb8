#!/usr/bin/env node
/**
 * `npx pulumi-posit-connect <command>`: the package's command line. `discover` lists a Connect
 * server's OAuth integrations and prints the commands that bring them under Pulumi; `doctor`
 * (cli/doctor/) checks its Databricks integrations against the Databricks account.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { readFileSync } from "fs";
import { normaliseConnectUrl } from "../provider/connect/oauth-integration/validate";
import { hintForStatus } from "../provider/connect/errors";
import { insecureUrlReason } from "../provider/connect/settings";
import { discover } from "./discover";
import { toJson, toTable } from "./discover-report";
import { addDoctorCommand } from "./doctor/command";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface DiscoverFlags {
  server?: string;
  apiKey?: string;
  json?: boolean;
  stack?: string;
  caCert?: string;
  dangerouslyDisableTlsVerification?: boolean;
  timeout?: number;
  allowInsecureHttp?: boolean;
}

/** What to do about a refused key, in this command's terms. */
export const CLI_KEY_HINT =
  "Check the API key: pass a valid administrator key with --api-key <key> or the CONNECT_API_KEY environment variable (prefer the variable: arguments show in process lists).";

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new InvalidArgumentError("expected a number of seconds from 1 to 3600");
  return n;
}

/** Runs the command line; resolves to the exit code. `env` supplies CONNECT_SERVER/CONNECT_API_KEY. */
export async function run(argv: string[], io: Io, env = process.env): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("pulumi-posit-connect")
    .description("Tools for the pulumi-posit-connect package")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program
    .command("discover")
    .description(
      "List the Connect server's OAuth integrations and print the commands that adopt them with the root program. Reads only; never prints secrets.",
    )
    .addOption(
      new Option("-s, --server <url>", "Connect base URL, e.g. https://connect.example.org").env(
        "CONNECT_SERVER",
      ),
    )
    .addOption(
      new Option(
        "-k, --api-key <key>",
        "Connect API key (prefer the environment variable: arguments show in process lists)",
      ).env("CONNECT_API_KEY"),
    )
    .option("--json", "print JSON for scripts instead of a table")
    .option("--stack <name>", "add --stack <name> to the printed pulumi commands")
    .option(
      "--ca-cert <file>",
      "extra trusted CA certificate (PEM) for a private Connect certificate",
    )
    .option(
      "--dangerously-disable-tls-verification",
      "turn certificate checks off (test servers only)",
    )
    .option("--timeout <seconds>", "per-request timeout", seconds)
    .option(
      "--allow-insecure-http",
      "accept an http:// URL for a host other than this machine (the API key then travels unencrypted)",
    )
    .action(async (flags: DiscoverFlags) => {
      code = await runDiscover(flags, io);
    });
  addDoctorCommand(program, io, env, (c) => (code = c));
  // commander reads env through process.env only; hand it ours.
  const saved = { server: process.env.CONNECT_SERVER, key: process.env.CONNECT_API_KEY };
  setEnv("CONNECT_SERVER", env.CONNECT_SERVER);
  setEnv("CONNECT_API_KEY", env.CONNECT_API_KEY);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    const exit = (e as { exitCode?: number }).exitCode;
    // commander has already printed its message (help, unknown option, …).
    return typeof exit === "number" ? exit : 1;
  } finally {
    setEnv("CONNECT_SERVER", saved.server);
    setEnv("CONNECT_API_KEY", saved.key);
  }
  return code;
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

async function runDiscover(flags: DiscoverFlags, io: Io): Promise<number> {
  const fail = (message: string): number => {
    io.err(`pulumi-posit-connect discover: ${message}\n`);
    return 1;
  };
  if (!flags.server) {
    return fail("no Connect URL: pass --server https://connect.example.org or set CONNECT_SERVER.");
  }
  const { url, reason } = normaliseConnectUrl(flags.server);
  if (!url) return fail(`--server ${reason}`);
  // The provider's rule, applied before the first request: the key never crosses the network
  // in the clear unless asked to.
  if (insecureUrlReason(url, { allowInsecureHttp: flags.allowInsecureHttp })) {
    return fail(
      `--server / CONNECT_SERVER "${url}" would send the Connect API key unencrypted over the network; use https://. ` +
        "To accept plain HTTP anyway (a test server on a private network), add --allow-insecure-http. Nothing was sent.",
    );
  }
  if (!flags.apiKey) {
    return fail(
      "no Connect API key: set CONNECT_API_KEY (an administrator key also shows how much content uses each integration).",
    );
  }
  let caCertificate: string | undefined;
  if (flags.caCert) {
    try {
      caCertificate = readFileSync(flags.caCert, "utf8");
    } catch (e) {
      return fail(`--ca-cert ${flags.caCert} cannot be read: ${(e as Error).message}`);
    }
  }
  try {
    const found = await discover({
      server: url,
      apiKey: flags.apiKey,
      caCertificate,
      dangerouslyDisableTlsVerification: flags.dangerouslyDisableTlsVerification,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    });
    const options = { stack: flags.stack };
    io.out(flags.json ? `${toJson(found, options)}\n` : toTable(found, options));
    return 0;
  } catch (e) {
    // ConnectError messages name the request and the fix and never carry the key. Their 401
    // advice and their setting names speak to a Pulumi program; this is a command line, so say
    // it in its terms.
    const message = forCli((e as Error).message);
    const programHint = forCli(hintForStatus(401, "read") ?? "");
    return fail(
      programHint && message.includes(programHint)
        ? message.replace(programHint, CLI_KEY_HINT)
        : message,
    );
  }
}

/** The client's hints name the provider's settings; a CLI user set --server / CONNECT_SERVER. */
export function forCli(message: string): string {
  return message.replace(
    /connectUrl \(posit-connect:url\)|posit-connect:url \/ connectUrl|posit-connect:url|\bconnectUrl\b/g,
    "--server (CONNECT_SERVER)",
  );
}

if (require.main === module) {
  run(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`pulumi-posit-connect: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
