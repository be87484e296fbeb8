/**
 * Child process for item 5: builds N `DatabricksConnectOAuth` components under Pulumi mocks
 * and prints one JSON line with the time from `setMocks` until every component output has
 * resolved. Run once per N in a fresh process (bench/mocks.ts) so module caches, the
 * serialization cache and the mock monitor never carry over between sizes.
 *
 *   node dist/bench/mocks-program.js <N> <path of the pulumi-posit-connect module>
 */
import * as pulumi from "@pulumi/pulumi";
import { nowMs } from "./measure";

const APP_TYPE = "databricks:index/customAppIntegration:CustomAppIntegration";
const CONNECT_TYPE = "pulumi-nodejs:dynamic/posit-connect:OAuthIntegration";

const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    if (args.type === APP_TYPE) {
      // The mock monitor ignores additionalSecretOutputs, so wrap the secret as the engine would.
      return {
        id: `app-${args.name}`,
        state: {
          ...args.inputs,
          clientId: `cid-${args.name}`,
          clientSecret: pulumi.secret(`cs-${args.name}`),
          integrationId: `int-${args.name}`,
        },
      };
    }
    if (args.type === CONNECT_TYPE) {
      const guid = `guid-${args.name}`;
      return {
        id: guid,
        state: {
          ...args.inputs,
          guid,
          createdTime: "2026-01-01T00:00:00Z",
          updatedTime: "2026-01-01T00:00:00Z",
        },
      };
    }
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
};

const settle = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

async function main(): Promise<void> {
  const n = Number(process.argv[2]);
  const modulePath = process.argv[3];
  const start = nowMs();
  await pulumi.runtime.setMocks(mocks, "bench", "mocks", false);
  // Required only after setMocks, as resources must see the mock monitor.
  const lib = (await import(modulePath)) as typeof import("../provider");
  // Loading the library (and @pulumi/databricks with it) is a fixed cost; report it apart.
  const loadedMs = nowMs() - start;
  const components = Array.from(
    { length: n },
    (_, i) =>
      new lib.DatabricksConnectOAuth(`oauth-${i}`, {
        connectUrl: "http://127.0.0.1:3939",
        workspaceHost: `dbc-${i}.cloud.databricks.com`,
        description: "benchmark",
      }),
  );
  await Promise.all(
    components.flatMap((c) => [
      settle(c.clientId),
      settle(c.clientSecret),
      settle(c.connectIntegrationGuid),
      settle(c.redirectUrls),
      settle(c.urn),
    ]),
  );
  const ms = nowMs() - start;
  process.stdout.write(
    `${JSON.stringify({ n, ms, loadMs: loadedMs, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) })}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
