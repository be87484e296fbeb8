// Stand-in for the `pulumi-resource-databricks` plugin that users download from Pulumi: it is
// test and demo infrastructure only, never installed for users and never imported by the
// library. It answers the engine's provider protocol for the resource types the package
// declares (resources/), with the property names, secret outputs and replace-on-change rules of
// the real @pulumi/databricks version this package depends on, and talks to whatever
// `databricks:host` points at (the emulator in tests and the demo) over HTTP with OAuth M2M.
//
// The engine launches it as `pulumi-resource-databricks <engine-address>` and reads the gRPC
// port from the first stdout line, so nothing else may be written to stdout. scripts/pulumi-setup.ts
// writes the `.tools/stand-in-plugins/pulumi-resource-databricks` launcher that tests and the demo
// copy into their PULUMI_HOME's plugin cache (plugin-cache.ts), not onto PATH.
import * as grpc from "@grpc/grpc-js";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { DatabricksProvider, MODELLED_VERSION } from "./provider-server";

function main(): void {
  if (process.argv.includes("-version") || process.argv.includes("--version")) {
    process.stdout.write(`${MODELLED_VERSION}\n`);
    return;
  }
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(
    providerGrpc.ResourceProviderService,
    new DatabricksProvider().implementation(),
  );
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`could not start the provider RPC server: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => server.tryShutdown(() => process.exit(0)));
  }
}

if (require.main === module) {
  main();
}
