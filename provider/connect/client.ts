/**
 * Typed calls to Connect's OAuth-integrations API over axios. The provider shares one client per
 * configuration (client-cache.ts) and never captures one in state; values that differ per call,
 * such as the secrets to scrub from errors, are bound per call with `redacting()`.
 */
import axios, { AxiosError, AxiosInstance } from "axios";
import { agentsFor, httpProxyFor, TransportOptions } from "./transport";
import {
  DEFAULT_RETRY_POLICY,
  failedBeforeSending,
  installRetry,
  mayHaveApplied,
  RetryPolicy,
  schemeMismatch,
} from "./retry";
import {
  ConnectError,
  hintForForeign,
  hintForNetworkError,
  hintForRedirect,
  hintForSchemeMismatch,
  hintForStatus,
  Operation,
} from "./errors";
import { connectErrorBody, foreignAnswer, isWireIntegration, jsonBody, RawAnswer } from "./answer";
import {
  Association,
  associationFromWire,
  associationsToWire,
  ConnectContent,
  ConnectGroup,
  ConnectUser,
  contentFromWire,
  groupFromWire,
  userFromWire,
  WireAssociation,
  WireContent,
  WireGroup,
  WirePage,
  WireUser,
  fromWire,
  Integration,
  IntegrationPatch,
  IntegrationSpec,
  toCreateBody,
  toUpdateBody,
  WireIntegration,
} from "./wire";

export interface ClientOptions extends TransportOptions {
  /** Connect base URL, without `/__api__`. */
  baseUrl: string;
  apiKey: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Values to scrub from every error message, besides the API key. */
  secrets?: ReadonlyArray<string | undefined>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const API = "/__api__/v1/oauth/integrations";
const V1 = "/__api__/v1";
const SERVER_SETTINGS = "/__api__/server_settings";
// Connect's maximum page size for users and groups.
const PAGE_SIZE = 500;
const associationsPath = (contentGuid: string) =>
  `${V1}/content/${encodeURIComponent(contentGuid)}/oauth/integrations/associations`;

/** Methods whose successful answer Connect sends without a body. */
const NO_BODY_METHODS: ReadonlyArray<string> = ["DELETE", "PUT"];

export class ConnectClient {
  private readonly http: AxiosInstance;
  private readonly secrets: ReadonlyArray<string | undefined>;

  constructor(private readonly options: ClientOptions) {
    const baseURL = options.baseUrl.replace(/\/+$/, "");
    const agents = agentsFor(baseURL, options);
    const proxy = httpProxyFor(baseURL);
    this.http = axios.create({
      baseURL,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: `Key ${options.apiKey}`, Accept: "application/json" },
      httpAgent: agents.httpAgent,
      httpsAgent: agents.httpsAgent,
      // HTTPS goes through the tunnelling agent; axios handles plain-HTTP proxies itself.
      proxy: proxy ? parseProxy(proxy) : false,
      maxRedirects: 0,
    });
    installRetry(this.http, { ...DEFAULT_RETRY_POLICY, ...options.retry });
    this.secrets = [options.apiKey, ...(options.secrets ?? [])];
  }

  /**
   * This client for one call that also scrubs `secrets` from its errors. The view shares the
   * axios instance, agents and retry setup, and leaves this client untouched, so a shared
   * client never accumulates one call's secrets.
   */
  redacting(secrets: ReadonlyArray<string | undefined>): ConnectClient {
    const view = Object.create(this) as { secrets: ReadonlyArray<string | undefined> };
    view.secrets = [...this.secrets, ...secrets];
    return view as unknown as ConnectClient;
  }

  async list(): Promise<Integration[]> {
    const wire = await this.send<WireIntegration[]>(
      "lookup",
      "GET",
      API,
      undefined,
      [],
      undefined,
      {
        list: true,
      },
    );
    return (wire ?? []).map(fromWire);
  }

  /** The integration, or `undefined` when Connect says it does not exist. */
  async get(guid: string, operation: Operation = "read"): Promise<Integration | undefined> {
    const wire = await this.send<WireIntegration>(
      operation,
      "GET",
      `${API}/${encodeURIComponent(guid)}`,
      undefined,
      [404],
      undefined,
      { integration: true },
    );
    return wire ? fromWire(wire) : undefined;
  }

  async create(spec: IntegrationSpec): Promise<Integration> {
    const wire = await this.send<WireIntegration>(
      "create",
      "POST",
      API,
      toCreateBody(spec),
      [],
      undefined,
      { integration: true, required: true },
    );
    return fromWire(wire as WireIntegration);
  }

