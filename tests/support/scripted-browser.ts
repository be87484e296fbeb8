/**
 * A scripted browser for sign-in tests: a plain HTTP client that follows redirects the way a
 * browser does (302/303 → GET the Location), with no real browser. It goes only to loopback
 * addresses: a redirect anywhere else (a workspace host that was never mapped to an emulator,
 * `https://https://…` from a host saved with a scheme) ends the walk with a message saying
 * where the viewer would have been sent, which is what a real viewer would see fail.
 */

export interface BrowserHop {
  url: string;
  status: number;
}

export interface BrowserPage {
  /** Where the walk ended and what that page answered. */
  url: string;
  status: number;
  body: string;
  /** Every request made, in order. */
  hops: BrowserHop[];
}

/** Thrown when a redirect leads off this machine or loops. */
export class BrowserNavigationError extends Error {
  constructor(
    message: string,
    readonly hops: BrowserHop[],
  ) {
    super(message);
    this.name = "BrowserNavigationError";
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;
const MAX_HOPS = 10;

function reachable(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && LOOPBACK.test(u.hostname);
  } catch {
    return false;
  }
}

/** Opens `url` and follows redirects until a page that is not a redirect. */
export async function browse(url: string): Promise<BrowserPage> {
  const hops: BrowserHop[] = [];
  let current = url;
  for (let i = 0; i < MAX_HOPS; i++) {
    if (!reachable(current)) {
      throw new BrowserNavigationError(
        `the browser was sent to ${current}, which is not a reachable web address` +
          (hops.length > 0 ? ` (redirected from ${hops[hops.length - 1].url})` : ""),
        hops,
      );
    }
    const res = await fetch(current, { redirect: "manual", signal: AbortSignal.timeout(15_000) });
    hops.push({ url: current, status: res.status });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      current = new URL(location, current).toString();
      continue;
    }
    return { url: current, status: res.status, body: await res.text(), hops };
  }
  throw new BrowserNavigationError(`more than ${MAX_HOPS} redirects from ${url}`, hops);
}

/** The URL a viewer opens to sign in to a Connect integration. */
export function loginUrl(connectUrl: string, integrationGuid: string, userGuid: string): string {
  const q = new URLSearchParams({ user_guid: userGuid });
  return `${connectUrl}/__oauth__/integrations/${encodeURIComponent(integrationGuid)}/login?${q}`;
}
