/**
 * Service Account verification in the lifecycle, against the Connect emulator whose `/verify`
 * does a real client-credentials exchange with a stand-in workspace token endpoint.
 */
import { startEmulator, ConnectEmulator } from "../../emulator";
import { OAuthIntegrationProvider } from "../../provider";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "../../provider";
import {
  startWorkspaceTokenEndpoint,
  type WorkspaceTokenEndpoint,
} from "../support/workspace-token-endpoint";

const ADMIN = "canary-admin-key-v3r1";
const CLIENT_ID = "7d0e0c2a-0000-4000-8000-00000000c1d1";
const SECRET = "dose-CANARY-sa-secret-1";
const NEW_SECRET = "dose-CANARY-sa-secret-2";

let workspace: WorkspaceTokenEndpoint;
let emulator: ConnectEmulator;
let provider: OAuthIntegrationProvider;

beforeAll(async () => {
  workspace = await startWorkspaceTokenEndpoint();
  emulator = await startEmulator({
    adminKeys: [ADMIN],
    seedDefaultIntegration: false,
    workspaceUrls: { [workspace.host]: workspace.url },
  });
  provider = new OAuthIntegrationProvider();
  await provider.configure({
    config: { get: (k: string) => (k === "posit-connect:apiKey" ? ADMIN : undefined) },
  });
});
afterAll(async () => {
  await emulator.close();
  await workspace.close();
});
beforeEach(() => {
  emulator.reset();
  workspace.seen.length = 0;
  workspace.accepted.clear();
  workspace.accepted.set(CLIENT_ID, SECRET);
});

async function checked(news: Record<string, unknown>): Promise<OAuthIntegrationInputs> {
  const { inputs, failures } = await provider.check(
    {} as OAuthIntegrationInputs,
    news as unknown as OAuthIntegrationInputs,
  );
  expect(failures).toEqual([]);
  return inputs;
}

const serviceAccount = (extra: Record<string, unknown> = {}) => ({
  connectUrl: emulator.url,
  name: "Databricks reports",
  template: "databricks",
  authType: "Service Account",
  config: { workspace_host: workspace.host, client_id: CLIENT_ID },
  clientSecret: SECRET,
  ...extra,
});

const routes = () => emulator.requests.map((r) => `${r.method} ${r.route} ${r.status}`);

/** The error the lifecycle throws, with the engine-facing fields the dynamic host reads. */
async function failure(
  p: Promise<unknown>,
): Promise<Error & { id?: string; properties?: OAuthIntegrationOutputs; reasons?: string[] }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { id?: string; properties?: OAuthIntegrationOutputs; reasons?: string[] };
  }
  throw new Error("expected a failure");
}

describe("create", () => {
  it("POSTs, then verifies, and records verified: true", async () => {
    const { id, outs } = await provider.create(await checked(serviceAccount()));
    expect(routes()).toEqual(["POST create 200", "POST verify 200"]);
    expect(emulator.requests[1].path).toBe(`/__api__/v1/oauth/integrations/${id}/verify`);
    expect(outs.verified).toBe(true);
    expect(workspace.seen).toHaveLength(1);
  });

  it("verify: false skips the call and records verified: false", async () => {
    const { outs } = await provider.create(await checked(serviceAccount({ verify: false })));
    expect(routes()).toEqual(["POST create 200"]);
    expect(outs.verified).toBe(false);
  });

  it("Viewer integrations are never verified and carry no verified output", async () => {
    const { outs } = await provider.create(
      await checked({ ...serviceAccount(), authType: "Viewer" }),
    );
    expect(routes()).toEqual(["POST create 200"]);
    expect(outs).not.toHaveProperty("verified");
  });

  it("a refused secret fails with Connect's message, what to check, and the id for the engine", async () => {
    workspace.accepted.clear();
    const inputs = await checked({ ...serviceAccount(), __provider: "serialized-provider-text" });
    const e = await failure(provider.create(inputs));
    const guid = emulator.integrations()[0].guid;
    expect(e.message).toBe(
      `Connect could not verify Service Account integration "Databricks reports" (${guid}): ` +
        `Connect said: Unable to retrieve an OAuth token: the workspace ${workspace.host} refused the client credentials of ${CLIENT_ID} (HTTP 401, invalid_client: Client authentication failed). ` +
        `Check that (1) service principal ${CLIENT_ID} is assigned to the workspace ${workspace.host} (give workspaceId, or assign it in the account console under Workspaces > Permissions); ` +
        `(2) its OAuth secret has not expired or been deleted (see secretExpireTime; change rotationKey to issue a new one); ` +
        `(3) workspace_host names that workspace. ` +
        "The integration keeps its settings; run `pulumi up` again after fixing this, or set verify: false to skip verification.",
    );
    // Recorded in state (not orphaned), marked unverified, provider text kept for later steps.
    expect(e.id).toBe(guid);
    expect(e.properties).toMatchObject({ guid, verified: false });
    expect((e.properties as unknown as Record<string, unknown>).__provider).toBe(
      "serialized-provider-text",
    );
    expect(e.reasons).toEqual([e.message]);
    expect(JSON.stringify({ m: e.message, r: e.reasons })).not.toContain("CANARY");
  });
});

