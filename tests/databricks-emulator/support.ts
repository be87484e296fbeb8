/** Shared helpers for the Databricks emulator tests: a started emulator and clients against it. */
import axios, { type AxiosInstance } from "axios";
import {
  startDatabricksEmulator,
  type DatabricksEmulator,
  type DatabricksEmulatorOptions,
} from "../../emulator/databricks";

/** A clock tests move by hand, so expiry is tested without sleeping. */
export class ManualClock {
  constructor(public ms = Date.parse("2026-09-01T10:00:00.000Z")) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export function start(options: DatabricksEmulatorOptions = {}): Promise<DatabricksEmulator> {
  return startDatabricksEmulator(options);
}

/** axios that never throws on HTTP status. */
export function raw(baseURL: string): AxiosInstance {
  return axios.create({ baseURL, validateStatus: () => true });
}

/** RFC 6749 §2.3.1 Basic credentials (form-urlencoded, then base64), as golang oauth2 sends them. */
export function basic(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`).toString("base64")}`;
}

/** POSTs a client-credentials token request to `url` (account or workspace token endpoint). */
export async function tokenRequest(
  url: string,
  creds: { clientId: string; clientSecret: string },
  how: "basic" | "form" = "basic",
  extra: Record<string, string> = {},
) {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    scope: "all-apis",
    ...extra,
  });
  if (how === "form") {
    form.set("client_id", creds.clientId);
    form.set("client_secret", creds.clientSecret);
  }
  return axios.post(url, form.toString(), {
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(how === "basic" ? { Authorization: basic(creds.clientId, creds.clientSecret) } : {}),
    },
    validateStatus: () => true,
  });
}

export const accountTokenUrl = (emu: DatabricksEmulator) =>
  `${emu.url}/oidc/accounts/${emu.accountId}/v1/token`;

/** Gets an account token with the given (default: admin) credentials. */
export async function accountToken(
  emu: DatabricksEmulator,
  creds: { clientId: string; clientSecret: string } = emu.admin,
): Promise<string> {
  const res = await tokenRequest(accountTokenUrl(emu), creds);
  if (res.status !== 200)
    throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data.access_token as string;
}

/** axios on `<url>/api/2.0/accounts/<account_id>` with an admin bearer token; never throws on status. */
export async function accountClient(
  emu: DatabricksEmulator,
  token?: string,
): Promise<AxiosInstance> {
  const bearer = token ?? (await accountToken(emu));
  return axios.create({
    baseURL: `${emu.url}/api/2.0/accounts/${emu.accountId}`,
    headers: { Authorization: `Bearer ${bearer}` },
    validateStatus: () => true,
  });
}

/** axios on `<url>/__emulator__` (control surface, no auth). */
export function controlClient(emu: DatabricksEmulator): AxiosInstance {
  return raw(`${emu.url}/__emulator__`);
}

/** A JSON value's keys and value types (recursively, first array item), to compare shapes with fixtures. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !k.startsWith("_"))
        .map(([k, v]) => [k, shapeOf(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  }
  return typeof value;
}
