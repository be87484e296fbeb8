// The scene the two-emulator sign-in tests share (sign-in-emulators, sign-in-endpoints): a
// Databricks emulator with one workspace and a Connect emulator that maps the workspace's host
// to it, one viewer and one dashboard, a settable clock for both, and the calls a test makes.
import axios, { type AxiosInstance } from "axios";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { ManualClock } from "../databricks-emulator/support";

export const WORKSPACE_ID = 7001;
export const CONTENT = "0b6f3c2a-1d4e-4f5a-8b7c-9d0e1f2a3b4c";
export const VIEWER = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
export const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ADMIN_KEY = "sign-in-admin-key";
const CONTENT_KEY = "sign-in-content-key";

export interface SignInScene {
  dbx: DatabricksEmulator;
  connect: ConnectEmulator;
  clock: ManualClock;
  workspaceHost: string;
  /** The account API as its admin (a fresh token per call: tests move the clock). */
  account: AxiosInstance;
  /** Connect's API as an administrator. */
  api: AxiosInstance;
  control: AxiosInstance;
  contentKey: string;
  callback(): string;
  app(body: Record<string, unknown>): Promise<{
    client_id: string;
    client_secret?: string;
    integration_id: string;
  }>;
  /** A Databricks integration associated with the dashboard (replacing its associations). */
  integration(config: Record<string, string>, authType?: string): Promise<string>;
  exchangeAs(
    kind: "user" | "content",
    token: string,
    audience?: string,
  ): Promise<{ status: number; data: Record<string, unknown> }>;
  userToken(): Promise<string>;
  close(): Promise<void>;
}

export async function startSignInScene(): Promise<SignInScene> {
  const clock = new ManualClock(Date.now());
  const dbx = await startDatabricksEmulator({
    workspaces: [{ id: WORKSPACE_ID }],
    now: clock.now,
  });
  const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
  const workspaceHost = new URL(workspaceUrl).host;
  const connect = await startEmulator({
    adminKeys: [ADMIN_KEY],
    publisherKeys: [CONTENT_KEY],
    seedDefaultIntegration: false,
    content: [{ name: "dashboard", guid: CONTENT, appMode: "python-dash" }],
    users: [{ username: "vera", role: "viewer", guid: VIEWER }],
    workspaceUrls: { [workspaceHost]: workspaceUrl },
    now: clock.now,
  });
  const account = axios.create({
    baseURL: `${dbx.url}/api/2.0/accounts/${dbx.accountId}`,
    validateStatus: () => true,
  });
  account.interceptors.request.use((config) => {
    config.headers.Authorization = `Bearer ${dbx.issueAdminToken()}`;
    return config;
  });
  const api = axios.create({
    baseURL: `${connect.url}/__api__`,
    headers: { Authorization: `Key ${ADMIN_KEY}` },
    validateStatus: () => true,
  });
  const control = axios.create({
    baseURL: `${connect.url}/__emulator__`,
    validateStatus: () => true,
  });
  const callback = () => `${connect.url}/__oauth__/integrations/callback`;

  return {
    dbx,
    connect,
    clock,
    workspaceHost,
    account,
    api,
    control,
    contentKey: CONTENT_KEY,
    callback,
    async app(body) {
      const res = await account.post<{
        client_id: string;
        client_secret?: string;
        integration_id: string;
      }>("/oauth2/custom-app-integrations", {
        name: "posit-connect",
        redirect_urls: [callback()],
        scopes: ["all-apis", "offline_access"],
        ...body,
      });
      expect(res.status).toBe(200);
      return res.data;
    },
    async integration(config, authType = "Viewer") {
      const res = await api.post<{ guid: string }>("/v1/oauth/integrations", {
        name: `databricks ${Math.random()}`,
        template: "databricks",
        config: { auth_type: authType, workspace_host: workspaceHost, ...config },
      });
      expect(res.status).toBe(200);
      const put = await api.put(`/v1/content/${CONTENT}/oauth/integrations/associations`, [
        { oauth_integration_guid: res.data.guid },
      ]);
      expect(put.status).toBe(204);
      return res.data.guid;
    },
    /** What posit-sdk-py's get_credentials / get_content_credentials send. */
    exchangeAs(kind, token, audience) {
      const form = new URLSearchParams({
        grant_type: EXCHANGE,
        subject_token_type: `urn:posit:connect:${kind}-session-token`,
        subject_token: token,
        ...(audience ? { audience } : {}),
      });
      return axios.post<Record<string, unknown>>(
        `${connect.url}/__api__/v1/oauth/integrations/credentials`,
        form.toString(),
        {
          headers: {
            Authorization: `Key ${CONTENT_KEY}`,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          validateStatus: () => true,
        },
      );
    },
    async userToken() {
      const res = await control.post<{ token: string }>(`/content/${CONTENT}/user-session-token`, {
        user_guid: VIEWER,
      });
      expect(res.status).toBe(200);
      return res.data.token;
    },
    async close() {
      await connect.close();
      await dbx.close();
    },
  };
}
