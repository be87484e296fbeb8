/**
 * When a failed Connect request is worth sending again. The loop itself is axios-retry's;
 * this file only decides, in the spirit of octokit's plugin-retry and the Databricks SDK's
 * retrier: bounded attempts, exponential backoff with jitter, `Retry-After` honoured, and never
 * a repeat that could apply a change twice.
 */
import type { AxiosError, AxiosInstance } from "axios";
import axiosRetry, { exponentialDelay, retryAfter } from "axios-retry";
import { isFromConnect } from "./answer";
import { httpProxyFor, speaksTls } from "./transport";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Base of the exponential backoff, in milliseconds. */
  baseDelayMs: number;
  /** No retry is started once this much time has passed since the first attempt. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 250,
  maxElapsedMs: 120_000,
};

// Arrays, not Sets: this module is serialized into `__provider`, and Pulumi's closure serializer
// turns a module-level Set into an empty plain object (tests/host/serialized-closure-bugs.test.ts).
// Connect answers these before doing anything, so any request may be repeated. A 503 counts only
// with Connect's error body: a gateway (Envoy, Istio: "upstream reset before headers") answers
// 503 after Connect may have committed the request.
const NOT_APPLIED_STATUSES: readonly number[] = [429, 503];
const NOT_APPLIED_ONLY_FROM_CONNECT: readonly number[] = [503];
// Gateways and overloaded servers; the change may or may not have been applied.
const MAYBE_APPLIED_STATUSES: readonly number[] = [500, 502, 504];
// The connection failed before the request could be sent.
const NOT_SENT_CODES: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];
// PATCH carries absolute values here, so sending it twice has the effect of sending it once.
const IDEMPOTENT_METHODS: readonly string[] = ["get", "head", "options", "put", "patch", "delete"];

// TLS verification failures and handshakes with a server that does not speak TLS: final, and
// nothing was sent.
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|^EPROTO$/;

// A string key: set on the axios error by the interceptor in installRetry.
const SCHEME_MISMATCH = "positConnectSchemeMismatch";

/**
 * "tls" when an http:// URL reached a server that speaks TLS (it hangs up on the plaintext
 * request), "plain" when an https:// URL reached one that does not; the request was never read.
 */
export function schemeMismatch(error: AxiosError): "tls" | "plain" | undefined {
  const noted = (error as unknown as Record<string, unknown>)[SCHEME_MISMATCH];
  if (noted === "tls" || noted === "plain") return noted;
  if (!error.response && /^EPROTO$|ERR_SSL_WRONG_VERSION_NUMBER/.test(error.code ?? ""))
    return "plain";
  return undefined;
}

/** True when the request surely did nothing because no TLS session (or no HTTP) was possible. */
export function failedBeforeSending(error: AxiosError): boolean {
  return (
    !error.response && (schemeMismatch(error) !== undefined || TLS_FAILURE.test(error.code ?? ""))
  );
}

/** True when an error status surely left Connect untouched: safe to resend even a create. */
export function surelyNotApplied(error: AxiosError): boolean {
  if (error.response) {
    const status = error.response.status;
    if (!NOT_APPLIED_STATUSES.includes(status)) return false;
    return !NOT_APPLIED_ONLY_FROM_CONNECT.includes(status) || isFromConnect(error.response);
  }
  return error.code !== undefined && NOT_SENT_CODES.includes(error.code);
}

/** True when a create may have been applied although it failed: the answer, not the request, was lost. */
export function mayHaveApplied(error: AxiosError): boolean {
  if (error.response) {
    if (MAYBE_APPLIED_STATUSES.includes(error.response.status)) return true;
    return (
      NOT_APPLIED_ONLY_FROM_CONNECT.includes(error.response.status) && !surelyNotApplied(error)
    );
  }
  return !surelyNotApplied(error) && !failedBeforeSending(error);
}

export function isRetryable(error: AxiosError): boolean {
  if (surelyNotApplied(error)) return true;
  const method = (error.config?.method ?? "get").toLowerCase();
  if (!IDEMPOTENT_METHODS.includes(method)) return false;
  if (error.response) return mayHaveApplied(error);
  // No response: reset, timeout. TLS failures and scheme mismatches are final.
  return !failedBeforeSending(error);
}

/** The full URL of the request an error belongs to. */
export function requestUrl(error: AxiosError): string {
  const config = error.config;
  const url = config?.url ?? "";
  if (/^https?:\/\//i.test(url)) return url;
  return `${(config?.baseURL ?? "").replace(/\/+$/, "")}${url}`;
}

// An http:// request to a TLS server ends in a reset, exactly like a connection cut after a
// create was sent; a TLS handshake on the same port tells them apart.
async function noteSchemeMismatch(error: AxiosError): Promise<void> {
  if (error.response || error.code !== "ECONNRESET") return;
  const url = requestUrl(error);
  if (!url.startsWith("http:") || httpProxyFor(url)) return;
  if (await speaksTls(url)) {
    (error as unknown as Record<string, unknown>)[SCHEME_MISMATCH] = "tls";
  }
}

/** Retries that run longer than this print a line on stderr, so a wait is never silent. */
export const PROGRESS_AFTER_MS = 3_000;

function progressLine(
  error: AxiosError,
  retry: number,
  retries: number,
  elapsedMs: number,
): string {
  const method = (error.config?.method ?? "get").toUpperCase();
  const why = error.response ? `HTTP ${error.response.status}` : (error.code ?? "no answer");
  return `posit-connect: ${method} ${requestUrl(error)} failed (${why}); retrying (retry ${retry} of ${retries}, ${Math.round(elapsedMs / 1000)} s so far)\n`;
}

// A string key: axios copies only string-keyed config properties onto a retried request.
const START = "positConnectRetryStartedAt";

/** Installs the policy on an axios instance made for one client. */
export function installRetry(instance: AxiosInstance, policy: RetryPolicy): void {
  instance.interceptors.request.use((config) => {
    const c = config as typeof config & { [START]?: number };
    c[START] ??= Date.now();
    return config;
  });
  // Registered before axios-retry's, so its retry decision sees the note.
  instance.interceptors.response.use(undefined, async (error: AxiosError) => {
    await noteSchemeMismatch(error);
    throw error;
  });
  axiosRetry(instance, {
    retries: policy.retries,
    shouldResetTimeout: true,
    retryDelay: (count, error) => exponentialDelay(count - 1, error, policy.baseDelayMs),
    retryCondition: (error) => {
      if (!isRetryable(error)) return false;
      const started = (error.config as { [START]?: number } | undefined)?.[START] ?? Date.now();
      const wait = Math.max(retryAfter(error), policy.baseDelayMs);
      return Date.now() - started + wait <= policy.maxElapsedMs;
    },
    onRetry: (retry, error, config) => {
      const started = (config as { [START]?: number })[START] ?? Date.now();
      const elapsed = Date.now() - started;
      if (elapsed >= PROGRESS_AFTER_MS) {
        process.stderr.write(progressLine(error, retry, policy.retries, elapsed));
      }
    },
  });
}
