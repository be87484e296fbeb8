/**
 * `posit-connect-https-redirects`: authorization codes and tokens travel through the redirect
 * URL, and Connect/Workbench base URLs become redirect URLs; plain http:// exposes them.
 * Mandatory. Loopback hosts are excepted, by the same rule the components apply
 * (isLoopbackHost in provider/components/args.ts).
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { isLoopbackHost } from "../provider/components/args";
import {
  CONNECT_INTEGRATION,
  CUSTOM_APP,
  OAUTH_COMPONENT,
  SERVICE_ACCOUNT_COMPONENT,
  insideComponent,
  who,
} from "./types";

/** True unless `raw` is an http(s) URL that is https:// or points at a loopback host. */
export function insecureUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return false; // not a URL at all: the components' own checks report that, with the fix
  }
  if (u.protocol === "https:") return false;
  return !(u.protocol === "http:" && isLoopbackHost(u.hostname));
}

/** `[argument, url]` pairs that carry OAuth traffic, per type. */
function urlsOf(args: ResourceValidationArgs): Array<[string, string]> {
  const p = args.props;
  const one = (k: string): Array<[string, string]> =>
    typeof p[k] === "string" ? [[k, p[k] as string]] : [];
  const list = (k: string): Array<[string, string]> =>
    Array.isArray(p[k])
      ? (p[k] as unknown[]).flatMap((v, i): Array<[string, string]> =>
          typeof v === "string" ? [[`${k}[${i}]`, v]] : [],
        )
      : [];
  switch (args.type) {
    case OAUTH_COMPONENT:
      return [...one("connectUrl"), ...one("workbenchUrl"), ...list("extraRedirectUrls")];
    case SERVICE_ACCOUNT_COMPONENT:
      return one("connectUrl");
    case CONNECT_INTEGRATION:
      return insideComponent(args) ? [] : one("connectUrl");
    case CUSTOM_APP:
      return insideComponent(args) ? [] : list("redirectUrls");
    default:
      return [];
  }
}

export const httpsRedirects: ResourceValidationPolicy = {
  name: "posit-connect-https-redirects",
  description: "Redirect URLs and Connect/Workbench URLs must use https://.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    const bad = urlsOf(args).filter(([, url]) => insecureUrl(url));
    if (bad.length === 0) return;
    const list = bad.map(([k, url]) => `${k} = "${url}"`).join(", ");
    report(
      `${who(args)} sends OAuth traffic over plain http: ${list}. Fix: use the https:// address ` +
        `of the server (http:// is accepted only for loopback addresses: localhost, 127.0.0.0/8, ::1).`,
    );
  },
};
