// Sign-in through both emulators, without the engine: a Databricks custom app and a Connect
// integration made over the two APIs, a viewer signed in by the scripted browser, content
// exchanging its session tokens for Databricks tokens. Each case checks what a real system
// would answer; the engine scenarios (sign-in.test.ts) reuse these paths after `pulumi up`.
import axios, { type AxiosInstance } from "axios";
import { createHash } from "node:crypto";
import { startEmulator, type ConnectEmulator } from "../../emulator";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import { ManualClock } from "../databricks-emulator/support";
import { browse, loginUrl } from "../support/scripted-browser";

const WORKSPACE_ID = 7001;
const ADMIN_KEY = "sign-in-admin-key";
const CONTENT_KEY = "sign-in-content-key";
const CONTENT = "0b6f3c2a-1d4e-4f5a-8b7c-9d0e1f2a3b4c";
const VIEWER = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

describe("viewer sign-in and credentials exchange through both emulators", () => {
  let dbx: DatabricksEmulator;
  let connect: ConnectEmulator;
  let clock: ManualClock;
  let account: AxiosInstance;
  let api: AxiosInstance;
  let control: AxiosInstance;
  let workspaceHost = "";
  const viewer = VIEWER;

  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    dbx = await startDatabricksEmulator({ workspaces: [{ id: WORKSPACE_ID }], now: clock.now });
    const workspaceUrl = dbx.workspaceUrl(WORKSPACE_ID);
    workspaceHost = new URL(workspaceUrl).host;
    connect = await startEmulator({
      adminKeys: [ADMIN_KEY],
      publisherKeys: [CONTENT_KEY],
      seedDefaultIntegration: false,
      content: [{ name: "dashboard", guid: CONTENT, appMode: "python-dash" }],
      users: [{ username: "vera", role: "viewer", guid: VIEWER }],
      workspaceUrls: { [workspaceHost]: workspaceUrl },
      now: clock.now,
    });
    account = axios.create({
      baseURL: `${dbx.url}/api/2.0/accounts/${dbx.accountId}`,
      validateStatus: () => true,
    });
    // A fresh admin token per call: the tests move the clock past token lifetimes.
    account.interceptors.request.use((config) => {
      config.headers.Authorization = `Bearer ${dbx.issueAdminToken()}`;
      return config;
    });
    api = axios.create({
      baseURL: `${connect.url}/__api__`,
      headers: { Authorization: `Key ${ADMIN_KEY}` },
      validateStatus: () => true,
    });
    control = axios.create({ baseURL: `${connect.url}/__emulator__`, validateStatus: () => true });
  });

  afterAll(async () => {
    await connect?.close();
    await dbx?.close();
  });

  const callback = () => `${connect.url}/__oauth__/integrations/callback`;

  async function app(body: Record<string, unknown>) {
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
  }

  async function integration(config: Record<string, string>, authType = "Viewer") {
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
  }

  async function exchangeAs(subjectType: "user" | "content", token: string, audience?: string) {
    const form = new URLSearchParams({
      grant_type: EXCHANGE,
      subject_token_type: `urn:posit:connect:${subjectType}-session-token`,
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
  }

  async function userToken(): Promise<string> {
    const res = await control.post<{ token: string }>(`/content/${CONTENT}/user-session-token`, {
      user_guid: viewer,
    });
    expect(res.status).toBe(200);
    return res.data.token;
  }

  it("confidential app: the browser signs in, content gets a token, refresh happens behind the scenes", async () => {
    const created = await app({
      confidential: true,
      token_access_policy: { access_token_ttl_in_minutes: 15 },
    });
    const guid = await integration({
      client_id: created.client_id,
      client_secret: created.client_secret!,
    });

    const page = await browse(loginUrl(connect.url, guid, viewer));
    expect(page.status).toBe(200);
    expect(page.hops.map((h) => new URL(h.url).pathname)).toEqual([
      `/__oauth__/integrations/${guid}/login`,
      "/oidc/v1/authorize",
      "/__oauth__/integrations/callback",
    ]);
    const session = JSON.parse(page.body) as Record<string, unknown>;
    expect(session).toMatchObject({
      user_guid: viewer,
      oauth_integration_guid: guid,
      has_refresh_token: true,
    });

    const sessions = await api.get<unknown[]>("/v1/oauth/sessions");
    expect(sessions.data).toEqual([session]);
    expect((await api.get(`/v1/oauth/sessions/${session.guid as string}`)).data).toEqual(session);

    const first = await exchangeAs("user", await userToken(), guid);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: 15 * 60,
    });
    const token = first.data.access_token as string;
    expect(token).toMatch(/^dapi-emu-/);

    // The access token expires: Connect refreshes it at the workspace on the next exchange.
    clock.advance(16 * 60);
    dbx.clearRequests();
    const second = await exchangeAs("user", await userToken());
    expect(second.status).toBe(200);
    expect(second.data.access_token).not.toBe(token);
    expect(dbx.requests.map((r) => [r.route, r.body])).toEqual([
      ["workspace.token", expect.objectContaining({ grant_type: "refresh_token" })],
    ]);
  });

  it("public app (PKCE, no secret) signs in; a confidential app without its secret does not", async () => {
    const pub = await app({ confidential: false });
    const guid = await integration({ client_id: pub.client_id, auth_mode: "Public" });
    const page = await browse(loginUrl(connect.url, guid, viewer));
    expect(page.status).toBe(200);
    const res = await exchangeAs("user", await userToken(), guid);
    expect(res.status).toBe(200);

    // The same public app given a secret is refused, as Databricks refuses it.
    const conf = await app({ confidential: true });
    const wrong = await integration({
      client_id: pub.client_id,
      client_secret: conf.client_secret!,
    });
    const refused = await browse(loginUrl(connect.url, wrong, viewer));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({
      code: 241,
      error: expect.stringMatching(
        /invalid_client: .*public client and must not send a client_secret/,
      ),
    });
  });

  it("planted misconfigurations fail the sign-in with the message an admin would see", async () => {
    const created = await app({ confidential: true });
    // Redirect URL not registered on the app.
    dbx.tamperCustomAppIntegration(created.integration_id, {
      redirect_urls: ["https://connect.example.org/__oauth__/integrations/callback"],
    });
    const guid = await integration({
      client_id: created.client_id,
      client_secret: created.client_secret!,
    });
    const noRedirect = await browse(loginUrl(connect.url, guid, viewer));
    expect(noRedirect.status).toBe(400);
    expect(JSON.parse(noRedirect.body)).toEqual({
      error: "invalid_request",
      error_description: `redirect_uri '${callback()}' not registered for OAuth application '${created.client_id}'`,
    });
    dbx.tamperCustomAppIntegration(created.integration_id, { redirect_urls: [callback()] });

    // Unknown client id.
    const badId = await integration({ client_id: "no-such-client", client_secret: "x" });
    const unknown = await browse(loginUrl(connect.url, badId, viewer));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringContaining("client_id: 'no-such-client' not available"),
    });

    // Wrong secret: the authorize step passes, the code redemption fails.
    const badSecret = await integration({ client_id: created.client_id, client_secret: "stale" });
    const stale = await browse(loginUrl(connect.url, badSecret, viewer));
    expect(stale.status).toBe(400);
    expect(JSON.parse(stale.body).error).toMatch(
      /invalid_client: Client authentication failed: wrong client_secret/,
    );

    // A workspace host saved with a scheme: Connect builds https://https://…, which goes nowhere.
    const schemed = await integration({
      client_id: created.client_id,
      client_secret: created.client_secret!,
      workspace_host: `https://${workspaceHost}`,
    });
    await expect(browse(loginUrl(connect.url, schemed, viewer))).rejects.toThrow(
      new RegExp(`the browser was sent to https://https//${workspaceHost}/oidc/v1/authorize\\?`),
    );
  });

  it("service account: a content-session token gets a client-credentials token from the workspace", async () => {
    const sp = await account.post<{ id: string; applicationId: string }>(
      "/scim/v2/ServicePrincipals",
      {
        displayName: "connect-sa",
        active: true,
      },
    );
    expect(sp.status).toBe(201);
    const secret = await account.post<{ secret: string }>(
      `/servicePrincipals/${sp.data.id}/credentials/secrets`,
      {},
    );
    const assigned = await account.put(
      `/workspaces/${WORKSPACE_ID}/permissionassignments/principals/${sp.data.id}`,
      { permissions: ["USER"] },
    );
    expect(assigned.status).toBe(200);
    const guid = await integration(
      { client_id: sp.data.applicationId, client_secret: secret.data.secret },
      "Service Account",
    );
    const token = await control.post<{ token: string }>(
      `/content/${CONTENT}/content-session-token`,
    );
    dbx.clearRequests();
    const res = await exchangeAs("content", token.data.token, guid);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(dbx.requests.map((r) => [r.route, r.clientId, r.status])).toEqual([
      ["workspace.token", sp.data.applicationId, 200],
    ]);

    // The control surface signs a viewer in without a browser; the session is a real one.
    const pub = await app({ confidential: false });
    const viewerGuid = await integration({ client_id: pub.client_id, auth_mode: "Public" });
    const made = await control.post("/sessions", {
      user_guid: viewer,
      integration_guid: viewerGuid,
    });
    expect(made.status).toBe(200);
    expect(made.data).toMatchObject({ user_guid: viewer, oauth_integration_guid: viewerGuid });
    const user = await exchangeAs("user", await userToken(), viewerGuid);
    expect(user.status).toBe(200);
  });

  describe("the workspace's OAuth endpoints, called directly", () => {
    const verifier = "a-pkce-verifier-of-enough-length-0123456789-abcdefghij";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const token = (form: Record<string, string>, auth?: string) =>
      axios.post<Record<string, string | number>>(
        `${dbx.workspaceUrl(WORKSPACE_ID)}/oidc/v1/token`,
        new URLSearchParams(form).toString(),
        {
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            ...(auth ? { Authorization: auth } : {}),
          },
          validateStatus: () => true,
        },
      );
    const codeFor = async (clientId: string, scope = "all-apis offline_access") => {
      const q = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: callback(),
        scope,
        state: "s1",
        code_challenge: challenge,
        code_challenge_method: "S256",
      });
      const res = await fetch(`${dbx.workspaceUrl(WORKSPACE_ID)}/oidc/v1/authorize?${q}`, {
        redirect: "manual",
      });
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get("location")!);
      expect(back.searchParams.get("state")).toBe("s1");
      return back.searchParams.get("code")!;
    };
    const redeem = (clientId: string, code: string, codeVerifier = verifier) =>
      token({
        grant_type: "authorization_code",
        client_id: clientId,
        code,
        redirect_uri: callback(),
        code_verifier: codeVerifier,
      });

    it("a code is single-use and bound to its PKCE verifier", async () => {
      const pub = await app({ confidential: false });
      const wrongVerifier = await redeem(
        pub.client_id,
        await codeFor(pub.client_id),
        "x".repeat(50),
      );
      expect(wrongVerifier.status).toBe(400);
      expect(wrongVerifier.data).toEqual({
        error: "invalid_grant",
        error_description: "code_verifier does not match the code_challenge",
      });
      const code = await codeFor(pub.client_id);
      expect((await redeem(pub.client_id, code)).status).toBe(200);
      const again = await redeem(pub.client_id, code);
      expect(again.status).toBe(400);
      expect(again.data.error).toBe("invalid_grant");
    });

    it("refresh tokens: only with offline_access, single-use when the app says so, until their TTL", async () => {
      const noOffline = await app({ confidential: false, scopes: ["all-apis"] });
      const plain = await redeem(
        noOffline.client_id,
        await codeFor(noOffline.client_id, "all-apis"),
      );
      expect(plain.status).toBe(200);
      expect(plain.data.refresh_token).toBeUndefined();

      const rotating = await app({
        confidential: false,
        token_access_policy: {
          access_token_ttl_in_minutes: 10,
          refresh_token_ttl_in_minutes: 60,
          enable_single_use_refresh_tokens: true,
        },
      });
      const first = await redeem(rotating.client_id, await codeFor(rotating.client_id));
      expect(first.data).toMatchObject({ expires_in: 600, refresh_token: expect.any(String) });
      const refresh = (rt: string) =>
        token({ grant_type: "refresh_token", client_id: rotating.client_id, refresh_token: rt });
      const second = await refresh(first.data.refresh_token as string);
      expect(second.status).toBe(200);
      expect(second.data.refresh_token).not.toBe(first.data.refresh_token);
      const reused = await refresh(first.data.refresh_token as string);
      expect(reused.status).toBe(400);
      expect(reused.data).toEqual({
        error: "invalid_request",
        error_description: "Refresh token is invalid",
      });
      clock.advance(61 * 60);
      expect((await refresh(second.data.refresh_token as string)).data.error_description).toBe(
        "Refresh token is invalid",
      );
    });

    it("Connect: an expired viewer token without a refresh token means signing in again", async () => {
      const noOffline = await app({ confidential: true, scopes: ["all-apis"] });
      const guid = await integration({
        client_id: noOffline.client_id,
        client_secret: noOffline.client_secret!,
        scopes: "all-apis",
      });
      expect((await browse(loginUrl(connect.url, guid, viewer))).status).toBe(200);
      expect((await exchangeAs("user", await userToken(), guid)).status).toBe(200);
      clock.advance(61 * 60);
      const expired = await exchangeAs("user", await userToken(), guid);
      expect(expired.status).toBe(400);
      expect(expired.data).toMatchObject({
        code: 241,
        error: expect.stringContaining("the viewer must sign in again"),
      });
    });

    it("Connect: the exchange needs an API key, a POST and a known session token", async () => {
      const url = `${connect.url}/__api__/v1/oauth/integrations/credentials`;
      expect((await axios.get(url, { validateStatus: () => true })).status).toBe(405);
      const anonymous = await axios.post(url, "grant_type=x", { validateStatus: () => true });
      expect(anonymous.status).toBe(401);
      const forged = await exchangeAs("user", "ust-forged");
      expect(forged.status).toBe(401);
      const noAudience = await exchangeAs(
        "content",
        (await control.post<{ token: string }>(`/content/${CONTENT}/content-session-token`)).data
          .token,
      );
      expect(noAudience.status).toBe(400);
    });
  });
});
