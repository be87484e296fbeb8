/**
 * Handlers of the emulated `/__api__` endpoints. Each returns an {@link ApiResponse} instead of
 * writing to the socket, so the server can still drop the answer after the change is committed
 * (the `drop-after-commit` fault).
 */
import type { ApiResponse, ParsedBody } from "../api-response";
import type { Caller } from "./auth";
import { validateConfig } from "./config-validation";
import { patchedConfig, type EmulatorBehaviour } from "./behaviour";
import {
  badRequest,
  cannotParseBody,
  integrationNotFound,
  invalidIntegrationGuid,
  prohibitedChange,
  templateNotFound,
} from "./errors";
import { parseAssociations, parseCreate, parsePatch } from "./request-validation";
import { nowTimestamp, type IntegrationStore, type StoredIntegration } from "./state";
import { allTemplates, findTemplate, toWireTemplate } from "./templates";
import { toWireAssociation, toWireIntegration } from "./wire";
import type { Directory } from "./directory";
import {
  checkAssociations,
  checkPermissions,
  permissionsSupported,
  requireContent,
} from "./governance";

export type { ApiResponse, ParsedBody } from "../api-response";

export interface HandlerContext {
  store: IntegrationStore;
  /** Path parameters in pattern order (already URI-decoded). */
  params: string[];
  body: ParsedBody;
  caller: Caller;
  /** Users, groups and content items that permissions and associations refer to. */
  directory: Directory;
  /** The Connect version the emulator reports and whose rules it applies. */
  version: string;
  /** Where reads show the auth type (behaviour.ts authTypePlacement). */
  placement: "top-level" | "in-config" | "absent";
  /** The PATCH answers (behaviour.ts patchNull, patchConfig). */
  behaviour: Pick<
    EmulatorBehaviour,
    "patchNull" | "patchConfig" | "permissions" | "multipleAssociations"
  >;
  query: URLSearchParams;
  /** Workspace host → base URL overrides for `/verify` (EmulatorOptions.workspaceUrls). */
  workspaceUrls?: Readonly<Record<string, string>>;
}

export type Handler = (ctx: HandlerContext) => ApiResponse | Promise<ApiResponse>;

const ok = (body: unknown): ApiResponse => ({ status: 200, body });
const noContent = (): ApiResponse => ({ status: 204 });

function jsonBody(body: ParsedBody): unknown {
  if (body.kind !== "json") throw cannotParseBody();
  return body.value;
}

function requireIntegration(store: IntegrationStore, guid: string): StoredIntegration {
  const stored = store.get(guid);
  if (!stored) throw integrationNotFound();
  return stored;
}

export const listIntegrations: Handler = ({ store, version, placement, behaviour }) =>
  ok(
    store
      .list()
      .map((i) => toWireIntegration(i, permissionsSupported(behaviour, version), placement)),
  );

export const getIntegration: Handler = ({ store, params, version, placement, behaviour }) =>
  ok(
    toWireIntegration(
      requireIntegration(store, params[0]),
      permissionsSupported(behaviour, version),
      placement,
    ),
  );

// 200 with the full object, not 201 (connect-api.md §2 row 2).
export const createIntegration: Handler = (ctx) => {
  const { store, body, directory, version, placement, behaviour } = ctx;
  const input = parseCreate(jsonBody(body));
  const keep = checkPermissions(input.permissions, jsonBody(body), directory, ctx);
  if (!keep) input.permissions = null;
  return ok(
    toWireIntegration(store.create(input), permissionsSupported(behaviour, version), placement),
  );
};

export const updateIntegration: Handler = (ctx) => {
  const { store, params, body, directory, version, placement } = ctx;
  const stored = requireIntegration(store, params[0]);
  const patch = parsePatch(jsonBody(body));
  if (!checkPermissions(patch.permissions, jsonBody(body), directory, ctx)) {
    delete patch.permissions;
  }
  let config;
  if (patch.config !== undefined) {
    // A changed auth_type would silently invalidate existing associations (codes 237/238),
    // so the emulator treats it like a template change (connect-api.md §11.4).
    if ("auth_type" in patch.config && patch.config.auth_type !== stored.auth_type) {
      throw prohibitedChange("The auth_type of an OAuth integration cannot be changed");
    }
    const def = findTemplate(stored.template);
    if (!def) throw templateNotFound(stored.template);
    let next;
    try {
      next = patchedConfig(ctx.behaviour, stored.config, patch.config);
    } catch (e) {
      throw badRequest(`config.${(e as Error).message} must not be null`);
    }
    config = validateConfig(def, next.config);
    // `store-null`: the key stays, valued null (Record<string, ConfigValue> cannot say so).
    for (const key of next.nulls) (config as Record<string, unknown>)[key] = null;
  }
  const updated = store.update(stored.guid, { ...patch, config });
  return ok(
    toWireIntegration(updated ?? stored, permissionsSupported(ctx.behaviour, version), placement),
  );
};

export const deleteIntegration: Handler = ({ store, params }) => {
  if (!store.remove(params[0])) throw integrationNotFound();
  return noContent();
};

export const listIntegrationAssociations: Handler = ({ store, params }) => {
  const stored = requireIntegration(store, params[0]);
  return ok(store.associationsOf(stored.guid).map(([c, a]) => toWireAssociation(c, a, stored)));
};

export const listTemplates: Handler = () => ok(allTemplates().map(toWireTemplate));

export const getTemplate: Handler = ({ params }) => {
  const def = findTemplate(params[0]);
  if (!def) throw templateNotFound(params[0], 404);
  return ok(toWireTemplate(def));
};

export const getContentAssociations: Handler = ({ store, params, directory }) => {
  requireContent(directory, params[0]);
  return ok(
    store
      .contentAssociations(params[0])
      .map((a) => toWireAssociation(params[0], a, store.get(a.integration_guid))),
  );
};

export const putContentAssociations: Handler = (ctx) => {
  const { store, params, body, directory } = ctx;
  const content = requireContent(directory, params[0]);
  const guids = parseAssociations(jsonBody(body));
  const missing = guids.find((g) => !store.get(g));
  if (missing !== undefined) throw invalidIntegrationGuid(missing);
  const kept = checkAssociations(
    content,
    guids.map((g) => store.get(g) as StoredIntegration),
    ctx,
  );
  store.setAssociations(
    params[0],
    kept.map((i) => i.guid),
  );
  return noContent();
};

/** Minimal `GET /__api__/server_settings` so clients can check the version. */
export const serverSettings: Handler = ({ version }) =>
  ok({ version, build: "posit-connect-emulator", oauth_integrations_enabled: true });

const USERS = {
  admin: { guid: "00000000-0000-4000-8000-00000000ad01", username: "admin", role: "administrator" },
  publisher: {
    guid: "00000000-0000-4000-8000-0000000b0b01",
    username: "publisher",
    role: "publisher",
  },
};

/** `GET /__api__/v1/user`: the caller, as rsconnect-python uses it to verify a key. */
export const currentUser: Handler = ({ caller }) => {
  const user = USERS[caller === "admin" ? "admin" : "publisher"];
  const time = nowTimestamp();
  return ok({
    email: `${user.username}@connect-emulator.invalid`,
    username: user.username,
    first_name: "Emulator",
    last_name: user.username,
    user_role: user.role,
    created_time: time,
    updated_time: time,
    active_time: time,
    confirmed: true,
    locked: false,
    guid: user.guid,
  });
};
