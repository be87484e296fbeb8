import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axios from "axios";
import type { ConnectEmulator } from "../../emulator";
import { ADMIN_KEY, databricksBody, start } from "./support";

function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "emu-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("emulator over TLS", () => {
  let emu: ConnectEmulator;
  let cert: string;
  let agent: https.Agent;
  beforeAll(async () => {
    const pair = selfSignedCert();
    cert = pair.cert;
    emu = await start({ tls: pair, seedDefaultIntegration: false });
    agent = new https.Agent({ ca: cert, keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent.destroy();
    await emu.close();
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
