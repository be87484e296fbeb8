/**
 * Bearer-token authentication of the account API. Only Databricks OAuth tokens from the account
 * token endpoint are accepted: PATs do not work for account-level APIs (databricks-api.md §1
 * "Auth for account APIs"), and a workspace token is not an account token. The caller must be
 * an account admin: the configured admin, or a service principal holding the `account_admin`
 * role (the SCIM `roles` value the account console sets).
 */
import { permissionDenied, scimError, unauthenticated, type DatabricksApiError } from "./errors";
import type { AccountStore } from "./state";
import type { DatabricksCaller } from "./types";

export const ACCOUNT_ADMIN_ROLE = "account_admin";

export interface Authenticated {
  caller: DatabricksCaller;
  clientId?: string;
}

export function classifyBearer(
  header: string | string[] | undefined,
  store: AccountStore,
  adminClientId: string,
): Authenticated {
  if (typeof header !== "string" || header.trim() === "") return { caller: "none" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { caller: "invalid" };
  const token = store.token(match[1]);
  if (!token) return { caller: "invalid" };
  const clientId = token.client_id;
  if (token.expires_ms <= store.now()) return { caller: "expired", clientId };
  if (token.audience !== "account") return { caller: "workspace", clientId };
  if (clientId === adminClientId) return { caller: "admin", clientId };
  const sp = store.principalByApplicationId(clientId);
  if (!sp || !sp.active) return { caller: "invalid", clientId };
  const admin = (sp.roles ?? []).some((r) => r.value === ACCOUNT_ADMIN_ROLE);
  return { caller: admin ? "admin" : "principal", clientId };
}

/** @returns the error to answer with, or undefined when the caller may use the account API */
export function checkAccountAccess(
  caller: DatabricksCaller,
  scim: boolean,
): DatabricksApiError | undefined {
  switch (caller) {
    case "admin":
      return undefined;
    case "none":
      return scim
        ? scimError(401, "Missing bearer token in the Authorization header")
        : unauthenticated("Missing bearer token in the Authorization header");
    case "expired":
      return scim ? scimError(401, "Token is expired") : unauthenticated("Token is expired");
    case "invalid":
    case "workspace":
      return scim ? scimError(401, "Invalid access token") : unauthenticated();
    case "principal":
      return scim
        ? scimError(403, "Only account admins can access this API")
        : permissionDenied("Only account admins can manage this account resource");
  }
}
