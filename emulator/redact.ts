/** Redaction of secret config values before a request body reaches the request log. */
import type { ParsedBody } from "./handlers";
import { ALL_SECRET_KEYS } from "./templates";

export const REDACTED = "[redacted]";

/** Parsed JSON (or the raw text) with every secret-named key's value replaced. */
export function redactBody(body: ParsedBody): unknown {
  switch (body.kind) {
    case "empty":
      return null;
    case "json":
      return redactValue(body.value);
    case "invalid":
      return redactText(body.raw);
  }
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // null stays visible: it is how a PATCH removes a key, not a secret.
    result[key] = ALL_SECRET_KEYS.has(key) && v !== null ? REDACTED : redactValue(v);
  }
  return result;
}

// A malformed body may still carry a secret; mask anything that looks like `"key": "value`.
function redactText(raw: string): string {
  let text = raw;
  for (const key of ALL_SECRET_KEYS) {
    text = text.replace(
      new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, "g"),
      `$1"${REDACTED}"`,
    );
  }
  return text;
}
