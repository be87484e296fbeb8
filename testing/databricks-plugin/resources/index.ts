/**
 * The resource types this stand-in answers for, one module each. To add one (e.g.
 * ServicePrincipal), write resources/<kebab-name>.ts exporting a ResourceModule whose
 * property table follows the published @pulumi/databricks SDK and the Terraform resource
 * (cite both in its header), and list it here.
 */
import type { ResourceModule } from "../resource-module";
import { customAppIntegration } from "./custom-app-integration";
import { mwsPermissionAssignment } from "./mws-permission-assignment";
import { servicePrincipal } from "./service-principal";
import { servicePrincipalSecret } from "./service-principal-secret";

export const RESOURCE_MODULES: readonly ResourceModule[] = [
  customAppIntegration,
  servicePrincipal,
  servicePrincipalSecret,
  mwsPermissionAssignment,
];

export function findModule(token: string): ResourceModule | undefined {
  return RESOURCE_MODULES.find((m) => m.token === token);
}
