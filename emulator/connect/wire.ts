/** Projection of stored records to wire objects: the one place where secrets are dropped. */
import type { StoredAssociation, StoredIntegration } from "./state";
import { secretKeysOf } from "./templates";
import { createHash } from "node:crypto";
import type { ConfigValue, WireAssociation, WireIntegration, WirePermission } from "./wire-types";

/** GET shape; secret template fields are write-only, so their keys are absent, not masked. */
export function toWireIntegration(
  stored: StoredIntegration,
  withPermissions = false,
  authType: "top-level" | "in-config" | "absent" = "top-level",
): WireIntegration {
  const secret = secretKeysOf(stored.template);
  const config: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(stored.config)) {
    if (!secret.has(key)) config[key] = value;
  }
  return {
    id: stored.id,
    guid: stored.guid,
    created_time: stored.created_time,
    updated_time: stored.updated_time,
    name: stored.name,
    description: stored.description,
    template: stored.template,
    ...(authType === "top-level" ? { auth_type: stored.auth_type } : {}),
    config: placeAuthType(config, authType, stored.auth_type),
    ...(withPermissions ? { permissions: toWirePermissions(stored) } : {}),
  };
}

/**
 * `OAuthIntegrationPermission` list (connect-api.md §3.4). The emulator stores only the input
 * shape, so `id` and `guid` are derived from the integration and principal: stable across reads.
 */
export function toWirePermissions(stored: StoredIntegration): WirePermission[] {
  return (stored.permissions ?? []).map((p, index) => {
    const principal = p.user_guid ?? p.group_guid ?? "";
    const hex = createHash("sha1").update(`${stored.guid}/${principal}`).digest("hex");
    return {
      id: String(index + 1),
      guid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
      integration_guid: stored.guid,
      user_guid: p.user_guid ?? null,
      group_guid: p.group_guid ?? null,
    };
  });
}

/** Secret config values of an integration (what the real server keeps but never returns). */
export function secretsOf(stored: StoredIntegration): Record<string, string> {
  const secret = secretKeysOf(stored.template);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(stored.config)) {
    if (secret.has(key)) result[key] = String(value);
  }
  return result;
}

/** Shape of the 2025.07.0 fixture, with the deprecated `app_guid` kept equal to `content_guid`. */
export function toWireAssociation(
  contentGuid: string,
  association: StoredAssociation,
  integration: StoredIntegration | undefined,
): WireAssociation {
  return {
    app_guid: contentGuid,
    content_guid: contentGuid,
    oauth_integration_guid: association.integration_guid,
    oauth_integration_name: integration?.name ?? null,
    oauth_integration_description: integration?.description ?? null,
    oauth_integration_template: integration?.template ?? null,
    oauth_integration_auth_type: integration?.auth_type ?? null,
    created_time: association.created_time,
  };
}

/** `config.auth_type` only where the placement says the server echoes it there. */
function placeAuthType(
  config: Record<string, ConfigValue>,
  placement: "top-level" | "in-config" | "absent",
  authType: string | undefined,
): Record<string, ConfigValue> {
  if (placement === "absent") {
    const rest = { ...config };
    delete rest.auth_type;
    return rest;
  }
  if (placement === "in-config" && authType !== undefined)
    return { ...config, auth_type: authType };
  return config;
}
