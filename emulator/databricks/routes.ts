/**
 * Route table: path pattern × method → route name, auth rule, handler. Account API paths carry
 * the account id first; a path naming another account is 404 (the real host would not know it).
 */
import * as apps from "./app-handlers";
import * as assignments from "./assignment-handlers";
import { authorize } from "./oidc/authorize";
import { workspaceTokenAnyGrant } from "./oidc/token";
import { endpointNotFound, methodNotAllowed, restError, type DatabricksApiError } from "./errors";
import type { Handler } from "./handlers";
import * as principals from "./principal-handlers";
import * as secrets from "./secret-handlers";
import * as tokens from "./token-handlers";
import { hostMetadata } from "./metadata-handler";
import { accountDiscovery, workspaceDiscovery } from "./oidc/discovery";
import type { DatabricksRouteName } from "./types";

/** `account`: admin bearer token; `scim`: the same with SCIM errors; `client`: token endpoints. */
export type Access = "account" | "scim" | "client" | "anonymous";

interface Endpoint {
  name: Exclude<DatabricksRouteName, "*">;
  access: Access;
  handle: Handler;
}

interface RouteDef {
  pattern: RegExp;
  /** Whether the first captured segment is the account id. */
  account: boolean;
  methods: Record<string, Endpoint>;
}

export interface MatchedRoute extends Endpoint {
  params: string[];
}

const SEGMENT = "([^/]+)";
const compile = (path: string) => new RegExp(`^${path.replace(/:\w+/g, SEGMENT)}$`);
const acct = (path: string) => compile(`/api/2.0/accounts/:account_id${path}`);

export const ACCOUNT_ROUTES: RouteDef[] = [
  {
    pattern: compile("/oidc/accounts/:account_id/v1/token"),
    account: true,
    methods: { POST: { name: "token", access: "client", handle: tokens.accountToken } },
  },
  {
    pattern: compile("/oidc/accounts/:account_id/.well-known/oauth-authorization-server"),
    account: true,
    methods: { GET: { name: "discovery", access: "anonymous", handle: accountDiscovery } },
  },
  {
    pattern: compile("/oidc/.well-known/oauth-authorization-server"),
    account: false,
    methods: {
      GET: { name: "workspace.discovery", access: "anonymous", handle: workspaceDiscovery },
    },
  },
  {
    pattern: compile("/.well-known/databricks-config"),
    account: false,
    methods: { GET: { name: "metadata", access: "anonymous", handle: hostMetadata } },
  },
  {
    pattern: acct("/oauth2/custom-app-integrations"),
    account: true,
    methods: {
      GET: { name: "apps.list", access: "account", handle: apps.listApps },
      POST: { name: "apps.create", access: "account", handle: apps.createApp },
    },
  },
  {
    pattern: acct("/oauth2/custom-app-integrations/:integration_id"),
    account: true,
    methods: {
      GET: { name: "apps.get", access: "account", handle: apps.getApp },
      PATCH: { name: "apps.update", access: "account", handle: apps.updateApp },
      DELETE: { name: "apps.delete", access: "account", handle: apps.deleteApp },
    },
  },
  {
    pattern: acct("/scim/v2/ServicePrincipals"),
    account: true,
    methods: {
      GET: { name: "sp.list", access: "scim", handle: principals.listPrincipals },
      POST: { name: "sp.create", access: "scim", handle: principals.createPrincipal },
    },
  },
  {
    pattern: acct("/scim/v2/ServicePrincipals/:id"),
    account: true,
    methods: {
      GET: { name: "sp.get", access: "scim", handle: principals.getPrincipal },
      PATCH: { name: "sp.patch", access: "scim", handle: principals.patchPrincipal },
      PUT: { name: "sp.put", access: "scim", handle: principals.replacePrincipal },
      DELETE: { name: "sp.delete", access: "scim", handle: principals.deletePrincipal },
    },
  },
  {
    pattern: acct("/servicePrincipals/:service_principal_id/credentials/secrets"),
    account: true,
    methods: {
      GET: { name: "secrets.list", access: "account", handle: secrets.listSecrets },
      POST: { name: "secrets.create", access: "account", handle: secrets.createSecret },
    },
  },
  {
    pattern: acct("/servicePrincipals/:service_principal_id/credentials/secrets/:secret_id"),
    account: true,
    methods: {
      DELETE: { name: "secrets.delete", access: "account", handle: secrets.deleteSecret },
    },
  },
  {
    pattern: acct("/workspaces/:workspace_id/permissionassignments"),
    account: true,
    methods: {
      GET: { name: "assignments.list", access: "account", handle: assignments.listAssignments },
    },
  },
  {
    pattern: acct("/workspaces/:workspace_id/permissionassignments/permissions"),
    account: true,
    methods: {
      GET: {
        name: "assignments.permissions",
        access: "account",
        handle: assignments.workspacePermissions,
      },
    },
  },
  {
    pattern: acct("/workspaces/:workspace_id/permissionassignments/principals/:principal_id"),
    account: true,
    methods: {
      PUT: { name: "assignments.put", access: "account", handle: assignments.putAssignment },
      DELETE: {
        name: "assignments.delete",
        access: "account",
        handle: assignments.deleteAssignment,
      },
    },
  },
  {
    pattern: compile("/oidc/v1/token"),
    account: false,
    // Every grant: client credentials (token-handlers.ts) and the sign-in grants (oidc/token.ts).
    methods: {
      POST: { name: "workspace.token", access: "client", handle: workspaceTokenAnyGrant },
    },
  },
  {
    pattern: compile("/oidc/v1/authorize"),
    account: false,
    methods: { GET: { name: "workspace.authorize", access: "anonymous", handle: authorize } },
  },
];

/** A workspace host serves only its own OIDC endpoints here (token and discovery). */
export const WORKSPACE_ROUTES: RouteDef[] = ACCOUNT_ROUTES.filter((r) =>
  Object.values(r.methods).some((e) => e.name.startsWith("workspace.")),
);

/** Every route name, for fault-rule validation. */
export const ROUTE_NAMES: ReadonlySet<string> = new Set(
  ACCOUNT_ROUTES.flatMap((r) => Object.values(r.methods).map((e) => e.name)),
);

/**
 * Finds the endpoint for a request. A trailing slash is tolerated.
 * @returns the match, or the error to answer with (404 unknown path or account, 405 wrong method)
 */
export function matchRoute(
  routes: RouteDef[],
  method: string,
  path: string,
  accountId: string,
): MatchedRoute | DatabricksApiError {
  const normalized = path.length > 1 ? path.replace(/\/$/, "") : path;
  for (const route of routes) {
    const match = route.pattern.exec(normalized);
    if (!match) continue;
    const endpoint = route.methods[method];
    if (!endpoint) return methodNotAllowed(method, normalized);
    let params = match.slice(1).map(safeDecode);
    if (route.account) {
      if (params[0] !== accountId) {
        return restError(404, "RESOURCE_DOES_NOT_EXIST", `Account ${params[0]} does not exist`);
      }
      params = params.slice(1);
    }
    return { ...endpoint, params };
  }
  return endpointNotFound(method, normalized);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
