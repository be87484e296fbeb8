/**
 * Connect error bodies and codes. Codes are 1-based positions in the OpenAPI `APIErrorCode`
 * enum (connect-api.md §1.1); messages are the real ones where a recording exists
 * (tests/fixtures/connect/error-bodies.json), otherwise plausible Connect-style text.
 */
import type { WireError } from "./wire-types";

/** Thrown by handlers; the server turns it into a `{code, error, payload: null}` response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): WireError {
    return { code: this.code, error: this.message, payload: null };
  }
}

export const authRequired = (): ApiError => new ApiError(401, 24, "Authentication required.");

// rsconnect-python: "a genuinely invalid credential is rejected at the auth layer with code 30".
export const invalidLogin = (): ApiError => new ApiError(401, 30, "Invalid login.");

export const permissionDenied = (): ApiError =>
  new ApiError(403, 22, "You don't have permission to perform this operation.");

export const integrationNotFound = (): ApiError =>
  new ApiError(404, 4, "OAuth integration does not exist.");

export const endpointNotSupported = (status: 404 | 405): ApiError =>
  new ApiError(status, 2, "The requested method or endpoint is not supported.");

export const badRequest = (message: string): ApiError => new ApiError(400, 2, message);

export const cannotParseBody = (): ApiError =>
  new ApiError(400, 87, "Unable to parse request body");

/** Unknown template: 400 on create (the body is at fault), 404 on `GET /templates/{key}`. */
export const templateNotFound = (key: string, status: 400 | 404 = 400): ApiError =>
  new ApiError(status, 227, `The OAuth template ${JSON.stringify(key)} does not exist`);

export const templateConfig = (message: string): ApiError => new ApiError(400, 228, message);

export const prohibitedChange = (message: string): ApiError => new ApiError(400, 229, message);

export const invalidName = (): ApiError =>
  new ApiError(400, 225, "The OAuth integration name must be a non-empty string");

export const invalidDescription = (): ApiError =>
  new ApiError(400, 226, "The OAuth integration description must be a string or null");

export const invalidIntegrationGuid = (guid: string): ApiError =>
  new ApiError(400, 207, `The OAuth integration GUID ${JSON.stringify(guid)} is invalid`);

export const invalidIntegrations = (): ApiError =>
  new ApiError(400, 208, "The OAuth integrations must be a list of {oauth_integration_guid}");

export const duplicateIntegrations = (): ApiError =>
  new ApiError(400, 258, "The list of OAuth integrations contains duplicates");

export const serviceAccountOnly = (): ApiError =>
  new ApiError(
    400,
    240,
    'Verification is only available for OAuth integrations with the "Service Account" authentication type',
  );

const injectedMessages: Record<number, string> = {
  429: "Too many requests.",
  500: "An internal failure occurred.",
  502: "Bad gateway.",
  503: "Service unavailable.",
};

/** Body of an injected status fault; code 1 is Connect's generic internal failure. */
export function injectedStatus(status: number, retryAfterSeconds?: number): ApiError {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) };
  return new ApiError(
    status,
    1,
    injectedMessages[status] ?? "An internal failure occurred.",
    headers,
  );
}
