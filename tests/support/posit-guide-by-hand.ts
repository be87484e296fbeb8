/**
 * Posit's guide done by hand, as admins did before this package: register a confidential custom
 * OAuth app in the Databricks account, then give Connect an integration holding its client id and
 * secret. Tests build their "made by hand" (foreign, adoptable, importable) setups with it.
 */
import axios from "axios";
import type { ConnectEmulator } from "../../emulator";
import type { DatabricksEmulator } from "../../emulator/databricks";

export interface ByHand {
  integrationId: string;
  clientId: string;
  clientSecret: string;
  /** The Connect integration's GUID. */
  guid: string;
}

export interface ByHandSpec {
  appName: string;
  integrationName: string;
  workspaceHost: string;
  scopes: string[];
  /** Connect administrator API key. */
  apiKey: string;
}

export async function setUpByHand(
  connect: ConnectEmulator,
  dbx: DatabricksEmulator,
  spec: ByHandSpec,
): Promise<ByHand> {
  const app = (
    await axios.post(
      `${dbx.url}/api/2.0/accounts/${dbx.accountId}/oauth2/custom-app-integrations`,
      {
        name: spec.appName,
        redirect_urls: [`${connect.url}/__oauth__/integrations/callback`],
        scopes: spec.scopes,
        confidential: true,
      },
      { headers: { Authorization: `Bearer ${dbx.issueAdminToken()}` } },
    )
  ).data as { integration_id: string; client_id: string; client_secret: string };
  const guid = (
    await axios.post(
      `${connect.url}/__api__/v1/oauth/integrations`,
      {
        template: "databricks",
        name: spec.integrationName,
        config: {
          workspace_host: spec.workspaceHost,
          client_id: app.client_id,
          client_secret: app.client_secret,
          auth_type: "Viewer",
        },
      },
      { headers: { Authorization: `Key ${spec.apiKey}` } },
    )
  ).data.guid as string;
  return {
    integrationId: app.integration_id,
    clientId: app.client_id,
    clientSecret: app.client_secret,
    guid,
  };
}
