/**
 * The way the association lifecycles write a set that adds an integration: PUT, then read
 * back. Two answers to several integrations per content item are not documented (emulator
 * behaviour `multipleAssociations`, docs/emulators.md "Limits"): a server that refuses them
 * although its version should allow them (400, code 238), and one that answers 204 but keeps
 * only one of them. The first becomes an error naming the property and the fix. The second
 * would silently take away an association someone else made, so the set found before the
 * write is put back first, and the error says so.
 */
import type { ConnectClient } from "../client";
import { ConnectError, type Operation } from "../errors";
import type { ConnectContent } from "../wire";
import { concurrentChange } from "./connect";
import { MULTIPLE_ASSOCIATIONS_SINCE, describe, sameSet } from "./rules";
import { currentSet } from "./shared-lifecycle";

/** Connect's code for "Content can only be associated with one OAuth integration." */
const SINGLE_ASSOCIATION_ONLY = 238;

const list = (guids: ReadonlyArray<string>): string => `[${[...guids].sort().join(", ")}]`;

export async function writeAssociations(
  client: ConnectClient,
  content: ConnectContent,
  before: string[],
  target: string[],
  property: string,
  operation: Operation,
): Promise<void> {
  try {
    await client.setContentAssociations(content.guid, target, operation);
  } catch (e) {
    throw refusedSeveral(e, content, target, property) ?? e;
  }
  const after = await currentSet(client, content.guid, property);
  if (sameSet(after, target)) return;
  // Only one of several survived, nothing foreign appeared: a one-per-item server (a change
  // made by someone else at the same moment would rarely look like this).
  const keptOne = target.length > 1 && after.length === 1 && after.every((g) => target.includes(g));
  if (!keptOne) throw concurrentChange(content, target, after);
  throw await putBack(client, content, before, target, after, property, operation);
}

function refusedSeveral(
  e: unknown,
  content: ConnectContent,
  target: string[],
  property: string,
): Error | undefined {
  if (!(e instanceof ConnectError) || e.status !== 400) return undefined;
  if (e.connectCode !== SINGLE_ASSOCIATION_ONLY || target.length < 2) return undefined;
  return new Error(
    `${property}: Connect refused ${target.length} OAuth integrations on content ${describe(content)} (400, code ${SINGLE_ASSOCIATION_ONLY}: "${e.connectMessage ?? ""}"): this server allows one integration per content item, whatever version it reports. ` +
      `Nothing was changed. Associate a single integration with this content, or upgrade Connect (several per item need ${MULTIPLE_ASSOCIATIONS_SINCE} or later).`,
  );
}

async function putBack(
  client: ConnectClient,
  content: ConnectContent,
  before: string[],
  target: string[],
  after: string[],
  property: string,
  operation: Operation,
): Promise<Error> {
  const what =
    `${property}: Connect answered the write of ${list(target)} to content ${describe(content)} with success but kept only ${list(after)}: ` +
    "this server silently keeps one OAuth integration per content item, whatever version it reports.";
  const fix = `Associate a single integration with this content, or upgrade Connect (several per item need ${MULTIPLE_ASSOCIATIONS_SINCE} or later).`;
  try {
    if (!sameSet(after, before)) {
      await client.setContentAssociations(content.guid, before, operation);
    }
  } catch {
    // Reported below, with what the item holds now.
  }
  const restored = await currentSet(client, content.guid, property).catch(() => undefined);
  if (restored !== undefined && sameSet(restored, before)) {
    return new Error(`${what} Pulumi put back what the item held before, ${list(before)}. ${fix}`);
  }
  return new Error(
    `${what} Pulumi could not put back what the item held before, ${list(before)}; it now holds ${restored === undefined ? "an unknown set" : list(restored)}. ` +
      `Restore ${list(before)} in the content's Access settings, then: ${fix}`,
  );
}
