/**
 * Databricks account-API behaviours the emulator cannot know for sure: one switch per unknown,
 * each with its source or "inferred". The package and the stand-in must be right, or stop with
 * a clear error, under every answer (tests/conformance/databricks-behaviour.test.ts;
 * docs/emulators.md "Limits").
 */

export interface EmulatorBehaviour {
  /**
   * Whether two custom OAuth apps may share a `name`. Inferred: the API reference states no
   * uniqueness rule (databricks-api.md "Open questions"); `unique` answers a duplicate with 409
   * RESOURCE_ALREADY_EXISTS. @default "not-unique"
   */
  appNames: "not-unique" | "unique";
}

export const DEFAULT_BEHAVIOUR: Readonly<EmulatorBehaviour> = Object.freeze({
  appNames: "not-unique",
});

const CHOICES: { [K in keyof EmulatorBehaviour]: readonly EmulatorBehaviour[K][] } = {
  appNames: ["not-unique", "unique"],
};

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

/** `switch=answer` CLI pairs as a partial behaviour. */
export function behaviourFromFlags(pairs: readonly string[]): Partial<EmulatorBehaviour> {
  return parseBehaviour(
    Object.fromEntries(
      pairs.map((kv) => {
        const eq = kv.indexOf("=");
        if (eq < 1) throw new Error(`--behaviour wants switch=answer, got ${JSON.stringify(kv)}`);
        return [kv.slice(0, eq), kv.slice(eq + 1)];
      }),
    ),
  );
}
