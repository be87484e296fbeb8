/**
 * Who may use an OAuth integration: Connect's per-integration permissions (connect-api.md §3.4).
 * A list of grants, each naming exactly one user or one group. An empty list is Connect's
 * default: "By default, all users and groups are granted access. … If all users and groups are
 * removed, the integration will become accessible for all publishers." (Connect admin guide,
 * OAuth integrations page, connect-api.md S12).
 *
 * On the wire the list travels inside the integration: `permissions` in the POST body
 * (`OAuthIntegrationInput`), in the PATCH body, where "when provided, this replaces the
 * existing permissions" (`OAuthIntegrationUpdate`), and in every GET (`OAuthIntegration`), per
 * the OpenAPI document at https://docs.posit.co/connect/api/openapi.json (connect-api.md S1).
 * rsconnect-python sends each grant as `{"user_guid": "…", "group_guid": null}`
 * (rsconnect/oauth_integrations.py, `create_oauth_integration`).
 *
 * Pure helpers plus the version gate; no Pulumi imports (serialized into the provider).
 */
import type { ConnectClient } from "./client";
import type { Permission } from "./wire";

/**
 * The earliest Connect release whose API reference documents integration permissions
 * (docs.posit.co/connect/api, "You are viewing version 2026.04.0"; connect-api.md §7). The
 * exact release that introduced them is not published; servers older than this are refused
 * before anything is written, so a grant is never silently dropped.
 */
export const PERMISSIONS_SINCE = "2026.04.0";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const isUnknown = (v: unknown) => v === UNKNOWN;

export interface PermissionFailure {
  property: string;
  reason: string;
}

/** `check`-time validation of a `permissions` input; unknown values pass (preview). */
export function checkPermissions(value: unknown, property = "permissions"): PermissionFailure[] {
  if (value === undefined || value === null || isUnknown(value)) return [];
  if (!Array.isArray(value)) {
    return [
      {
        property,
        reason:
          'must be a list of { userGuid } or { groupGuid } entries, e.g. [{ groupGuid: getConnectGroup({ name: "data-science" }).guid }]; use [] for Connect\'s default (every publisher)',
      },
    ];
  }
  const failures: PermissionFailure[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const at = `${property}[${index}]`;
    if (isUnknown(entry)) return;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      failures.push({ property: at, reason: 'must be { userGuid: "…" } or { groupGuid: "…" }' });
      return;
    }
    const e = entry as Record<string, unknown>;
    const extra = Object.keys(e).filter((k) => k !== "userGuid" && k !== "groupGuid");
    if (extra.length > 0) {
      failures.push({
        property: at,
        reason: `unknown key ${extra.map((k) => JSON.stringify(k)).join(", ")}; each entry has exactly one of userGuid or groupGuid`,
      });
      return;
    }
    const given = (["userGuid", "groupGuid"] as const).filter(
      (k) => e[k] !== undefined && e[k] !== null,
    );
    if (given.length !== 1) {
      failures.push({
        property: at,
        reason: `must have exactly one of userGuid or groupGuid; got ${given.length === 0 ? "neither" : "both"} (write one entry per user or group)`,
      });
      return;
    }
    const value = e[given[0]];
    if (isUnknown(value)) return;
    if (typeof value !== "string" || value.trim() === "") {
      failures.push({
        property: `${at}.${given[0]}`,
        reason: `must be a non-empty GUID string; look one up with ${given[0] === "userGuid" ? 'getConnectUser({ username: "…" })' : 'getConnectGroup({ name: "…" })'}`,
      });
      return;
    }
    const key = keyOf({ [given[0]]: value });
    if (seen.has(key)) {
      failures.push({ property: at, reason: `${given[0]} ${value} is listed twice` });
    }
    seen.add(key);
  });
  return failures;
}

const keyOf = (p: Permission): string =>
  p.userGuid ? `user:${p.userGuid}` : `group:${p.groupGuid ?? ""}`;

