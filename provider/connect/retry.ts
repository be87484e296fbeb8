/**
 * When a failed Connect request is worth sending again. The loop itself is axios-retry's;
 * this file only decides, in the spirit of octokit's plugin-retry and the Databricks SDK's
 * retrier: bounded attempts, exponential backoff with jitter, `Retry-After` honoured, and never
 * a repeat that could apply a change twice.
 */
import type { AxiosError, AxiosInstance } from "axios";
import axiosRetry, { exponentialDelay, retryAfter } from "axios-retry";

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
// Connect answers these before doing anything, so any request may be repeated.
const NOT_APPLIED_STATUSES: readonly number[] = [429, 503];
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

/** True when nothing reached Connect: safe to resend even a create. */
export function surelyNotApplied(error: AxiosError): boolean {
  if (error.response) return NOT_APPLIED_STATUSES.includes(error.response.status);
  return error.code !== undefined && NOT_SENT_CODES.includes(error.code);
}

/** True when a create may have been applied although it failed: the answer, not the request, was lost. */
export function mayHaveApplied(error: AxiosError): boolean {
  if (error.response) return MAYBE_APPLIED_STATUSES.includes(error.response.status);
  return (
    !surelyNotApplied(error) && !/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? "")
  );
}

export function isRetryable(error: AxiosError): boolean {
  if (surelyNotApplied(error)) return true;
  const method = (error.config?.method ?? "get").toLowerCase();
  if (!IDEMPOTENT_METHODS.includes(method)) return false;
  if (error.response) return MAYBE_APPLIED_STATUSES.includes(error.response.status);
  // No response: reset, timeout, TLS handshake cut short. TLS verification failures are final.
  return !/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? "");
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
  });
}
