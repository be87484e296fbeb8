/** What the sign-in and exchange handlers share: the emulator's stores and settings. */
import type { KeyRing } from "../auth";
import type { Directory } from "../directory";
import { ApiError } from "../errors";
import type { IntegrationStore, StoredIntegration } from "../state";
import { UNABLE_TO_RETRIEVE_TOKEN } from "../verify";
import { secretsOf } from "../wire";
import type { OAuthSessions } from "./sessions";

export interface OAuthContext {
  store: IntegrationStore;
  directory: Directory;
  keys: KeyRing;
  sessions: OAuthSessions;
  workspaceUrls?: Readonly<Record<string, string>>;
  /** The emulator's own base URL: Connect's `Server.Address`, the redirect URI's origin. */
  baseUrl(): string;
}

export const CALLBACK_PATH = "/__oauth__/integrations/callback";

/** Connect's failed-token error (code 241, as /verify uses); the message says what went wrong. */
export const unableToRetrieve = (detail: string): ApiError =>
  new ApiError(400, UNABLE_TO_RETRIEVE_TOKEN, `Unable to retrieve an OAuth token: ${detail}`);

export interface DatabricksClient {
  workspaceHost: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
}

/** The Databricks settings of an integration, or a clear error naming what is missing. */
export function databricksClient(integration: StoredIntegration): DatabricksClient {
  if (integration.template !== "databricks") {
    throw unableToRetrieve(
      `integration ${integration.guid} uses the ${integration.template} template; the emulator signs in to Databricks only`,
    );
  }
  const { workspace_host: host, client_id: clientId, scopes } = integration.config;
  if (typeof host !== "string" || host === "") throw unableToRetrieve("workspace_host is not set");
  if (typeof clientId !== "string" || clientId === "")
    throw unableToRetrieve("client_id is not set");
  // A Public integration (auth_mode, inferred key) signs in with PKCE alone, secret or not.
  const secret =
    integration.config.auth_mode === "Public" ? undefined : secretsOf(integration).client_secret;
  return {
    workspaceHost: host,
    clientId,
    ...(secret ? { clientSecret: secret } : {}),
    scopes: typeof scopes === "string" && scopes.trim() !== "" ? scopes : "all-apis offline_access",
  };
}
