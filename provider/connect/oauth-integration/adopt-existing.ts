/**
 * Adoption of an integration an admin built by hand (`adoptGuid`): instead of a POST, the first
 * `up` reads the integration, refuses when it cannot be the one the program describes, and
 * converges it with at most one PATCH. Deleting and recreating it instead would drop every
 * content association and log every viewer out, and `pulumi import` does not work for dynamic
 * resources (pulumi/pulumi#16175).
 *
 * Not to be confused with adopt.ts, which recovers a POST whose answer was lost.
 */
import type { ConnectClient } from "../client";
import type { Integration, IntegrationPatch } from "../wire";
import { buildPatch } from "./diff";
import type { OAuthIntegrationInputs } from "./types";

export type AdoptionPlan =
  | { kind: "missing" }
  | { kind: "mismatch"; reasons: string[] }
  /** `patch` is undefined when the integration already matches the program. */
  | { kind: "adopt"; patch?: IntegrationPatch };

/**
 * What adopting `existing` (the integration Connect holds under the GUID, or `undefined` when
 * it has none) as the program's `inputs` takes. Template and auth type are the integration's
 * identity (Connect cannot change them in place), so a difference there is refused rather than
 * papered over. Name, description and the program's config keys converge; keys the program does
 * not declare are left as they are and not managed. The secret is sent only when the program
 * gives one, since Connect never returns it and the one it holds may be the only copy.
 */
export function planAdoption(
  existing: Integration | undefined,
  inputs: OAuthIntegrationInputs,
): AdoptionPlan {
  if (!existing) return { kind: "missing" };
  const reasons: string[] = [];
  if (existing.template !== inputs.template) {
    reasons.push(
      `it has template "${existing.template}" but the program declares "${inputs.template}"`,
    );
  }
  if (existing.authType !== inputs.authType) {
    reasons.push(
      `it has auth type "${existing.authType}" but the program declares "${inputs.authType}"`,
    );
  }
  if (reasons.length > 0) return { kind: "mismatch", reasons };
  // As if Pulumi had created it with no config keys and no secret of its own: buildPatch then
  // touches only what the program declares, and a secret only when one is given.
  const patch = buildPatch({ ...existing, managedConfigKeys: [] }, inputs);
  return { kind: "adopt", patch };
}

/** Carries out the plan: one GET, then at most one PATCH. Returns the adopted integration. */
export async function adoptExisting(
  client: ConnectClient,
  guid: string,
  inputs: OAuthIntegrationInputs,
): Promise<Integration> {
  const existing = await client.get(guid);
  const plan = planAdoption(existing, inputs);
  if (plan.kind !== "adopt") throw new Error(adoptionRefusal(guid, inputs, plan));
  if (!existing || !plan.patch) return existing as Integration;
  const updated = await client.update(guid, plan.patch);
  if (!updated) {
    throw new Error(
      `Adopting Connect OAuth integration ${guid} failed: it was deleted while being adopted. ` +
        "Check the GUID with `npx pulumi-posit-connect discover`, or remove adoptGuid to create a new integration.",
    );
  }
  return updated;
}

export function adoptionRefusal(
  guid: string,
  inputs: Pick<OAuthIntegrationInputs, "connectUrl">,
  plan: Exclude<AdoptionPlan, { kind: "adopt" }>,
): string {
  const subject = `Cannot adopt Connect OAuth integration ${guid}`;
  if (plan.kind === "missing") {
    return (
      `${subject}: ${inputs.connectUrl} has no integration with that GUID. ` +
      "List the existing ones with `npx pulumi-posit-connect discover`, or remove adoptGuid to create a new integration. Nothing was changed."
    );
  }
  return (
    `${subject}: ${plan.reasons.join("; ")}. Connect cannot change these in place, so adopting would not give ` +
    "the integration the program describes; fix the program to match it, or adopt another integration. Nothing was changed."
  );
}
