// A custom OAuth app lives in the Databricks account, so one app can serve every workspace
// in it. The first component creates the app; the others reuse its client id and secret, and
// each workspace gets its own Connect integration for publishers to pick.
import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { DatabricksConnectOAuth } from "pulumi-posit-connect";

const config = new pulumi.Config();
const connectUrl = config.require("connectUrl");
const [first, ...others] = config.requireObject<string[]>("workspaces");

// Account-level provider made explicit, e.g. to keep workspace-level config elsewhere.
const account = new databricks.Provider("account", {
  host: "https://accounts.cloud.databricks.com",
  accountId: config.require("databricksAccountId"),
  clientId: config.require("databricksClientId"),
  clientSecret: config.requireSecret("databricksClientSecret"),
});

const shared = new DatabricksConnectOAuth("workspace-0", {
  connectUrl,
  workspaceHost: first,
  appName: "posit-connect",
  integrationName: `Databricks ${first.split(".")[0]}`,
  databricksProvider: account,
});

const perWorkspace = others.map(
  (host, i) =>
    new DatabricksConnectOAuth(`workspace-${i + 1}`, {
      connectUrl,
      workspaceHost: host,
      integrationName: `Databricks ${host.split(".")[0]}`,
      existingApp: {
        clientId: shared.clientId,
        clientSecret: shared.clientSecret as pulumi.Output<string>,
      },
    }),
);

export const clientId = shared.clientId;
export const integrations = [shared, ...perWorkspace].map((c) => c.connectIntegrationGuid);
