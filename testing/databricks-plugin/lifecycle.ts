/**
 * The engine-facing semantics shared by every resource type, derived from a module's
 * property table the way the Terraform bridge derives them from the Terraform schema:
 * - Check: type checks, ValidateFunc ranges, unknown keys rejected, autonaming;
 * - Diff: configured inputs against the state; ForceNew changes replace; an unset Computed
 *   input never differs; SDKv2 treats an unset bool/number/string/list like its zero value;
 * - Read: computed attributes always come from the server, the others only when configured
 *   (terraform-provider-databricks common/reflect_resource.go StructToData skips
 *   unconfigured non-computed fields); a 404 drops the resource (common/resource.go);
 *   secrets only the create response held are carried over from the old state;
 * - Create/Update: the API call, then a Read, as common.Resource does.
 */
import * as crypto from "crypto";
import type { AccountApi } from "./account-api";
import { isNotFound } from "./account-api";
import type { PropertySpec, ResourceModule } from "./resource-module";
import { isUnknown, UNKNOWN, type Json, type Props } from "./values";

export interface CheckFailure {
  property: string;
  reason: string;
}

const TYPE_NAMES: Record<PropertySpec["type"], string> = {
  string: "a string",
  boolean: "a boolean",
  integer: "a whole number",
  stringList: "a list of strings",
  object: "an object",
};

function typeError(spec: PropertySpec, v: Json): boolean {
  if (v === null || isUnknown(v)) return false;
  switch (spec.type) {
    case "string":
      return typeof v !== "string";
    case "boolean":
      return typeof v !== "boolean";
    case "integer":
      return typeof v !== "number" || !Number.isInteger(v);
    case "stringList":
      return !Array.isArray(v) || v.some((x) => typeof x !== "string" && !isUnknown(x));
    case "object":
      return typeof v !== "object" || Array.isArray(v);
  }
}

function checkProps(
  specs: Record<string, PropertySpec>,
  values: Props,
  prefix: string,
  failures: CheckFailure[],
): void {
  for (const [key, v] of Object.entries(values)) {
    const path = `${prefix}${key}`;
    const spec = specs[key];
    if (!spec || !spec.input) {
      const allowed = Object.entries(specs)
        .filter(([, s]) => s.input)
        .map(([k]) => k);
      failures.push({
        property: path,
        reason: `${path} is not an input of this resource; valid inputs are ${allowed.join(", ")}`,
      });
      continue;
    }
    if (typeError(spec, v)) {
      failures.push({
        property: path,
        reason: `${path} must be ${TYPE_NAMES[spec.type]}, got ${JSON.stringify(v)}`,
      });
      continue;
    }
    if (v === null || isUnknown(v)) continue;
    if (spec.type === "object" && spec.fields) {
      checkProps(spec.fields, v as Props, `${path}.`, failures);
    }
    const reason = spec.validate?.(v, path);
    if (reason) failures.push({ property: path, reason });
  }
}

/** The bridge's checked-inputs key listing the inputs it filled with defaults (autonaming). */
export const DEFAULTS_KEY = "__defaults";

/** `<name>-<7 hex>` like the bridge's autonaming, stable for a given random seed. */
function autoName(resourceName: string, seed: Uint8Array): string {
  const h = crypto.createHash("sha256").update(seed).update(resourceName).digest("hex");
  return `${resourceName}-${h.slice(0, 7)}`;
}

export function check(
  mod: ResourceModule,
  resourceName: string,
  news: Props,
  olds: Props,
  seed: Uint8Array,
): { inputs: Props; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const inputs = { ...news };
  checkProps(mod.properties, inputs, "", failures);
  if (mod.autoname && (inputs[mod.autoname] === undefined || inputs[mod.autoname] === null)) {
    // Keep an earlier auto-name so the resource is not replaced on every run.
    const earlier = olds[mod.autoname];
    inputs[mod.autoname] = typeof earlier === "string" ? earlier : autoName(resourceName, seed);
    inputs[DEFAULTS_KEY] = [mod.autoname];
  } else if (mod.autoname) inputs[DEFAULTS_KEY] = [];
  // (The `__defaults` list is the bridge's record of autonamed inputs; see custom-app-integration.ts.)
  return { inputs, failures };
}

/** Terraform SDKv2 cannot tell unset from the zero value of a primitive or an empty list. */
function normalise(spec: PropertySpec, v: Json | undefined): Json {
  if (v !== undefined && v !== null && isUnknown(v)) return v;
  switch (spec.type) {
    case "string":
      return v ?? "";
    case "boolean":
      return v ?? false;
    case "integer":
      return v ?? 0;
    case "stringList":
      // A set compares without order or duplicates.
      return spec.set && Array.isArray(v) ? [...new Set(v.map(String))].sort() : (v ?? []);
    case "object": {
      const o = (v ?? {}) as Props;
      return Object.fromEntries(
        Object.entries(spec.fields ?? {}).map(([k, f]) => [k, normalise(f, o[k])]),
      );
    }
  }
}

function differs(spec: PropertySpec, news: Json | undefined, olds: Json | undefined): boolean {
  if (news !== undefined && isUnknown(news)) return true;
  if (spec.type === "object" && spec.fields) {
    const n = (news ?? {}) as Props;
    const o = (olds ?? {}) as Props;
    return Object.entries(spec.fields).some(([k, f]) => {
      // An unset Computed field keeps whatever the server chose.
      if (f.computed && (n[k] === undefined || n[k] === null)) return false;
      return differs(f, n[k], o[k]);
    });
  }
  return JSON.stringify(normalise(spec, news)) !== JSON.stringify(normalise(spec, olds));
}

