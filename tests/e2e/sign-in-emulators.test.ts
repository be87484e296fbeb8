// Sign-in through both emulators, without the engine: a Databricks custom app and a Connect
// integration made over the two APIs, a viewer signed in by the scripted browser, content
// exchanging its session tokens for Databricks tokens. Each case checks what a real system
// would answer; the engine scenarios (sign-in.test.ts) take the same paths after `pulumi up`.
import { browse, loginUrl } from "../support/scripted-browser";
import { CONTENT, startSignInScene, VIEWER, WORKSPACE_ID, type SignInScene } from "./sign-in-scene";

describe("viewer sign-in and credentials exchange through both emulators", () => {
  let scene: SignInScene;
  let dbx: SignInScene["dbx"];
  let connect: SignInScene["connect"];
  let clock: SignInScene["clock"];
  let api: SignInScene["api"];
  let control: SignInScene["control"];
  let account: SignInScene["account"];
  let workspaceHost = "";
  const viewer = VIEWER;
  const callback = () => scene.callback();
  const app = (body: Record<string, unknown>) => scene.app(body);
  const integration = (config: Record<string, string>, authType?: string) =>
    scene.integration(config, authType);
  const exchangeAs = (kind: "user" | "content", token: string, audience?: string) =>
    scene.exchangeAs(kind, token, audience);
  const userToken = () => scene.userToken();

  beforeAll(async () => {
    scene = await startSignInScene();
    ({ dbx, connect, clock, api, control, account, workspaceHost } = scene);
  });

  afterAll(() => scene?.close());

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
});
