// A public OAuth app (PKCE, no client secret) registered once for both Connect and Workbench.
// Needs an account-level Databricks provider: databricks:host, databricks:accountId,
// databricks:clientId and (secret) databricks:clientSecret in stack config.
import * as pulumi from "@pulumi/pulumi";
import { DatabricksConnectOAuth } from "pulumi-posit-connect";

const config = new pulumi.Config();

const oauth = new DatabricksConnectOAuth("databricks-public", {
  connectUrl: config.require("connectUrl"),
  workbenchUrl: config.require("workbenchUrl"),
  workspaceHost: config.require("workspaceHost"),
  confidential: false,
  appName: "posit-team-public",
  integrationName: "Databricks (public app)",
  tokenAccessPolicy: { accessTokenTtlInMinutes: 60, refreshTokenTtlInMinutes: 10080 },
});

export const clientId = oauth.clientId;
// Both https://<connect>/__oauth__/integrations/callback and https://<workbench>/oauth_redirect_callback.
export const redirectUrls = oauth.redirectUrls;
