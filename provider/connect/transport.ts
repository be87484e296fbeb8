/**
 * HTTP agents for talking to Connect: keep-alive, custom CA, proxies.
 *
 * Agents are cached per process on `globalThis` (not in a module variable) because this module
 * is serialized into the dynamic provider: a module-level cache would be captured at program
 * time, while a global lookup is resolved afresh in the provider host, so every resource the
 * host serves reuses the same TCP connections.
 */
// Named imports, not `import * as`: older Pulumi SDKs serialize the `__importStar` wrapper of a
// builtin by value and fail, while a plain `require("fs")` binding is emitted as a require.
import { readFileSync } from "fs";
import { Agent as HttpAgent } from "http";
import { Agent as HttpsAgent, type AgentOptions } from "https";
import { checkServerIdentity, connect as tlsConnect, rootCertificates } from "tls";
import { isIP } from "net";
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
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

// The symbol itself is made at call time: a module-level Symbol does not survive Pulumi's
// closure serializer (it becomes a plain object; tests/host/serialized-closure-bugs.test.ts).
const CACHE_SYMBOL_NAME = "pulumi-posit-connect.agents";
// Enough for the engine's default parallelism without opening a socket per resource.
const MAX_SOCKETS = 16;

type AgentCache = Map<string, Agents>;

function cache(): AgentCache {
  const g = globalThis as unknown as Record<symbol, AgentCache | undefined>;
  const key = Symbol.for(CACHE_SYMBOL_NAME);
  let c = g[key];
  if (!c) {
    c = new Map();
    g[key] = c;
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

  const tlsOptions: AgentOptions = {
    keepAlive: true,
    maxSockets: MAX_SOCKETS,
    rejectUnauthorized: options.dangerouslyDisableTlsVerification !== true,
  };
  if (options.caCertificate) {
    // Giving `ca` replaces Node's whole trust store, NODE_EXTRA_CA_CERTS included, so that file
    // is added back: a corporate CA set machine-wide must keep working next to this one.
    tlsOptions.ca = [...rootCertificates, ...extraCaCertificates(), options.caCertificate];
  }
  const agents: Agents = {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    httpsAgent: proxy
      ? tunnellingAgent(proxy, tlsOptions, new URL(url).hostname)
      : new HttpsAgent(tlsOptions),
  };
  cache().set(key, agents);
  return agents;
}

/**
 * An agent that tunnels HTTPS through `proxy` and verifies Connect's certificate with
 * `tlsOptions`. https-proxy-agent 7 uses its constructor options only for the connection to the
 * proxy and resets `this.options` (which Node merges into each request), so without this the
 * custom CA and the verification switch would silently not apply behind a proxy
 * (tests/reliability/tls-proxy.test.ts).
 */
function tunnellingAgent(
  proxy: string,
  tlsOptions: AgentOptions,
  hostname: string,
): HttpsProxyAgent<string> {
  const agent = new HttpsProxyAgent(proxy, tlsOptions);
  const target: AgentOptions = {
    rejectUnauthorized: tlsOptions.rejectUnauthorized,
    // The tunnelled TLS connection is opened without `host`, so Node would check the
    // certificate against "localhost" for an IP address; this agent serves one origin only.
    checkServerIdentity: (_host, cert) =>
      checkServerIdentity(hostname.replace(/^\[|\]$/g, ""), cert),
  };
  if (tlsOptions.ca) target.ca = tlsOptions.ca;
  const withOptions = agent as unknown as { options: Record<string, unknown> };
  withOptions.options = { ...withOptions.options, ...target };
  return agent;
}

/** True when a proxy should carry plain-HTTP requests to `url` (axios does that natively). */
export function httpProxyFor(url: string): string | undefined {
  return url.startsWith("http:") ? getProxyForUrl(url) || undefined : undefined;
}

/** The PEM file NODE_EXTRA_CA_CERTS names, as Node itself would read it (missing file: none). */
function extraCaCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, "utf8")];
  } catch {
    return [];
  }
}

/**
 * True when the server behind `url` completes a TLS handshake. Only the handshake: no request,
 * no credential, and the certificate is not judged (this tells the schemes apart, nothing more).
 */
export function speaksTls(url: string, timeoutMs = 3_000): Promise<boolean> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port: Number(u.port || (u.protocol === "https:" ? 443 : 80)),
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    // The socket's own idle timer: a closure over a local timer variable does not survive
    // Pulumi's closure serializer.
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("secureConnect", () => done(true));
    socket.once("error", () => done(false));
  });
}
