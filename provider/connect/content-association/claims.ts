/**
 * Associations that a live resource of this `up` found already in place and took as its own
 * (a renamed resource without `aliases`, a component upgraded from per-item children to one
 * set, a `ConnectContentIntegration` moved to another URL of the same server). The engine
 * creates the new resource before it deletes the old one, in the same provider process, so the
 * old one's delete consults this list and keeps the association instead of taking it away from
 * the new one. Keyed by GUIDs only: GUIDs are unique per server, so another URL of the same
 * server maps to the same key.
 *
 * On `globalThis` and looked up at call time, as lock.ts explains: each resource type's
 * serialized provider may carry its own copy of this module.
 */
const GLOBAL_KEY = "__pulumiPositConnectAssociationClaims";

function claims(): Set<string> {
  const g = globalThis as unknown as Record<string, Set<string> | undefined>;
  let set = g[GLOBAL_KEY];
  if (!(set instanceof Set)) {
    set = new Set();
    g[GLOBAL_KEY] = set;
  }
  return set;
}

const key = (contentGuid: string, integrationGuid: string): string =>
  `${contentGuid}|${integrationGuid}`;

/** A resource of this run relies on the association: no delete in this run may remove it. */
export function claim(contentGuid: string, integrationGuid: string): void {
  claims().add(key(contentGuid, integrationGuid));
}

export function isClaimed(contentGuid: string, integrationGuid: string): boolean {
  return claims().has(key(contentGuid, integrationGuid));
}
