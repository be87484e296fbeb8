/**
 * The `ConnectIntegrationAssociations` lifecycle: the content items ONE integration is
 * associated with, kept next to whatever else each item uses. It adds and removes by
 * difference and records which associations it made (`created`) and which it found in place
 * (`keptOnDelete`): it only ever removes the former. Replacing the integration swaps old for new
 * in a single PUT per item, so a Connect server that allows one integration per content item
 * (before 2025.07.0) never sees two.
 *
 * The serialized provider (integration-set-shim.ts) only forwards here, so this module's path is
 * a public contract: never rename it, and keep every function able to read every earlier
 * STATE_VERSION.
 */
import type { ConnectClient } from "../client";
import type { ConfigSource, ProviderSettings } from "../settings";
import { readSettingsOrError } from "../settings";
import { normaliseConnectUrl } from "../oauth-integration/validate";
import { claim, isClaimed } from "./claims";
import {
  clientFor,
  concurrentChange,
  enforceRules,
  requireContent,
  requireIntegrations,
} from "./connect";
import { writeAssociations } from "./checked-write";
import { contentKey, serialized } from "./lock";
import { sameSet } from "./rules";
import { currentSet, removeAssociation, withSettingsFailures } from "./shared-lifecycle";
import {
  IntegrationAssociationsInputs,
  IntegrationAssociationsOutputs,
  STATE_VERSION,
} from "./types";
import { CheckFailure, isUnknown, validateIntegrationAssociations } from "./validate";

type Olds = Partial<IntegrationAssociationsOutputs>;

/** Never throws: a bad setting is kept and raised by every later call (settings.ts). */
export function configure(config: ConfigSource): ProviderSettings {
  return readSettingsOrError(config);
}

export function check(
  news: Record<string, unknown>,
  settings?: ProviderSettings,
): { inputs: IntegrationAssociationsInputs; failures: CheckFailure[] } {
  return withSettingsFailures(validateIntegrationAssociations(news), settings);
}

/** Never a replacement: every change, a new integration included, is carried out in place. */
export function diff(olds: Olds, news: IntegrationAssociationsInputs) {
  const url = (u: string | undefined) => normaliseConnectUrl(u).url ?? u;
  const changes =
    isUnknown(news.connectUrl) ||
    url(news.connectUrl) !== url(olds.connectUrl) ||
    isUnknown(news.integrationGuid) ||
    news.integrationGuid !== olds.integrationGuid ||
    isUnknown(news.contentGuids) ||
    news.contentGuids.some(isUnknown) ||
    !sameSet(olds.contentGuids ?? [], news.contentGuids);
  return { changes, replaces: [] as string[], deleteBeforeReplace: false };
}

export async function create(
  settings: ProviderSettings | undefined,
  inputs: IntegrationAssociationsInputs,
): Promise<{ id: string; outs: IntegrationAssociationsOutputs }> {
  const id = inputs.integrationGuid;
  return { id, outs: await converge(settings, id, {}, inputs, "create") };
}

export async function update(
  settings: ProviderSettings | undefined,
  id: string,
  olds: Olds,
  news: IntegrationAssociationsInputs,
): Promise<{ outs: IntegrationAssociationsOutputs }> {
  return { outs: await converge(settings, id, olds, news, "update") };
}

/**
 * Brings every listed item to hold the integration and takes it away where this resource made
 * it and it is no longer wanted. On a failure part-way, the engine is handed what was done so
 * far, so the next `up` knows which associations are its own.
 */
async function converge(
  settings: ProviderSettings | undefined,
  id: string,
  olds: Olds,
  news: IntegrationAssociationsInputs,
  operation: "create" | "update",
): Promise<IntegrationAssociationsOutputs> {
  const client = clientFor(settings, news.connectUrl);
  const progress = { created: [] as string[], keptOnDelete: [] as string[] };
  const oldCreated = olds.created ?? [];
  const items = [...new Set([...news.contentGuids, ...oldCreated])];
  const done: string[] = [];
  try {
    await requireIntegrations(client, [news.integrationGuid], "integrationGuid");
    for (const contentGuid of items) {
      await serialized(contentKey(news.connectUrl, contentGuid), () =>
        convergeItem(client, contentGuid, olds, news, progress, operation),
      );
      done.push(contentGuid);
    }
  } catch (e) {
    // What this resource made and has not dealt with yet stays recorded as its own (a replaced
    // integration's associations go with it, so those are not carried over).
    const pending =
      olds.integrationGuid === news.integrationGuid
        ? oldCreated.filter((c) => !done.includes(c))
        : [];
    const partial = outputs(news, {
      created: [...new Set([...progress.created, ...pending])],
      keptOnDelete: progress.keptOnDelete,
    });
    const provider = (news as unknown as Record<string, unknown>).__provider;
    throw Object.assign(e as Error, {
      id,
      properties: provider === undefined ? partial : { ...partial, __provider: provider },
      reasons: [(e as Error).message],
    });
  }
  return outputs(news, progress);
}

