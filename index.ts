/**
 * Root program: builds one integration from this stack's config and exports its outputs.
 * `authType` chooses the kind: "Viewer" (default) registers a Databricks custom OAuth app for
 * Connect (DatabricksConnectOAuth); "Service Account" creates a Databricks service principal
 * with a rotated OAuth secret (DatabricksConnectServiceAccount). Secrets stay secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { DatabricksConnectOAuth, DatabricksConnectServiceAccount } from "./provider";
import { programArgs, programAuthType, serviceAccountProgramArgs } from "./provider/program-config";

const stack = pulumi.getStack();
const config = new pulumi.Config();

function viewer() {
  // State key: keep this logical name; changing it recreates both the app and the integration.
  const oauth = new DatabricksConnectOAuth("databricks-oauth", programArgs(config, stack));
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
