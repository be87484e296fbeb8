/**
 * A small read-only client of the Databricks account API, for `doctor` and for the expiry
 * record of `DatabricksConnectOAuth`: an OAuth M2M token
 * (client credentials at the account's token endpoint), then GETs of custom apps, service
 * principals and their secrets. Wire shapes become plain facts here, in one place; the client
 * secret goes only into the token request and is scrubbed from every error.
 */
import axios, { type AxiosInstance } from "axios";
import * as http from "node:http";
import * as https from "node:https";

/**
 * A few requests per run: fresh connections, so a pooled socket the server already closed
 * (Node's default agent keeps sockets alive) never fails a read with ECONNRESET.
 */
const AGENTS = {
  httpAgent: new http.Agent({ keepAlive: false }),
  httpsAgent: new https.Agent({ keepAlive: false }),
};

export interface DatabricksCredentials {
  /** Account host, e.g. https://accounts.cloud.databricks.com. */
  host: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

export interface DatabricksApp {
  integrationId: string;
  clientId: string;
  name?: string;
  confidential: boolean;
  redirectUrls: string[];
  scopes: string[];
  /** RFC 3339, when the account API reports it. */
  clientSecretExpireTime?: string;
}

export interface DatabricksPrincipal {
  id: string;
  applicationId: string;
  active: boolean;
}

export interface DatabricksSecretInfo {
  expireTime?: string;
  status?: string;
}

/** Raised when the account cannot be read at all (unreachable, rejected credentials). */
export class DatabricksReadError extends Error {}

export class DatabricksReadClient {
  private http?: AxiosInstance;

  constructor(private readonly creds: DatabricksCredentials) {}

  private fail(what: string, e: unknown): DatabricksReadError {
    const status = axios.isAxiosError(e) ? e.response?.status : undefined;
    const reason =
      status === 401 || status === 403
        ? `the account rejected the credentials (HTTP ${status}); check DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET and that the principal is an account admin`
        : status !== undefined
          ? `HTTP ${status}`
          : `cannot reach ${this.creds.host} (${axios.isAxiosError(e) ? (e.code ?? e.message) : String(e)})`;
    const text = `Databricks ${what}: ${reason}`.split(this.creds.clientSecret).join("[secret]");
    return new DatabricksReadError(text);
  }

  private async api(): Promise<AxiosInstance> {
    if (this.http) return this.http;
    const host = this.creds.host.replace(/\/+$/, "");
    const form = new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" });
    let token: string;
    try {
      const res = await axios.post<{ access_token?: string }>(
        `${host}/oidc/accounts/${encodeURIComponent(this.creds.accountId)}/v1/token`,
        form.toString(),
        {
          auth: { username: this.creds.clientId, password: this.creds.clientSecret },
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          timeout: this.creds.timeoutMs ?? 30_000,
          ...AGENTS,
        },
      );
      token = res.data.access_token ?? "";
    } catch (e) {
      throw this.fail("token request", e);
    }
    this.http = axios.create({
      baseURL: `${host}/api/2.0/accounts/${encodeURIComponent(this.creds.accountId)}`,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      timeout: this.creds.timeoutMs ?? 30_000,
      ...AGENTS,
    });
    return this.http;
  }

  private async get<T>(what: string, path: string, params?: Record<string, string>): Promise<T> {
    const http = await this.api();
    try {
      return (await http.get<T>(path, { params })).data;
    } catch (e) {
      throw this.fail(what, e);
    }
  }

  /** Every custom OAuth app of the account (all pages). */
  async apps(): Promise<DatabricksApp[]> {
    const all: DatabricksApp[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.get<{ apps?: WireApp[]; next_page_token?: string }>(
        "custom app list",
        "/oauth2/custom-app-integrations",
        { page_size: "100", ...(pageToken ? { page_token: pageToken } : {}) },
      );
      all.push(...(page.apps ?? []).map(appFromWire));
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return all;
  }

  /** One custom app, or `undefined` when the account has none with this integration id. */
  async app(integrationId: string): Promise<DatabricksApp | undefined> {
    const http = await this.api();
    try {
      const res = await http.get<WireApp>(
        `/oauth2/custom-app-integrations/${encodeURIComponent(integrationId)}`,
        { validateStatus: (s) => s === 200 || s === 404 },
      );
      return res.status === 404 ? undefined : appFromWire(res.data);
    } catch (e) {
      throw this.fail("custom app read", e);
    }
  }

  /** The service principal with this application id, or `undefined`. */
  async principal(applicationId: string): Promise<DatabricksPrincipal | undefined> {
    const found = await this.get<{ Resources?: WirePrincipal[] }>(
      "service principal lookup",
      "/scim/v2/ServicePrincipals",
      { filter: `applicationId eq "${applicationId.replace(/"/g, "")}"` },
    );
    const sp = (found.Resources ?? []).find((r) => r.applicationId === applicationId);
    return sp && { id: sp.id, applicationId: sp.applicationId, active: sp.active !== false };
  }

  /** The principal's OAuth secrets as the account lists them (never their values). */
  async secrets(principalId: string): Promise<DatabricksSecretInfo[]> {
    const all: DatabricksSecretInfo[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.get<{ secrets?: WireSecret[]; next_page_token?: string }>(
        "secret list",
        `/servicePrincipals/${encodeURIComponent(principalId)}/credentials/secrets`,
        pageToken ? { page_token: pageToken } : undefined,
      );
      all.push(
        ...(page.secrets ?? []).map((s) => ({ expireTime: s.expire_time, status: s.status })),
      );
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return all;
  }
}

interface WireApp {
  integration_id: string;
  client_id: string;
  name?: string;
  confidential?: boolean;
  redirect_urls?: string[];
  scopes?: string[];
  client_secret_expire_time?: string;
}
interface WirePrincipal {
  id: string;
  applicationId: string;
  active?: boolean;
}
interface WireSecret {
  expire_time?: string;
  status?: string;
}

function appFromWire(w: WireApp): DatabricksApp {
  return {
    integrationId: w.integration_id,
    clientId: w.client_id,
    name: w.name,
    confidential: w.confidential === true,
    redirectUrls: w.redirect_urls ?? [],
    scopes: w.scopes ?? [],
    ...(w.client_secret_expire_time ? { clientSecretExpireTime: w.client_secret_expire_time } : {}),
  };
}
