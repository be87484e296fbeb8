/**
 * Recovery for a create whose outcome is unknown (timeout or connection cut after the POST was
 * sent, or a gateway error). Connect has no idempotency key and allows duplicate names, so the
 * only safe way forward is to look: an integration that matches everything we sent and was
 * created since we sent it is ours; none means the POST never landed; more than one means a
 * human must decide.
 */
import type { Integration, IntegrationSpec } from "../wire";

/** Tolerated difference between this machine's clock and Connect's. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Pause before the second look, when the first found nothing. */
export const RESEND_GRACE_MS = 2_000;

export type AdoptDecision =
  | { kind: "adopt"; integration: Integration }
  | { kind: "absent" }
  | { kind: "ambiguous"; guids: string[] };

export function findCreated(
  list: Integration[],
  spec: IntegrationSpec,
  sentAt: number,
): AdoptDecision {
  const candidates = list.filter((i) => matches(i, spec) && createdSince(i, sentAt));
  if (candidates.length === 0) return { kind: "absent" };
  if (candidates.length === 1) return { kind: "adopt", integration: candidates[0] };
  return { kind: "ambiguous", guids: candidates.map((c) => c.guid) };
}

function matches(i: Integration, spec: IntegrationSpec): boolean {
  if (i.name !== spec.name || i.template !== spec.template || i.authType !== spec.authType)
    return false;
  if ((i.description ?? null) !== (spec.description ?? null)) return false;
  return Object.entries(spec.config).every(([k, v]) => i.config[k] === v);
}

function createdSince(i: Integration, sentAt: number): boolean {
  const created = Date.parse(i.createdTime);
  // Connect reports whole seconds; an unparsable time cannot rule the candidate out.
  return Number.isNaN(created) || created >= sentAt - CLOCK_SKEW_MS;
}
