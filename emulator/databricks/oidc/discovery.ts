/**
 * OAuth authorization-server metadata (RFC 8414) under each OIDC endpoint, the document the Go
 * SDK (inside the real Terraform/Pulumi provider, from v0.123) and the Python SDK read to find the
 * token URL: `GET <host>/.well-known/databricks-config` → `oidc_endpoint`, then
 * `GET {oidc_endpoint}/.well-known/oauth-authorization-server` → `token_endpoint`
 * (databricks-sdk-go `config/config.go` ~L551/L716/L810, `credentials/u2m/endpoint_supplier.go`;
 * databricks-sdk-py `config.py` ~L321/L535/L667). Both SDKs read only `authorization_endpoint`
 * and `token_endpoint`; the other fields are RFC 8414's and match what the endpoints here accept
 * (inferred: the real documents are not published field by field).
 *
 * - account host: `/oidc/accounts/{account_id}/.well-known/oauth-authorization-server`
 * - workspace host: `/oidc/.well-known/oauth-authorization-server`
 */
import { ok, type Handler, type HandlerContext } from "../handlers";

/** `scheme://host` as the client reached us: the Host header, and https behind TLS. */
export function publicOrigin(ctx: Pick<HandlerContext, "headers" | "settings">): string {
  const host = typeof ctx.headers.host === "string" ? ctx.headers.host : "127.0.0.1";
  return `${ctx.settings.scheme}://${host}`;
}

/** The account's OIDC endpoint (the `oidc_endpoint` of the host metadata). */
export function accountOidcEndpoint(ctx: Pick<HandlerContext, "headers" | "settings" | "store">) {
  return `${publicOrigin(ctx)}/oidc/accounts/${ctx.store.accountId}`;
}

function metadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/v1/authorize`,
    token_endpoint: `${issuer}/v1/token`,
    jwks_uri: `${issuer}/v1/keys`,
    response_types_supported: ["code"],
    grant_types_supported: ["client_credentials", "authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    scopes_supported: ["all-apis", "offline_access", "openid", "email", "profile", "sql"],
  };
}

export const accountDiscovery: Handler = (ctx) => ok(metadata(accountOidcEndpoint(ctx)));

export const workspaceDiscovery: Handler = (ctx) => ok(metadata(`${publicOrigin(ctx)}/oidc`));
