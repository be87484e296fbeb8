import { mkdtempSync, rmSync, statSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, databricksBody, start } from "./support";

describe("emulator state file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "emu-state-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("integrations, secrets, associations and ids survive a restart", async () => {
    const stateFile = join(dir, "state.json");
    const first = await start({ stateFile });
    const api = apiClient(first);
    const created = (await api.post("/v1/oauth/integrations", databricksBody())).data;
    await api.put("/v1/content/c1/oauth/integrations/associations", [
      { oauth_integration_guid: created.guid },
    ]);
    const before = first.integrations();
    await first.close();
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(stateFile, "utf8")).version).toBe(1);

    const second = await start({ stateFile });
    try {
      expect(second.integrations()).toEqual(before);
      expect(second.secretsOf(created.guid)).toEqual({ client_secret: "s3cr3t-value" });
      const api2 = apiClient(second);
      const assoc = (await api2.get("/v1/content/c1/oauth/integrations/associations")).data;
      expect(
        assoc.map((a: { oauth_integration_guid: string }) => a.oauth_integration_guid),
      ).toEqual([created.guid]);
      const next = (await api2.post("/v1/oauth/integrations", databricksBody())).data;
      expect(next.id).toBe("3"); // 1 = seeded default, 2 = first create
    } finally {
      await second.close();
    }
  });

  test("out-of-band changes are saved too", async () => {
    const stateFile = join(dir, "state.json");
    const emu = await start({ stateFile, seedDefaultIntegration: false });
    const { guid } = (await apiClient(emu).post("/v1/oauth/integrations", databricksBody())).data;
    emu.tamper(guid, { name: "tampered" });
    await emu.close();
    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    expect(saved.integrations[0].name).toBe("tampered");
  });
});
