/**
 * Error answers of the workspace OAuth endpoints, in Databricks' `{"error","error_description"}`
 * shape (RFC 6749 §4.1.2.1 and §5.2). Texts recorded from real Databricks where a public report
 * shows one; the rest are the emulator's own (docs/sign-in.md, Limits):
 * - unregistered redirect URI: databricks/cli#3416, databricks/dbt-databricks#582 and #640;
 * - bad refresh token: databricks/cli#667 (`"invalid_request" "Refresh token is invalid"`);
 * - failed client authentication: databricks/databricks-sql-nodejs#279 (`invalid_client`,
 *   "Client authentication failed").
 */
import { oauthError, type DatabricksApiError } from "../errors";

export const redirectNotRegistered = (redirectUri: string, clientId: string): DatabricksApiError =>
  oauthError(
    400,
    "invalid_request",
    `redirect_uri '${redirectUri}' not registered for OAuth application '${clientId}'`,
  );

/** Inferred text: an authorize request naming a client id the account has no app for. */
export const unknownClient = (clientId: string, accountId: string): DatabricksApiError =>
  oauthError(
    400,
    "invalid_request",
    `OAuth application with client_id: '${clientId}' not available in Databricks account '${accountId}'.`,
  );

export const clientAuthFailed = (detail: string): DatabricksApiError =>
  oauthError(401, "invalid_client", `Client authentication failed: ${detail}`);

export const refreshTokenInvalid = (): DatabricksApiError =>
  oauthError(400, "invalid_request", "Refresh token is invalid");

export const invalidGrant = (detail: string): DatabricksApiError =>
  oauthError(400, "invalid_grant", detail);

export const invalidRequest = (detail: string): DatabricksApiError =>
  oauthError(400, "invalid_request", detail);
