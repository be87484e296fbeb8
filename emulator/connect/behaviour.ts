/**
 * Connect behaviours the emulator cannot know for sure: one switch per unknown, each with its
 * source or "inferred". The package must be right, or stop with a clear error, under every
 * answer (tests/conformance/connect-behaviour.test.ts; docs/emulators.md "Limits").
 */
import { versionBefore } from "./directory";

/** Connect version from which the `connect` template integration exists on its own. */
export const DEFAULT_INTEGRATION_SINCE = "2025.05.0";
/** Connect version from which integrations carry a top-level `auth_type`. */
export const AUTH_TYPE_SINCE = "2024.12.0";

export interface EmulatorBehaviour {
  /**
   * Where an integration's auth type appears on reads. `by-version`: top-level `auth_type`
   * from 2024.12.0, nowhere before (issue 20; connect-api.md §4.2 fixtures: 2024.12 and
   * 2025.07 have it). `in-config`: only as `config.auth_type` (inferred: an old server could
   * echo the key it was sent). `top-level`/`absent`: always / never.
   * @default "by-version"
   */
  authType: "by-version" | "top-level" | "in-config" | "absent";
  /**
   * Whether the "Connect Visitor API Key" integration exists without being created.
   * `by-version`: from 2025.05.0 (connect-api.md §4.2). @default "by-version"
   */
  defaultIntegration: "by-version" | "always" | "never";
  /**
   * What a PATCH does with a `null` config value. Inferred (connect-api.md documents no rule):
   * `remove` deletes the key, `reject` answers 400, `store-null` keeps the key with a null
   * value, `ignore` leaves the stored value as it was. @default "remove"
   */
  patchNull: "remove" | "reject" | "store-null" | "ignore";
  /**
   * Whether a PATCH's `config` merges into the stored config key by key or replaces it whole
   * (secrets included). Inferred: connect-api.md documents no rule. @default "merge"
   */
  patchConfig: "merge" | "replace";
  /**
   * What a server does with integration `permissions` (POST/PATCH field, GET field).
   * `by-version`: known from 2026.04.0, the first API reference seen documenting them; older
   * servers refuse the field with 400 (connect-api.md §7; governance.ts). The release that
   * introduced them is not published, so each answer is possible on any version:
   * `supported` (an older release already knew them), `rejected` (400 "The field permissions
   * is not supported": input schemas are `additionalProperties: false`), and `ignored`
   * (inferred: a server whose decoder drops unknown fields accepts the list, stores nothing
   * and returns no `permissions` field, so a client that does not read back would believe
   * the grants were set). @default "by-version"
   */
  permissions: "by-version" | "supported" | "rejected" | "ignored";
  /**
   * What `PUT /v1/content/{guid}/oauth/integrations/associations` does with more than one
   * integration. `by-version`: allowed from 2025.07.0, 400/238 before (connect-api.md §4.6,
   * §7; posit-sdk-py and connectapi gate on 2025.07.0). `allowed` / `rejected` (400/238) on
   * any version: the gate's exact release and code are inferred. `replaces` (inferred: a
   * server that stores one association per content item and writes the list in turn answers
   * 204 and keeps only the last one, so the item silently loses the others).
   * @default "by-version"
   */
  multipleAssociations: "by-version" | "allowed" | "rejected" | "replaces";
}

export const DEFAULT_BEHAVIOUR: Readonly<EmulatorBehaviour> = Object.freeze({
  authType: "by-version",
  defaultIntegration: "by-version",
  patchNull: "remove",
  patchConfig: "merge",
  permissions: "by-version",
  multipleAssociations: "by-version",
});

const CHOICES: { [K in keyof EmulatorBehaviour]: readonly EmulatorBehaviour[K][] } = {
  authType: ["by-version", "top-level", "in-config", "absent"],
  defaultIntegration: ["by-version", "always", "never"],
  patchNull: ["remove", "reject", "store-null", "ignore"],
  patchConfig: ["merge", "replace"],
  permissions: ["by-version", "supported", "rejected", "ignored"],
  multipleAssociations: ["by-version", "allowed", "rejected", "replaces"],
};

/**
 * The config a PATCH leaves under `behaviour`, before template validation. `nulls` are the keys
 * to store as null afterwards (`store-null`), which validation would otherwise refuse.
 * @throws Error with the offending key under `reject` (the caller answers 400)
 */
export function patchedConfig(
  behaviour: Pick<EmulatorBehaviour, "patchNull" | "patchConfig">,
  stored: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): { config: Record<string, unknown>; nulls: string[] } {
  const config: Record<string, unknown> = behaviour.patchConfig === "merge" ? { ...stored } : {};
  const nulls: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null) config[key] = value;
    else if (behaviour.patchNull === "reject") throw new Error(key);
    else if (behaviour.patchNull === "remove") delete config[key];
    else if (behaviour.patchNull === "store-null") {
      delete config[key];
      nulls.push(key);
    } else if (key in stored) config[key] = stored[key];
  }
  return { config, nulls };
}

/**
 * Checks a partial behaviour (from options, CLI flags or `PUT /__emulator__/behaviour`).
 * @throws Error naming the switch and its allowed values
 */
export function parseBehaviour(input: unknown): Partial<EmulatorBehaviour> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new Error("behaviour must be an object");
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const allowed = (CHOICES as Record<string, readonly string[]>)[key];
    if (!allowed) throw new Error(`unknown behaviour switch ${JSON.stringify(key)}`);
    if (!allowed.includes(value as string)) {
      throw new Error(`behaviour ${key} must be one of ${allowed.join(", ")}`);
    }
    out[key] = value;
  }
  return out as Partial<EmulatorBehaviour>;
}

/** How reads show the auth type under `behaviour` on `version`. */
export function authTypePlacement(
  behaviour: EmulatorBehaviour,
  version: string,
): "top-level" | "in-config" | "absent" {
  if (behaviour.authType !== "by-version") return behaviour.authType;
  return versionBefore(version, AUTH_TYPE_SINCE) ? "absent" : "top-level";
}

export function seedsDefaultIntegration(behaviour: EmulatorBehaviour, version: string): boolean {
  if (behaviour.defaultIntegration !== "by-version")
    return behaviour.defaultIntegration === "always";
  return !versionBefore(version, DEFAULT_INTEGRATION_SINCE);
}
