/**
 * Lookups that read like the dashboard: a user by username, a group by name, a content item by
 * name or GUID, resolved to GUIDs while the program runs (preview included), so programs say
 * `getConnectGroup({ name: "data-science" }).guid` instead of pasting GUIDs.
 *
 * They talk to Connect through ConnectClient only, with the API key read exactly as the
 * provider reads it (settings.ts: stack config `posit-connect:apiKey`, else CONNECT_API_KEY);
 * the key goes into the request header and nowhere else, and ConnectClient scrubs it from
 * every error. Results are plain (non-secret) outputs: GUIDs and names are not credentials.
 *
 * Endpoints (Connect API reference, OpenAPI S1 in connect-api.md): `GET /v1/users?prefix=`
 * and `GET /v1/groups?prefix=` (paged `{results, current_page, total}`, as posit-sdk-py
 * `Users.find(prefix=…)` and connectapi `get_users(prefix=…)` call them), `GET /v1/content?name=`
 * and `GET /v1/content/{guid}`.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveConnectUrl } from "../config";
import { ConnectClient } from "./client";
import { ConnectError } from "./errors";
import { normaliseConnectUrl } from "./oauth-integration/validate";
import { effectiveSettings, insecureUrlReason, readSettings, type ConfigSource } from "./settings";
import type { ConnectContent, ConnectGroup, ConnectUser } from "./wire";

interface Common {
  /** Connect base URL. @default stack config `posit-connect:url`, else env `CONNECT_SERVER` */
  connectUrl?: pulumi.Input<string>;
}

export interface GetConnectUserArgs extends Common {
  /** The exact username, as shown in Connect's People page. */
  username: pulumi.Input<string>;
}

export interface GetConnectGroupArgs extends Common {
  /** The exact group name. */
  name: pulumi.Input<string>;
}

/** Exactly one of `name` and `guid`. */
export interface GetConnectContentArgs extends Common {
  /** The content item's name (Connect's `name`, unique per owner, so several may match). */
  name?: pulumi.Input<string>;
  guid?: pulumi.Input<string>;
}

export type { ConnectContent, ConnectGroup, ConnectUser };

/** Stack config as the engine hands it to `configure()`, read here through pulumi.Config. */
const programConfig: ConfigSource = {
  get(key: string): string | undefined {
    const [namespace, name] = key.split(":");
    return new pulumi.Config(namespace).get(name);
  },
};

function clientFor(what: string, connectUrl: string): ConnectClient {
  const { url, reason } = normaliseConnectUrl(connectUrl);
  if (!url) throw new Error(`${what}: connectUrl ${reason}`);
  const s = effectiveSettings(readSettings(programConfig));
  // Before the first request, like every resource: never send the key over plain HTTP.
  const insecure = insecureUrlReason(url, s);
  if (insecure) throw new Error(`${what}: connectUrl ${insecure}`);
  return new ConnectClient({
    baseUrl: url,
    apiKey: s.apiKey,
    timeoutMs: s.timeoutSeconds === undefined ? undefined : s.timeoutSeconds * 1000,
    caCertificate: s.caCertificate,
    dangerouslyDisableTlsVerification: s.dangerouslyDisableTlsVerification,
  });
}

/** Runs a lookup; Connect failures keep their (already redacted) message, prefixed with the lookup. */
async function lookup<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ConnectError) throw new Error(`${what}: ${e.message}`);
    throw e;
  }
}

/** The Connect user with exactly this username. */
export function getConnectUser(args: GetConnectUserArgs): pulumi.Output<ConnectUser> {
  const url = resolveConnectUrl(args.connectUrl, "getConnectUser");
  return pulumi.all([url, args.username]).apply(([connectUrl, username]) => {
    const what = `getConnectUser({ username: ${JSON.stringify(username)} })`;
    return lookup(what, async () => {
      if (!username) throw new Error(`${what}: username must be a non-empty string`);
      const found = await clientFor(what, connectUrl).searchUsers(username);
      return pickOne(
        what,
        found.filter((u) => u.username === username),
        found.filter((u) => u.username.toLowerCase() === username.toLowerCase()),
        "user",
        (u) => u.username,
      );
    });
  });
}

/** The Connect group with exactly this name. */
export function getConnectGroup(args: GetConnectGroupArgs): pulumi.Output<ConnectGroup> {
  const url = resolveConnectUrl(args.connectUrl, "getConnectGroup");
  return pulumi.all([url, args.name]).apply(([connectUrl, name]) => {
    const what = `getConnectGroup({ name: ${JSON.stringify(name)} })`;
    return lookup(what, async () => {
      if (!name) throw new Error(`${what}: name must be a non-empty string`);
      const found = await clientFor(what, connectUrl).searchGroups(name);
      return pickOne(
        what,
        found.filter((g) => g.name === name),
        found.filter((g) => g.name.toLowerCase() === name.toLowerCase()),
        "group",
        (g) => g.name,
      );
    });
  });
}

/** A content item by `name` (must match exactly one) or by `guid` (must exist). */
export function getConnectContent(args: GetConnectContentArgs): pulumi.Output<ConnectContent> {
  const url = resolveConnectUrl(args.connectUrl, "getConnectContent");
  return pulumi.all([url, args.name, args.guid]).apply(([connectUrl, name, guid]) => {
    const what =
      guid !== undefined
        ? `getConnectContent({ guid: ${JSON.stringify(guid)} })`
        : `getConnectContent({ name: ${JSON.stringify(name)} })`;
    return lookup(what, async () => {
      if ((name === undefined) === (guid === undefined) || (name ?? guid) === "") {
        throw new Error(
          `getConnectContent: give exactly one of name or guid (got ${name === undefined && guid === undefined ? "neither" : name !== undefined && guid !== undefined ? "both" : "an empty string"}).`,
        );
      }
      const client = clientFor(what, connectUrl);
      if (guid !== undefined) {
        const item = await client.content(guid);
        if (!item) {
          throw new Error(
            `${what}: Connect has no content item with this GUID (or the API key's user cannot see it). Copy the GUID from the content's Info panel.`,
          );
        }
        return item;
      }
      const found = await client.contentByName(name as string);
      return pickOne(what, found, [], "content item", (c) => c.name);
    });
  });
}

function pickOne<T extends { guid: string }>(
  what: string,
  exact: T[],
  caseInsensitive: T[],
  kind: string,
  label: (t: T) => string,
): T {
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    throw new Error(
      `${what}: ${exact.length} ${kind}s match (${exact.map((t) => t.guid).join(", ")}); pass the GUID of the one you mean instead.`,
    );
  }
  const near = caseInsensitive.map(label);
  throw new Error(
    `${what}: no Connect ${kind} has exactly this ${kind === "user" ? "username" : "name"}` +
      (near.length > 0
        ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(" or ")}?)`
        : "") +
      ". Names are matched exactly, case included; check the spelling in Connect, and that the API key's user can see it.",
  );
}
