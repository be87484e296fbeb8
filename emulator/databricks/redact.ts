/** Redaction of secret values before a request body reaches the request log. */
import { REDACTED, redactJsonText, redactValue } from "../redact-values";
import type { DatabricksBody } from "./handlers";

export { REDACTED } from "../redact-values";

/** Keys whose values are credentials in any request this API receives. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "client_secret",
  "secret",
  "access_token",
  "refresh_token",
  "password",
  "token",
  // The sign-in grants (oidc/token.ts): an authorization code and its PKCE verifier.
  "code",
  "code_verifier",
]);

/** Parsed JSON/form (or the raw text) with every secret-named key's value replaced. */
export function redactBody(body: DatabricksBody): unknown {
  switch (body.kind) {
    case "empty":
      return null;
    case "json":
    case "form":
      return redactValue(body.value, SECRET_KEYS);
    case "invalid":
      return redactText(body.raw);
  }
}

// A malformed body may be JSON or a form: mask `"key": "value` and `key=value` forms.
function redactText(raw: string): string {
  let text = redactJsonText(raw, SECRET_KEYS);
  for (const key of SECRET_KEYS) {
    text = text.replace(new RegExp(`(^|&)(${key}=)[^&]*`, "g"), `$1$2${REDACTED}`);
  }
  return text;
}
