/** Shared helpers for the emulator tests: a started emulator and an axios client against it. */
import axios, { type AxiosInstance } from "axios";
import { startEmulator, type ConnectEmulator, type EmulatorOptions } from "../../emulator";

export const ADMIN_KEY = "admin-key-123";
export const PUBLISHER_KEY = "publisher-key-456";

/** Content GUIDs the emulator tests associate integrations with (associations need known content). */
export const TEST_CONTENT = [
  "f2f37341-e21d-3d80-c698-a935ad614066",
  "12345678",
  "other",
  "c1",
  "abc",
];

export function start(options: EmulatorOptions = {}): Promise<ConnectEmulator> {
  return startEmulator({
    adminKeys: [ADMIN_KEY],
    publisherKeys: [PUBLISHER_KEY],
    content: TEST_CONTENT.map((guid) => ({ guid, name: `app-${guid}`, appMode: "python-dash" })),
    ...options,
  });
}

/** axios on `<url>/__api__` that never throws on HTTP status. */
export function apiClient(
  emulator: ConnectEmulator,
  key: string | null = ADMIN_KEY,
): AxiosInstance {
  return axios.create({
    baseURL: `${emulator.url}/__api__`,
    headers: key === null ? {} : { Authorization: `Key ${key}` },
    validateStatus: () => true,
  });
}

/** axios on `<url>/__emulator__` (control surface, no auth). */
export function controlClient(emulator: ConnectEmulator): AxiosInstance {
  return axios.create({ baseURL: `${emulator.url}/__emulator__`, validateStatus: () => true });
}

export const databricksBody = (overrides: Record<string, unknown> = {}) => ({
  template: "databricks",
  name: "Databricks Prod",
  description: "Workspace SSO",
  config: {
    auth_mode: "Confidential",
    auth_type: "Viewer",
    workspace_host: "https://dbc-1234.cloud.databricks.com",
    client_id: "client-abc",
    client_secret: "s3cr3t-value",
    scopes: "all-apis offline_access",
  },
  ...overrides,
});

/** Polls (no fixed sleep) until `check` holds; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("waitFor: condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A JSON error body as Connect sends it. */
export const connectError = (code: number, error: string) => ({ code, error, payload: null });
