/**
 * `diff` and the PATCH it implies. Pure functions over the stored outputs and the new inputs.
 *
 * Only what the program declares is compared: Connect may add defaulted config keys of its
 * own, and those must not show up as perpetual diffs. A key the program used to declare and
 * no longer does is removed on the server by sending it as `null`. A config change sends the
 * whole declared config and the secret, so a server that replaces instead of merging keeps them.
 */
import type { ConfigValue, IntegrationPatch } from "../wire";
import { normaliseConnectUrl, isUnknown } from "./validate";
import { samePermissions } from "../permissions";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  /** Properties that would be updated in place (for messages and tests). */
  updates: string[];
}

/** Properties whose change needs a new integration: Connect cannot change them in place. */
export const REPLACE_PROPERTIES = ["connectUrl", "template", "authType"] as const;

export function diffIntegration(
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): DiffOutcome {
  const replaces: string[] = [];
  for (const key of REPLACE_PROPERTIES) {
    const next =
      key === "connectUrl"
        ? (normaliseConnectUrl(news.connectUrl).url ?? news.connectUrl)
        : news[key];
    const prev =
      key === "connectUrl"
        ? (normaliseConnectUrl(olds.connectUrl).url ?? olds.connectUrl)
        : olds[key];
    if (isUnknown(next) || next !== prev) replaces.push(key);
  }
  const patch = buildPatch(olds, news);
  const updates = patch
    ? Object.keys(patch).filter((k) => patch[k as keyof IntegrationPatch] !== undefined)
    : [];
  // A key the program starts declaring with the value Connect already holds needs no PATCH, but
  // it must be recorded as managed (by an update that sends nothing), or removing it from the
  // program later would leave it in Connect.
  if (updates.length === 0 && newlyManagedKeys(olds, news).length > 0) updates.push("config");
  return { changes: replaces.length > 0 || updates.length > 0, replaces, updates };
}

/** Config keys the program declares that the stored outputs do not yet record as managed. */
export function newlyManagedKeys(
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): string[] {
  if (isUnknown(news.config)) return [];
  const managed = olds.managedConfigKeys ?? Object.keys(olds.config ?? {});
  return Object.keys(news.config ?? {}).filter((k) => !managed.includes(k));
}

/** The smallest PATCH that turns `olds` into `news`, or `undefined` when nothing differs. */
export function buildPatch(
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): IntegrationPatch | undefined {
  const patch: IntegrationPatch = {};
  if (isUnknown(news.name) || news.name !== olds.name) patch.name = news.name;

  const newDescription = news.description ?? null;
  if (isUnknown(newDescription) || newDescription !== (olds.description ?? null))
    patch.description = newDescription;

  const config = configChanges(olds, news.config ?? {});
  if (config) patch.config = config;

  if (isUnknown(news.clientSecret) || (news.clientSecret ?? null) !== (olds.clientSecret ?? null)) {
    patch.clientSecret = news.clientSecret ?? null;
  }
  // Absent: permissions are not Pulumi's, whatever the state holds. Given: owned exactly.
  if (news.permissions !== undefined && !samePermissions(olds.permissions, news.permissions)) {
    patch.permissions = news.permissions;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function configChanges(
  olds: Partial<OAuthIntegrationOutputs>,
  next: Record<string, ConfigValue>,
): Record<string, ConfigValue | null> | undefined {
  const current = olds.config ?? {};
  // State written before managedConfigKeys existed: every stored key was the program's.
  const managed = olds.managedConfigKeys ?? Object.keys(current);
  const changes: Record<string, ConfigValue | null> = {};
  if (isUnknown(next)) return { ...current };
  for (const [key, value] of Object.entries(next)) {
    if (isUnknown(value) || current[key] !== value) changes[key] = value;
  }
  for (const key of managed) {
    if (!(key in next) && key in current) changes[key] = null;
  }
  if (Object.keys(changes).length === 0) return undefined;
  // Whether Connect merges a PATCH's config or replaces it whole is not documented
  // (docs/emulators.md Limits): sending every declared key is right under both.
  return { ...next, ...changes };
}

/**
 * The PATCH as sent: a config change carries the secret too, since a server that replaces the
 * config whole would otherwise drop it (and Connect never reads a secret back to tell).
 */
export function withSecretForConfig(
  patch: IntegrationPatch | undefined,
  news: OAuthIntegrationInputs,
): IntegrationPatch | undefined {
  if (patch?.config === undefined || patch.clientSecret !== undefined) return patch;
  if (typeof news.clientSecret !== "string") return patch;
  return { ...patch, clientSecret: news.clientSecret };
}
