/**
 * Root program: builds one integration from this stack's config and exports its outputs.
 * `authType` chooses the kind: "Viewer" (default) registers a Databricks custom OAuth app for
 * Connect (DatabricksConnectOAuth); "Service Account" creates a Databricks service principal
 * with a rotated OAuth secret (DatabricksConnectServiceAccount). Secrets stay secret.
 */
import * as pulumi from "@pulumi/pulumi";
// The package as users install it (`npm run build` puts it in node_modules: scripts/self-install.ts),
// not ./provider: state then stores the provider as one `require`, not the library by value.
import { DatabricksConnectOAuth, DatabricksConnectServiceAccount } from "pulumi-posit-connect";
import {
  programArgs,
  programAuthType,
  programOptions,
  serviceAccountProgramArgs,
} from "./provider/program-config";

const stack = pulumi.getStack();
const config = new pulumi.Config();

function viewer() {
  // State key: keep this logical name; changing it recreates both the app and the integration.
  const oauth = new DatabricksConnectOAuth(
    "databricks-oauth",
    programArgs(config, stack),
    programOptions(config),
  );
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    // null rather than undefined: with existingApp there is no Databricks app, and an undefined
    // export makes every `pulumi up` warn.
    databricksIntegrationId: oauth.databricksIntegrationId.apply((id) => id ?? null),
    redirectUrls: oauth.redirectUrls,
    connectIntegrationGuid: oauth.connectIntegrationGuid,
  };
}

function serviceAccount() {
  // State key: keep this logical name; changing it recreates the principal and the integration.
  const sa = new DatabricksConnectServiceAccount(
    "databricks-service-account",
    serviceAccountProgramArgs(config, stack),
  );
  return {
    applicationId: sa.applicationId,
    servicePrincipalId: sa.servicePrincipalId,
    secretExpireTime: sa.secretExpireTime,
    connectIntegrationGuid: sa.connectIntegrationGuid,
    verified: sa.verified,
  };
}

export = programAuthType(config) === "Service Account" ? serviceAccount() : viewer();
