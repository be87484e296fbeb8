// Production governance: one confidential Databricks app and Connect integration that only the
// `data-science` group may use, attached to two named dashboards. Groups and dashboards are
// named as in the Connect dashboard and resolved to GUIDs when the program runs, so
// `pulumi preview` shows exactly who gains access. Needs Connect 2026.04.0 or later
// (integration permissions) and, for two integrations on one dashboard, 2025.07.0 or later.
// Connect access: posit-connect:apiKey (secret) in stack config, or CONNECT_API_KEY.
// Databricks access: databricks:host, databricks:accountId, databricks:clientId and (secret)
// databricks:clientSecret in stack config.
import * as pulumi from "@pulumi/pulumi";
import { DatabricksConnectOAuth, getConnectContent, getConnectGroup } from "pulumi-posit-connect";

const config = new pulumi.Config();
const connectUrl = config.require("connectUrl");
const group = config.get("group") ?? "data-science";
const dashboards = config.getObject<string[]>("dashboards") ?? ["sales-dashboard", "ops-dashboard"];

const oauth = new DatabricksConnectOAuth("databricks-prod", {
  connectUrl,
  workspaceHost: config.require("workspaceHost"),
  integrationName: "Databricks (production)",
  description: `Databricks as the viewing user; ${group} only`,
  permissions: [{ groupGuid: getConnectGroup({ connectUrl, name: group }).guid }],
  associateContent: dashboards.map((name) => getConnectContent({ connectUrl, name }).guid),
});

export const connectIntegrationGuid = oauth.connectIntegrationGuid;
export const allowedGroup = group;
export const associatedContent = oauth.contentAssociations?.contentGuids;
