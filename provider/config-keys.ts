/**
 * Typo detection for stack config: a key in the `posit-connect:` namespace (or the root
 * program's namespace) that nothing reads is almost always a misspelling, and Pulumi itself
 * accepts it silently. These pure functions find such keys and the known key each one most
 * likely meant, so the program can stop at preview with the exact commands that fix it.
 */

/** Levenshtein distance, case-insensitive (a wrong case counts as one edit). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  // Same letters in another case: still a different key to Pulumi, so never a distance of 0.
  return previous[y.length] + (a !== b && x === y ? 1 : 0);
}

/** The known key closest to `key`, if it is close enough to be a plausible typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Up to a third of the key's letters (at least 2): catches swaps, drops and doubled letters.
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

export interface UnknownKey {
  /** The key as set, without namespace. */
  key: string;
  suggestion?: string;
}

/** Keys of `namespace` in `all` (full `ns:key` names) that are not in `known`. */
export function unknownKeys(
  all: Record<string, unknown>,
  namespace: string,
  known: readonly string[],
): UnknownKey[] {
  const prefix = `${namespace}:`;
  return Object.keys(all)
    .filter((full) => full.startsWith(prefix))
    .map((full) => full.slice(prefix.length))
    .filter((key) => !known.includes(key))
    .sort()
    .map((key) => ({ key, suggestion: nearestKey(key, known) }));
}

export interface KeyMessageOptions {
  namespace: string;
  /** What reads the keys, for the message: "pulumi-posit-connect", "this program (Pulumi.yaml)". */
  reader: string;
  /** Known keys that must be set with --secret. */
  secretKeys?: readonly string[];
  /** How `pulumi config` names a key of this namespace: `ns:key`, or just `key` for the project's. */
  cliName: (key: string) => string;
  /** Where every key is listed. */
  reference: string;
}

/** One sentence per unknown key, naming the key it probably meant and the commands that fix it. */
export function unknownKeysMessage(unknown: UnknownKey[], o: KeyMessageOptions): string {
  const lines = unknown.map(({ key, suggestion }) => {
    const full = `${o.namespace}:${key}`;
    if (suggestion === undefined) {
      return `${full} is not a key ${o.reader} reads; remove it with \`pulumi config rm ${o.cliName(key)}\` (every key: ${o.reference}).`;
    }
    const secret = o.secretKeys?.includes(suggestion) ? "--secret " : "";
    return (
      `${full} is not a key ${o.reader} reads; did you mean ${o.namespace}:${suggestion}? ` +
      `Run \`pulumi config rm ${o.cliName(key)}\` and \`pulumi config set ${secret}${o.cliName(suggestion)} <value>\`.`
    );
  });
  return lines.join("\n");
}

/**
 * The keys of a Pulumi.yaml's top-level `config:` block, read line by line (two-space indented
 * `name:` entries; namespaced keys such as `databricks:host` are left out). Enough for the
 * project files this package writes; no YAML library is needed at program time.
 */
export function projectConfigKeys(pulumiYaml: string): string[] {
  const keys: string[] = [];
  let inConfig = false;
  for (const line of pulumiYaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inConfig = /^config:\s*$/.test(line);
    else if (inConfig) {
      const m = /^ {2}([A-Za-z_][\w-]*):/.exec(line);
      if (m) keys.push(m[1]);
    }
  }
  return keys;
}
