// Entry point of our `pulumi-language-nodejs` replacement. The CLI launches the plugin as
// `pulumi-language-nodejs [flags] <engine-address>` in the program directory, then reads the
// first stdout line as the gRPC port to dial (sdk/go/common/resource/plugin/plugin.go). So:
// nothing may be written to stdout before the port, and the port line must come first.
// `.tools/bin/pulumi-language-nodejs` (written by scripts/pulumi-setup.ts) execs this file.
import * as grpc from "@grpc/grpc-js";
import * as langGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import { NodeLanguageHost, SDK_VERSION } from "./host";

interface Cli {
  engineAddress: string;
  tracing: string;
  version: boolean;
}

/**
 * Go `flag` style parsing for the flags the Go host accepts (-tracing, -runtime, -root,
 * -typescript, -version, with one or two dashes and `=` or a separate value), then positionals.
 */
export function parseCli(argv: string[]): Cli {
  const cli: Cli = { engineAddress: "", tracing: "", version: false };
  const withValue = new Set(["tracing", "runtime", "root"]);
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    const m = /^--?([a-zA-Z-]+)(?:=(.*))?$/.exec(a);
    if (!m) break;
    const [, name, inline] = m;
    let value = inline;
    if (withValue.has(name) && value === undefined) value = argv[++i] ?? "";
    if (name === "tracing") cli.tracing = value ?? "";
    else if (name === "version") cli.version = true;
    else if (name === "runtime" && value && value !== "nodejs") {
      throw new Error(`unsupported runtime: ${value}`);
    }
    // -typescript and -root are accepted and ignored, as in the Go host (options come from
    // Pulumi.yaml via ProgramInfo now).
  }
  cli.engineAddress = argv[i] ?? "";
  return cli;
}

function main(): void {
  const cli = parseCli(process.argv.slice(2));
  const host = new NodeLanguageHost({ engineAddress: cli.engineAddress, tracing: cli.tracing });
  if (cli.version) {
    console.log(SDK_VERSION);
    return;
  }
  const server = new grpc.Server({
    // Same generous limit the engine uses for its own channels (rpcutil.GrpcChannelOptions).
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  server.addService(langGrpc.LanguageRuntimeService, host.implementation());
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      console.error(`could not start language host RPC server: ${err.message}`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
  // The CLI stops plugins with SIGINT/SIGKILL on shutdown; exit promptly and quietly on SIGINT
  // and SIGTERM (Run children share our process group and receive the signal themselves).
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => server.tryShutdown(() => process.exit(0)));
  }
}

if (require.main === module) {
  main();
}
