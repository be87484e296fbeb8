/**
 * The `ConnectContentIntegrations` lifecycle: the complete, exclusive set of OAuth integrations
 * of one content item, written with `PUT /v1/content/{guid}/oauth/integrations/associations`
 * ("Replaces any existing associations for a piece of content with the given list", OpenAPI
 * `setOAuthIntegrationAssociations`; body an array of `{oauth_integration_guid}` as posit-sdk-py
 * `ContentItemAssociations.update` and connectapi `set_integrations` send it; 204).
 *
 * The serialized provider (set-shim.ts) only forwards here, so this module's path is a public
 * contract: never rename it, and keep every function able to read every earlier STATE_VERSION.
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
import { contentKey, serialized } from "./lock";
import { sameSet } from "./rules";
import { writeAssociations } from "./checked-write";
import { currentSet, withSettingsFailures } from "./shared-lifecycle";
import { ContentIntegrationsInputs, ContentIntegrationsOutputs, STATE_VERSION } from "./types";
import { CheckFailure, isUnknown, validateContentIntegrations } from "./validate";

/** Never throws: a bad setting is kept and raised by every later call (settings.ts). */
export function configure(config: ConfigSource): ProviderSettings {
  return readSettingsOrError(config);
}

export function check(
  news: Record<string, unknown>,
  settings?: ProviderSettings,
): { inputs: ContentIntegrationsInputs; failures: CheckFailure[] } {
  return withSettingsFailures(validateContentIntegrations(news), settings);
}

export function diff(
  olds: Partial<ContentIntegrationsOutputs>,
  news: ContentIntegrationsInputs,
): { changes: boolean; replaces: string[] } {
  const replaces: string[] = [];
  const url = (u: string | undefined) => normaliseConnectUrl(u).url ?? u;
  if (isUnknown(news.connectUrl) || url(news.connectUrl) !== url(olds.connectUrl))
    replaces.push("connectUrl");
  if (isUnknown(news.contentGuid) || news.contentGuid !== olds.contentGuid)
    replaces.push("contentGuid");
  const setChanged =
    isUnknown(news.integrationGuids) ||
    news.integrationGuids.some(isUnknown) ||
    !sameSet(olds.integrationGuids ?? [], news.integrationGuids);
  return { changes: replaces.length > 0 || setChanged, replaces };
}

export async function create(
  settings: ProviderSettings | undefined,
  inputs: ContentIntegrationsInputs,
): Promise<{ id: string; outs: ContentIntegrationsOutputs }> {
  const outs = await write(settings, inputs, "create");
  return { id: inputs.contentGuid, outs };
}

export async function update(
  settings: ProviderSettings | undefined,
  _id: string,
  _olds: Partial<ContentIntegrationsOutputs>,
  news: ContentIntegrationsInputs,
): Promise<{ outs: ContentIntegrationsOutputs }> {
  return { outs: await write(settings, news, "update") };
}

async function write(
  settings: ProviderSettings | undefined,
  inputs: ContentIntegrationsInputs,
  operation: "create" | "update",
): Promise<ContentIntegrationsOutputs> {
  const client = clientFor(settings, inputs.connectUrl);
  return serialized(contentKey(inputs.connectUrl, inputs.contentGuid), async () => {
    const content = await requireContent(client, inputs.contentGuid);
    const integrations = await requireIntegrations(
      client,
      inputs.integrationGuids,
      "integrationGuids",
    );
    await enforceRules(client, content, integrations, "integrationGuids");
    // What the item holds now is what a one-per-item server must be given back (checked-write.ts).
    const before = await currentSet(client, content.guid, "contentGuid");
    await writeAssociations(
      client,
      content,
      before,
      inputs.integrationGuids,
      "integrationGuids",
      operation,
    );
    return outputs(inputs, inputs.integrationGuids);
  });
}

export async function read(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<ContentIntegrationsOutputs>,
): Promise<{ id: string; props?: ContentIntegrationsOutputs; inputs?: ContentIntegrationsInputs }> {
  const connectUrl = props.connectUrl ?? "";
  const contentGuid = props.contentGuid ?? id;
  const client = clientFor(settings, connectUrl);
  const current = await client.contentAssociations(contentGuid);
  // The content item is gone, and its associations with it.
  if (current === undefined) return { id: "" };
  const guids = current.map((a) => a.integrationGuid);
  // Keep the program's order when the set is unchanged, so refresh shows no spurious diff.
  const kept =
    props.integrationGuids && sameSet(props.integrationGuids, guids)
      ? props.integrationGuids
      : guids;
  const outs = outputs({ connectUrl, contentGuid, integrationGuids: kept }, kept);
  return {
    id,
    props: outs,
    inputs: { connectUrl, contentGuid, integrationGuids: kept },
  };
}

/** Removes the integrations this resource set and that are still there; others stay. */
export async function remove(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<ContentIntegrationsOutputs>,
): Promise<void> {
  const connectUrl = props.connectUrl ?? "";
  const contentGuid = props.contentGuid ?? id;
  const owned = new Set(props.integrationGuids ?? []);
  const client = clientFor(settings, connectUrl);
  await serialized(contentKey(connectUrl, contentGuid), async () => {
    const current = await client.contentAssociations(contentGuid, "delete");
    if (current === undefined) return; // content deleted: nothing left to remove
    const before = current.map((a) => a.integrationGuid);
    const kept = before.filter((g) => !owned.has(g));
    if (kept.length === before.length) return;
    await client.setContentAssociations(contentGuid, kept, "delete");
    const after = ((await client.contentAssociations(contentGuid, "delete")) ?? []).map(
      (a) => a.integrationGuid,
    );
    if (!sameSet(after, kept)) throw concurrentChange(contentGuid, kept, after);
  });
}

function outputs(
  inputs: ContentIntegrationsInputs,
  integrationGuids: string[],
): ContentIntegrationsOutputs {
  return {
    stateVersion: STATE_VERSION,
    connectUrl: inputs.connectUrl,
    contentGuid: inputs.contentGuid,
    integrationGuids: [...integrationGuids],
  };
}