/** A canonical order, so lists that grant the same principals compare equal. */
export function canonicalPermissions(list: ReadonlyArray<Permission>): Permission[] {
  return [...list]
    .map((p) => (p.userGuid ? { userGuid: p.userGuid } : { groupGuid: p.groupGuid ?? "" }))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

export function samePermissions(
  a: ReadonlyArray<Permission> | undefined,
  b: ReadonlyArray<Permission> | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isUnknown(a) || isUnknown(b)) return false;
  const ka = canonicalPermissions(a).map(keyOf);
  const kb = canonicalPermissions(b).map(keyOf);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** `a < b` for Connect's `YYYY.MM.PATCH` versions (missing or non-numeric parts count as 0). */
export function versionBefore(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/**
 * Refuses, before any write, a server older than {@link PERMISSIONS_SINCE}: an older server
 * would reject or ignore the field. A server that does not report its version is let through;
 * {@link requireReportedPermissions} then catches a server that ignored the list. With `guid`
 * (an update), the integration is read first: a server that knows permissions reports a list
 * on every read, so one without it would refuse or drop the PATCH's list (emulator behaviour
 * `permissions: rejected` / `ignored`), and nothing is written.
 */
export async function requirePermissionsSupport(
  client: ConnectClient,
  guid?: string,
): Promise<void> {
  const version = await client.serverVersion();
  if (version !== undefined && versionBefore(version, PERMISSIONS_SINCE)) {
    throw new Error(
      `permissions: this Connect server runs ${version}, which does not support OAuth integration permissions; they need Connect ${PERMISSIONS_SINCE} or later. ` +
        "Upgrade Connect, or remove the permissions argument (the integration then stays open to every publisher).",
    );
  }
  if (guid === undefined) return;
  const current = await client.get(guid, "update");
  if (current && current.permissions === undefined) {
    throw new Error(
      `permissions: Connect reports no permissions list for integration "${current.name}" (${guid})${version === undefined ? "" : ` although it runs ${version}`}, so it does not support OAuth integration permissions (it would refuse the list, or accept and drop it). Nothing was changed. ` +
        `Upgrade Connect (permissions need ${PERMISSIONS_SINCE} or later), or remove the permissions argument (the integration then stays open to every publisher).`,
    );
  }
}

/** After a write that carried permissions: the server must report them back. */
export function requireReportedPermissions(
  reported: Permission[] | undefined,
  guid: string,
): Permission[] {
  if (reported === undefined) {
    throw new Error(
      `permissions: Connect accepted integration ${guid} but reported no permissions list, so it does not support them (Connect ${PERMISSIONS_SINCE} or later is needed). ` +
        "Upgrade Connect, or remove the permissions argument.",
    );
  }
  return reported;
}

/**
 * A create whose list the server dropped (it answered without `permissions`): the integration
 * would be open to every publisher, so the one this create made is deleted again.
 * @returns the error to throw, saying whether the delete worked
 */
export async function takeBackUngoverned(
  client: ConnectClient,
  created: { guid: string; name: string },
): Promise<Error> {
  const what = `permissions: Connect created integration "${created.name}" (${created.guid}) but dropped its permissions list (its answer has none), so it does not support them and the integration would be open to every publisher.`;
  const fix = `Upgrade Connect (permissions need ${PERMISSIONS_SINCE} or later), or remove the permissions argument.`;
  try {
    await client.delete(created.guid);
  } catch (e) {
    return new Error(
      `${what} Pulumi could not delete it again (${(e as Error).message}); delete it in Connect's dashboard, then: ${fix}`,
    );
  }
  return new Error(`${what} Pulumi deleted it again, so nothing was left behind. ${fix}`);
}

/**
 * Connect's 400 for a body with `permissions` on a server that does not know the field,
 * whatever version it reports (emulator behaviour `permissions: rejected`). Others unchanged.
 */
export function explainRefusedPermissions(e: unknown, sent: boolean): unknown {
  const status = (e as { status?: unknown } | null)?.status;
  const said = (e as { connectMessage?: unknown } | null)?.connectMessage;
  if (!sent || status !== 400 || typeof said !== "string" || !/permissions/i.test(said)) return e;
  return new Error(
    `permissions: Connect refused the permissions list (400: "${said}"), so this server does not support OAuth integration permissions, whatever version it reports. Nothing was changed. ` +
      `Upgrade Connect (permissions need ${PERMISSIONS_SINCE} or later), or remove the permissions argument (the integration then stays open to every publisher).`,
  );
}
