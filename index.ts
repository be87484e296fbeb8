/**
 * Root program: builds one DatabricksConnectOAuth from this stack's config and exports its
 * outputs. Secrets stay secret: the client secret export is an encrypted Output.
 */
import * as pulumi from "@pulumi/pulumi";
// The package as users install it (`npm run build` puts it in node_modules: scripts/self-install.ts),
// not ./provider: state then stores the provider as one `require`, not the library by value.
import { DatabricksConnectOAuth, DatabricksConnectOAuthArgs } from "pulumi-posit-connect";
import { programArgs, programOptions } from "./provider/program-config";

const stack = pulumi.getStack();
const config = new pulumi.Config();
const args: DatabricksConnectOAuthArgs = programArgs(config, stack);

// State key: keep this logical name; changing it recreates both the app and the integration.
const oauth = new DatabricksConnectOAuth("databricks-oauth", args, programOptions(config));

export const clientId = oauth.clientId;
export const clientSecret = oauth.clientSecret;
// null rather than undefined: with existingApp there is no Databricks app, and an undefined
// export makes every `pulumi up` warn.
export const databricksIntegrationId = oauth.databricksIntegrationId.apply((id) => id ?? null);
export const redirectUrls = oauth.redirectUrls;
export const connectIntegrationGuid = oauth.connectIntegrationGuid;
