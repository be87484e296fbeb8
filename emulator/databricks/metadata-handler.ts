/**
 * `GET /.well-known/databricks-config`: host metadata (databricks-sdk-go `config/host_metadata.go`
 * HostMetadata) so SDKs >= v0.126 treat a loopback URL as an account host (databricks-api.md §7.7).
 */
import { ok, type Handler } from "./handlers";
import { accountOidcEndpoint } from "./oidc/discovery";

export const hostMetadata: Handler = (ctx) =>
  ok({
    host_type: "ACCOUNT_HOST",
    account_id: ctx.store.accountId,
    cloud: "AWS",
    // https behind TLS: the SDK then fetches the discovery document from exactly this URL.
    oidc_endpoint: accountOidcEndpoint(ctx),
  });