export interface DiffResult {
  changed: string[];
  replaces: string[];
}

/** Configured inputs (`news`, checked) against the state (`olds`). */
export function diff(mod: ResourceModule, olds: Props, news: Props): DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [key, spec] of Object.entries(mod.properties)) {
    if (!spec.input) continue;
    const n = news[key];
    if (spec.computed && (n === undefined || n === null)) continue;
    if (!differs(spec, n, olds[key])) continue;
    changed.push(key);
    if (spec.forceNew) replaces.push(key);
  }
  return { changed, replaces };
}

/** The state to record: server values, restricted as Terraform's Read restricts them. */
function merge(
  mod: ResourceModule,
  server: Props,
  configured: Props | undefined,
  keep: Props,
): Props {
  const state: Props = {};
  for (const [key, spec] of Object.entries(mod.properties)) {
    let v: Json | undefined;
    if (spec.computed || configured === undefined || configured[key] !== undefined) {
      v = server[key];
      if (spec.type === "object" && spec.fields && v && configured?.[key] !== undefined) {
        const conf = configured[key] as Props;
        const srv = v as Props;
        v = Object.fromEntries(
          Object.entries(spec.fields)
            .filter(([k, f]) => f.computed || conf[k] !== undefined)
            .map(([k]) => [k, srv[k] ?? null]),
        );
      }
    }
    if (v === undefined && keep[key] !== undefined) v = keep[key];
    // The bridge's outputs carry every schema attribute, null when unset (an imported app's
    // client secret, which GET never returns). An absent key would read as unknown in a
    // preview (the Node SDK's rule for missing outputs), unlike the real provider.
    state[key] = v ?? null;
  }
  return state;
}

export const secretKeys = (mod: ResourceModule): string[] =>
  Object.entries(mod.properties)
    .filter(([, s]) => s.secret)
    .map(([k]) => k);

/** Preview of a create: the inputs, with every computed output not yet known. */
export function previewCreate(mod: ResourceModule, inputs: Props): Props {
  const out: Props = { ...inputs };
  for (const [key, spec] of Object.entries(mod.properties)) {
    if (spec.computed && out[key] === undefined) out[key] = UNKNOWN;
  }
  return out;
}

export async function create(
  api: AccountApi,
  mod: ResourceModule,
  inputs: Props,
): Promise<{ id: string; state: Props }> {
  const { id, once } = await mod.create(api, inputs);
  let server: Props | undefined;
  try {
    server = await mod.read(api, id, { ...inputs, ...once });
    if (!server) throw new Error(`a read right after the create answered 404`);
  } catch (e) {
    // The object exists: hand the engine its id so it is tracked (and deleted), not orphaned.
    throw new CreatedButUnreadError(
      id,
      { ...inputs, ...once },
      `${mod.token} ${id} was created, but ${(e as Error).message}`,
    );
  }
  return { id, state: merge(mod, server, inputs, once) };
}

/** A create that succeeded but whose follow-up read failed (the engine's "init failed"). */
export class CreatedButUnreadError extends Error {
  constructor(
    readonly id: string,
    readonly state: Props,
    message: string,
  ) {
    super(message);
  }
}

/** undefined: the object is gone (the engine then drops it from the state). */
export async function read(
  api: AccountApi,
  mod: ResourceModule,
  id: string,
  oldState: Props,
  oldInputs: Props | undefined,
): Promise<{ state: Props; inputs: Props } | undefined> {
  const server = await mod.read(api, id, { ...oldState, ...(oldInputs ?? {}) });
  if (!server) return undefined;
  const keep = Object.fromEntries(secretKeys(mod).map((k) => [k, oldState[k]]));
  const configured = oldInputs && Object.keys(oldInputs).length > 0 ? oldInputs : undefined;
  const state = merge(mod, server, configured, keep);
  // Import has no inputs: derive them from what the server holds, as the bridge does.
  const inputs =
    configured ??
    Object.fromEntries(
      Object.entries(mod.properties)
        .filter(([k, s]) => s.input && !s.computed && state[k] !== undefined)
        .map(([k]) => [k, state[k]]),
    );
  return { state, inputs };
}

export async function update(
  api: AccountApi,
  mod: ResourceModule,
  id: string,
  olds: Props,
  news: Props,
): Promise<Props> {
  await mod.update(api, id, news, olds);
  const server = await mod.read(api, id, { ...olds, ...news });
  if (!server) throw new Error(`${mod.token} ${id} no longer exists (404 after the update)`);
  const keep = Object.fromEntries(secretKeys(mod).map((k) => [k, olds[k]]));
  return merge(mod, server, news, keep);
}

/** Preview of an update: the old state with the new inputs laid over it. */
export function previewUpdate(olds: Props, news: Props): Props {
  return { ...olds, ...news };
}

export async function remove(
  api: AccountApi,
  mod: ResourceModule,
  id: string,
  state: Props = {},
): Promise<void> {
  try {
    await mod.delete(api, id, state);
  } catch (e) {
    // Already gone counts as deleted (terraform-provider-databricks common/resource.go).
    if (!isNotFound(e)) throw e;
  }
}
