/**
 * The OAuth-integration lifecycle: what each dynamic-provider method does. The serialized
 * provider (shim.ts) only forwards here, so this module's path is a public contract: state
 * written by any release runs the code of the installed release. Never rename this file, and
 * keep every function able to read state of every earlier STATE_VERSION.
 */
import type { ConnectClient } from "../client";
import { clientForSettings } from "../settings-client";
import { ConnectError, rethrowForHost } from "../errors";
import {
  ConfigSource,
  effectiveSettings,
  insecureUrlReason,
  ProviderSettings,
  readSettingsOrError,
} from "../settings";
import type { Integration, IntegrationSpec } from "../wire";
import { findCreated, RESEND_GRACE_MS } from "./adopt";
import { adoptExisting } from "./adopt-existing";
import { adoptedInThisRun, markAdopted } from "./live-adoptions";
import { buildPatch, diffIntegration, withSecretForConfig } from "./diff";
import { movedUrl, reachesSameServer, requireSameServer } from "./same-server";
import { checkConfigReadBack, explainRefusedRemoval } from "./config-readback";
import { OAuthIntegrationInputs, OAuthIntegrationOutputs, STATE_VERSION } from "./types";
import { CheckOutcome, isUnknown, validateInputs } from "./validate";
import {
  explainRefusedPermissions,
  requirePermissionsSupport,
  requireReportedPermissions,
  takeBackUngoverned,
} from "../permissions";
import { explainMissingSecret } from "./missing-secret";
import {
  checkVerify,
  SERVICE_ACCOUNT,
  updateNeedsVerification,
  verifyCredentials,
  wantsVerification,
} from "./verify";

/**
 * Settings from the engine's config; the shim calls this so its only require is this module.
 * Never throws: the host configures a provider once per process and keeps it even when
 * configure fails, so a bad value is kept and raised by every call (settings.ts).
 */
export function configure(config: ConfigSource): ProviderSettings {
  return readSettingsOrError(config);
}

/**
 * Inputs, and what `pulumi preview` must already report: bad values, a configuration error, a
 * missing API key, an http:// URL that would send the key in the clear. Without settings (a
 * provider that was never configured, as in a unit test) only the inputs are checked: the host
 * always configures before it checks.
 */
export function check(news: Record<string, unknown>, settings?: ProviderSettings): CheckOutcome {
  const outcome = validateInputs(news);
  outcome.failures.push(...checkVerify(news));
  if (settings === undefined) return outcome;
  try {
    effectiveSettings(settings);
  } catch (e) {
    outcome.failures.push({ property: "", reason: (e as Error).message });
  }
  const insecure = insecureUrlReason(outcome.inputs.connectUrl, settings);
  if (insecure && !outcome.failures.some((f) => f.property === "connectUrl")) {
    outcome.failures.push({ property: "connectUrl", reason: insecure });
  }
  return outcome;
}

export async function diff(
  settings: ProviderSettings | undefined,
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
) {
  const { changes, replaces: all } = diffIntegration(olds, news);
  // A Service Account integration whose last verification failed is retried by the next `up`.
  const outcome = { changes: changes || updateNeedsVerification(olds, news, undefined) };
  if (!all.includes("connectUrl")) return { ...outcome, replaces: all };
  // The program adopts the very integration this resource holds: a replacement would adopt it
  // again and then delete it. A new URL is then another name for the same server (the GUID is
  // the same object), so it is an update, which `update` confirms.
  const adoptedHere = news.adoptGuid !== undefined && news.adoptGuid === olds.guid;
  // Created here: only the new URL can tell (same-server.ts). Asked only when nothing else
  // forces a replacement anyway, and only once the URL is known (a preview with an unknown URL
  // shows a replacement; the `up` asks).
  const sameServer =
    adoptedHere ||
    (all.length === 1 &&
      !isUnknown(news.connectUrl) &&
      (await reachesSameServer(
        clientFor(settings, news.connectUrl, news.clientSecret, olds.clientSecret),
        olds,
        news,
      )));
  return { ...outcome, replaces: sameServer ? all.filter((p) => p !== "connectUrl") : all };
}

