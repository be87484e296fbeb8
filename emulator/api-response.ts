/**
 * What both emulators' handlers return and read: a response not yet written to the socket (so a
 * server can still drop it after the change is committed, the `drop-after-commit` fault) and a
 * request body as read off the wire.
 */

export interface ApiResponse {
  status: number;
  /** Serialized as JSON; `undefined` means an empty body (204). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Request body as read off the wire. */
export type ParsedBody =
  { kind: "empty" } | { kind: "json"; value: unknown } | { kind: "invalid"; raw: string };

/** An error a handler throws that knows its own status, body and headers. */
export interface ErrorWithBody {
  readonly status: number;
  readonly headers: Record<string, string>;
  toBody(): unknown;
}