describe("update", () => {
  async function created(): Promise<{ id: string; outs: OAuthIntegrationOutputs }> {
    const result = await provider.create(await checked(serviceAccount()));
    emulator.clearRequests();
    workspace.seen.length = 0;
    return result;
  }

  it("a new secret is one PATCH on the same guid, then a verify with the new secret", async () => {
    const { id, outs } = await created();
    workspace.accepted.set(CLIENT_ID, NEW_SECRET);
    const news = await checked(serviceAccount({ clientSecret: NEW_SECRET }));
    const { outs: after } = await provider.update(id, outs, news);
    expect(routes()).toEqual(["PATCH update 200", "POST verify 200"]);
    expect(emulator.requests[0].path).toBe(`/__api__/v1/oauth/integrations/${id}`);
    expect(emulator.secretsOf(id)).toEqual({ client_secret: NEW_SECRET });
    expect(after.verified).toBe(true);
    expect(after.guid).toBe(id);
  });

  it("a name-only change is not verified again", async () => {
    const { id, outs } = await created();
    const { outs: after } = await provider.update(
      id,
      outs,
      await checked(serviceAccount({ name: "Renamed" })),
    );
    expect(routes()).toEqual(["PATCH update 200"]);
    expect(after.verified).toBe(true);
  });

  it("after a failed verification, diff reports a change and update verifies without a PATCH", async () => {
    workspace.accepted.clear();
    const e = await failure(provider.create(await checked(serviceAccount())));
    const olds = e.properties!;
    const news = await checked(serviceAccount());
    expect((await provider.diff(olds.guid, olds, news)).changes).toBe(true);
    workspace.accepted.set(CLIENT_ID, SECRET);
    emulator.clearRequests();
    const { outs } = await provider.update(olds.guid, olds, news);
    expect(routes()).toEqual(["POST verify 200"]);
    expect(outs.verified).toBe(true);
    expect((await provider.diff(outs.guid, outs, news)).changes).toBe(false);
  });

  it("an update whose verification fails still records the new state, unverified", async () => {
    const { id, outs } = await created();
    const news = await checked(serviceAccount({ clientSecret: NEW_SECRET }));
    const e = await failure(provider.update(id, outs, news));
    expect(routes()).toEqual(["PATCH update 200", "POST verify 400"]);
    expect(e.id).toBe(id);
    expect(e.properties).toMatchObject({ verified: false, clientSecret: NEW_SECRET });
  });
});

describe("check", () => {
  it("rejects a verify that is not a boolean", async () => {
    const { failures } = await provider.check(
      {} as OAuthIntegrationInputs,
      serviceAccount({ verify: "yes" }) as unknown as OAuthIntegrationInputs,
    );
    expect(failures).toEqual([{ property: "verify", reason: 'must be true or false; got "yes"' }]);
  });
});