export async function create(
  settings: ProviderSettings | undefined,
  inputs: OAuthIntegrationInputs,
): Promise<{ id: string; outs: OAuthIntegrationOutputs }> {
  const client = clientFor(settings, inputs.connectUrl, inputs.clientSecret);
  const spec = specOf(inputs);
  // An adopted integration is read first: one without a permissions list means a server that
  // would refuse or drop the list the adoption PATCH carries.
  if (spec.permissions !== undefined) await requirePermissionsSupport(client, inputs.adoptGuid);
  // adoptGuid: an integration made by hand is taken over (no POST, never deleted here); see
  // adopt-existing.ts.
  if (inputs.adoptGuid !== undefined) {
    const adopted = await adoptExisting(client, inputs.adoptGuid, inputs);
    markAdopted(adopted.guid);
    return { id: adopted.guid, outs: outputsFor(adopted, inputs) };
  }
  const created = await createOnce(client, spec, inputs).catch((e: unknown) => {
    throw explainMissingSecret(
      explainRefusedPermissions(e, spec.permissions !== undefined),
      inputs.clientSecret !== undefined,
    );
  });
  // The server ignored the list: take the integration back rather than leave it open to all.
  if (spec.permissions !== undefined && created.permissions === undefined) {
    throw await takeBackUngoverned(client, created);
  }
  const outs = outputsFor(created, inputs);
  if (created.authType === SERVICE_ACCOUNT) outs.verified = false;
  if (wantsVerification(inputs)) await verifyOrRecord(client, created.guid, inputs, outs);
  return { id: created.guid, outs };
}

/**
 * Verifies and sets `verified`. On failure the integration exists (and may hold new
 * credentials), so the error hands the engine its id and outputs, with `verified: false`, and
 * the next `up` verifies again.
 */
async function verifyOrRecord(
  client: ConnectClient,
  id: string,
  inputs: OAuthIntegrationInputs,
  outs: OAuthIntegrationOutputs,
): Promise<void> {
  outs.verified = false;
  try {
    await verifyCredentials(client, id, inputs);
  } catch (e) {
    // The serialized provider rides along, as it would on success, so later steps can run.
    const provider = (inputs as unknown as Record<string, unknown>).__provider;
    throw Object.assign(e as Error, {
      id,
      properties: provider === undefined ? { ...outs } : { ...outs, __provider: provider },
      reasons: [(e as Error).message],
    });
  }
  outs.verified = true;
}

async function createOnce(
  client: ConnectClient,
  spec: IntegrationSpec,
  inputs: OAuthIntegrationInputs,
  attempt = 1,
): Promise<Integration> {
  const sentAt = Date.now();
  try {
    return await client.create(spec);
  } catch (e) {
    if (!(e instanceof ConnectError) || !e.outcomeUnknown) throw e;
    const found = await lookUp(client, spec, inputs, sentAt, e);
    if (found) return found;
    // A server still working on a timed-out request may commit it a moment later: look once
    // more after a pause before concluding the POST never landed and sending it again.
    await new Promise((resolve) => setTimeout(resolve, RESEND_GRACE_MS));
    const late = await lookUp(client, spec, inputs, sentAt, e);
    if (late) return late;
    if (attempt < 2) return createOnce(client, spec, inputs, attempt + 1);
    throw e;
  }
}

async function lookUp(
  client: ConnectClient,
  spec: IntegrationSpec,
  inputs: OAuthIntegrationInputs,
  sentAt: number,
  original: ConnectError,
): Promise<Integration | undefined> {
  let list: Integration[];
  try {
    list = await client.list();
  } catch {
    throw new Error(
      `${original.message} Connect may or may not have created integration "${spec.name}", and listing integrations to find out failed too. ` +
        `Look in Connect (System > Integrations) for "${spec.name}" created at ${new Date(sentAt).toISOString()} or later; delete it if present, then run \`pulumi up\` again.`,
    );
  }
  const decision = findCreated(list, spec, sentAt);
  if (decision.kind === "absent") return undefined;
  if (decision.kind === "ambiguous") {
    throw new Error(
      `${original.message} Connect now holds ${decision.guids.length} integrations named "${spec.name}" created since the request (${decision.guids.join(", ")}), ` +
        `so this one cannot be told apart. Delete the duplicates in Connect, then run \`pulumi up\` again.`,
    );
  }
  const adopted = decision.integration;
  if (spec.clientSecret === undefined) return adopted;
  // Secrets are write-only: re-send ours so state and server surely agree. If that fails, hand
  // the engine the id so it records the integration instead of orphaning it.
  try {
    return (await client.update(adopted.guid, { clientSecret: spec.clientSecret })) ?? adopted;
  } catch (e) {
    throw Object.assign(
      new Error(
        `Adopted integration ${adopted.guid} after an unanswered create, but re-sending its client secret failed: ${(e as Error).message}`,
      ),
      {
        id: adopted.guid,
        properties: partialOutputs(adopted, inputs),
        reasons: ["client secret not confirmed; run `pulumi up` again"],
      },
    );
  }
}

