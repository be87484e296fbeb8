/**
 * Connect's rules for integration permissions and content associations, as the emulator
 * applies them. Where the rule is documented the source is cited; the status and error codes
 * for the association rules are inferred (connect-api.md §4.6: "codes 209/237/238 (inferred)").
 */
import {
  INTERACTIVE_APP_MODES,
  MULTIPLE_ASSOCIATIONS_SINCE,
  PERMISSIONS_SINCE,
  versionBefore,
  type Directory,
  type WireContent,
} from "./directory";
import { ApiError, badRequest } from "./errors";
import type { StoredIntegration } from "./state";
import type { WirePermissionInput } from "./wire-types";

export const permissionsSupported = (version: string): boolean =>
  !versionBefore(version, PERMISSIONS_SINCE);

export const contentNotFound = (): ApiError =>
  new ApiError(404, 4, "The requested object does not exist.");

export const viewerOnNonInteractive = (integration: string, appMode: string): ApiError =>
  new ApiError(
    400,
    237,
    `The OAuth integration ${integration} uses the Viewer authentication type, which requires interactive content; this content has app mode ${appMode}.`,
  );

export const singleAssociationOnly = (): ApiError =>
  new ApiError(400, 238, "Content can only be associated with one OAuth integration.");

export function requireContent(directory: Directory, guid: string): WireContent {
  const content = directory.contentItem(guid);
  if (!content) throw contentNotFound();
  return content;
}

/**
 * Older servers do not know `permissions`; their input schemas are `additionalProperties:
 * false`, so the field is refused like any unknown one. Principals must exist.
 */
export function checkPermissions(
  permissions: WirePermissionInput[] | null | undefined,
  body: unknown,
  directory: Directory,
  version: string,
): void {
  const sent = typeof body === "object" && body !== null && "permissions" in body;
  if (!sent) return;
  if (!permissionsSupported(version)) throw badRequest("The field permissions is not supported");
  for (const p of permissions ?? []) {
    if (p.user_guid && !directory.user(p.user_guid))
      throw badRequest(`The user ${p.user_guid} does not exist`);
    if (p.group_guid && !directory.group(p.group_guid))
      throw badRequest(`The group ${p.group_guid} does not exist`);
  }
}

export function checkAssociations(
  content: WireContent,
  integrations: StoredIntegration[],
  version: string,
): void {
  // Several integrations per content item arrived in 2025.07.0 (connect-api.md §4.6).
  if (integrations.length > 1 && versionBefore(version, MULTIPLE_ASSOCIATIONS_SINCE)) {
    throw singleAssociationOnly();
  }
  // "Viewer integrations: interactive content only" (Connect user guide, connect-api.md §4.6);
  // Visitor API Key is a sub-type of Viewer (§5.1).
  for (const i of integrations) {
    const viewer = i.auth_type === "Viewer" || i.auth_type === "Visitor API Key";
    if (viewer && !INTERACTIVE_APP_MODES.has(content.app_mode)) {
      throw viewerOnNonInteractive(i.guid, content.app_mode);
    }
  }
}
