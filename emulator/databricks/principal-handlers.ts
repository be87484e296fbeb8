/**
 * Account SCIM service principals, `/api/2.0/accounts/{account_id}/scim/v2/ServicePrincipals`
 * (databricks-sdk-go @ 1ff3c785 `service/iam/impl.go` accountServicePrincipalsV2Impl; shapes in
 * `service/iam/model.go` AccountServicePrincipal, ListAccountServicePrincipalsResponse, Patch).
 * Create answers 201 with the resource (RFC 7644 §3.3); PUT answers 200 with it; PATCH and
 * DELETE answer 204 (RFC 7644 §3.5.2, §3.6; the SDK reads no body from either). `applicationId`
 * is generated when not given (AWS/GCP behaviour; Azure requires it). Errors are SCIM-shaped.
 */
import { randomUUID } from "node:crypto";
import { scimError } from "./errors";
import { optionalJsonBody, jsonBody, ok, type Handler, type HandlerContext } from "./handlers";
import { newNumericId, type StoredServicePrincipal } from "./state";
import { SCIM_LIST_SCHEMA, toWireServicePrincipal } from "./wire";
import type { WireComplexValue } from "./wire-types";
import type { ApiResponse } from "../api-response";

const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ListAccountServicePrincipalsRequest: "Desired number of results per page. Default is 10000." */
const DEFAULT_COUNT = 10000;

const created = (body: unknown): ApiResponse => ({ status: 201, body });
const noContent = (): ApiResponse => ({ status: 204 });

function requirePrincipal({ store, params }: HandlerContext): StoredServicePrincipal {
  const sp = store.getPrincipal(params[0]);
  if (!sp) throw scimError(404, `User not found with id ${params[0]}`);
  return sp;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw scimError(400, `${what} must be a JSON object`, "invalidSyntax");
  }
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw scimError(400, `${field} must be a string`, "invalidValue");
  return value;
}

function roles(value: unknown): WireComplexValue[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw scimError(400, "roles must be a list", "invalidValue");
  return value.map((r) => {
    const o = asObject(r, "each role");
    if (typeof o.value !== "string" || o.value === "") {
      throw scimError(400, "each role needs a string value", "invalidValue");
    }
    return { value: o.value };
  });
}

/** The writable attributes of a create/PUT body (the rest — id, account_id, schemas — is ignored). */
function attributes(body: Record<string, unknown>): Omit<
  StoredServicePrincipal,
  "id" | "applicationId"
> & {
  applicationId?: string;
} {
  const active = body.active;
  if (active !== undefined && active !== null && typeof active !== "boolean") {
    throw scimError(400, "active must be a boolean", "invalidValue");
  }
  const applicationId = optionalString(body.applicationId, "applicationId");
  if (applicationId !== undefined && !UUID.test(applicationId)) {
    throw scimError(400, `applicationId must be a UUID, got '${applicationId}'`, "invalidValue");
  }
  const externalId = optionalString(body.externalId, "externalId");
  // "Constraints: <= 64 characters" (create-account-service-principal REST reference).
  if (externalId !== undefined && externalId.length > 64) {
    throw scimError(400, "externalId must be at most 64 characters", "invalidValue");
  }
  return {
    applicationId,
    displayName: optionalString(body.displayName, "displayName"),
    externalId,
    // SCIM default for a new principal is active (the SDK omits `false`).
    active: (active as boolean | undefined | null) ?? true,
    roles: roles(body.roles),
  };
}

function assertApplicationIdFree(ctx: HandlerContext, applicationId: string, self?: string) {
  const other = ctx.store.principalByApplicationId(applicationId);
  if (other && other.id !== self) {
    throw scimError(
      409,
      `Service principal with applicationId ${applicationId} already exists`,
      "uniqueness",
    );
  }
}

