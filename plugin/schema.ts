/**
 * The package schema, written out rather than inferred: the component-provider host
 * (`@pulumi/pulumi/provider/experimental`) only serves ComponentResource classes under the
 * `index` module, so it could keep neither the TypeScript type tokens
 * (`posit-connect:databricks:OAuth`) nor expose the dynamic Connect resources. Descriptions are
 * the TypeScript docs' words (copied by hand: keep them in step when a TSDoc changes);
 * tests/plugin/sdks.test.ts checks the plugin serves exactly this schema.
 */
import { OUTPUTS, RESOURCES, TYPES } from "./schema-resources";

export const PACKAGE_NAME = "posit-connect";

export function packageSchema(version: string): Record<string, unknown> {
  return {
    name: PACKAGE_NAME,
    displayName: "Posit Connect",
    version,
    description:
      "Posit Connect OAuth integrations and the Databricks custom OAuth app or service principal behind them.",
    keywords: ["posit", "connect", "databricks", "oauth", "category/utility", "kind/component"],
    license: "MIT",
    // Stack config keys the components read (posit-connect:apiKey, posit-connect:url).
    config: {
      variables: {
        apiKey: {
          type: "string",
          secret: true,
          description: "Connect API key of an administrator.",
        },
        url: { type: "string", description: "Default Connect base URL." },
      },
    },
    types: TYPES,
    resources: RESOURCES,
    language: {
      nodejs: { packageName: "pulumi-posit-connect-sdk", respectSchemaVersion: true },
      python: { packageName: "pulumi_posit_connect", respectSchemaVersion: true },
      go: {
        importBasePath: "github.com/posit-connect-pulumi/sdk/go/posit-connect",
        generateResourceContainerTypes: false,
        respectSchemaVersion: true,
      },
      // C# namespaces Posit.Connect and Posit.Connect.Databricks (not PositConnect.PositConnect).
      csharp: {
        rootNamespace: "Posit",
        namespaces: { "posit-connect": "Connect", databricks: "Databricks" },
        respectSchemaVersion: true,
      },
    },
  };
}

export { OUTPUTS };
