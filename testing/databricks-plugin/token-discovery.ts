/**
 * The token URL, found the way the real provider's Go SDK finds it rather than built here
 * (databricks-sdk-go `config/host_metadata.go` and `config/oauth_endpoints.go`
 * getAccountEndpoints; docs/emulators.md "go-sdk-discovery"): `GET {host}/.well-known/databricks-config`
 * → `oidc_endpoint`, then `GET {oidc_endpoint}/.well-known/oauth-authorization-server` →
 * `token_endpoint`. A host without the metadata document (404) falls back to the account OIDC
 * endpoint `{host}/oidc/accounts/{account_id}`, as SDKs before host metadata did.
 */
import type { AxiosInstance } from "axios";

const METADATA_PATH = "/.well-known/databricks-config";
const DISCOVERY_SUFFIX = "/.well-known/oauth-authorization-server";

function stringField(data: unknown, field: string): string | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * @returns the absolute `token_endpoint` URL
 * @throws Error naming the document that lacked what the walk needs
 */
export async function discoverTokenEndpoint(
  http: AxiosInstance,
  host: string,
  accountId: string,
): Promise<string> {
  const base = host.replace(/\/+$/, "");
  let oidcEndpoint = `${base}/oidc/accounts/${encodeURIComponent(accountId)}`;
  const metadata = await http.get(METADATA_PATH, { validateStatus: () => true });
  if (metadata.status >= 200 && metadata.status < 300) {
    const advertised = stringField(metadata.data, "oidc_endpoint");
    if (!advertised) {
      throw new Error(`${base}${METADATA_PATH} answered without an oidc_endpoint`);
    }
    oidcEndpoint = advertised.replace(/\/+$/, "");
  } else if (metadata.status !== 404) {
    throw new Error(`${base}${METADATA_PATH} answered HTTP ${metadata.status}`);
  }
  const discoveryUrl = `${oidcEndpoint}${DISCOVERY_SUFFIX}`;
  const discovery = await http.get(discoveryUrl);
  const tokenEndpoint = stringField(discovery.data, "token_endpoint");
  if (!tokenEndpoint) throw new Error(`${discoveryUrl} answered without a token_endpoint`);
  return tokenEndpoint;
}
