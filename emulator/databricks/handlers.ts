/**
 * What every handler of the emulated Databricks API gets and returns. Handlers return an
 * {@link ApiResponse} instead of writing to the socket, so the server can still drop the answer
 * after the change is committed (the `drop-after-commit` fault).
 */
import type { ApiResponse } from "../api-response";
import { malformedRequest } from "./errors";
import type { AccountStore } from "./state";
import type { SecretExpirySettings } from "./secret-expiry";
import type { ClientCredentials, DatabricksCaller, EmulatedWorkspace } from "./types";

export type { ApiResponse } from "../api-response";

/** Request body as read off the wire: JSON, or a form for the token endpoints. */
export type DatabricksBody =
  | { kind: "empty" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: Record<string, string> }
  | { kind: "invalid"; raw: string };

/** Emulator-wide settings handlers consult. */
export interface HandlerSettings {
  admin: ClientCredentials;
  /** Numeric id of the admin principal (`created_by`). */
  adminPrincipalId: number;
  tokenTtlSeconds: number;
  workspaces: EmulatedWorkspace[];
  uniqueAppNames: boolean;
  expiry: SecretExpirySettings;
  /** `https` when the emulator serves TLS: the URLs it advertises (discovery, metadata) use it. */
  scheme: "http" | "https";
}

export interface HandlerContext {
  store: AccountStore;
  settings: HandlerSettings;
  /** Path parameters in pattern order (URI-decoded), the account id excluded. */
  params: string[];
  query: URLSearchParams;
  body: DatabricksBody;
  headers: Record<string, string | string[] | undefined>;
  caller: DatabricksCaller;
  /** Client id behind the bearer token, when there is a valid one. */
  callerClientId?: string;
  /** Workspace whose host received the request (workspace token endpoint). */
  workspaceId?: number;
}

export type Handler = (ctx: HandlerContext) => ApiResponse;

export const ok = (body: unknown, headers?: Record<string, string>): ApiResponse => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

/** The JSON body, or a 400 MALFORMED_REQUEST when there is none or it does not parse. */
export function jsonBody(body: DatabricksBody): unknown {
  if (body.kind === "json") return body.value;
  if (body.kind === "empty") throw malformedRequest("Request body is required");
  throw malformedRequest("Request body is not valid JSON");
}

/** A JSON body that may be absent (treated as `{}`). */
export function optionalJsonBody(body: DatabricksBody): unknown {
  return body.kind === "empty" ? {} : jsonBody(body);
}
