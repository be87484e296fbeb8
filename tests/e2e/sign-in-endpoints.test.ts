// The workspace's OAuth endpoints called directly (codes, PKCE, refresh-token rules) and the
// edges of Connect's credentials exchange, on the two-emulator scene of sign-in-scene.ts.
import axios from "axios";
import { createHash } from "node:crypto";
import { browse, loginUrl } from "../support/scripted-browser";
import {
  CONTENT,
  EXCHANGE,
  startSignInScene,
  VIEWER,
  WORKSPACE_ID,
  type SignInScene,
} from "./sign-in-scene";

describe("the workspace's OAuth endpoints and the exchange's edges", () => {
  let scene: SignInScene;
  let dbx: SignInScene["dbx"];
  let connect: SignInScene["connect"];
  let clock: SignInScene["clock"];
  let api: SignInScene["api"];
  let control: SignInScene["control"];
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
    ({ dbx, connect, clock, api, control } = scene);
  });

  afterAll(() => scene?.close());

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
    const wrongVerifier = await redeem(pub.client_id, await codeFor(pub.client_id), "x".repeat(50));
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
    const plain = await redeem(noOffline.client_id, await codeFor(noOffline.client_id, "all-apis"));
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

  it("Connect: requested_token_type api-key gets a Visitor API Key integration's key, which works", async () => {
    const created = await api.post<{ guid: string }>("/v1/oauth/integrations", {
      name: "visitor key",
      template: "connect",
      config: { max_role: "Viewer" },
    });
    expect(created.status).toBe(200);
    const guid = created.data.guid;
    const put = await api.put(`/v1/content/${CONTENT}/oauth/integrations/associations`, [
      { oauth_integration_guid: guid },
    ]);
    expect(put.status).toBe(204);
    const form = new URLSearchParams({
      grant_type: EXCHANGE,
      subject_token_type: "urn:posit:connect:user-session-token",
      subject_token: await userToken(),
      requested_token_type: "urn:posit:connect:api-key",
      audience: guid,
    });
    const res = await axios.post<{ access_token: string; issued_token_type: string }>(
      `${connect.url}/__api__/v1/oauth/integrations/credentials`,
      form.toString(),
      { headers: { Authorization: `Key ${scene.contentKey}` }, validateStatus: () => true },
    );
    expect(res.status).toBe(200);
    expect(res.data.issued_token_type).toBe("urn:posit:connect:api-key");
    const me = await axios.get(`${connect.url}/__api__/v1/user`, {
      headers: { Authorization: `Key ${res.data.access_token}` },
      validateStatus: () => true,
    });
    expect(me.status).toBe(200);
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
