/**
 * The component's `associateContent` option: one `ConnectContentIntegration` child per content
 * GUID, so the new integration is added to each item next to whatever else it already uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "./args";
import { ConnectContentIntegration } from "../connect/content-association/single-resource";

/**
 * Child names carry the GUID when it is a plain string, so reordering the list changes
 * nothing; a GUID known only later (an Output, e.g. from getConnectContent) is named by its
 * position instead.
 */
/**
 * Validates `associateContent` and returns each entry's child-name key. Called before the
 * component registers anything, so a bad entry leaves nothing behind.
 */
export function checkAssociateContent(component: string, contentGuids: unknown): string[] {
  if (contentGuids === undefined) return [];
  if (!Array.isArray(contentGuids)) {
    throw new ArgumentError(
      component,
      "associateContent",
      'must be a list of content GUIDs, e.g. [getConnectContent({ name: "sales-dashboard" }).guid]',
    );
  }
  const seen = new Set<string>();
  return Array.from(contentGuids as unknown[], (guid, index) => {
    if (guid === undefined || guid === null || guid === "") {
      throw new ArgumentError(
        component,
        `associateContent[${index}]`,
        "must be a content GUID (the content's Info panel in Connect, or getConnectContent)",
      );
    }
    const key = typeof guid === "string" ? guid : String(index);
    if (seen.has(key)) {
      throw new ArgumentError(component, `associateContent[${index}]`, `${key} is listed twice`);
    }
    seen.add(key);
    return key;
  });
}

export function associateContent(
  component: string,
  parent: pulumi.Resource,
  connectUrl: pulumi.Input<string>,
  integrationGuid: pulumi.Input<string>,
  contentGuids: ReadonlyArray<pulumi.Input<string>> | undefined,
): ConnectContentIntegration[] {
  const keys = checkAssociateContent(component, contentGuids);
  return keys.map(
    (key, index) =>
      new ConnectContentIntegration(
        `${component}-content-${key}`,
        { connectUrl, contentGuid: (contentGuids ?? [])[index], integrationGuid },
        { parent },
      ),
  );
}
