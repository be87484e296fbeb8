/**
 * Telling Connect's answers from everything else that can answer at a Connect URL: a login (SSO)
 * or maintenance page, a load balancer, a proxy, another server. Connect answers its API in JSON,
 * and its errors carry a body `{ code, error }`; anything else did not come from Connect and
 * must never be read as "gone", "not applied" or an integration.
 */
import { firstBytes, type ForeignAnswer } from "./errors";

/** The parts of an axios response this module reads. */
export interface RawAnswer {
  status: number;
  headers?: unknown;
  data?: unknown;
}

export function contentTypeOf(answer: RawAnswer): string {
  const headers = answer.headers as
    { get?: (name: string) => unknown; [name: string]: unknown } | undefined;
  const value =
    typeof headers?.get === "function" ? headers.get("content-type") : headers?.["content-type"];
  return typeof value === "string" ? value : "";
}

function isJsonType(contentType: string): boolean {
  return /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType.trim());
}

/** The body as text, whether axios kept it raw or parsed it. */
export function bodyText(answer: RawAnswer): string {
  const data = answer.data;
  if (data === undefined || data === null) return "";
  if (typeof data === "string") return data;
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  try {
    return JSON.stringify(data);
  } catch {
    return String(data);
  }
}

/** The JSON body when the answer is JSON, else `undefined`. */
export function jsonBody(answer: RawAnswer): { value: unknown } | undefined {
  if (!isJsonType(contentTypeOf(answer))) return undefined;
  if (typeof answer.data !== "string") {
    return answer.data === undefined ? undefined : { value: answer.data };
  }
  try {
    return { value: JSON.parse(answer.data) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Connect's error body (`APIError`: `code` and `error` both required), when the answer is one.
 * The shape decides, not the content type: gateways' error pages are not JSON of that shape.
 */
export function connectErrorBody(answer: RawAnswer): { code: number; error: string } | undefined {
  let body: unknown = answer.data;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const { code, error } = body as Record<string, unknown>;
  if (typeof code !== "number" || typeof error !== "string") return undefined;
  return { code, error };
}

/** True when an error answer carries Connect's error body. */
export function isFromConnect(answer: RawAnswer): boolean {
  return connectErrorBody(answer) !== undefined;
}

export function foreignAnswer(answer: RawAnswer): ForeignAnswer {
  return {
    contentType: contentTypeOf(answer),
    firstBytes: firstBytes(bodyText(answer)),
    success: answer.status >= 200 && answer.status < 300,
  };
}

/** True for an integration as Connect returns it: an object with a non-empty string guid. */
export function isWireIntegration(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { guid?: unknown }).guid === "string" &&
    (value as { guid: string }).guid !== ""
  );
}
