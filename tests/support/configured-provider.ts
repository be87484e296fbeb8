/**
 * A dynamic provider configured the way the engine configures it (`configure` with the stack's
 * config), for tests that call its lifecycle in-process. The configure call is not awaited:
 * the providers hold it and every method waits for it, as under the engine.
 */
export interface Configurable {
  configure(r: { config: { get(k: string): string | undefined } }): Promise<void>;
}

export function configuredWith<T extends Configurable>(
  provider: T,
  apiKey: string,
  extra: Record<string, string> = {},
): T {
  const values: Record<string, string> = { "posit-connect:apiKey": apiKey, ...extra };
  void provider.configure({ config: { get: (k: string) => values[k] } });
  return provider;
}
