/**
 * A set of strings shared by every module copy in the provider process, for what one resource
 * of a run must tell another (content-association/claims.ts, oauth-integration/live-adoptions.ts).
 *
 * On `globalThis` and looked up at call time, as content-association/lock.ts explains: each
 * resource type's serialized provider may carry its own copy of the calling module.
 */
export function processSet(globalKey: string): Set<string> {
  const g = globalThis as unknown as Record<string, Set<string> | undefined>;
  let set = g[globalKey];
  if (!(set instanceof Set)) {
    set = new Set();
    g[globalKey] = set;
  }
  return set;
}
