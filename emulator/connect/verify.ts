/**
 * `POST /v1/oauth/integrations/{guid}/verify` (connect-api.md §4.7). The real server
 * "simulates a content session token exchange"; the emulator does the Databricks part of that
 * for real: an OAuth client-credentials request to the workspace's token endpoint
 * (`POST https://<workspace_host>/oidc/v1/token`, Databricks' documented M2M flow) with the
 * integration's stored client id and secret. Tests point workspace hosts at a local emulator
 * with {@link EmulatorOptions.workspaceUrls}.
 */
import { ApiError, serviceAccountOnly } from "./errors";
import type { ApiResponse, HandlerContext } from "./handlers";
import { integrationNotFound } from "./errors";
import { secretsOf } from "./wire";

/** Connect's code for a failed token exchange (`OAuthUnableToRetrieveToken`); status inferred. */
export const UNABLE_TO_RETRIEVE_TOKEN = 241;
const TOKEN_PATH = "/oidc/v1/token";
const TIMEOUT_MS = 10_000;

/** `https://Host/` or `Host` → `host`, the key of {@link EmulatorOptions.workspaceUrls}. */
export function workspaceKey(workspaceHost: string): string {
  return workspaceHost
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/\/+$/, "")
    .toLowerCase();
}

/** Base URL that answers for a workspace host: the mapping's, else `https://<host>`. */
export function workspaceBaseUrl(
  workspaceHost: string,
  workspaceUrls: Readonly<Record<string, string>> = {},
): string {
  const key = workspaceKey(workspaceHost);
  const mapped = Object.entries(workspaceUrls).find(([host]) => workspaceKey(host) === key);
  return (mapped ? mapped[1] : `https://${key}`).replace(/\/+$/, "");
}

const unableToRetrieve = (detail: string) =>
  new ApiError(400, UNABLE_TO_RETRIEVE_TOKEN, `Unable to retrieve an OAuth token: ${detail}`);

export async function verifyIntegration(ctx: HandlerContext): Promise<ApiResponse> {
  const stored = ctx.store.get(ctx.params[0]);
  if (!stored) throw integrationNotFound();
  if (stored.auth_type !== "Service Account") throw serviceAccountOnly();
  const host = stored.config.workspace_host;
  const clientId = stored.config.client_id;
  const clientSecret = secretsOf(stored).client_secret;
  if (typeof host !== "string" || host === "") throw unableToRetrieve("workspace_host is not set");
  if (typeof clientId !== "string" || clientId === "" || !clientSecret) {
    throw unableToRetrieve("client_id and client_secret are required for a Service Account");
  }
  const url = `${workspaceBaseUrl(host, ctx.workspaceUrls)}${TOKEN_PATH}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw unableToRetrieve(`the workspace ${workspaceKey(host)} did not answer (${cause})`);
  }
  const text = await response.text();
  if (response.ok) {
    const body = parseJson(text);
    if (body && typeof body.access_token === "string" && body.access_token !== "") {
      // 200 with no documented body; no token is ever returned (connect-api.md §4.7).
      return { status: 200, body: {} };
    }
    throw unableToRetrieve(`the workspace ${workspaceKey(host)} answered without an access token`);
  }
  const body = parseJson(text);
  const reason = [body?.error, body?.error_description ?? body?.message]
    .filter((s): s is string => typeof s === "string" && s !== "")
    .join(": ");
  throw unableToRetrieve(
    `the workspace ${workspaceKey(host)} refused the client credentials of ${clientId} (HTTP ${response.status}${reason ? `, ${reason}` : ""})`,
  );
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
