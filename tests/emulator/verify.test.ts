/**
 * `/verify` in the Connect emulator: a real client-credentials exchange against the workspace
 * host the integration names, reached through `workspaceUrls`. The workspace here is a small
 * stand-in token endpoint that accepts one client id/secret pair and records what it got.
 */
import type { ConnectEmulator, WireIntegration } from "../../emulator";
import { workspaceBaseUrl } from "../../emulator/connect/verify";
import {
  basic,
  startWorkspaceTokenEndpoint,
  type WorkspaceTokenEndpoint,
} from "../support/workspace-token-endpoint";
import { apiClient, databricksBody, start } from "./support";

const CLIENT_ID = "sp-application-id-1";
const SECRET = "dose-CANARY-verify-secret";
const startWorkspace = () => startWorkspaceTokenEndpoint({ [CLIENT_ID]: SECRET });

const serviceAccount = (host: string, secret = SECRET) =>
  databricksBody({
    config: {
      auth_type: "Service Account",
      workspace_host: host,
      client_id: CLIENT_ID,
      client_secret: secret,
    },
  });

describe("emulator /verify", () => {
  let workspace: WorkspaceTokenEndpoint;
  let emu: ConnectEmulator;
  const HOST = "dbc-verify.cloud.databricks.com";
  beforeEach(async () => {
    workspace = await startWorkspace();
    emu = await start({ seedDefaultIntegration: false, workspaceUrls: { [HOST]: workspace.url } });
  });
  afterEach(async () => {
    await emu.close();
    await workspace.close();
  });

  test("200 {} after a client-credentials exchange with the stored id and secret", async () => {
    const api = apiClient(emu);
    const sa = (await api.post("/v1/oauth/integrations", serviceAccount(`https://${HOST}/`)))
      .data as WireIntegration;
    const res = await api.post(`/v1/oauth/integrations/${sa.guid}/verify`);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({});
    expect(workspace.seen).toEqual([
      {
        method: "POST",
        path: "/oidc/v1/token",
        authorization: basic(CLIENT_ID, SECRET),
        body: "grant_type=client_credentials&scope=all-apis",
      },
    ]);
  });

  test("a refused secret is 400 code 241 with the workspace's reason, and no secret in it", async () => {
    const api = apiClient(emu);
    const sa = (
      await api.post("/v1/oauth/integrations", serviceAccount(HOST, "wrong-CANARY-secret"))
    ).data as WireIntegration;
    const res = await api.post(`/v1/oauth/integrations/${sa.guid}/verify`);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(241);
    expect(res.data.error).toBe(
      `Unable to retrieve an OAuth token: the workspace ${HOST} refused the client credentials of ${CLIENT_ID} (HTTP 401, invalid_client: Client authentication failed)`,
    );
    expect(JSON.stringify(res.data)).not.toContain("CANARY");
    expect(JSON.stringify(emu.requests)).not.toContain("CANARY");
  });

  test("a PATCHed secret is the one the next verify uses", async () => {
    const api = apiClient(emu);
    const sa = (await api.post("/v1/oauth/integrations", serviceAccount(HOST, "old-secret")))
      .data as WireIntegration;
    expect((await api.post(`/v1/oauth/integrations/${sa.guid}/verify`)).status).toBe(400);
    await api.patch(`/v1/oauth/integrations/${sa.guid}`, { config: { client_secret: SECRET } });
    expect((await api.post(`/v1/oauth/integrations/${sa.guid}/verify`)).status).toBe(200);
  });

  test("an unreachable workspace is 400 code 241 naming the host", async () => {
    const closed = await startWorkspace();
    await closed.close();
    await emu.close();
    emu = await start({ seedDefaultIntegration: false, workspaceUrls: { [HOST]: closed.url } });
    const api = apiClient(emu);
    const sa = (await api.post("/v1/oauth/integrations", serviceAccount(HOST)))
      .data as WireIntegration;
    const res = await api.post(`/v1/oauth/integrations/${sa.guid}/verify`);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(241);
    expect(res.data.error).toBe(
      `Unable to retrieve an OAuth token: the workspace ${HOST} did not answer (ECONNREFUSED)`,
    );
  });

  test("Viewer integrations get Connect's documented 400 code 240 without any exchange", async () => {
    const api = apiClient(emu);
    const viewer = (await api.post("/v1/oauth/integrations", databricksBody()))
      .data as WireIntegration;
    const res = await api.post(`/v1/oauth/integrations/${viewer.guid}/verify`);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(240);
    expect(workspace.seen).toEqual([]);
  });

  test("workspace hosts map without scheme, slash or case; unmapped hosts use https", () => {
    const urls = { "Dbc-1.example.com": "http://127.0.0.1:9/" };
    expect(workspaceBaseUrl("https://dbc-1.example.com/", urls)).toBe("http://127.0.0.1:9");
    expect(workspaceBaseUrl("DBC-1.EXAMPLE.COM", urls)).toBe("http://127.0.0.1:9");
    expect(workspaceBaseUrl("dbc-2.example.com", urls)).toBe("https://dbc-2.example.com");
  });
});