export const createPrincipal: Handler = (ctx) => {
  const attrs = attributes(asObject(jsonBody(ctx.body), "request body"));
  const applicationId = attrs.applicationId ?? randomUUID();
  assertApplicationIdFree(ctx, applicationId);
  const sp: StoredServicePrincipal = { ...attrs, id: newNumericId(), applicationId };
  dropUndefined(sp);
  ctx.store.putPrincipal(sp);
  return created(toWireServicePrincipal(sp, ctx.store.accountId));
};

export const getPrincipal: Handler = (ctx) =>
  ok(toWireServicePrincipal(requirePrincipal(ctx), ctx.store.accountId));

/** PUT replaces every writable attribute; `applicationId` cannot change. */
export const replacePrincipal: Handler = (ctx) => {
  const sp = requirePrincipal(ctx);
  const attrs = attributes(asObject(jsonBody(ctx.body), "request body"));
  if (attrs.applicationId !== undefined && attrs.applicationId !== sp.applicationId) {
    throw scimError(400, "applicationId cannot be changed", "mutability");
  }
  const next: StoredServicePrincipal = { ...attrs, id: sp.id, applicationId: sp.applicationId };
  dropUndefined(next);
  ctx.store.putPrincipal(next);
  return ok(toWireServicePrincipal(next, ctx.store.accountId));
};

export const deletePrincipal: Handler = (ctx) => {
  const sp = requirePrincipal(ctx);
  ctx.store.removePrincipal(sp.id);
  return noContent();
};

const PATCHABLE = new Set(["displayName", "externalId", "active", "roles"]);

/** RFC 7644 §3.5.2 operations on the writable attributes, incl. `roles[value eq "x"]` removal. */
export const patchPrincipal: Handler = (ctx) => {
  const sp = requirePrincipal(ctx);
  const body = asObject(optionalJsonBody(ctx.body), "request body");
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA))) {
    throw scimError(400, `schemas must be ["${PATCH_SCHEMA}"]`, "invalidSyntax");
  }
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0) {
    throw scimError(400, "Operations must be a non-empty list", "invalidSyntax");
  }
  const next: StoredServicePrincipal = { ...sp, roles: sp.roles ? [...sp.roles] : undefined };
  for (const raw of ops) applyOperation(next, asObject(raw, "each operation"));
  dropUndefined(next);
  ctx.store.putPrincipal(next);
  return noContent();
};

function applyOperation(sp: StoredServicePrincipal, op: Record<string, unknown>): void {
  const kind = typeof op.op === "string" ? op.op.toLowerCase() : op.op;
  if (kind !== "add" && kind !== "replace" && kind !== "remove") {
    throw scimError(400, `Unsupported op ${JSON.stringify(op.op)}`, "invalidSyntax");
  }
  const path = op.path;
  if (path === undefined && kind !== "remove") {
    // No path: the value is an object of attributes to set.
    for (const [attr, value] of Object.entries(asObject(op.value, "value"))) {
      setAttribute(sp, attr, kind, value);
    }
    return;
  }
  if (typeof path !== "string") throw scimError(400, "path must be a string", "invalidPath");
  const filtered = /^roles\[value eq "([^"]*)"\]$/.exec(path);
  if (filtered && kind === "remove") {
    sp.roles = (sp.roles ?? []).filter((r) => r.value !== filtered[1]);
    return;
  }
  if (kind === "remove") {
    if (!PATCHABLE.has(path) || path === "active") {
      throw scimError(400, `Attribute ${path} cannot be removed`, "invalidPath");
    }
    setAttribute(sp, path, "remove", undefined);
    return;
  }
  setAttribute(sp, path, kind, op.value);
}

