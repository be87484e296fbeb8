/** Redaction of secret config values before a request body reaches the request log. */
import type { ParsedBody } from "./handlers";
import { redactJsonText, redactValue } from "../redact-values";
import { ALL_SECRET_KEYS } from "./templates";

export { REDACTED } from "../redact-values";

/** Parsed JSON (or the raw text) with every secret-named key's value replaced. */
export function redactBody(body: ParsedBody): unknown {
  switch (body.kind) {
    case "empty":
      return null;
    case "json":
      return redactValue(body.value, ALL_SECRET_KEYS);
    case "invalid":
      return redactJsonText(body.raw, ALL_SECRET_KEYS);
  }
}
