/** The state file round-trip, and that no secret reaches the state file, snapshot or request log. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axios from "axios";
import { DEFAULT_ACCOUNT_ID, DEFAULT_ADMIN } from "../../emulator/databricks";
import createRequest from "../fixtures/databricks/create-request.confidential.json";
import { accountClient, accountTokenUrl, start, tokenRequest } from "./support";

const PATH = "/oauth2/custom-app-integrations";
const SPS = "/scim/v2/ServicePrincipals";

describe("state file and redaction", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dbx-emu-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("state survives a restart: apps, SPs, secrets, assignments and issued tokens", async () => {
    const stateFile = join(dir, "state.json");
    const first = await start({ stateFile });
    const api = await accountClient(first);
    const { data: app } = await api.post(PATH, createRequest);
    const { data: sp } = await api.post(SPS, { displayName: "kept" });
    const { data: secret } = await api.post(`/servicePrincipals/${sp.id}/credentials/secrets`, {});
    await api.put(
      `/workspaces/${first.workspaces[0].id}/permissionassignments/principals/${sp.id}`,
      {
        permissions: ["USER"],
      },
    );
    const before = first.snapshot();
    await first.close();

    const text = readFileSync(stateFile, "utf8");
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    for (const plain of [app.client_secret, secret.secret, DEFAULT_ADMIN.clientSecret]) {
      expect(text).not.toContain(plain);
    }

    const second = await start({ stateFile });
    try {
      expect(second.snapshot()).toEqual(before);
      expect(second.checkClientSecret(app.client_id, app.client_secret)).toBe(true);
      expect(second.checkClientSecret(sp.applicationId, secret.secret)).toBe(true);
      // The admin's token from before the restart still works (tokens persist as hashes).
      const sameToken = api.defaults.headers.Authorization as string;
      const res = await axios.get(`${second.url}/api/2.0/accounts/${second.accountId}${PATH}`, {
        headers: { Authorization: sameToken },
      });
      expect(res.data.apps.map((a: { integration_id: string }) => a.integration_id)).toEqual([
        app.integration_id,
      ]);
      const ws = await tokenRequest(`${second.workspaces[0].url}/oidc/v1/token`, {
        clientId: sp.applicationId,
        clientSecret: secret.secret,
      });
      expect(ws.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  test("a state file of another account or format is refused with a clear error", async () => {
    const stateFile = join(dir, "other.json");
    const other = await start({ stateFile, accountId: "11111111-1111-4111-8111-111111111111" });
    await other.close();
    await expect(start({ stateFile })).rejects.toThrow(
      `holds account 11111111-1111-4111-8111-111111111111, not ${DEFAULT_ACCOUNT_ID}`,
    );
    const junk = join(dir, "junk.json");
    writeFileSync(junk, JSON.stringify({ version: 9 }));
    await expect(start({ stateFile: junk })).rejects.toThrow(
      "is not a Databricks emulator state file",
    );
  });

  test("secrets never appear in the request log or snapshot, whatever the body form", async () => {
    const emu = await start({ admin: { clientId: "admin-id", clientSecret: "canary-admin-1" } });
    try {
      const api = await accountClient(emu);
      const { data: app } = await api.post(PATH, createRequest);
      const { data: sp } = await api.post(SPS, { displayName: "x" });
      const { data: s } = await api.post(`/servicePrincipals/${sp.id}/credentials/secrets`, {});
      await tokenRequest(
        accountTokenUrl(emu),
        { clientId: sp.applicationId, clientSecret: s.secret },
        "form",
      );
      await tokenRequest(accountTokenUrl(emu), emu.admin, "form");
      // Malformed bodies that still carry secrets.
      await axios.post(
        accountTokenUrl(emu),
        `client_id=a&client_secret=canary-form-2&grant_type=x%`,
        {
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          validateStatus: () => true,
        },
      );
      await api.post(PATH, '{"client_secret": "canary-json-3", ', {
        headers: { "Content-Type": "application/json" },
        transformRequest: [(d: unknown) => d],
      });
      const log = JSON.stringify(emu.requests);
      const snap = JSON.stringify(emu.snapshot());
      for (const secret of [
        app.client_secret,
        s.secret,
        "canary-admin-1",
        "canary-form-2",
        "canary-json-3",
      ]) {
        expect(log).not.toContain(secret);
        expect(snap).not.toContain(secret);
      }
      // Bearer tokens are not logged either.
      expect(log).not.toContain((api.defaults.headers.Authorization as string).slice(7));
      expect(log).toContain("[redacted]");
    } finally {
      await emu.close();
    }
  });
});
