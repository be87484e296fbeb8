/**
 * Serializes read-modify-write of one content item's association set inside the provider
 * process. The engine runs independent resources in parallel, so two
 * `ConnectContentIntegration`s on the same content item would otherwise both read the old set
 * and the second PUT would drop the first association. Every resource in the process shares one map.
 */
const GLOBAL_KEY = "__pulumiPositConnectAssociationLocks";

/**
 * The queue tails, on `globalThis` and looked up at call time: in a program run from source,
 * Pulumi serializes this module by value into each resource type's `__provider` (a
 * module-level Map would arrive as an empty plain object, see
 * tests/host/serialized-closure-bugs.test.ts), and both association types must share one map.
 */
function tailsMap(): Map<string, Promise<unknown>> {
  const g = globalThis as unknown as Record<string, Map<string, Promise<unknown>> | undefined>;
  let tails = g[GLOBAL_KEY];
  if (!(tails instanceof Map)) {
    tails = new Map();
    g[GLOBAL_KEY] = tails;
  }
  return tails;
}

/** Runs `work` after every earlier call with the same key has settled. */
export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const tails = tailsMap();
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

export const contentKey = (connectUrl: string, contentGuid: string): string =>
  `${connectUrl.replace(/\/+$/, "")}|${contentGuid}`;
