/**
 * What the association lifecycles (single-provider.ts, set-provider.ts,
 * integration-set-provider.ts) share. A module of its own because those three paths are a
 * public contract (the shims require them) and must stay where they are.
 */
import type { ConnectClient } from "../client";
import type { ProviderSettings } from "../settings";
import { settingsFailures } from "../settings";
import { concurrentChange } from "./connect";
import { contentKey, serialized } from "./lock";
import { sameSet } from "./rules";
import type { CheckFailure } from "./validate";

/** Adds the provider settings' failures, unless `connectUrl` itself already failed. */
export function withSettingsFailures<T extends { connectUrl: string }>(
  outcome: { inputs: T; failures: CheckFailure[] },
  settings?: ProviderSettings,
): { inputs: T; failures: CheckFailure[] } {
  if (!outcome.failures.some((f) => f.property === "connectUrl")) {
    outcome.failures.push(...settingsFailures(outcome.inputs.connectUrl, settings));
  }
  return outcome;
}

/** The integration GUIDs the item holds now; `property` names the input in the error. */
export async function currentSet(
  client: ConnectClient,
  contentGuid: string,
  property: string,
): Promise<string[]> {
  const list = await client.contentAssociations(contentGuid);
  if (list === undefined) {
    throw new Error(
      `${property}: Connect has no content item ${contentGuid} (it was deleted while Pulumi was working).`,
    );
  }
  return list.map((a) => a.integrationGuid);
}

/**
 * Takes one association out of the item's set under the item's lock, and verifies the write;
 * every other association stays. Nothing to do if the item or the association is gone.
 */
export async function removeAssociation(
  client: ConnectClient,
  connectUrl: string,
  contentGuid: string,
  integrationGuid: string,
  property: string,
): Promise<void> {
  await serialized(contentKey(connectUrl, contentGuid), async () => {
    const current = await client.contentAssociations(contentGuid, "delete");
    if (current === undefined) return; // content deleted
    const before = current.map((a) => a.integrationGuid);
    if (!before.includes(integrationGuid)) return; // already gone
    const target = before.filter((g) => g !== integrationGuid);
    await client.setContentAssociations(contentGuid, target, "delete");
    const after = await currentSet(client, contentGuid, property);
    if (!sameSet(after, target)) throw concurrentChange(contentGuid, target, after);
  });
}
