/**
 * Workspace permission assignments,
 * `/api/2.0/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments[...]`
 * (databricks-sdk-go @ 1ff3c785 `service/iam/impl.go` workspaceAssignmentImpl; shapes in
 * `service/iam/model.go` UpdateWorkspaceAssignments, PermissionAssignment(s), PrincipalOutput,
 * WorkspacePermissions). Per UpdateWorkspaceAssignments: only "USER" and "ADMIN" count, ADMIN
 * wins over USER, and no supported value deletes the principal's assignment. Only service
 * principals exist in this emulator, so a principal id that is not one is unknown (404).
 */
import { restError } from "./errors";
import { ok, optionalJsonBody, type Handler, type HandlerContext } from "./handlers";
import { toWireAssignment } from "./wire";
import type { WireWorkspacePermission } from "./wire-types";

function requireWorkspace({ settings, params }: HandlerContext): number {
  const id = Number(params[0]);
  if (!/^\d+$/.test(params[0]) || !settings.workspaces.some((w) => w.id === id)) {
    throw restError(404, "RESOURCE_DOES_NOT_EXIST", `Workspace ${params[0]} does not exist`);
  }
  return id;
}

function requirePrincipal({ store, params }: HandlerContext): string {
  if (!store.getPrincipal(params[1])) {
    throw restError(404, "RESOURCE_DOES_NOT_EXIST", `Principal ${params[1]} does not exist`);
  }
  return params[1];
}

export const listAssignments: Handler = (ctx) => {
  const workspaceId = requireWorkspace(ctx);
  return ok({
    permission_assignments: ctx.store
      .assignmentsOf(workspaceId)
      .map(([principalId, permissions]) => toWireAssignment(ctx.store, principalId, permissions)),
  });
};

export const workspacePermissions: Handler = (ctx) => {
  requireWorkspace(ctx);
  return ok({
    permissions: [
      { permission_level: "USER", description: "Can use the workspace" },
      { permission_level: "ADMIN", description: "Can administer the workspace" },
    ],
  });
};

export const putAssignment: Handler = (ctx) => {
  const workspaceId = requireWorkspace(ctx);
  const principalId = requirePrincipal(ctx);
  const body = optionalJsonBody(ctx.body) as Record<string, unknown> | null;
  const raw = body && typeof body === "object" ? body.permissions : undefined;
  if (raw !== undefined && !Array.isArray(raw)) {
    throw restError(400, "INVALID_PARAMETER_VALUE", "permissions must be a list of strings");
  }
  const given = (raw ?? []) as unknown[];
  const permissions: WireWorkspacePermission[] = given.includes("ADMIN")
    ? ["ADMIN"]
    : given.includes("USER")
      ? ["USER"]
      : [];
  if (permissions.length === 0) {
    ctx.store.removeAssignment(workspaceId, principalId);
  } else {
    ctx.store.setAssignment(workspaceId, principalId, permissions);
  }
  return ok(toWireAssignment(ctx.store, principalId, permissions));
};

export const deleteAssignment: Handler = (ctx) => {
  const workspaceId = requireWorkspace(ctx);
  const principalId = ctx.params[1];
  if (!ctx.store.removeAssignment(workspaceId, principalId)) {
    throw restError(
      404,
      "RESOURCE_DOES_NOT_EXIST",
      `Principal ${principalId} has no permission assignment on workspace ${workspaceId}`,
    );
  }
  return ok({});
};
