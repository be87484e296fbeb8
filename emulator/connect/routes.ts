/** Route table of the emulated API: path pattern × method → route name, access rule, handler. */
import type { Requirement } from "./auth";
import { endpointNotSupported, type ApiError } from "./errors";
import * as h from "./handlers";
import * as d from "./directory-handlers";
import { verifyIntegration } from "./verify";
import type { RouteName } from "./types";

interface Endpoint {
  name: Exclude<RouteName, "*">;
  access: Requirement;
  handle: h.Handler;
}

interface RouteDef {
  pattern: RegExp;
  methods: Record<string, Endpoint>;
}

export interface MatchedRoute extends Endpoint {
  params: string[];
}

const SEGMENT = "([^/]+)";
const api = (path: string) => new RegExp(`^/__api__${path.replace(/:\w+/g, SEGMENT)}$`);

const ROUTES: RouteDef[] = [
  {
    pattern: api("/v1/oauth/integrations"),
    methods: {
      GET: { name: "list", access: "publisher", handle: h.listIntegrations },
      POST: { name: "create", access: "admin", handle: h.createIntegration },
    },
  },
  {
    pattern: api("/v1/oauth/integrations/:guid"),
    methods: {
      GET: { name: "get", access: "publisher", handle: h.getIntegration },
      PATCH: { name: "update", access: "admin", handle: h.updateIntegration },
      DELETE: { name: "delete", access: "admin", handle: h.deleteIntegration },
    },
  },
  {
    pattern: api("/v1/oauth/integrations/:guid/associations"),
    methods: {
      GET: { name: "associations", access: "admin", handle: h.listIntegrationAssociations },
    },
  },
  {
    pattern: api("/v1/oauth/integrations/:guid/verify"),
    methods: { POST: { name: "verify", access: "admin", handle: verifyIntegration } },
  },
  {
    pattern: api("/v1/oauth/templates"),
    methods: { GET: { name: "templates", access: "publisher", handle: h.listTemplates } },
  },
  {
    pattern: api("/v1/oauth/templates/:key"),
    methods: { GET: { name: "templates", access: "publisher", handle: h.getTemplate } },
  },
  {
    // Content collaborators manage these; publishers are allowed (connect-api.md §2 row 10/11).
    pattern: api("/v1/content/:guid/oauth/integrations/associations"),
    methods: {
      GET: { name: "associations", access: "publisher", handle: h.getContentAssociations },
      PUT: { name: "associations", access: "publisher", handle: h.putContentAssociations },
    },
  },
  {
    pattern: api("/server_settings"),
    methods: { GET: { name: "server_settings", access: "anonymous", handle: h.serverSettings } },
  },
  {
    pattern: api("/v1/users"),
    methods: { GET: { name: "users", access: "publisher", handle: d.searchUsers } },
  },
  {
    pattern: api("/v1/groups"),
    methods: { GET: { name: "groups", access: "publisher", handle: d.searchGroups } },
  },
  {
    pattern: api("/v1/users/:guid"),
    methods: { GET: { name: "users", access: "publisher", handle: d.getUser } },
  },
  {
    pattern: api("/v1/groups/:guid"),
    methods: { GET: { name: "groups", access: "publisher", handle: d.getGroup } },
  },
  {
    pattern: api("/v1/content"),
    methods: { GET: { name: "content", access: "publisher", handle: d.listContent } },
  },
  {
    pattern: api("/v1/content/:guid"),
    methods: { GET: { name: "content", access: "publisher", handle: d.getContent } },
  },
  {
    pattern: api("/v1/user"),
    methods: { GET: { name: "user", access: "publisher", handle: h.currentUser } },
  },
];

/**
 * Finds the endpoint for a request. A trailing slash is tolerated.
 * @returns the match, or the error to answer with (404 unknown path, 405 wrong method)
 */
export function matchRoute(method: string, path: string): MatchedRoute | ApiError {
  const normalized = path.length > 1 ? path.replace(/\/$/, "") : path;
  for (const route of ROUTES) {
    const match = route.pattern.exec(normalized);
    if (!match) continue;
    const endpoint = route.methods[method];
    if (!endpoint) return endpointNotSupported(405);
    return { ...endpoint, params: match.slice(1).map(safeDecode) };
  }
  return endpointNotSupported(404);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
