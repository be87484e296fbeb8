/**
 * One `ConnectClient` per effective configuration (URL, API key, timeout, TLS, proxy), built
 * once per provider process and reused by every call with that configuration: its axios
 * instance, retry interceptors and keep-alive agents are set up once, not per call. Values that
 * differ per call (the secrets to scrub from errors) are bound per call with
 * `ConnectClient.redacting`, never stored in the shared client.
 *
 * The cache lives on `globalThis`, like the agents in transport.ts: a module-level Map would be
 * serialized into `__provider` (as an empty plain object) wherever this module is captured by
 * value, while a global looked up at call time is the provider host's own. It is keyed by the
 * `ConnectClient` class too, so two copies of the package in one process never share clients.
 */
import { createHash } from "crypto";
import { getProxyForUrl } from "proxy-from-env";
import { ConnectClient } from "./client";
import type { TransportOptions } from "./transport";

export interface ClientConfiguration extends TransportOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

const CACHE_SYMBOL_NAME = "pulumi-posit-connect.clients";
// A host serves one stack, so a handful of configurations at most; the bound only keeps a
// long-lived process (Automation API) that cycles keys or servers from growing without end.
const MAX_CLIENTS = 32;

type ClientCache = WeakMap<typeof ConnectClient, Map<string, ConnectClient>>;

function cacheFor(cls: typeof ConnectClient): Map<string, ConnectClient> {
  const g = globalThis as unknown as Record<symbol, ClientCache | undefined>;
  const key = Symbol.for(CACHE_SYMBOL_NAME);
  let byClass = g[key];
  if (!byClass) {
    byClass = new WeakMap();
    g[key] = byClass;
  }
  let clients = byClass.get(cls);
  if (!clients) {
    clients = new Map();
    byClass.set(cls, clients);
  }
  return clients;
}

const digest = (value: string): string => createHash("sha256").update(value).digest("hex");

/** Everything a client is built from. Credentials enter only as digests. */
function keyOf(c: ClientConfiguration): string {
  const baseUrl = c.baseUrl.replace(/\/+$/, "");
  return JSON.stringify([
    baseUrl,
    digest(c.apiKey),
    c.timeoutMs ?? null,
    c.caCertificate ? digest(c.caCertificate) : null,
    c.dangerouslyDisableTlsVerification === true,
    // The proxy is chosen from the environment when the client is built; a change must not
    // keep sending through the old one.
    getProxyForUrl(baseUrl) || null,
    c.caCertificate ? (process.env.NODE_EXTRA_CA_CERTS ?? null) : null,
  ]);
}

/** The shared client for this configuration, built on first use. */
export function connectClientFor(configuration: ClientConfiguration): ConnectClient {
  const clients = cacheFor(ConnectClient);
  const key = keyOf(configuration);
  const cached = clients.get(key);
  if (cached) return cached;
  const client = new ConnectClient({ ...configuration });
  if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
  clients.set(key, client);
  return client;
}
