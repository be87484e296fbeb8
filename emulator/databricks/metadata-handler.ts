/**
 * `GET /.well-known/databricks-config`: host metadata (databricks-sdk-go `config/host_metadata.go`
 * HostMetadata) so SDKs >= v0.126 treat a loopback URL as an account host (databricks-api.md §7.7).
 */
import { ok, type Handler } from "./handlers";

export const hostMetadata: Handler = ({ store, headers }) => {
  const host = typeof headers.host === "string" ? headers.host : "127.0.0.1";
  return ok({
    host_type: "ACCOUNT_HOST",
    account_id: store.accountId,
    cloud: "AWS",
    oidc_endpoint: `http://${host}/oidc/accounts/${store.accountId}`,
  });
};
