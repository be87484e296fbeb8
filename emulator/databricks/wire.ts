/** The one place stored records become wire objects (and secrets stay behind). */
import type { AccountStore, StoredApp, StoredSecret, StoredServicePrincipal } from "./state";
import { timestamp } from "./state";
import type {
  WireAssignment,
  WireCustomAppIntegration,
  WireSecretInfo,
  WireServicePrincipal,
  WireWorkspacePermission,
} from "./wire-types";

export const SCIM_SP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";
export const SCIM_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** GetCustomAppIntegrationOutput: every stored field except the secret hash; absent lists stay absent. */
export function toWireApp(app: StoredApp, withCreator = true): WireCustomAppIntegration {
  const wire: WireCustomAppIntegration = {
    integration_id: app.integration_id,
    client_id: app.client_id,
    create_time: app.create_time,
    created_by: app.created_by,
  };
  if (app.name !== undefined) wire.name = app.name;
  // Go SDKs omit false (omitempty); the server is assumed to do the same.
  if (app.confidential) wire.confidential = true;
  if (app.redirect_urls !== undefined) wire.redirect_urls = [...app.redirect_urls];
  if (app.scopes !== undefined) wire.scopes = [...app.scopes];
  if (app.user_authorized_scopes !== undefined) {
    wire.user_authorized_scopes = [...app.user_authorized_scopes];
  }
  if (app.token_access_policy !== undefined) {
    wire.token_access_policy = { ...app.token_access_policy };
  }
  if (withCreator) wire.creator_username = app.creator_username;
  if (app.principal_id !== undefined) wire.principal_id = Number(app.principal_id);
  return wire;
}

export function toWireServicePrincipal(
  sp: StoredServicePrincipal,
  accountId: string,
): WireServicePrincipal {
  const wire: WireServicePrincipal = {
    schemas: [SCIM_SP_SCHEMA],
    id: sp.id,
    account_id: accountId,
    applicationId: sp.applicationId,
    active: sp.active,
  };
  if (sp.displayName !== undefined) wire.displayName = sp.displayName;
  if (sp.externalId !== undefined) wire.externalId = sp.externalId;
  if (sp.roles !== undefined && sp.roles.length > 0) wire.roles = sp.roles.map((r) => ({ ...r }));
  return wire;
}

export function secretStatus(secret: StoredSecret, now: number): "ACTIVE" | "EXPIRED" {
  return secret.expire_ms !== undefined && secret.expire_ms <= now ? "EXPIRED" : "ACTIVE";
}

export function toWireSecret(secret: StoredSecret, now: number): WireSecretInfo {
  const wire: WireSecretInfo = {
    id: secret.id,
    secret_hash: secret.secret_hash,
    status: secretStatus(secret, now),
    create_time: secret.create_time,
    update_time: secret.update_time,
  };
  if (secret.expire_ms !== undefined) wire.expire_time = timestamp(secret.expire_ms);
  if (secret.scopes !== undefined) wire.scopes = [...secret.scopes];
  return wire;
}

export function toWireAssignment(
  store: AccountStore,
  principalId: string,
  permissions: WireWorkspacePermission[],
): WireAssignment {
  const sp = store.getPrincipal(principalId);
  return {
    permissions: [...permissions],
    principal: {
      principal_id: Number(principalId),
      ...(sp?.displayName !== undefined ? { display_name: sp.displayName } : {}),
      // The SP "name" in assignment listings is its application id (UUID).
      ...(sp ? { service_principal_name: sp.applicationId } : {}),
    },
  };
}
