/** Redaction of secret values before a request body reaches the request log. */
import { REDACTED } from "../redact";
import type { DatabricksBody } from "./handlers";

export { REDACTED } from "../redact";

/** Keys whose values are credentials in any request this API receives. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "client_secret",
  "secret",
  "access_token",
  "refresh_token",
  "password",
  "token",
]);

/** Parsed JSON/form (or the raw text) with every secret-named key's value replaced. */
export function redactBody(body: DatabricksBody): unknown {
  switch (body.kind) {
    case "empty":
      return null;
    case "json":
    case "form":
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
    result[key] = SECRET_KEYS.has(key) && v !== null ? REDACTED : redactValue(v);
  }
  return result;
}

// A malformed body may still carry a secret: mask `"key": "value` and `key=value` forms.
function redactText(raw: string): string {
  let text = raw;
  for (const key of SECRET_KEYS) {
    text = text
      .replace(new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, "g"), `$1"${REDACTED}"`)
      .replace(new RegExp(`(^|&)(${key}=)[^&]*`, "g"), `$1$2${REDACTED}`);
  }
  return text;
}
