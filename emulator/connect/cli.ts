#!/usr/bin/env node
/**
 * `npm run emulator`: runs the Connect OAuth API emulator in the foreground so an admin can try
 * the package (or the Connect API) locally without a Connect licence.
 */
import { Command, InvalidArgumentError } from "commander";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseBehaviour } from "./behaviour";
import { startEmulator } from "./server";
import type { EmulatorOptions } from "./types";
import { closeOnSignals, runCli } from "../cli-lifecycle";
import { CONTROL_TOKEN_HEADER, isLoopbackHost } from "../control-surface";

interface CliOptions {
  port: number;
  host: string;
  adminKey: string[];
  publisherKey: string[];
  stateFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  defaultIntegration: boolean;
  faultSeed?: number;
  workspaceUrl: string[];
  connectVersion?: string;
  behaviour: string[];
  controlToken?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

function parseArgs(argv: string[]): CliOptions {
  return (
    new Command()
      .name("connect-emulator")
      .description(
        "Posit Connect OAuth integrations API emulator (a local fake, not Posit Connect)",
      )
      // 3939 is Connect's usual port, so tools' defaults keep working.
      .option("--port <port>", "TCP port", integer, 3939)
      .option("--host <host>", "interface to bind", "127.0.0.1")
      .option(
        "--admin-key <key>",
        "administrator API key (repeatable; default: a random one, printed at start; $CONNECT_API_KEY is never used)",
        collect,
        [],
      )
      .option("--publisher-key <key>", "publisher API key (repeatable)", collect, [])
      .option("--state-file <file>", "load integrations from and save them to this JSON file")
      .option("--tls-cert <file>", "PEM certificate: serve HTTPS (needs --tls-key)")
      .option("--tls-key <file>", "PEM private key for --tls-cert")
      .option(
        "--no-default-integration",
        "do not pre-create the 'Connect Visitor API Key' integration",
      )
      .option("--fault-seed <n>", "seed of the fault-injection PRNG", integer)
      .option(
        "--workspace-url <host=url>",
        "where /verify exchanges credentials for a workspace host, e.g. 127.0.0.1:8080=http://127.0.0.1:8080 (repeatable; default https://<host>)",
        collect,
        [],
      )
      .option(
        "--connect-version <version>",
        "Connect version to report and whose rules to apply (permissions from 2026.04.0; several associations per content item from 2025.07.0; --behaviour permissions=… / multipleAssociations=… override them); add users, groups and content with POST /__emulator__/users|groups|content",
      )
      .option(
        "--behaviour <switch=answer>",
        "answer to an unknown (repeatable): authType=by-version|top-level|in-config|absent, defaultIntegration=by-version|always|never, patchNull=remove|reject|store-null|ignore, patchConfig=merge|replace, permissions=by-version|supported|rejected|ignored, multipleAssociations=by-version|allowed|rejected|replaces; see docs/emulators.md",
        collect,
        [],
      )
      .option(
        "--control-token <token>",
        "token the /__emulator__ control endpoints require (header x-emulator-control-token); generated when --host is not a loopback address",
      )
      .parse(argv)
      .opts<CliOptions>()
  );
}

function workspaceUrls(pairs: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0 || !/^https?:\/\//.test(pair.slice(at + 1))) {
      throw new Error(`--workspace-url ${pair}: expected <host>=<http(s) base URL>`);
    }
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv);
  if (Boolean(cli.tlsCert) !== Boolean(cli.tlsKey)) {
    throw new Error("--tls-cert and --tls-key must be given together");
  }
  // Never CONNECT_API_KEY: next to production credentials an emulator started by accident
  // would take the real key and print it. A key given with --admin-key is never printed either.
  const generated = cli.adminKey.length === 0;
  const adminKeys = generated ? [randomBytes(16).toString("hex")] : cli.adminKey;
  // Reachable from other machines: the control surface (state with client secrets, adding admin
  // keys) needs a token. On loopback it stays open for tests and scripts.
  const loopback = isLoopbackHost(cli.host);
  const controlToken = cli.controlToken ?? (loopback ? undefined : randomBytes(16).toString("hex"));
  const options: EmulatorOptions = {
    host: cli.host,
    port: cli.port,
    adminKeys,
    publisherKeys: cli.publisherKey,
    // Only --no-default-integration overrides the by-version default (behaviour.ts).
    seedDefaultIntegration: cli.defaultIntegration ? undefined : false,
    behaviour: parseBehaviour(
      Object.fromEntries(cli.behaviour.map((kv) => [kv.split("=")[0], kv.split("=")[1]])),
    ),
    stateFile: cli.stateFile,
    faultSeed: cli.faultSeed,
    workspaceUrls: workspaceUrls(cli.workspaceUrl),
    version: cli.connectVersion,
    controlToken,
    tls:
      cli.tlsCert && cli.tlsKey
        ? { cert: readFileSync(cli.tlsCert), key: readFileSync(cli.tlsKey) }
        : undefined,
  };
  const emulator = await startEmulator(options);
  const key = generated ? adminKeys[0] : "<your --admin-key>";
  const lines = [
    "Posit Connect OAuth API EMULATOR — a local fake for testing, not a real Connect server.",
    `  URL:        ${emulator.url}`,
    generated
      ? `  Admin key:  ${key}  (generated for this run; choose one with --admin-key)`
      : `  Admin key:  the ${adminKeys.length === 1 ? "key" : "keys"} given with --admin-key (not printed)`,
    cli.stateFile
      ? `  State file: ${cli.stateFile} (holds client secrets in plain text)`
      : "  State:      in memory (lost on exit; use --state-file to keep it)",
    "",
    "Try it:",
    `  curl ${cli.tlsCert ? "--cacert <your-cert.pem> " : ""}-H "Authorization: Key ${key}" ${emulator.url}/__api__/v1/oauth/integrations`,
    // connectUrl is what the root program reads and what the components take as an argument.
    `  pulumi config set connectUrl ${emulator.url}   (own program: connectUrl: config.require("connectUrl"))`,
    `  pulumi config set --secret posit-connect:apiKey ${key}`,
    ...(cli.tlsCert
      ? ['  pulumi config set posit-connect:caCertificate "$(cat <your-cert.pem>)"']
      : []),
    `  (or: export CONNECT_SERVER=${emulator.url} CONNECT_API_KEY=${key})`,
    "",
    controlBanner(emulator.url, loopback, controlToken, cli.controlToken !== undefined),
    "Press Ctrl+C to stop.",
  ];
  console.log(lines.join("\n"));

  closeOnSignals(emulator);
}

function controlBanner(
  url: string,
  loopback: boolean,
  token: string | undefined,
  given: boolean,
): string {
  const endpoints = `${url}/__emulator__/state, /requests, /faults, /reset`;
  if (token === undefined) {
    return `Control endpoints (open: bound to loopback only; --control-token requires a token): ${endpoints}`;
  }
  const shown = given ? "the --control-token value (not printed)" : token;
  return `Control endpoints (token required${loopback ? "" : ": bound beyond loopback"}; header ${CONTROL_TOKEN_HEADER}: ${shown}): ${endpoints}`;
}

runCli("connect-emulator", main);
