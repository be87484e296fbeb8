/**
 * The Databricks emulator as the official SDKs expect to reach it: over TLS with a test CA, on an
 * account host *name*. The JS SDK (`@databricks/sdk-experimental` 0.17.0) recognises an account
 * host only when the URL starts with `https://accounts.` (`config/Config.js` isAccountClient /
 * hostType ~L101-118) and `fixHost` forces `https://` (~L162-171), so a bare `127.0.0.1` cannot
 * be an account host. Instead of editing /etc/hosts, an https.Agent with a custom `lookup`
 * resolves that one name to 127.0.0.1 and trusts the test CA; nothing leaves loopback.
 */
import * as dns from "node:dns";
import * as https from "node:https";
import type { LookupFunction } from "node:net";
import axios, { type AxiosInstance } from "axios";
import { makePki, type TestPki } from "../../scripts/reliability/tls-fixtures";
import { startDatabricksEmulator, type DatabricksEmulator } from "../../emulator/databricks";
import type { DatabricksEmulatorOptions } from "../../emulator/databricks";

/** A reserved name (RFC 2606 `.test`) that no resolver answers; only our lookup knows it. */
export const ACCOUNT_HOST = "accounts.emulator.test";

export interface SdkHost {
  emulator: DatabricksEmulator;
  pki: TestPki;
  /** `https://accounts.emulator.test:<port>` */
  host: string;
  /** Resolves {@link ACCOUNT_HOST} to 127.0.0.1 and trusts the test CA. */
  agent: https.Agent;
  /** axios on {@link host} through {@link agent}; never throws on status. */
  http: AxiosInstance;
  /** Stops the emulator, removes the PKI and gives https.globalAgent back its options. */
  close(): Promise<void>;
}

const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== ACCOUNT_HOST) {
    dns.lookup(hostname, options, callback);
    return;
  }
  if (options.all) {
    (callback as (e: null, a: dns.LookupAddress[]) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  } else {
    callback(null, "127.0.0.1", 4);
  }
};

export async function startSdkHost(options: DatabricksEmulatorOptions = {}): Promise<SdkHost> {
  const pki = makePki([ACCOUNT_HOST]);
  const emulator = await startDatabricksEmulator({
    ...options,
    tls: { key: pki.serverKey, cert: pki.serverCert },
  });
  const port = new URL(emulator.url).port;
  const host = `https://${ACCOUNT_HOST}:${port}`;
  const agent = new https.Agent({ ca: pki.caPem, lookup: loopbackLookup, keepAlive: false });
  // SDK bug (0.17.0): the OAuth token request goes through `fetch.js` with no agent
  // (`config/oauth/Client.js` ~L77 `this.fetch(tokenEndpoint, requestOptions)`), i.e. through
  // https.globalAgent, ignoring the agent given to the client; so the global agent gets the same
  // CA and lookup for the life of the host (restored by close).
  const restore = borrowGlobalAgent(pki.caPem);
  return {
    emulator,
    pki,
    host,
    agent,
    http: axios.create({ baseURL: host, httpsAgent: agent, validateStatus: () => true }),
    close: async () => {
      restore();
      agent.destroy();
      await emulator.close();
      pki.dispose();
    },
  };
}

/** Gives https.globalAgent the test CA and lookup; returns the undo. */
function borrowGlobalAgent(caPem: string): () => void {
  const options = https.globalAgent.options as https.AgentOptions;
  const saved = { ca: options.ca, lookup: options.lookup };
  options.ca = caPem;
  options.lookup = loopbackLookup;
  return () => {
    options.ca = saved.ca;
    options.lookup = saved.lookup;
  };
}