// The property the dynamic host keeps the serialized provider in.
const PROVIDER_KEY = "__provider";

/**
 * What the engine records for an integration that exists but whose secret is unconfirmed: every
 * output (so the next `up` updates in place instead of replacing on an empty `template`), the
 * serialized provider (the host needs it for refresh and destroy, and the engine keeps only what
 * is given here), and no client secret, so the next diff sees it missing and PATCHes it.
 */
function partialOutputs(
  created: Integration,
  inputs: OAuthIntegrationInputs,
): Record<string, unknown> {
  const outs: Record<string, unknown> = { ...outputsFor(created, inputs) };
  delete outs.clientSecret;
  const provider = (inputs as unknown as Record<string, unknown>)[PROVIDER_KEY];
  if (provider !== undefined) outs[PROVIDER_KEY] = provider;
  return outs;
}

export async function read(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<OAuthIntegrationOutputs>,
) {
  const client = clientFor(settings, props.connectUrl ?? "", props.clientSecret);
  // The host prints read and delete errors on stderr too: keep them to one line there.
  const current = await client.get(id).catch(rethrowForHost);
  // An empty id tells the engine the resource is gone, so refresh drops it from state.
  if (!current) return { id: "" };
  const managed = props.managedConfigKeys ?? Object.keys(props.config ?? {});
  const outs = toOutputs(current, props.connectUrl ?? "", managed, props.clientSecret);
  if (props.verified !== undefined) outs.verified = props.verified;
  // Only a managed list is read back, so refresh reports grants changed in the dashboard.
  if (props.permissions !== undefined) outs.permissions = current.permissions ?? [];
  return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

export async function update(
  settings: ProviderSettings | undefined,
  id: string,
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): Promise<{ outs: OAuthIntegrationOutputs }> {
  const patch = withSecretForConfig(buildPatch(olds, news), news);
  const verifyNow = updateNeedsVerification(olds, news, patch);
  const moved = movedUrl(olds, news);
  if (!patch && !verifyNow && !moved)
    return { outs: withVerified(outputsFor(fromOutputs(olds, id), news), olds, news) };
  const client = clientFor(settings, news.connectUrl, news.clientSecret, olds.clientSecret);
  if (moved) await requireSameServer(client, id, olds, news);
  if (!patch && !verifyNow)
    return { outs: withVerified(outputsFor(fromOutputs(olds, id), news), olds, news) };
  if (patch?.permissions !== undefined) await requirePermissionsSupport(client, id);
  const updated = patch
    ? await client.update(id, patch).catch((e: unknown) => {
        throw explainRefusedRemoval(
          patch,
          explainRefusedPermissions(e, patch.permissions !== undefined),
        );
      })
    : fromOutputs(olds, id);
  if (updated && patch?.permissions !== undefined) {
    requireReportedPermissions(updated.permissions, id);
  }
  if (!updated) {
    throw new ConnectError({
      operation: "update",
      method: "PATCH",
      path: `/__api__/v1/oauth/integrations/${id}`,
      status: 404,
      hint: "The integration was deleted outside Pulumi; run `pulumi refresh` to drop it from state, then `pulumi up` to recreate it.",
    });
  }
  if (patch) checkConfigReadBack(id, patch, managedConfig(olds), updated);
  const outs = withVerified(outputsFor(updated, news), olds, news);
  if (verifyNow) await verifyOrRecord(client, id, news, outs);
  return { outs };
}

/** The config keys the program declared last time (what a replacing server must not lose). */
function managedConfig(olds: Partial<OAuthIntegrationOutputs>) {
  const config = olds.config ?? {};
  const managed = olds.managedConfigKeys ?? Object.keys(config);
  return Object.fromEntries(managed.filter((k) => k in config).map((k) => [k, config[k]]));
}

/** Carries `verified` over from the previous state when this step does not verify. */
function withVerified(
  outs: OAuthIntegrationOutputs,
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
): OAuthIntegrationOutputs {
  if (outs.authType === SERVICE_ACCOUNT && !wantsVerification(news)) outs.verified = false;
  else if (olds.verified !== undefined) outs.verified = olds.verified;
  return outs;
}

export async function remove(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<OAuthIntegrationOutputs>,
): Promise<void> {
  // A resource of this run adopted the same integration (a replacement): it is theirs now.
  if (adoptedInThisRun(id)) return;
  const client = clientFor(settings, props.connectUrl ?? "", props.clientSecret);
  // 404: already deleted, by hand or by an earlier attempt whose answer was lost.
  await client.delete(id).catch(rethrowForHost);
}

function clientFor(
  settings: ProviderSettings | undefined,
  connectUrl: string,
  ...secrets: Array<string | undefined>
): ConnectClient {
  return clientForSettings(settings, connectUrl).redacting(secrets);
}

function specOf(inputs: OAuthIntegrationInputs): IntegrationSpec {
  const spec: IntegrationSpec = {
    name: inputs.name,
    template: inputs.template,
    authType: inputs.authType,
    config: inputs.config ?? {},
  };
  if (inputs.description !== undefined) spec.description = inputs.description;
  if (inputs.clientSecret !== undefined) spec.clientSecret = inputs.clientSecret;
  if (inputs.permissions !== undefined) spec.permissions = inputs.permissions;
  return spec;
}

function outputsFor(i: Integration, inputs: OAuthIntegrationInputs): OAuthIntegrationOutputs {
  const outs = toOutputs(
    i,
    inputs.connectUrl,
    Object.keys(inputs.config ?? {}),
    inputs.clientSecret,
  );
  if (inputs.permissions !== undefined) outs.permissions = i.permissions ?? inputs.permissions;
  return outs;
}

/** Whitelisted, JSON-clean outputs: no `undefined`, nothing spread from the response. */
function toOutputs(
  i: Integration,
  connectUrl: string,
  managedConfigKeys: string[],
  clientSecret: string | undefined,
): OAuthIntegrationOutputs {
  const outs: OAuthIntegrationOutputs = {
    stateVersion: STATE_VERSION,
    guid: i.guid,
    connectUrl,
    name: i.name,
    description: i.description,
    template: i.template,
    authType: i.authType,
    config: i.config,
    managedConfigKeys: [...managedConfigKeys].sort(),
    createdTime: i.createdTime,
    updatedTime: i.updatedTime,
  };
  if (clientSecret !== undefined) outs.clientSecret = clientSecret;
  return outs;
}

function fromOutputs(o: Partial<OAuthIntegrationOutputs>, id: string): Integration {
  return {
    guid: o.guid ?? id,
    name: o.name ?? "",
    description: o.description ?? null,
    template: o.template ?? "",
    authType: o.authType ?? "Viewer",
    config: o.config ?? {},
    createdTime: o.createdTime ?? "",
    updatedTime: o.updatedTime ?? "",
  };
}

/** Inputs that describe what the server holds now, so the next `up` shows and repairs drift. */
function inputsFromOutputs(o: OAuthIntegrationOutputs): OAuthIntegrationInputs {
  const inputs: OAuthIntegrationInputs = {
    connectUrl: o.connectUrl,
    name: o.name,
    template: o.template,
    authType: o.authType,
    config: Object.fromEntries(
      o.managedConfigKeys.filter((k) => k in o.config).map((k) => [k, o.config[k]]),
    ),
  };
  if (o.description !== null) inputs.description = o.description;
  if (o.clientSecret !== undefined) inputs.clientSecret = o.clientSecret;
  if (o.permissions !== undefined) inputs.permissions = o.permissions;
  return inputs;
}
