/** Reading request bodies and writing responses on node:http objects. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiResponse, ErrorWithBody, ParsedBody } from "./api-response";

// Far above any OAuth payload; only guards the emulator against runaway clients.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads the whole body; rejects if the client goes away or sends too much. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error("request body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("client aborted"));
    });
  });
}

/**
 * Parses JSON whatever the Content-Type: Connect's own curl examples send JSON as
 * application/x-www-form-urlencoded and still succeed (connect-api.md §1).
 */
export function parseBody(raw: string): ParsedBody {
  if (raw.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: "invalid", raw };
  }
}

export function errorResponse(error: ErrorWithBody): ApiResponse {
  return { status: error.status, body: error.toBody(), headers: error.headers };
}

/** Writes a response; every response carries `X-Correlation-ID` like Connect's. */
export function writeResponse(
  res: ServerResponse,
  response: ApiResponse,
  correlationId: string,
): void {
  writeJson(res, {
    ...response,
    headers: { "X-Correlation-ID": correlationId, ...response.headers },
  });
}

/** Writes `response`, its body (if any) as JSON with its length. */
export function writeJson(res: ServerResponse, response: ApiResponse): void {
  const headers = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(response.body);
  res.writeHead(response.status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
