/**
 * Databricks error bodies. Three envelopes exist on the emulated paths:
 * - REST `{"error_code","message"}` (sdk-go `apierr/errors.go` standardErrorParser; codes from
 *   `apierr/error_mapping.go`);
 * - SCIM `{"schemas":[…Error],"detail","status"}` on `/scim/v2/…` (RFC 7644 §3.12; sdk-go reads
 *   `detail`/`status` in the same parser);
 * - OAuth `{"error","error_description"}` on the token endpoints (RFC 6749 §5.2).
 * Messages are the real ones where a recording exists (tests/fixtures/databricks), otherwise
 * plausible Databricks-style text.
 */
import type { WireError, WireOAuthError, WireScimError } from "./wire-types";

export type ErrorBody = WireError | WireScimError | WireOAuthError;

/** Thrown by handlers; the server turns it into a response. */
export class DatabricksApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super("message" in body ? body.message : "detail" in body ? body.detail : body.error);
    this.name = "DatabricksApiError";
  }
}

export const restError = (
  status: number,
  errorCode: string,
  message: string,
  headers: Record<string, string> = {},
): DatabricksApiError =>
  new DatabricksApiError(status, { error_code: errorCode, message }, headers);

export const scimError = (status: number, detail: string, scimType?: string): DatabricksApiError =>
  new DatabricksApiError(status, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    detail,
    status: String(status),
    ...(scimType ? { scimType } : {}),
  });

export const oauthError = (
  status: number,
  error: string,
  description: string,
): DatabricksApiError => new DatabricksApiError(status, { error, error_description: description });

export const invalidParameter = (message: string): DatabricksApiError =>
  restError(400, "INVALID_PARAMETER_VALUE", message);

export const malformedRequest = (message: string): DatabricksApiError =>
  restError(400, "MALFORMED_REQUEST", message);

/** Recorded server output (databricks/cli#739). */
export const noValidScope = (): DatabricksApiError =>
  restError(
    400,
    "BAD_REQUEST",
    "Custom application integration must specify at least one valid scope.",
  );

export const appNotFound = (id: string): DatabricksApiError =>
  restError(404, "RESOURCE_DOES_NOT_EXIST", `Custom app integration ${id} does not exist`);

export const appNameTaken = (name: string): DatabricksApiError =>
  restError(
    409,
    "RESOURCE_ALREADY_EXISTS",
    `Custom app integration with name ${name} already exists`,
  );

export const unauthenticated = (message = "Invalid access token"): DatabricksApiError =>
  restError(401, "UNAUTHENTICATED", message);

export const permissionDenied = (message: string): DatabricksApiError =>
  restError(403, "PERMISSION_DENIED", message);

export const endpointNotFound = (method: string, path: string): DatabricksApiError =>
  restError(404, "ENDPOINT_NOT_FOUND", `No API found for '${method} ${path}'`);

export const methodNotAllowed = (method: string, path: string): DatabricksApiError =>
  restError(405, "BAD_REQUEST", `Method ${method} is not allowed on ${path}`);

const injectedCodes: Record<number, [string, string]> = {
  429: ["REQUEST_LIMIT_EXCEEDED", "Too many requests. Please wait a moment and try again."],
  500: ["INTERNAL_ERROR", "An internal error occurred."],
  502: ["BAD_GATEWAY", "Bad gateway."],
  503: ["TEMPORARILY_UNAVAILABLE", "The service is temporarily unavailable."],
};

/** Body of an injected status fault, with `Retry-After` when given (429 per sdk-go retries). */
export function injectedStatus(status: number, retryAfterSeconds?: number): DatabricksApiError {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) };
  const [code, message] = injectedCodes[status] ?? injectedCodes[500];
  return restError(status, code, message, headers);
}
