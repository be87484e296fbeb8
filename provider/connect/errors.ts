/**
 * One error type for everything that goes wrong talking to Connect, with messages that say
 * what failed and how to fix it, and never carry a credential or a secret.
 */

/** The lifecycle step that was running, named as users see it in `pulumi up` output. */
export type Operation = "create" | "read" | "update" | "delete" | "lookup" | "verify";

export interface ConnectErrorDetails {
  operation: Operation;
  method: string;
  path: string;
  status?: number;
  /** Connect's `code` from the error body. */
  code?: number;
  /** Connect's `error` text from the error body. */
  connectMessage?: string;
  /** Network-level cause such as ECONNRESET or a TLS verification code. */
  cause?: string;
  hint?: string;
  /** True when a create may have been applied although no answer arrived. */
  outcomeUnknown?: boolean;
}

const REDACTED = "[redacted]";

/**
 * Replaces every occurrence of the given secret values, and anything that looks like an
 * `Authorization: Key …` header, with a marker. Short values are skipped: redacting "a"
 * everywhere would shred the message without protecting anything.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text.replace(
    /(Authorization["']?\s*[:=]\s*["']?)(Key|Bearer)\s+[^\s"',}]+/gi,
    `$1$2 ${REDACTED}`,
  );
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export class ConnectError extends Error {
  readonly operation: Operation;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  /**
   * Connect's `code` from the error body. Not named `code`: the dynamic-provider host hands
   * errors to grpc-js, which takes a numeric `code` as the gRPC status (30 → "Code(30)").
   */
  readonly connectCode?: number;
  readonly connectMessage?: string;
  readonly hint?: string;
  readonly outcomeUnknown: boolean;

  constructor(details: ConnectErrorDetails, secrets: ReadonlyArray<string | undefined> = []) {
    const message = redact(formatMessage(details), secrets);
    super(message);
    // Inside `__provider`, Pulumi's closure serializer has turned this class into a plain
    // function: `super()` became `Error.call(this, …)`, which sets nothing, and the prototype no
    // longer inherits from Error.prototype. Do by hand what `super` would have done, once.
    const proto = Object.getPrototypeOf(this) as object;
    if (!(this instanceof Error)) Object.setPrototypeOf(proto, Error.prototype);
    this.name = "ConnectError";
    if (this.message !== message) {
      Object.defineProperty(this, "message", {
        value: message,
        writable: true,
        configurable: true,
        enumerable: false,
      });
      Error.captureStackTrace(this, Object.getPrototypeOf(this).constructor);
    }
    this.operation = details.operation;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.connectCode = details.code;
    this.connectMessage =
      details.connectMessage === undefined ? undefined : redact(details.connectMessage, secrets);
    this.hint = details.hint;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

function formatMessage(d: ConnectErrorDetails): string {
  const what = `Connect OAuth integration ${d.operation} failed: ${d.method} ${d.path}`;
  let result: string;
  if (d.status !== undefined) {
    const connect =
      d.code !== undefined || d.connectMessage
        ? ` (Connect error${d.code !== undefined ? ` code ${d.code}` : ""}${d.connectMessage ? `: ${d.connectMessage}` : ""})`
        : "";
    result = `${what} returned HTTP ${d.status}${connect}.`;
  } else {
    result = `${what} got no answer${d.cause ? ` (${d.cause})` : ""}.`;
  }
  return d.hint ? `${result} ${d.hint}` : result;
}

/** The fix to suggest for an HTTP status, by operation. */
export function hintForStatus(status: number, operation: Operation): string | undefined {
  switch (status) {
    case 400:
      return "Fix the value Connect names above in your program (see the template's fields with GET /__api__/v1/oauth/templates/<template>).";
    case 401:
      return (
        "Check the API key: set it with `pulumi config set --secret posit-connect:apiKey <key>` or the CONNECT_API_KEY environment variable. " +
        "If you rotated posit-connect:apiKey since the last `pulumi up`, add --run-program (`pulumi refresh --run-program`, `pulumi destroy --run-program`): " +
        "without it Pulumi reuses the provider configuration stored at the last update."
      );
    case 402:
      return "OAuth integrations need a Connect license tier that includes them (Enhanced or Advanced).";
    case 403:
      return "An administrator API key is needed to manage OAuth integrations; a publisher key can only read them.";
    case 404:
      return operation === "update"
        ? "The integration was deleted outside Pulumi; run `pulumi refresh` to drop it from state, then `pulumi up` to recreate it."
        : "Check the Connect URL (posit-connect:url / connectUrl) and that the server runs Connect 2024.12 or later.";
    case 429:
      return "Connect is rate limiting requests; retries were exhausted. Wait and run the command again, or raise posit-connect:timeoutSeconds.";
    default:
      return status >= 500
        ? "Connect reported a server error; retries were exhausted. Check the Connect server logs and run the command again."
        : undefined;
  }
}

/** The fix to suggest for a transport-level failure code (Node's `error.code`). */
export function hintForNetworkError(code: string | undefined): string {
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return 'The server\'s TLS certificate is not trusted. Give the CA as PEM with `pulumi config set posit-connect:caCertificate -- "$(cat ca.pem)"` or NODE_EXTRA_CA_CERTS=/path/ca.pem.';
  }
  if (code === "ECONNABORTED" || code === "ETIMEDOUT") {
    return "The request timed out; raise posit-connect:timeoutSeconds or check the network path to Connect.";
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return "The Connect host name does not resolve; check posit-connect:url / connectUrl.";
  }
  if (code === "ECONNREFUSED") {
    return "Nothing is listening at the Connect URL; check posit-connect:url / connectUrl and that Connect is running.";
  }
  return "Check that Connect is reachable from this machine (proxy settings: HTTPS_PROXY / NO_PROXY).";
}
