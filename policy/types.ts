/**
 * Type tokens the policies read, taken from the components and resources that register them, and
 * the small helpers every policy shares: who a resource is, and whether one of our components
 * already answers for it (so a violation is reported once, on what the user wrote).
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { DATABRICKS_CONNECT_OAUTH_TYPE } from "../provider/components/databricks-connect-oauth";
import { DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE } from "../provider/components/service-account";
import { OAUTH_INTEGRATION_TYPE } from "../provider/connect/oauth-integration/resource";

export const OAUTH_COMPONENT = DATABRICKS_CONNECT_OAUTH_TYPE;
export const SERVICE_ACCOUNT_COMPONENT = DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE;
/** The dynamic resource (its own type name, not `pulumi-nodejs:dynamic:Resource`). */
export const CONNECT_INTEGRATION = OAUTH_INTEGRATION_TYPE;
/** The raw Databricks app, for programs that declare it without the component. */
export const CUSTOM_APP = "databricks:index/customAppIntegration:CustomAppIntegration";
/** A raw service-principal secret, for programs that manage one without the component. */
export const SP_SECRET = "databricks:index/servicePrincipalSecret:ServicePrincipalSecret";

const COMPONENTS = [OAUTH_COMPONENT, SERVICE_ACCOUNT_COMPONENT];

/** `DatabricksConnectOAuth "demo"`, as the components' own argument errors begin. */
export function who(args: ResourceValidationArgs): string {
  const label: Record<string, string> = {
    [OAUTH_COMPONENT]: "DatabricksConnectOAuth",
    [SERVICE_ACCOUNT_COMPONENT]: "DatabricksConnectServiceAccount",
    [CONNECT_INTEGRATION]: "ConnectOAuthIntegration",
    [CUSTOM_APP]: "databricks.CustomAppIntegration",
    [SP_SECRET]: "databricks.ServicePrincipalSecret",
  };
  return `${label[args.type] ?? args.type} "${args.name}"`;
}

/**
 * True when the resource is a child of one of our components: the component's own inputs were
 * checked already, and reporting the child too would show every violation twice.
 */
export function insideComponent(args: ResourceValidationArgs): boolean {
  const parent = args.opts.parent;
  if (!parent) return false;
  // urn:pulumi:<stack>::<project>::<parent types joined by $>::<name>
  const types = parent.split("::")[2] ?? "";
  const own = types.split("$").pop() ?? "";
  return COMPONENTS.includes(own);
}

/** A number when the input is a known number (unknown at preview, or absent: undefined). */
export function knownNumber(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The known strings of a list input; unknown entries (preview) are skipped. */
export function knownStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
