/**
 * `databricks:index/mwsPermissionAssignment:MwsPermissionAssignment`, as @pulumi/databricks
 * 1.110.0 declares it. Where the facts come from (read, not copied):
 * - property names and types: the published SDK (node_modules/@pulumi/databricks/
 *   mwsPermissionAssignment.d.ts: workspaceId and principalId are strings there, integers in
 *   Terraform; permissions a list of "USER"/"ADMIN");
 * - semantics: terraform-provider-databricks mws/resource_mws_permission_assignment.go: the id
 *   is the pair `<workspace_id>|<principal_id>` (common.NewPairID, both parts ForceNew); there
 *   is no Update, so a change of `permissions` replaces too; Create is
 *   `PUT .../workspaces/{workspace_id}/permissionassignments/principals/{principal_id}` with
 *   `{permissions}`, Read lists the workspace's assignments and picks the principal, Delete is
 *   DELETE on the same path (databricks-api.md; emulator/databricks assignment-handlers.ts).
 */
import type { AccountApi } from "../account-api";
import type { PropertySpec, ResourceModule } from "../resource-module";
import type { Json } from "../values";

const digits = (v: Json, path: string): string | undefined =>
  typeof v === "string" && !/^[0-9]+$/.test(v)
    ? `${path} must be a numeric id, got ${JSON.stringify(v)}`
    : undefined;

const PROPERTIES: Record<string, PropertySpec> = {
  workspaceId: {
    wire: "workspace_id",
    type: "string",
    input: true,
    forceNew: true,
    validate: digits,
  },
  principalId: {
    wire: "principal_id",
    type: "string",
    input: true,
    forceNew: true,
    validate: digits,
  },
  permissions: {
    wire: "permissions",
    type: "stringList",
    // schema.TypeSet in terraform-provider-databricks access/resource_permission_assignment /
    // mws_permission_assignment: ["ADMIN","USER"] after ["USER","ADMIN"] is no change.
    set: true,
    input: true,
    forceNew: true,
    validate: (v, path) =>
      Array.isArray(v) && v.some((p) => p !== "USER" && p !== "ADMIN")
        ? `${path} entries must be "USER" or "ADMIN", got ${JSON.stringify(v)}`
        : undefined,
  },
};

function splitId(id: string): { workspaceId: string; principalId: string } {
  const [workspaceId, principalId, ...rest] = id.split("|");
  if (!workspaceId || !principalId || rest.length > 0) {
    throw new Error(
      `MwsPermissionAssignment id ${JSON.stringify(id)} is not <workspace_id>|<principal_id>`,
    );
  }
  return { workspaceId, principalId };
}

const workspace = (api: AccountApi, ws: string) =>
  `${api.accountPath}/workspaces/${encodeURIComponent(ws)}/permissionassignments`;
const principal = (api: AccountApi, ws: string, p: string) =>
  `${workspace(api, ws)}/principals/${encodeURIComponent(p)}`;

interface WireAssignment {
  permissions?: string[];
  principal?: { principal_id?: number };
}

export const mwsPermissionAssignment: ResourceModule = {
  token: "databricks:index/mwsPermissionAssignment:MwsPermissionAssignment",
  source:
    "@pulumi/databricks 1.110.0 mwsPermissionAssignment.d.ts; terraform-provider-databricks mws/resource_mws_permission_assignment.go",
  properties: PROPERTIES,

  async create(api, inputs) {
    const ws = String(inputs.workspaceId);
    const p = String(inputs.principalId);
    await api.request("PUT", principal(api, ws, p), { permissions: inputs.permissions ?? [] });
    return { id: `${ws}|${p}`, once: {} };
  },

  async read(api, id) {
    const { workspaceId, principalId } = splitId(id);
    let list: { permission_assignments?: WireAssignment[] };
    try {
      list = await api.request("GET", workspace(api, workspaceId));
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
    const found = (list.permission_assignments ?? []).find(
      (a) => String(a.principal?.principal_id) === principalId,
    );
    if (!found) return undefined;
    return { workspaceId, principalId, permissions: [...(found.permissions ?? [])] };
  },

  update() {
    return Promise.reject(new Error("MwsPermissionAssignment cannot be updated in place"));
  },

  async delete(api, id) {
    const { workspaceId, principalId } = splitId(id);
    await api.request("DELETE", principal(api, workspaceId, principalId));
  },
};
