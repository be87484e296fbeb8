// Only the Connect side: the Databricks account admin registered the app by hand
// (`databricks account custom-app-integration create …`) and handed over its client id and
// secret. No Databricks provider or credentials are needed.
import * as pulumi from "@pulumi/pulumi";
import { DatabricksConnectOAuth } from "pulumi-posit-connect";

const config = new pulumi.Config();

const oauth = new DatabricksConnectOAuth("databricks", {
  connectUrl: config.require("connectUrl"),
  workspaceHost: config.require("workspaceHost"),
  integrationName: "Databricks",
  description: "Query Databricks as the viewing user",
  existingApp: {
    clientId: config.require("clientId"),
    clientSecret: config.requireSecret("clientSecret"),
  },
});

export const connectIntegrationGuid = oauth.connectIntegrationGuid;
export const redirectUrls = oauth.redirectUrls;
