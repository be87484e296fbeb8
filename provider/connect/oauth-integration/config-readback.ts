/**
 * After a PATCH, Connect's answer must show the config the program declared. Two Connect
 * behaviours are not documented (docs/emulators.md Limits): what a `null` config value does
 * (remove / reject / store null / ignore) and whether config merges or is replaced. Under
 * every answer the update is either right or stops here with what happened and what to do,
 * never a silent drift between the program and Connect.
 */
import { ConnectError } from "../errors";
import type { ConfigValue, Integration, IntegrationPatch } from "../wire";

/**
 * Compares the integration Connect answered with the config this update sent.
 * @throws Error naming the kept or dropped keys and the fix
 */
export function checkConfigReadBack(
  guid: string,
  sent: IntegrationPatch,
  before: Readonly<Record<string, ConfigValue>>,
  after: Integration,
): void {
  const config = sent.config;
  if (config === undefined) return;
  const kept = Object.keys(config).filter((k) => config[k] === null && k in after.config);
  const dropped = [
    ...Object.keys(config).filter((k) => config[k] !== null && !(k in after.config)),
    ...Object.keys(before).filter((k) => !(k in config) && !(k in after.config)),
  ];
  const changed = Object.keys(config).filter(
    (k) => config[k] !== null && k in after.config && after.config[k] !== config[k],
  );
  const problems: string[] = [];
  if (kept.length > 0) {
    problems.push(
      `Connect kept config ${keys(kept)} that this update removed (sent as null): this Connect ` +
        "does not remove a config key that way. Remove the key in the Connect dashboard " +
        "(Integrations), or declare it again, then run `pulumi refresh` and `pulumi up`.",
    );
  }
  if (dropped.length > 0 || changed.length > 0) {
    problems.push(
      `Connect ${dropped.length > 0 ? `dropped config ${keys(dropped)}` : ""}` +
        `${dropped.length > 0 && changed.length > 0 ? " and " : ""}` +
        `${changed.length > 0 ? `answered other values for ${keys(changed)}` : ""} after this ` +
        "update. Check the integration in the Connect dashboard, then run `pulumi refresh` and " +
        "`pulumi up` to send the declared config again.",
    );
  }
  if (problems.length > 0) {
    throw new Error(`OAuth integration ${guid}: ${problems.join(" ")}`);
  }
}

/**
 * A refused PATCH that removed config keys: Connect's error stays as it is (same error, same
 * status), with what the removal may have to do with it and how to remove a key by hand.
 */
export function explainRefusedRemoval(sent: IntegrationPatch, error: unknown): unknown {
  const removed = Object.entries(sent.config ?? {})
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  if (!(error instanceof ConnectError) || error.status !== 400 || removed.length === 0) {
    return error;
  }
  error.message +=
    ` This update removes config ${keys(removed)} by sending null; if Connect refused that, ` +
    "this Connect does not remove config keys through the API: declare the key again, or " +
    "remove it in the Connect dashboard (Integrations) and then run `pulumi refresh` and `pulumi up`.";
  return error;
}

const keys = (list: string[]) => list.map((k) => `"${k}"`).join(", ");