function setAttribute(
  sp: StoredServicePrincipal,
  attr: string,
  kind: "add" | "replace" | "remove",
  value: unknown,
): void {
  if (attr === "applicationId" || attr === "id") {
    throw scimError(400, `Attribute ${attr} is read-only`, "mutability");
  }
  if (!PATCHABLE.has(attr)) throw scimError(400, `Unknown attribute ${attr}`, "invalidPath");
  if (kind === "remove") {
    if (attr === "roles") sp.roles = undefined;
    else delete (sp as unknown as Record<string, unknown>)[attr];
    return;
  }
  switch (attr) {
    case "displayName":
    case "externalId":
      sp[attr] = optionalString(value, attr);
      return;
    case "active":
      sp.active = activeValue(value);
      return;
    case "roles": {
      const given = roles(value) ?? [];
      const base = kind === "add" ? (sp.roles ?? []) : [];
      const merged = [...base];
      for (const r of given) if (!merged.some((m) => m.value === r.value)) merged.push(r);
      sp.roles = merged;
      return;
    }
  }
}

function dropUndefined(sp: StoredServicePrincipal): void {
  const record = sp as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  if (sp.roles && sp.roles.length === 0) delete sp.roles;
}

/**
 * `filter` supports what the SDK docstring promises: `eq`, `co`, `sw`, `ne` on an attribute,
 * joined by `and` / `or` (no parentheses), e.g. `displayName eq "ci-bot"`.
 */
function matcher(filter: string | null): (sp: StoredServicePrincipal) => boolean {
  if (!filter || filter.trim() === "") return () => true;
  const orParts = filter.split(/\s+or\s+/i);
  const clauses = orParts.map((part) =>
    part.split(/\s+and\s+/i).map((clause) => {
      const m = /^\s*(\w+)\s+(eq|ne|co|sw)\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*$/i.exec(
        clause,
      );
      if (!m) throw scimError(400, `Unsupported filter: ${filter}`, "invalidFilter");
      const [, attr, op, str, bool] = m;
      const expected = str !== undefined ? str.replace(/\\(.)/g, "$1") : bool.toLowerCase();
      return (sp: StoredServicePrincipal) => {
        const actual = (sp as unknown as Record<string, unknown>)[attr];
        const value = actual === undefined ? "" : String(actual);
        // SCIM string comparison is case-insensitive for these attributes (RFC 7644 §3.4.2.2).
        const a = value.toLowerCase();
        const e = expected.toLowerCase();
        switch (op.toLowerCase()) {
          case "eq":
            return a === e;
          case "ne":
            return a !== e;
          case "co":
            return a.includes(e);
          default:
            return a.startsWith(e);
        }
      };
    }),
  );
  return (sp) => clauses.some((all) => all.every((test) => test(sp)));
}

function positiveInt(raw: string | null, field: string, fallback: number): number {
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw scimError(400, `${field} must be a non-negative integer`, "invalidValue");
  }
  return n;
}

/** SCIM list: 1-based `startIndex`, `count` per page; `Resources` omitted when empty. */
export const listPrincipals: Handler = (ctx) => {
  const { query, store } = ctx;
  const matching = store.listPrincipals().filter(matcher(query.get("filter")));
  const startIndex = Math.max(1, positiveInt(query.get("startIndex"), "startIndex", 1));
  const count = positiveInt(query.get("count"), "count", DEFAULT_COUNT);
  const page = matching.slice(startIndex - 1, startIndex - 1 + count);
  return ok({
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: matching.length,
    startIndex,
    itemsPerPage: page.length,
    ...(page.length > 0
      ? { Resources: page.map((sp) => toWireServicePrincipal(sp, store.accountId)) }
      : {}),
  });
};

/**
 * `active` as a boolean, or in the complex form the Terraform provider sends to deactivate a
 * principal instead of deleting it: `[{"value": "false"}]` (terraform-provider-databricks
 * `scim/scim.go` ~L186-193, `scim/resource_service_principal.go` ~L230-241).
 */
function activeValue(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (Array.isArray(value) && value.length === 1) {
    const inner = (value[0] as { value?: unknown } | null)?.value;
    if (inner === "true" || inner === true) return true;
    if (inner === "false" || inner === false) return false;
  }
  throw scimError(400, "active must be a boolean", "invalidValue");
}
