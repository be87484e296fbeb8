/**
 * Connect's side of talking to a Databricks workspace's OAuth endpoints. URLs are built as
 * Connect builds them, `https://<workspace_host>/oidc/v1/…` from the integration's
 * `workspace_host` as stored — so a host saved with a scheme gives `https://https://…`, a URL
 * that goes nowhere, as it would in Connect. `workspaceUrls` (EmulatorOptions) then maps a host
 * to the local Databricks emulator. Client authentication follows Go's oauth2 package (Connect
 * is a Go server): HTTP Basic for a client with a secret, `client_id` in the form without one.
 */
import { workspaceKey } from "../verify";

const TIMEOUT_MS = 10_000;

/** `https://<workspace_host><path>`, with the origin swapped for a mapped local URL. */
export function workspaceEndpoint(
  workspaceHost: string,
  path: string,
  workspaceUrls: Readonly<Record<string, string>> = {},
): string {
  const literal = `https://${workspaceHost.replace(/\/+$/, "")}${path}`;
  let host: string;
  try {
    host = new URL(literal).host.toLowerCase();
  } catch {
    return literal;
  }
  const mapped = Object.entries(workspaceUrls).find(([key]) => workspaceKey(key) === host);
  if (!mapped || workspaceHost.includes("://")) return literal;
  return `${mapped[1].replace(/\/+$/, "")}${path}`;
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

/** A refused or failed token request, with what the workspace said. */
export class WorkspaceTokenError extends Error {}

export async function requestToken(
  url: string,
  client: { clientId: string; clientSecret?: string },
  params: Record<string, string>,
): Promise<TokenAnswer> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };
  if (client.clientSecret) {
    const enc = (s: string) => encodeURIComponent(s);
    headers.Authorization = `Basic ${Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret)}`).toString("base64")}`;
  } else {
    form.set("client_id", client.clientId);
  }
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body: form.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new WorkspaceTokenError(`the workspace ${host} did not answer (${cause})`);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported by status below
  }
  if (response.ok && typeof body.access_token === "string" && body.access_token !== "") {
    return {
      access_token: body.access_token,
      expires_in: typeof body.expires_in === "number" ? body.expires_in : 3600,
      ...(typeof body.refresh_token === "string" ? { refresh_token: body.refresh_token } : {}),
      ...(typeof body.scope === "string" ? { scope: body.scope } : {}),
    };
  }
  const reason = [body.error, body.error_description]
    .filter((s): s is string => typeof s === "string" && s !== "")
    .join(": ");
  throw new WorkspaceTokenError(
    `the workspace ${host} refused the token request of client ${client.clientId} (HTTP ${response.status}${reason ? `, ${reason}` : ""})`,
  );
}
