/**
 * The `ConnectContentIntegration` lifecycle: one association between a content item and an
 * OAuth integration, coexisting with associations made elsewhere. Connect only offers
 * "replace the whole set" (PUT …/oauth/integrations/associations), so each write is a
 * read-modify-write of the set, serialized per content item in this process (lock.ts), re-read
 * just before writing, and verified after writing: a change made outside Pulumi in the
 * meantime is reported, not silently undone.
 *
 * The serialized provider (single-shim.ts) only forwards here, so this module's path is a
 * public contract: never rename it, and keep every function able to read every earlier
 * STATE_VERSION.
 */
import type { ConfigSource, ProviderSettings } from "../settings";
import { readSettingsOrError } from "../settings";
import { normaliseConnectUrl } from "../oauth-integration/validate";
import {
  clientFor,
  concurrentChange,
  enforceRules,
  requireContent,
  requireIntegrations,
} from "./connect";
import { claim, isClaimed } from "./claims";
import { contentKey, serialized } from "./lock";
import { sameSet } from "./rules";
import { writeAssociations } from "./checked-write";
import { currentSet, removeAssociation, withSettingsFailures } from "./shared-lifecycle";
import { ContentIntegrationInputs, ContentIntegrationOutputs, STATE_VERSION } from "./types";
import { CheckFailure, isUnknown, validateContentIntegration } from "./validate";

/** Never throws: a bad setting is kept and raised by every later call (settings.ts). */
export function configure(config: ConfigSource): ProviderSettings {
  return readSettingsOrError(config);
}

export function check(
  news: Record<string, unknown>,
  settings?: ProviderSettings,
): { inputs: ContentIntegrationInputs; failures: CheckFailure[] } {
  return withSettingsFailures(validateContentIntegration(news), settings);
}

/**
 * The two GUIDs are the association's identity: a change is a new association. The URL is not:
 * GUIDs are unique per server, so a new URL naming the same integration and content is the same
 * server under another name, and replacing (add, then remove) would remove the very
 * association the new resource stands for. It is an update that checks it is really there.
 */
export function diff(
  olds: Partial<ContentIntegrationOutputs>,
  news: ContentIntegrationInputs,
): { changes: boolean; replaces: string[] } {
  const url = (u: string | undefined) => normaliseConnectUrl(u).url ?? u;
  const replaces: string[] = [];
  for (const key of ["contentGuid", "integrationGuid"] as const) {
    if (isUnknown(news[key]) || news[key] !== olds[key]) replaces.push(key);
  }
  const moved = isUnknown(news.connectUrl) || url(news.connectUrl) !== url(olds.connectUrl);
  return { changes: replaces.length > 0 || moved, replaces };
}

export const idOf = (contentGuid: string, integrationGuid: string): string =>
  `${contentGuid}/${integrationGuid}`;

export async function create(
  settings: ProviderSettings | undefined,
  inputs: ContentIntegrationInputs,
): Promise<{ id: string; outs: ContentIntegrationOutputs }> {
  const client = clientFor(settings, inputs.connectUrl);
  const { contentGuid, integrationGuid } = inputs;
  return serialized(contentKey(inputs.connectUrl, contentGuid), async () => {
    const content = await requireContent(client, contentGuid);
    const before = await currentSet(client, contentGuid, "contentGuid");
    const found = before.includes(integrationGuid);
    // Already there: made by hand, by another stack, or by a resource of this stack that this
    // one replaces (a rename without aliases). Not ours to remove, now or on delete.
    if (found) claim(contentGuid, integrationGuid);
    if (!found) {
      const target = [...before, integrationGuid];
      const all = await requireIntegrations(client, target, "integrationGuid");
      await enforceRules(client, content, all, "integrationGuid");
      // Re-read right before writing: the rule checks took round trips.
      const fresh = await currentSet(client, contentGuid, "contentGuid");
      if (!sameSet(fresh, before)) throw concurrentChange(content, before, fresh);
      await writeAssociations(client, content, before, target, "integrationGuid", "create");
    }
    const association = (await client.contentAssociations(contentGuid))?.find(
      (a) => a.integrationGuid === integrationGuid,
    );
    return {
      id: idOf(contentGuid, integrationGuid),
      outs: {
        stateVersion: STATE_VERSION,
        connectUrl: inputs.connectUrl,
        contentGuid,
        integrationGuid,
        createdTime: association?.createdTime ?? "",
        keptOnDelete: found,
      },
    };
  });
}

/**
 * Only the URL changed (diff): the same association on the same server under another URL.
 * Confirms the new URL holds it, and keeps who made it; adds it if it went missing.
 */
export async function update(
  settings: ProviderSettings | undefined,
  _id: string,
  olds: Partial<ContentIntegrationOutputs>,
  news: ContentIntegrationInputs,
): Promise<{ outs: ContentIntegrationOutputs }> {
  const client = clientFor(settings, news.connectUrl);
  const present = (await client.contentAssociations(news.contentGuid, "update"))?.find(
    (a) => a.integrationGuid === news.integrationGuid,
  );
  if (!present) return { outs: (await create(settings, news)).outs };
  const outs: ContentIntegrationOutputs = {
    stateVersion: STATE_VERSION,
    connectUrl: news.connectUrl,
    contentGuid: news.contentGuid,
    integrationGuid: news.integrationGuid,
    createdTime: present.createdTime,
  };
  if (olds.keptOnDelete !== undefined) outs.keptOnDelete = olds.keptOnDelete;
  return { outs };
}

export async function read(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<ContentIntegrationOutputs>,
): Promise<{ id: string; props?: ContentIntegrationOutputs; inputs?: ContentIntegrationInputs }> {
  const [idContent, idIntegration] = id.split("/");
  const connectUrl = props.connectUrl ?? "";
  const contentGuid = props.contentGuid ?? idContent;
  const integrationGuid = props.integrationGuid ?? idIntegration;
  const client = clientFor(settings, connectUrl);
  const association = (await client.contentAssociations(contentGuid))?.find(
    (a) => a.integrationGuid === integrationGuid,
  );
  // Removed in the dashboard (or the content/integration deleted): refresh drops it, `up` re-adds it.
  if (!association) return { id: "" };
  const inputs = { connectUrl, contentGuid, integrationGuid };
  const outs: ContentIntegrationOutputs = {
    ...inputs,
    stateVersion: STATE_VERSION,
    createdTime: association.createdTime,
  };
  if (props.keptOnDelete !== undefined) outs.keptOnDelete = props.keptOnDelete;
  return { id, props: outs, inputs };
}

/**
 * Takes this one association out of the set; every other association stays. One it found in
 * place (`keptOnDelete`), or one a resource of this run took over, stays too.
 */
export async function remove(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<ContentIntegrationOutputs>,
): Promise<void> {
  const [idContent, idIntegration] = id.split("/");
  const connectUrl = props.connectUrl ?? "";
  const contentGuid = props.contentGuid ?? idContent;
  const integrationGuid = props.integrationGuid ?? idIntegration;
  if (props.keptOnDelete === true || isClaimed(contentGuid, integrationGuid)) return;
  const client = clientFor(settings, connectUrl);
  await removeAssociation(client, connectUrl, contentGuid, integrationGuid, "contentGuid");
}
