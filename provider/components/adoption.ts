/**
 * `DatabricksConnectOAuth` over a setup an admin built by hand: the Connect integration is
 * adopted by GUID, the Databricks app imported by integration id. Argument checks and the rule
 * for the client secret, which Databricks never returns for an existing app.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "./args";

export interface AdoptionArgs {
  existingApp?: unknown;
  adoptConnectIntegrationGuid?: pulumi.Input<string>;
  importDatabricksAppId?: string;
  importedAppClientSecret?: pulumi.Input<string>;
}

export interface CheckedAdoption {
  /** The imported app's secret as a Pulumi secret, when the caller gave one. */
  importedSecret?: pulumi.Output<string>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function checkAdoptionArgs(
  component: string,
  args: AdoptionArgs,
  confidential: boolean,
): CheckedAdoption {
  const guid = args.adoptConnectIntegrationGuid;
  if (typeof guid === "string" && guid.trim() === "") {
    throw new ArgumentError(
      component,
      "adoptConnectIntegrationGuid",
      "must be the GUID of an existing Connect integration (`npx pulumi-posit-connect discover` lists them); omit it to create one",
    );
  }
  const id = args.importDatabricksAppId;
  if (id !== undefined) {
    if (typeof id !== "string" || !ID.test(id)) {
      throw new ArgumentError(
        component,
        "importDatabricksAppId",
        `must be the integration_id of an existing Databricks custom app (see \`databricks account custom-app-integration list\`); got ${JSON.stringify(id)}`,
      );
    }
    if (args.existingApp !== undefined) {
      throw new ArgumentError(
        component,
        "importDatabricksAppId",
        "cannot be combined with existingApp: existingApp uses an app without managing it, importDatabricksAppId brings it under Pulumi; give one of them",
      );
    }
  }
  if (args.importedAppClientSecret === undefined) return {};
  if (id === undefined) {
    throw new ArgumentError(
      component,
      "importedAppClientSecret",
      "is only used with importDatabricksAppId (an app Pulumi creates gets its secret from Databricks)",
    );
  }
  if (!confidential) {
    throw new ArgumentError(
      component,
      "importedAppClientSecret",
      "must not be given for a public app (confidential: false), which has no secret",
    );
  }
  return { importedSecret: pulumi.secret(args.importedAppClientSecret) };
}

/**
 * The secret Connect gets: the app's own, else the one the caller gave for an imported app,
 * else nothing. An imported app's state holds an empty secret (Databricks never returns it), and
 * sending nothing lets Connect keep the one it has. A replacement of the app issues a new
 * secret, which then wins over the given one.
 */
export function appSecret(
  fromApp: pulumi.Output<string>,
  given: pulumi.Output<string> | undefined,
): pulumi.Output<string | undefined> {
  return pulumi.secret(
    pulumi.all([fromApp, given]).apply(([own, imported]) => (own ? own : imported || undefined)),
  );
}
