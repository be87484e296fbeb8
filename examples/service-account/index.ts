// Scheduled reports and public dashboards query Databricks as one service principal. Pulumi
// creates the principal, assigns it to the workspace, issues its OAuth secret and hands it to
// Connect, and replaces the secret every 90 days: new secret first, Connect patched, old secret
// deleted last, so content never sees an invalid one. Connect verifies the credentials after
// every change. Needs an account-level Databricks provider (databricks:host = the accounts
// console, databricks:accountId, and an account admin's OAuth credentials).
import * as pulumi from "@pulumi/pulumi";
import { DatabricksConnectServiceAccount } from "pulumi-posit-connect";

const config = new pulumi.Config();

const reports = new DatabricksConnectServiceAccount("reports", {
  connectUrl: config.require("connectUrl"),
  workspaceHost: config.require("workspaceHost"),
  workspaceId: config.require("workspaceId"),
  servicePrincipalName: "posit-connect-reports",
  integrationName: "Databricks (reports)",
  description: "Scheduled and public content queries Databricks as posit-connect-reports",
  rotation: { everyDays: 90 },
  // Change it (e.g. `pulumi config set rotationKey 2026-07-leak`) to rotate right away.
  rotationKey: config.get("rotationKey"),
});

export const applicationId = reports.applicationId;
export const secretExpireTime = reports.secretExpireTime;
export const connectIntegrationGuid = reports.connectIntegrationGuid;
export const verified = reports.verified;
