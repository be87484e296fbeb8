/**
 * `/verify` in the Connect emulator: a real client-credentials exchange against the workspace
 * host the integration names, reached through `workspaceUrls`. The workspace here is a small
 * token endpoint in this file that accepts one client id/secret pair and records what it got.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectEmulator, WireIntegration } from "../../emulator";
import { workspaceBaseUrl } from "../../emulator/verify";
import { apiClient, databricksBody, start } from "./support";

const CLIENT_ID = "sp-application-id-1";
const SECRET = "dose-CANARY-verify-secret";

interface TokenRequest {
  path: string;
  authorization?: string;
  body: string;
}

async function startWorkspace(): Promise<{
  url: string;
  seen: TokenRequest[];
  close(): Promise<void>;
}> {
  const seen: TokenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ path: req.url ?? "", authorization: req.headers.authorization, body });
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString("base64")}`;
      res.setHeader("Content-Type", "application/json");
      if (
        req.method === "POST" &&
        req.url === "/oidc/v1/token" &&
        req.headers.authorization === expected
      ) {
        res.end(JSON.stringify({ access_token: "tok", token_type: "Bearer", expires_in: 3600 }));
      } else {
        res.statusCode = 401;
        res.end(
          JSON.stringify({
            error: "invalid_client",
            error_description: "Client authentication failed",
          }),
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

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
  let workspace: Awaited<ReturnType<typeof startWorkspace>>;
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
        path: "/oidc/v1/token",
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString("base64")}`,
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
