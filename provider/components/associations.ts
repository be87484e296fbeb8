/**
 * The component's `associateContent` option: ONE `ConnectIntegrationAssociations` child that
 * owns the whole list, so the integration is added to each item next to whatever else it
 * already uses, and removed only where the child added it. Nothing is named after a list
 * position or a GUID: adding, removing or reordering entries (plain strings or
 * `getConnectContent(...).guid` outputs) is one update of one resource, by difference.
 *
 * Releases before 0.2.0 made one `ConnectContentIntegration` per entry (`<name>-content-<key>`).
 * On upgrade the engine creates this child first: it finds those associations in place, records
 * them as kept and claims them, so the old children's deletes in the same `up` leave them alone
 * (claims.ts; tests/e2e/association-safety.test.ts proves it).
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "./args";
import { ConnectIntegrationAssociations } from "../connect/content-association/integration-set-resource";

/**
 * Validates `associateContent` and returns each entry's child-name key. Called before the
 * component registers anything, so a bad entry leaves nothing behind.
 */
export function checkAssociateContent(component: string, contentGuids: unknown): void {
  if (contentGuids === undefined) return;
  if (!Array.isArray(contentGuids)) {
    throw new ArgumentError(
      component,
      "associateContent",
      'must be a list of content GUIDs, e.g. [getConnectContent({ name: "sales-dashboard" }).guid]',
    );
  }
  const seen = new Set<string>();
  Array.from(contentGuids as unknown[], (guid, index) => {
    if (guid === undefined || guid === null || guid === "") {
      throw new ArgumentError(
        component,
        `associateContent[${index}]`,
        "must be a content GUID (the content's Info panel in Connect, or getConnectContent)",
      );
    }
    // Outputs are checked for duplicates by the child's `check`, once they are known.
    if (typeof guid !== "string") return;
    if (seen.has(guid)) {
      throw new ArgumentError(component, `associateContent[${index}]`, `${guid} is listed twice`);
    }
    seen.add(guid);
  });
}

/** The child owning the list, or `undefined` when the component has no `associateContent`. */
export function associateContent(
  component: string,
  parent: pulumi.Resource,
  connectUrl: pulumi.Input<string>,
  integrationGuid: pulumi.Input<string>,
  contentGuids: ReadonlyArray<pulumi.Input<string>> | undefined,
  opts: pulumi.CustomResourceOptions = {},
): ConnectIntegrationAssociations | undefined {
  checkAssociateContent(component, contentGuids);
  if (contentGuids === undefined) return undefined;
  return new ConnectIntegrationAssociations(
    `${component}-content`,
    { connectUrl, integrationGuid, contentGuids: [...contentGuids] },
    { ...opts, parent },
  );
}