  /** The updated integration, or `undefined` when it no longer exists. */
  async update(guid: string, patch: IntegrationPatch): Promise<Integration | undefined> {
    const wire = await this.send<WireIntegration>(
      "update",
      "PATCH",
      `${API}/${encodeURIComponent(guid)}`,
      toUpdateBody(patch),
      [404],
      undefined,
      { integration: true },
    );
    return wire ? fromWire(wire) : undefined;
  }

  /** False when it was already gone. */
  async delete(guid: string): Promise<boolean> {
    const path = `${API}/${encodeURIComponent(guid)}`;
    let found = true;
    await this.send("delete", "DELETE", path, undefined, [404], () => (found = false));
    return found;
  }

  private async send<T>(
    operation: Operation,
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    path: string,
    data?: unknown,
    tolerated: number[] = [],
    onTolerated?: () => void,
    expected: { integration?: boolean; list?: boolean; required?: boolean } = {},
  ): Promise<T | undefined> {
    let answer: RawAnswer;
    try {
      // The raw text: an answer must be shown as received when it did not come from Connect.
      answer = await this.http.request<string>({
        method,
        url: path,
        data,
        transformResponse: [(raw: unknown) => raw],
      });
    } catch (e) {
      const error = e as AxiosError<unknown>;
      const response = error.response;
      // A tolerated status (404) means "gone" only when Connect itself said so.
      if (response && tolerated.includes(response.status) && connectErrorBody(response)) {
        onTolerated?.();
        return undefined;
      }
      // Rebuild instead of wrapping: axios errors carry the request headers, API key included.
      throw this.toConnectError(operation, method, path, error);
    }
    const empty = answer.data === undefined || answer.data === null || answer.data === "";
    // Only writes that answer 204 (DELETE, the association PUT) come back empty from Connect;
    // its reads, creates and updates always carry JSON. An empty 2xx there is someone else's
    // answer and must never read as "gone" or "absent" (a refresh would drop the integration and
    // the next `up` POST a duplicate).
    if (empty && !expected.required && (answer.status === 204 || NO_BODY_METHODS.includes(method)))
      return undefined;
    const json = empty ? undefined : jsonBody(answer);
    const value = json?.value;
    const fits = expected.list
      ? Array.isArray(value) && value.every(isWireIntegration)
      : expected.integration
        ? isWireIntegration(value)
        : json !== undefined;
    if (!fits) {
      throw new ConnectError(
        {
          operation,
          method,
          path,
          url: this.urlOf(path),
          status: answer.status,
          foreign: { ...foreignAnswer(answer), success: true },
          hint: hintForForeign(answer.status, operation),
          // A create that got a 2xx from something else may still have reached Connect.
          outcomeUnknown: method === "POST",
        },
        this.secrets,
      );
    }
    return value as T;
  }

