/**
 * Entry of the Pulumi plugin (plugin/PulumiPlugin.yaml, `runtime: nodejs`): serves the schema and
 * `construct` over gRPC. The engine starts it through the language host's RunPlugin.
 */
import * as provider from "@pulumi/pulumi/provider";
import { PositConnectProvider } from "./provider";
import { version } from "./version";

void provider.main(new PositConnectProvider(version()), process.argv.slice(2));
