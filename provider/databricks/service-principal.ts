/**
 * The Databricks side of a service-account integration: an account-level service principal, an
 * OAuth secret for it, and its assignment to the workspace Connect content queries. Replaces
 * `databricks account service-principals create`, `... service-principal-secrets create` and
 * `... workspace-assignment update` done by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import * as databricks from "@pulumi/databricks";

/** Workspace permission that lets the principal use the workspace without administering it. */
export const WORKSPACE_PERMISSIONS: readonly string[] = ["USER"];

export function declareServicePrincipal(
  resourceName: string,
  args: { displayName: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): databricks.ServicePrincipal {
  return new databricks.ServicePrincipal(
    resourceName,
    // disableAsUserDeletion: false makes destroy a real DELETE. At account level the provider
    // otherwise only deactivates the principal (terraform-provider-databricks
    // scim/resource_service_principal.go ~L230-241), leaving an inactive principal that this
    // package created for Connect alone behind (issue 20; docs/emulators.md).
    { displayName: args.displayName, active: true, disableAsUserDeletion: false },
    opts,
  );
}

export interface SecretArgs {
  /** SCIM id of the principal (not its application id). */
  servicePrincipalId: pulumi.Input<string>;
  /** `NNNNs`, see rotation.ts. */
  lifetime: string;
  /** Changing it replaces the secret (the provider forces a new resource). */
  timeRotating?: string;
}

/**
 * The secret must be replaced create-first: the engine then patches Connect with the new value
 * before it deletes the old secret, so `deleteBeforeReplace` is pinned off here.
 */
export function declareServicePrincipalSecret(
  resourceName: string,
  args: SecretArgs,
  opts: pulumi.CustomResourceOptions,
): databricks.ServicePrincipalSecret {
  return new databricks.ServicePrincipalSecret(
    resourceName,
    {
      servicePrincipalId: args.servicePrincipalId,
      lifetime: args.lifetime,
      timeRotating: args.timeRotating,
    },
    pulumi.mergeOptions(opts, {
      deleteBeforeReplace: false,
      additionalSecretOutputs: ["secret"],
    }),
  );
}

export function declareWorkspaceAssignment(
  resourceName: string,
  args: { workspaceId: pulumi.Input<string>; principalId: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): databricks.MwsPermissionAssignment {
  return new databricks.MwsPermissionAssignment(
    resourceName,
    {
      workspaceId: args.workspaceId,
      principalId: args.principalId,
      permissions: [...WORKSPACE_PERMISSIONS],
    },
    opts,
  );
}
