/**
 * A new `connectUrl` that is another name of the same Connect server (`https://connect.internal`
 * → `https://connect.example.org`, a load balancer, `127.0.0.1` → `localhost`) is the same
 * integration, so it must be an update, never a replacement. A replacement would create a second
 * integration, switch the stack's own associations over and delete the first: associations an
 * admin made by hand on the stack's integration would go with it, and every viewer would have to
 * sign in again.
 *
 * Integration GUIDs are unique per server, so the new URL holding the resource's GUID is the
 * evidence. The lookup is one read-only GET, done in `diff` (so `pulumi preview` already shows an
 * update) and again in `update` (the server may have changed in between).
 */
import type { ConnectClient } from "../client";
import { normaliseConnectUrl } from "./validate";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";

/** Whether the program names another URL than the one state records (trailing slashes aside). */
export function movedUrl(
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): boolean {
  const url = (u: string | undefined) => normaliseConnectUrl(u).url ?? u;
  return url(olds.connectUrl) !== url(news.connectUrl);
}

/**
 * Whether a move to `news.connectUrl` reaches the server that holds `olds.guid`. `false` only
 * when that server answers that it has no such integration (another server: a replacement is
 * right). Any other failure is an error that says what was asked and that nothing changed: a
 * guess either way could delete an integration or bind the stack to the wrong server.
 */
export async function reachesSameServer(
  client: ConnectClient,
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): Promise<boolean> {
  const guid = olds.guid;
  if (guid === undefined) return false;
  try {
    return (await client.get(guid)) !== undefined;
  } catch (e) {
    throw new Error(
      `connectUrl: could not ask ${news.connectUrl} whether it holds integration ${guid}, which tells whether it is ` +
        `another URL of the server ${olds.connectUrl ?? ""} (an update in place) or another server (a replacement): ` +
        `${(e as Error).message.replace(/\.?$/, ".")} Nothing was changed; run the preview again once the server answers.`,
    );
  }
}

/** The check `update` makes before it records a new URL: the GUID must be there. */
export async function requireSameServer(
  client: ConnectClient,
  id: string,
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): Promise<void> {
  if (await client.get(id)) return;
  const fix =
    news.adoptGuid !== undefined
      ? "With adoptGuid the resource stays bound to the integration it adopted and never deletes it to move: point connectUrl back at that server, " +
        "or, to build a new integration on another server, remove adoptGuid (and give the resource a new name)."
      : "It was there when the preview compared the two URLs; run `pulumi up` again, and it will be replaced on the new server if it is another server.";
  throw new Error(
    `connectUrl: ${news.connectUrl} has no integration ${id}, so it is not the server ${olds.connectUrl ?? ""} that holds it. ${fix} Nothing was changed.`,
  );
}
