/**
 * Shape checks for request bodies (create, PATCH, association PUT). Schemas in the OpenAPI
 * document are `additionalProperties: false`, so unknown top-level fields are rejected (400/2),
 * one of the emulator's answers to connect-api.md §11.6.
 */
import { validateConfig } from "./config-validation";
import {
  badRequest,
  duplicateIntegrations,
  invalidDescription,
  invalidIntegrationGuid,
  invalidIntegrations,
  invalidName,
  prohibitedChange,
  templateConfig,
  templateNotFound,
} from "./errors";
import { findTemplate, type TemplateDefinition } from "./templates";
import type { ConfigValue, WirePermissionInput } from "./wire-types";

export interface CreateInput {
  template: TemplateDefinition;
  name: string | null;
  description: string | null;
  config: Record<string, ConfigValue>;
  authType: string;
  permissions: WirePermissionInput[] | null;
}

/** PATCH body after shape checks; `config` still holds `null`s (= remove the key). */
export interface PatchInput {
  name?: string;
  description?: string | null;
  config?: Record<string, unknown>;
  permissions?: WirePermissionInput[] | null;
}

const CREATE_KEYS = new Set(["name", "description", "template", "config", "permissions"]);
const PATCH_KEYS = new Set(["name", "description", "config", "permissions"]);

export function parseCreate(body: unknown): CreateInput {
  const obj = requireObject(body);
  rejectUnknownKeys(obj, CREATE_KEYS);
  if (typeof obj.template !== "string") throw templateNotFound(String(obj.template ?? ""));
  const template = findTemplate(obj.template);
  if (!template) throw templateNotFound(obj.template);
  const name = "name" in obj ? parseName(obj.name) : null;
  const description = "description" in obj ? parseDescription(obj.description) : null;
  const config = validateConfig(template, parseConfigObject(obj.config ?? {}));
  const sentAuthType = typeof config.auth_type === "string" ? config.auth_type : undefined;
  return {
    template,
    name,
    description,
    config,
    authType: template.fixedAuthType ?? sentAuthType ?? "Viewer",
    permissions: "permissions" in obj ? parsePermissions(obj.permissions) : null,
  };
}

export function parsePatch(body: unknown): PatchInput {
  const obj = requireObject(body);
  if ("template" in obj)
    throw prohibitedChange("The template of an OAuth integration cannot be changed");
  rejectUnknownKeys(obj, PATCH_KEYS);
  const patch: PatchInput = {};
  if ("name" in obj) patch.name = parseName(obj.name);
  if ("description" in obj) patch.description = parseDescription(obj.description);
  if ("config" in obj) patch.config = parseConfigObject(obj.config);
  if ("permissions" in obj) patch.permissions = parsePermissions(obj.permissions);
  return patch;
}

/** @returns the integration GUIDs of an association PUT body, in order */
export function parseAssociations(body: unknown): string[] {
  if (body === null) return []; // connectapi: "explicitly passing NULL will remove all"
  if (!Array.isArray(body)) throw invalidIntegrations();
  const guids = body.map((item: unknown) => {
    const guid = isObject(item) ? item.oauth_integration_guid : undefined;
    if (typeof guid !== "string" || guid === "") throw invalidIntegrationGuid(String(guid ?? ""));
    return guid;
  });
  if (new Set(guids).size !== guids.length) throw duplicateIntegrations();
  return guids;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw badRequest("The request body must be a JSON object");
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(obj: Record<string, unknown>, allowed: Set<string>): void {
  const unknown = Object.keys(obj).find((k) => !allowed.has(k));
  if (unknown !== undefined) throw badRequest(`The field ${unknown} is not supported`);
}

function parseName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalidName();
  return value;
}

function parseDescription(value: unknown): string | null {
  if (value !== null && typeof value !== "string") throw invalidDescription();
  return value;
}

function parseConfigObject(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw templateConfig("The config must be a JSON object");
  return value;
}

function parsePermissions(value: unknown): WirePermissionInput[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw badRequest("The permissions must be a list");
  return value.map((p: unknown) => {
    const user = isObject(p) ? (p.user_guid ?? null) : undefined;
    const group = isObject(p) ? (p.group_guid ?? null) : undefined;
    const oneString =
      (typeof user === "string") !== (typeof group === "string") &&
      (user === null || group === null);
    if (!oneString)
      throw badRequest("Each permission needs exactly one of user_guid or group_guid");
    return { user_guid: user as string | null, group_guid: group as string | null };
  });
}