async function convergeItem(
  client: ConnectClient,
  contentGuid: string,
  olds: Olds,
  news: IntegrationAssociationsInputs,
  progress: { created: string[]; keptOnDelete: string[] },
  operation: "create" | "update",
): Promise<void> {
  const wanted = news.contentGuids.includes(contentGuid);
  const oldIntegration = olds.integrationGuid;
  const sameIntegration = oldIntegration === news.integrationGuid;
  const madeByUs = (olds.created ?? []).includes(contentGuid);
  const current = await client.contentAssociations(contentGuid, operation);
  if (current === undefined) {
    if (wanted) await requireContent(client, contentGuid); // throws the actionable error
    return; // an item that left the list and no longer exists: nothing to remove
  }
  const before = current.map((a) => a.integrationGuid);
  let target = [...before];
  // Take ours away where the item left the list, or where the integration itself was replaced
  // (then the same PUT puts the new one in: a one-integration server never sees two).
  if (
    oldIntegration !== undefined &&
    madeByUs &&
    (!wanted || !sameIntegration) &&
    !isClaimed(contentGuid, oldIntegration)
  ) {
    target = target.filter((g) => g !== oldIntegration);
  }
  // Recorded as made by us only once Connect holds it (checked-write.ts may refuse or undo it).
  let adds = false;
  if (wanted) {
    if (!before.includes(news.integrationGuid)) {
      target.push(news.integrationGuid);
      adds = true;
    } else if (sameIntegration && madeByUs) {
      progress.created.push(contentGuid);
    } else {
      // Made by hand, by another stack, or by a resource this one replaces: not ours to remove.
      progress.keptOnDelete.push(contentGuid);
      claim(contentGuid, news.integrationGuid);
    }
  }
  if (sameSet(target, before)) return;
  if (adds) {
    const property = `contentGuids (${contentGuid})`;
    const content = await requireContent(client, contentGuid);
    const all = await requireIntegrations(client, target, "integrationGuid");
    await enforceRules(client, content, all, property);
    // Re-read right before writing: the rule checks took round trips.
    const fresh = await currentSet(client, contentGuid, "contentGuids");
    if (!sameSet(fresh, before)) throw concurrentChange(content, before, fresh);
    try {
      await writeAssociations(client, content, before, target, property, operation);
    } catch (e) {
      // Ours if Connect holds it now (another change landed next to it); not if it was refused
      // or taken back.
      const now = await currentSet(client, contentGuid, "contentGuids").catch(() => undefined);
      if (now?.includes(news.integrationGuid)) progress.created.push(contentGuid);
      throw e;
    }
    progress.created.push(contentGuid);
    return;
  }
  await client.setContentAssociations(contentGuid, target, operation);
  const after = await currentSet(client, contentGuid, "contentGuids");
  if (!sameSet(after, target)) throw concurrentChange(contentGuid, target, after);
}

export async function read(
  settings: ProviderSettings | undefined,
  id: string,
  props: Olds,
): Promise<{
  id: string;
  props?: IntegrationAssociationsOutputs;
  inputs?: IntegrationAssociationsInputs;
}> {
  const connectUrl = props.connectUrl ?? "";
  const integrationGuid = props.integrationGuid ?? id;
  const client = clientFor(settings, connectUrl);
  const present: string[] = [];
  for (const contentGuid of props.contentGuids ?? []) {
    const current = await client.contentAssociations(contentGuid);
    if (current?.some((a) => a.integrationGuid === integrationGuid)) present.push(contentGuid);
  }
  // Removed in the dashboard: refresh shows it gone, and the next `up` adds it again as ours.
  const inputs = { connectUrl, integrationGuid, contentGuids: present };
  const outs = outputs(inputs, {
    created: (props.created ?? []).filter((c) => present.includes(c)),
    keptOnDelete: (props.keptOnDelete ?? []).filter((c) => present.includes(c)),
  });
  return { id, props: outs, inputs };
}

/** Removes the associations this resource made; the ones it found in place stay. */
export async function remove(
  settings: ProviderSettings | undefined,
  id: string,
  props: Olds,
): Promise<void> {
  const connectUrl = props.connectUrl ?? "";
  const integrationGuid = props.integrationGuid ?? id;
  const client = clientFor(settings, connectUrl);
  for (const contentGuid of props.created ?? []) {
    // A resource of this run took it over (a rename without aliases): it is theirs now.
    if (isClaimed(contentGuid, integrationGuid)) continue;
    await removeAssociation(client, connectUrl, contentGuid, integrationGuid, "contentGuids");
  }
}

function outputs(
  inputs: IntegrationAssociationsInputs,
  owned: { created: string[]; keptOnDelete: string[] },
): IntegrationAssociationsOutputs {
  return {
    stateVersion: STATE_VERSION,
    connectUrl: inputs.connectUrl,
    integrationGuid: inputs.integrationGuid,
    contentGuids: [...inputs.contentGuids],
    created: [...owned.created].sort(),
    keptOnDelete: [...owned.keptOnDelete].sort(),
  };
}