  private urlOf(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, "")}${path}`;
  }

  private toConnectError(
    operation: Operation,
    method: string,
    path: string,
    error: AxiosError<unknown>,
  ): ConnectError {
    const response = error.response;
    const url = this.urlOf(path);
    const at = { operation, method, path, url };
    if (response) {
      const status = response.status;
      if (status >= 300 && status < 400) {
        const location = headerOf(response, "location");
        const target = location ? resolveAgainst(location, url) : undefined;
        return new ConnectError(
          { ...at, status, redirectTo: target, hint: hintForRedirect(target, path) },
          this.secrets,
        );
      }
      const outcomeUnknown = method === "POST" && mayHaveApplied(error);
      const body = connectErrorBody(response);
      if (!body) {
        return new ConnectError(
          {
            ...at,
            status,
            foreign: foreignAnswer(response),
            hint: hintForForeign(status, operation),
            outcomeUnknown,
          },
          this.secrets,
        );
      }
      return new ConnectError(
        {
          ...at,
          status,
          code: body.code,
          connectMessage: body.error,
          hint: hintForStatus(status, operation),
          outcomeUnknown,
        },
        this.secrets,
      );
    }
    const code = error.code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code;
    const mismatch = schemeMismatch(error);
    return new ConnectError(
      {
        ...at,
        cause: code ?? error.message,
        hint: mismatch ? hintForSchemeMismatch(url, mismatch === "tls") : hintForNetworkError(code),
        notApplied: failedBeforeSending(error),
        outcomeUnknown: method === "POST" && mayHaveApplied(error),
      },
      this.secrets,
    );
  }

  /** `GET /__api__/server_settings` `version` (how posit-sdk-py and connectapi learn it). */
  async serverVersion(operation: Operation = "read"): Promise<string | undefined> {
    const wire = await this.send<{ version?: unknown }>(operation, "GET", SERVER_SETTINGS);
    return typeof wire?.version === "string" && wire.version !== "" ? wire.version : undefined;
  }

  /** A content item's associations, or `undefined` when Connect does not know the content. */
  async contentAssociations(
    contentGuid: string,
    operation: Operation = "read",
  ): Promise<Association[] | undefined> {
    let missing = false;
    const wire = await this.send<WireAssociation[]>(
      operation,
      "GET",
      associationsPath(contentGuid),
      undefined,
      [404],
      () => (missing = true),
    );
    if (missing) return undefined;
    return (wire ?? []).map((w) => associationFromWire(w, contentGuid));
  }

  /** Replaces the content item's whole association set (Connect answers 204). */
  async setContentAssociations(
    contentGuid: string,
    integrationGuids: string[],
    operation: Operation = "update",
  ): Promise<void> {
    await this.send(
      operation,
      "PUT",
      associationsPath(contentGuid),
      associationsToWire(integrationGuids),
    );
  }

  /** Users whose username, name or email starts with `prefix` (every page). */
  async searchUsers(prefix: string): Promise<ConnectUser[]> {
    return (await this.pages<WireUser>(`${V1}/users`, prefix)).map(userFromWire);
  }

  /** Groups whose name starts with `prefix` (every page). */
  async searchGroups(prefix: string): Promise<ConnectGroup[]> {
    return (await this.pages<WireGroup>(`${V1}/groups`, prefix)).map(groupFromWire);
  }

  /** Content items with exactly this name (`GET /v1/content?name=`). */
  async contentByName(name: string): Promise<ConnectContent[]> {
    const wire = await this.send<WireContent[]>(
      "lookup",
      "GET",
      `${V1}/content?name=${encodeURIComponent(name)}`,
    );
    return (wire ?? []).map(contentFromWire);
  }

  /** The content item, or `undefined` when Connect does not know it. */
  async content(
    guid: string,
    operation: Operation = "lookup",
  ): Promise<ConnectContent | undefined> {
    const wire = await this.send<WireContent>(
      operation,
      "GET",
      `${V1}/content/${encodeURIComponent(guid)}`,
      undefined,
      [404],
    );
    return wire ? contentFromWire(wire) : undefined;
  }

  private async pages<T>(path: string, prefix: string): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; ; page++) {
      const wire = await this.send<WirePage<T>>(
        "lookup",
        "GET",
        `${path}?prefix=${encodeURIComponent(prefix)}&page_size=${PAGE_SIZE}&page_number=${page}`,
      );
      const results = wire?.results ?? [];
      all.push(...results);
      if (results.length < PAGE_SIZE || all.length >= (wire?.total ?? 0)) return all;
    }
  }

  /**
   * GUIDs of the content items associated with an integration (administrators only), or
   * `undefined` when the integration does not exist.
   */
  async integrationContent(guid: string): Promise<string[] | undefined> {
    let missing = false;
    const wire = await this.send<WireAssociation[]>(
      "lookup",
      "GET",
      `${API}/${encodeURIComponent(guid)}/associations`,
      undefined,
      [404],
      () => (missing = true),
    );
    return missing ? undefined : (wire ?? []).map((w) => w.content_guid ?? w.app_guid ?? "");
  }

  /**
   * `POST /v1/oauth/integrations/{guid}/verify` (connect-api.md §4.7): Connect performs a token
   * exchange with the stored credentials. 200 with no documented body means it worked; it
   * answers 400 (code 240) for integrations that are not "Service Account" ones.
   * @throws ConnectError when Connect could not verify, with its code and message
   */
  async verify(guid: string): Promise<void> {
    await this.send("verify", "POST", `${API}/${encodeURIComponent(guid)}/verify`);
  }
}

function headerOf(response: RawAnswer, name: string): string | undefined {
  const headers = response.headers as
    { get?: (n: string) => unknown; [n: string]: unknown } | undefined;
  const value = typeof headers?.get === "function" ? headers.get(name) : headers?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An absolute URL for a Location header, without any credentials it might carry. */
function resolveAgainst(location: string, base: string): string {
  try {
    const u = new URL(location, base);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return location;
  }
}

function parseProxy(proxy: string): {
  protocol: string;
  host: string;
  port: number;
  auth?: { username: string; password: string };
} {
  const u = new URL(proxy);
  return {
    protocol: u.protocol.replace(":", ""),
    host: u.hostname,
    port: Number(u.port || (u.protocol === "https:" ? 443 : 80)),
    auth: u.username
      ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) }
      : undefined,
  };
}
