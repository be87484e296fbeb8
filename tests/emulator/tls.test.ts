import * as https from "node:https";
import axios from "axios";
import type { ConnectEmulator } from "../../emulator";
import { makePki, type TestPki } from "../../scripts/reliability/tls-fixtures";
import { ADMIN_KEY, databricksBody, start } from "./support";

describe("emulator over TLS", () => {
  let emu: ConnectEmulator;
  let cert: string;
  let pki: TestPki;
  let agent: https.Agent;
  beforeAll(async () => {
    pki = makePki();
    cert = pki.caPem;
    emu = await start({
      tls: { key: pki.serverKey, cert: pki.serverCert },
      seedDefaultIntegration: false,
    });
    agent = new https.Agent({ ca: cert, keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent.destroy();
    await emu.close();
    pki.dispose();
  });

  test("serves https:// and works with the certificate as CA", async () => {
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const api = axios.create({
      baseURL: `${emu.url}/__api__`,
      httpsAgent: agent,
      headers: { Authorization: `Key ${ADMIN_KEY}` },
      validateStatus: () => true,
    });
    const created = await api.post("/v1/oauth/integrations", databricksBody());
    expect(created.status).toBe(200);
    expect((await api.get(`/v1/oauth/integrations/${created.data.guid}`)).data).toEqual(
      created.data,
    );
    // Keep-alive over TLS: both requests on the one TLS connection.
    expect(emu.connectionsOpened).toBe(1);
    expect(emu.requests.map((r) => r.connection)).toEqual([1, 1]);
  });

  test("a client that does not trust the certificate is refused", async () => {
    await expect(axios.get(`${emu.url}/__api__/v1/oauth/integrations`)).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/),
    });
  });
});
