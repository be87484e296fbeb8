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
}

/**
 * Bump when the stored shape changes; read/delete/diff must keep handling every earlier one.
 */
export const STATE_VERSION = 1;
