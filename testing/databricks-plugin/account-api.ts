/**
 * HTTP to the Databricks account API at `databricks:host`, authenticated like the Databricks
 * SDKs' OAuth M2M flow: `POST {token_endpoint}` (found as the Go SDK finds it: host metadata →
 * OIDC discovery document, token-discovery.ts; `{host}/oidc/accounts/{account_id}/v1/token`) with
 * `grant_type=client_credentials&scope=all-apis` and the client id/secret as HTTP Basic auth
 * (databricks-sdk-go config/auth_m2m.go, AuthStyleInHeader; databricks-api.md §1). The bearer
 * token is reused until shortly before it expires. 429 and 503 are retried with backoff,
 * honouring Retry-After, within `retryTimeoutSeconds` (sdk-go retries the same two).
 * Nothing here logs, and no error message carries a request body, header or secret.
 */
import axios, { AxiosError, type AxiosInstance, type Method } from "axios";
import axiosRetry, { exponentialDelay, retryAfter } from "axios-retry";
import type { ProviderSettings } from "./provider-config";
import { discoverTokenEndpoint } from "./token-discovery";

export class DatabricksApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errorCode: string | undefined,
  ) {
    super(message);
    this.name = "DatabricksApiError";
  }
}

export const isNotFound = (e: unknown): boolean =>
  e instanceof DatabricksApiError && e.status === 404;

const RETRY_STATUSES: readonly number[] = [429, 503];

/** `{error_code, message}`, SCIM `{scimType, detail}` or plain `CODE: message`, as one line. */
function describe(e: AxiosError): { text: string; code?: string } {
  const data = e.response?.data;
  if (data && typeof data === "object") {
    const d = data as {
      error_code?: unknown;
      message?: unknown;
      error?: unknown;
      error_description?: unknown;
      detail?: unknown;
      scimType?: unknown;
    };
    // SCIM errors (RFC 7644 §3.12) carry `detail` and `scimType`, not error_code/message; the
    // real provider's messages show the detail (terraform-provider-databricks scim/scim.go).
    const code = d.error_code ?? d.error ?? d.scimType;
    const message = d.message ?? d.error_description ?? d.detail;
    if (code !== undefined || message !== undefined) {
      return {
        text: [code, message]
          .filter((x) => x !== undefined)
          .map(String)
          .join(": "),
        code: code === undefined ? undefined : String(code),
      };
    }
  }
  if (typeof data === "string" && data.trim() !== "") return { text: data.trim().slice(0, 500) };
  return { text: e.response ? `HTTP ${e.response.status}` : (e.code ?? e.message) };
}

export class AccountApi {
  private readonly http: AxiosInstance;
  private token?: { value: string; renewAt: number };
  private pendingToken?: Promise<string>;
  private tokenEndpoint?: string;

  constructor(private readonly settings: ProviderSettings) {
    this.http = axios.create({
      baseURL: settings.host,
      timeout: settings.httpTimeoutSeconds * 1000,
      // Non-2xx answers become errors that the retry and error mapping below see.
      validateStatus: (s) => s >= 200 && s < 300,
      headers: { Accept: "application/json", "User-Agent": "pulumi-resource-databricks-standin" },
    });
    const started = new WeakMap<object, number>();
    axiosRetry(this.http, {
      retries: 50,
      retryCondition: (e) => {
        const status = e.response?.status;
        if (status === undefined || !RETRY_STATUSES.includes(status)) return false;
        const first = started.get(e.config ?? {}) ?? Date.now();
        return Date.now() - first < settings.retryTimeoutSeconds * 1000;
      },
      retryDelay: (count, e) =>
        Math.max(retryAfter(e), Math.min(10_000, exponentialDelay(count, e, 100))),
      onRetry: (_count, _e, config) => {
        if (!started.has(config)) started.set(config, Date.now());
      },
    });
  }

  get accountPath(): string {
    return `/api/2.0/accounts/${encodeURIComponent(this.settings.accountId)}`;
  }

  private async fetchToken(): Promise<string> {
    let path = `${this.settings.host} (OIDC discovery)`;
    try {
      this.tokenEndpoint ??= await discoverTokenEndpoint(
        this.http,
        this.settings.host,
        this.settings.accountId,
      );
      path = this.tokenEndpoint;
      const res = await this.http.post<{ access_token?: string; expires_in?: number }>(
        path,
        new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }).toString(),
        {
          auth: { username: this.settings.clientId, password: this.settings.clientSecret },
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        },
      );
      const { access_token: value, expires_in: ttl } = res.data;
      if (typeof value !== "string" || value === "") {
        throw new DatabricksApiError(
          `OAuth token endpoint ${path} returned no access_token`,
          res.status,
          undefined,
        );
      }
      const ttlMs = (typeof ttl === "number" && ttl > 0 ? ttl : 3600) * 1000;
      // Renew early so a token never expires between being read here and arriving at the server.
      this.token = { value, renewAt: Date.now() + ttlMs - Math.min(60_000, ttlMs / 2) };
      return value;
    } catch (e) {
      if (e instanceof DatabricksApiError) throw e;
      if (!axios.isAxiosError(e)) {
        throw new DatabricksApiError(
          `OAuth M2M login at ${this.settings.host} failed: ${(e as Error).message}`,
          undefined,
          undefined,
        );
      }
      const err = e as AxiosError;
      const { text, code } = describe(err);
      const hint =
        err.response?.status === 401 || err.response?.status === 400
          ? " Check databricks:clientId and databricks:clientSecret (or DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET): they must belong to an account-admin service principal of account databricks:accountId."
          : "";
      throw new DatabricksApiError(
        `OAuth M2M token request to ${path} failed: ${text}.${hint}`,
        err.response?.status,
        code,
      );
    }
  }

  private async bearer(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    // One token request at a time, however many resources ask at once.
    this.pendingToken ??= this.fetchToken().finally(() => (this.pendingToken = undefined));
    return this.pendingToken;
  }

  /** A JSON request to a path under the account API; returns the parsed body. */
  async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<T> {
    const token = await this.bearer();
    try {
      const res = await this.http.request<T>({
        method,
        url: path,
        params: query,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
      });
      return res.data;
    } catch (e) {
      const err = e as AxiosError;
      const { text, code } = describe(err);
      throw new DatabricksApiError(
        `${method.toUpperCase()} ${this.settings.host}${path}: ${err.response?.status ?? "no answer"} ${text}`,
        err.response?.status,
        code,
      );
    }
  }
}
