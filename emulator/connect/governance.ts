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
import type { EmulatorBehaviour } from "./behaviour";
import { ApiError, badRequest } from "./errors";
import type { StoredIntegration } from "./state";
import type { WirePermissionInput } from "./wire-types";

type Rules = Pick<EmulatorBehaviour, "permissions" | "multipleAssociations">;

/** What this server does with `permissions` (behaviour.ts `permissions`). */
export function permissionsAnswer(
  behaviour: Rules,
  version: string,
): "supported" | "rejected" | "ignored" {
  if (behaviour.permissions !== "by-version") return behaviour.permissions;
  return versionBefore(version, PERMISSIONS_SINCE) ? "rejected" : "supported";
}

/** Whether reads carry a `permissions` field. */
export const permissionsSupported = (behaviour: Rules, version: string): boolean =>
  permissionsAnswer(behaviour, version) === "supported";

/** What this server does with several integrations per item (behaviour.ts `multipleAssociations`). */
export function associationsAnswer(
  behaviour: Rules,
  version: string,
): "allowed" | "rejected" | "replaces" {
  if (behaviour.multipleAssociations !== "by-version") return behaviour.multipleAssociations;
  return versionBefore(version, MULTIPLE_ASSOCIATIONS_SINCE) ? "rejected" : "allowed";
}

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
 * false`, so the field is refused like any unknown one (or, under `ignored`, dropped unread).
 * Principals must exist.
 * @returns whether the list is to be stored
 */
export function checkPermissions(
  permissions: WirePermissionInput[] | null | undefined,
  body: unknown,
  directory: Directory,
  rules: { behaviour: Rules; version: string },
): boolean {
  const sent = typeof body === "object" && body !== null && "permissions" in body;
  if (!sent) return false;
  const answer = permissionsAnswer(rules.behaviour, rules.version);
  if (answer === "rejected") throw badRequest("The field permissions is not supported");
  if (answer === "ignored") return false;
  for (const p of permissions ?? []) {
    if (p.user_guid && !directory.user(p.user_guid))
      throw badRequest(`The user ${p.user_guid} does not exist`);
    if (p.group_guid && !directory.group(p.group_guid))
      throw badRequest(`The group ${p.group_guid} does not exist`);
  }
  return true;
}

/** @returns the integrations to store: all of them, or under `replaces` only the last one */
export function checkAssociations(
  content: WireContent,
  integrations: StoredIntegration[],
  rules: { behaviour: Rules; version: string },
): StoredIntegration[] {
  // Several integrations per content item arrived in 2025.07.0 (connect-api.md §4.6).
  const answer = associationsAnswer(rules.behaviour, rules.version);
  if (integrations.length > 1 && answer === "rejected") throw singleAssociationOnly();
  const kept =
    integrations.length > 1 && answer === "replaces" ? integrations.slice(-1) : integrations;
  // "Viewer integrations: interactive content only" (Connect user guide, connect-api.md §4.6);
  // Visitor API Key is a sub-type of Viewer (§5.1).
  for (const i of integrations) {
    const viewer = i.auth_type === "Viewer" || i.auth_type === "Visitor API Key";
    if (viewer && !INTERACTIVE_APP_MODES.has(content.app_mode)) {
      throw viewerOnNonInteractive(i.guid, content.app_mode);
    }
  }
  return kept;
}
