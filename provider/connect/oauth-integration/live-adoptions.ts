/**
 * Integrations a create of this `up` adopted (`adoptGuid`). When the engine replaces an adopted
 * integration's resource (`pulumi up --replace`, a rename without `aliases`), it creates the new
 * resource first, which adopts the very same GUID, and then deletes the old one: that delete
 * would remove the integration the new resource now stands for, and every association with it.
 * The delete consults this list (same provider process, same run) and leaves it in place.
 *
 * On `globalThis` and looked up at call time, as content-association/lock.ts explains.
 */
const GLOBAL_KEY = "__pulumiPositConnectLiveAdoptions";

function adopted(): Set<string> {
  const g = globalThis as unknown as Record<string, Set<string> | undefined>;
  let set = g[GLOBAL_KEY];
  if (!(set instanceof Set)) {
    set = new Set();
    g[GLOBAL_KEY] = set;
  }
  return set;
}

/** GUIDs are unique per server, so any URL of the same server gives the same key. */
export function markAdopted(guid: string): void {
  adopted().add(guid);
}

export function adoptedInThisRun(guid: string): boolean {
  return adopted().has(guid);
}
