/**
 * HTTP agents for talking to Connect: keep-alive, custom CA, proxies.
 *
 * Agents are cached per process on `globalThis` (not in a module variable) because this module
 * is serialized into the dynamic provider: a module-level cache would be captured at program
 * time, while a global lookup is resolved afresh in the provider host, so every resource the
 * host serves reuses the same TCP connections.
 */
import * as http from "http";
import * as https from "https";
import * as tls from "tls";
import { createHash } from "crypto";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";

export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), added to Node's defaults. */
  caCertificate?: string;
  /** Turns certificate verification off. Only for throwaway test servers. */
  dangerouslyDisableTlsVerification?: boolean;
}

export interface Agents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

const CACHE_KEY = Symbol.for("pulumi-posit-connect.agents");
// Enough for the engine's default parallelism without opening a socket per resource.
const MAX_SOCKETS = 16;

type AgentCache = Map<string, Agents>;

function cache(): AgentCache {
  const g = globalThis as unknown as Record<symbol, AgentCache | undefined>;
  let c = g[CACHE_KEY];
  if (!c) {
    c = new Map();
    g[CACHE_KEY] = c;
  }
  return c;
}

/** Agents for requests to `url`, honouring HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
export function agentsFor(url: string, options: TransportOptions): Agents {
  const proxy = getProxyForUrl(url) || undefined;
  const ca = options.caCertificate
    ? createHash("sha256").update(options.caCertificate).digest("hex")
    : "";
  const key = [
    new URL(url).origin,
    proxy ?? "",
    ca,
    options.dangerouslyDisableTlsVerification ? "insecure" : "",
  ].join("|");
  const existing = cache().get(key);
  if (existing) return existing;

  const tlsOptions: https.AgentOptions = {
    keepAlive: true,
    maxSockets: MAX_SOCKETS,
    rejectUnauthorized: options.dangerouslyDisableTlsVerification !== true,
  };
  if (options.caCertificate) {
    tlsOptions.ca = [...tls.rootCertificates, options.caCertificate];
  }
  const agents: Agents = {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    httpsAgent: proxy ? new HttpsProxyAgent(proxy, tlsOptions) : new https.Agent(tlsOptions),
  };
  cache().set(key, agents);
  return agents;
}

/** True when a proxy should carry plain-HTTP requests to `url` (axios does that natively). */
export function httpProxyFor(url: string): string | undefined {
  return url.startsWith("http:") ? getProxyForUrl(url) || undefined : undefined;
}
