/**
 * Resolved inputs and outputs of the two content-association resources, as their providers see
 * them. Public `pulumi.Input` args live in the resource files.
 */

/** `ConnectContentIntegrations`: the complete set of integrations of one content item. */
export interface ContentIntegrationsInputs {
  connectUrl: string;
  contentGuid: string;
  /** Integration GUIDs; order is not significant. */
  integrationGuids: string[];
}

export interface ContentIntegrationsOutputs extends ContentIntegrationsInputs {
  stateVersion: number;
}

/** `ConnectContentIntegration`: one association, coexisting with others on the same item. */
export interface ContentIntegrationInputs {
  connectUrl: string;
  contentGuid: string;
  integrationGuid: string;
}

export interface ContentIntegrationOutputs extends ContentIntegrationInputs {
  stateVersion: number;
  /** When Connect recorded the association. */
  createdTime: string;
  /**
   * The association was there before this resource (made by hand, by another stack, or taken
   * over from a resource of this stack that was renamed): delete keeps it. Absent in state
   * written before 0.2.0, where the resource counts as its creator.
   */
  keptOnDelete?: boolean;
}

/**
 * `ConnectIntegrationAssociations`: the content items one integration is associated with,
 * added to and removed from by difference, next to whatever else each item uses.
 */
export interface IntegrationAssociationsInputs {
  connectUrl: string;
  integrationGuid: string;
  /** Content GUIDs; order is not significant. */
  contentGuids: string[];
}

export interface IntegrationAssociationsOutputs extends IntegrationAssociationsInputs {
  stateVersion: number;
  /** Content items whose association this resource made: the only ones it ever removes. */
  created: string[];
  /** Content items that already had the association: left in place on removal and delete. */
  keptOnDelete: string[];
}

/**
 * Bump when the stored shape changes; read/delete/diff must keep handling every earlier one.
 */
export const STATE_VERSION = 1;
