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
  /** The full URL tried (Connect base URL + path); shown instead of `path` when known. */
  url?: string;
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
  /**
   * True when the request surely did nothing on the server: the TLS handshake failed or the
   * scheme did not match what the server speaks, so no request was ever read.
   */
  notApplied?: boolean;
  /** Set when the answer did not come from Connect (a login page, a proxy, another server). */
  foreign?: ForeignAnswer;
  /** Where a 3xx answer pointed (`Location`, resolved against the request URL). */
  redirectTo?: string;
}

/** What was received instead of a Connect answer, for the message. */
export interface ForeignAnswer {
  contentType: string;
  /** The first bytes of the body, printable characters only. */
  firstBytes: string;
  /** True when the status was 2xx: the answer is not an integration (or a list of them). */
  success: boolean;
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
  readonly notApplied: boolean;
  /** False when the answer did not come from Connect (see {@link ForeignAnswer}). */
  readonly fromConnect: boolean;

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
    this.notApplied = details.notApplied ?? false;
    this.fromConnect = details.foreign === undefined;
  }
}

function formatMessage(d: ConnectErrorDetails): string {
  // The full URL where the address itself may be the problem: no answer, a redirect, or an
  // answer from something other than Connect. Connect's own answers name the API path.
  const where =
    d.status === undefined || d.foreign || d.redirectTo !== undefined || isRedirect(d.status)
      ? (d.url ?? d.path)
      : d.path;
  const what = `Connect OAuth integration ${d.operation} failed: ${d.method} ${where}`;
  let result: string;
  if (d.foreign?.success) {
    result = `${what}: Connect answered with something that is not an integration (HTTP ${d.status}, ${describeForeign(d.foreign)}).`;
  } else if (d.foreign) {
    result = `${what} returned HTTP ${d.status} without a Connect error body (${describeForeign(d.foreign)}), so the answer did not come from Connect.`;
  } else if (d.status !== undefined) {
    const connect =
      d.code !== undefined || d.connectMessage
        ? ` (Connect error${d.code !== undefined ? ` code ${d.code}` : ""}${d.connectMessage ? `: ${d.connectMessage}` : ""})`
        : "";
    const redirect =
      d.redirectTo !== undefined ? `: Connect redirected the request to ${d.redirectTo}` : "";
    result = `${what} returned HTTP ${d.status}${connect}${redirect}.`;
  } else {
    result = `${what} got no answer${d.cause ? ` (${d.cause})` : ""}.`;
  }
  return d.hint ? `${result} ${d.hint}` : result;
}

/** `.catch(rethrowForHost)` on calls whose errors the host also prints (read, delete). */
export function rethrowForHost(e: unknown): never {
  throw forHost(e);
}

function isRedirect(status: number | undefined): boolean {
  return status !== undefined && status >= 300 && status < 400;
}

function describeForeign(f: ForeignAnswer): string {
  return `content type ${f.contentType || "none"}, first bytes ${JSON.stringify(f.firstBytes)}`;
}

/** The first bytes of a body, control characters dropped, for a message. */
export function firstBytes(body: string, max = 80): string {
  const printable = body.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

/**
 * The suggestion for a redirect: the base URL to use instead, when the target still ends in the
 * API path that was asked for (the usual http->https or host-name redirect).
 */
export function hintForRedirect(target: string | undefined, requestPath: string): string {
  if (!target) {
    return "Connect answered with a redirect without a Location; use Connect's final URL as connectUrl (posit-connect:url). The API key is never sent after a redirect.";
  }
  const base = target.endsWith(requestPath) ? target.slice(0, -requestPath.length) : undefined;
  const suggestion = base
    ? `use the final URL as connectUrl (posit-connect:url): ${base}`
    : "use the final URL as connectUrl (posit-connect:url)";
  return `Redirects are not followed, so the API key is never sent to another address; ${suggestion}.`;
}

/** The fix to suggest for an answer that did not come from Connect. */
export function hintForForeign(status: number, operation: Operation): string {
  const where =
    "Something other than Connect answered: a login (SSO) or maintenance page, a proxy or load balancer, or a connectUrl that points at another server. Check connectUrl (posit-connect:url) and that Connect's API is reachable from this machine without a browser login";
  if (status === 404 && (operation === "read" || operation === "delete")) {
    return `${where}. The integration is not assumed gone: state is unchanged.`;
  }
  if (status >= 200 && status < 300) return `${where}. State is unchanged.`;
  return `${where}.`;
}

/** The fix to suggest when the scheme did not match what the server speaks. */
export function hintForSchemeMismatch(url: string, serverSpeaksTls: boolean): string {
  return serverSpeaksTls
    ? `The server at ${originOf(url)} speaks HTTPS but the URL says http://; use https:// in connectUrl (posit-connect:url). The request was never read, so nothing was changed in Connect.`
    : `The server at ${originOf(url)} does not speak TLS (the handshake failed), so the request was never sent and nothing was changed in Connect. Check the port, or use http:// only for a local test server.`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Makes an error print once, message only, wherever the dynamic-provider host logs it: the
 * host writes `${e}: ${e.stack}` to stderr, which doubles the message and adds stack frames of
 * the serialized module that mean nothing to a user.
 */
export function forHost<T>(e: T): T {
  if (!(e instanceof Error) && !(typeof e === "object" && e !== null && "message" in e)) return e;
  const error = e as unknown as Error;
  const name = error.name || "Error";
  const message = String(error.message);
  Object.defineProperty(error, "stack", {
    value: message,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.defineProperty(error, "toString", {
    value: () => name,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return e;
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
