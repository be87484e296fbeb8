/**
 * What both association lifecycles need from Connect: a client built from the settings in
 * force, the content item, the integrations' auth types and the server version.
 */
import type { ConnectClient } from "../client";
import type { ConnectContent, Integration } from "../wire";
import { brokenRule, describe } from "./rules";

export { clientForSettings as clientFor } from "../settings-client";

export async function requireContent(client: ConnectClient, guid: string): Promise<ConnectContent> {
  const content = await client.content(guid, "read");
  if (!content) {
    throw new Error(
      `contentGuid: Connect has no content item ${guid}. Check the GUID (the content's Info panel in Connect shows it), or look it up with getConnectContent({ name: "…" }).`,
    );
  }
  return content;
}

export async function requireIntegrations(
  client: ConnectClient,
  guids: string[],
  property: string,
): Promise<Integration[]> {
  const found: Integration[] = [];
  for (const guid of guids) {
    const integration = await client.get(guid, "read");
    if (!integration) {
      throw new Error(
        `${property}: Connect has no OAuth integration ${guid}. Use the guid output of a ConnectOAuthIntegration that exists, or run \`pulumi refresh\` if it was deleted.`,
      );
    }
    found.push(integration);
  }
  return found;
}

/** Throws when Connect would refuse the set; the message names the property and the fix. */
export async function enforceRules(
  client: ConnectClient,
  content: ConnectContent,
  integrations: Integration[],
  property: string,
): Promise<void> {
  const serverVersion = await client.serverVersion("read");
  const broken = brokenRule({ content, integrations, serverVersion, property });
  if (broken) throw new Error(broken);
}

/** The error for a write whose result is not what was sent: someone else changed the set. */
export function concurrentChange(
  content: ConnectContent | string,
  expected: string[],
  found: string[],
): Error {
  const what = typeof content === "string" ? content : describe(content);
  return new Error(
    `The OAuth integrations of content ${what} changed while Pulumi was writing them: expected [${[...expected].sort().join(", ")}], Connect now holds [${[...found].sort().join(", ")}]. ` +
      "Someone or something else changed them at the same time; Pulumi kept their change. Run `pulumi refresh`, review, then `pulumi up` again.",
  );
}
