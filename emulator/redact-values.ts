/**
 * Secret masking both emulators apply before a request body reaches the request log; each
 * emulator supplies the key names that are credentials in its API.
 */
export const REDACTED = "[redacted]";

/** `value` with every `keys` member's value replaced, at any depth. */
export function redactValue(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, keys));
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // null stays visible: it is how a PATCH removes a key, not a secret.
    result[key] = keys.has(key) && v !== null ? REDACTED : redactValue(v, keys);
  }
  return result;
}

/** A malformed JSON body may still carry a secret: masks anything like `"key": "value`. */
export function redactJsonText(raw: string, keys: ReadonlySet<string>): string {
  let text = raw;
  for (const key of keys) {
    text = text.replace(
      new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, "g"),
      `$1"${REDACTED}"`,
    );
  }
  return text;
}
