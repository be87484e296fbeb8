/**
 * The OAuth-integration lifecycle: what each dynamic-provider method does. The serialized
 * provider (shim.ts) only forwards here, so this module's path is a public contract: state
 * written by any release runs the code of the installed release. Never rename this file, and
 * keep every function able to read state of every earlier STATE_VERSION.
 */
import { ConnectClient } from "../client";
import { ConnectError } from "../errors";
import { ConfigSource, effectiveSettings, ProviderSettings, readSettings } from "../settings";
import type { Integration, IntegrationSpec } from "../wire";
import { findCreated, RESEND_GRACE_MS } from "./adopt";
import { buildPatch, diffIntegration } from "./diff";
import { OAuthIntegrationInputs, OAuthIntegrationOutputs, STATE_VERSION } from "./types";
import { CheckOutcome, validateInputs } from "./validate";
import { requirePermissionsSupport, requireReportedPermissions } from "../permissions";
import {
  checkVerify,
  SERVICE_ACCOUNT,
  updateNeedsVerification,
  verifyCredentials,
  wantsVerification,
} from "./verify";

/** Settings from the engine's config; the shim calls this so its only require is this module. */
export function configure(config: ConfigSource): ProviderSettings {
  return readSettings(config);
}

export function check(news: Record<string, unknown>): CheckOutcome {
  const outcome = validateInputs(news);
  outcome.failures.push(...checkVerify(news));
  return outcome;
}

export function diff(olds: Partial<OAuthIntegrationOutputs>, news: OAuthIntegrationInputs) {
  const { changes, replaces } = diffIntegration(olds, news);
  // A Service Account integration whose last verification failed is retried by the next `up`.
  return { changes: changes || updateNeedsVerification(olds, news, undefined), replaces };
}

export async function create(
  settings: ProviderSettings | undefined,
  inputs: OAuthIntegrationInputs,
): Promise<{ id: string; outs: OAuthIntegrationOutputs }> {
  const client = clientFor(settings, inputs.connectUrl, inputs.clientSecret);
  const spec = specOf(inputs);
  if (spec.permissions !== undefined) await requirePermissionsSupport(client);
  const created = await createOnce(client, spec);
  if (spec.permissions !== undefined && created.permissions === undefined) {
    // The server ignored the list: take the integration back rather than leave it open to all.
    await client.delete(created.guid);
    requireReportedPermissions(undefined, created.guid);
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
  attempt = 1,
): Promise<Integration> {
  const sentAt = Date.now();
  try {
    return await client.create(spec);
  } catch (e) {
    if (!(e instanceof ConnectError) || !e.outcomeUnknown) throw e;
    const found = await lookUp(client, spec, sentAt, e);
    if (found) return found;
    // A server still working on a timed-out request may commit it a moment later: look once
    // more after a pause before concluding the POST never landed and sending it again.
    await new Promise((resolve) => setTimeout(resolve, RESEND_GRACE_MS));
    const late = await lookUp(client, spec, sentAt, e);
    if (late) return late;
    if (attempt < 2) return createOnce(client, spec, attempt + 1);
    throw e;
  }
}

async function lookUp(
  client: ConnectClient,
  spec: IntegrationSpec,
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
        properties: {},
        reasons: ["client secret not confirmed; run `pulumi up` again"],
      },
    );
  }
}

export async function read(
  settings: ProviderSettings | undefined,
  id: string,
  props: Partial<OAuthIntegrationOutputs>,
) {
  const client = clientFor(settings, props.connectUrl ?? "", props.clientSecret);
  const current = await client.get(id);
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
  const patch = buildPatch(olds, news);
  const verifyNow = updateNeedsVerification(olds, news, patch);
  if (!patch && !verifyNow)
    return { outs: withVerified(outputsFor(fromOutputs(olds, id), news), olds, news) };
  const client = clientFor(settings, news.connectUrl, news.clientSecret, olds.clientSecret);
  if (patch?.permissions !== undefined) await requirePermissionsSupport(client);
  const updated = patch ? await client.update(id, patch) : fromOutputs(olds, id);
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
  const outs = withVerified(outputsFor(updated, news), olds, news);
  if (verifyNow) await verifyOrRecord(client, id, news, outs);
  return { outs };
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
  const client = clientFor(settings, props.connectUrl ?? "", props.clientSecret);
  // 404: already deleted, by hand or by an earlier attempt whose answer was lost.
  await client.delete(id);
}

function clientFor(
  settings: ProviderSettings | undefined,
  connectUrl: string,
  ...secrets: Array<string | undefined>
): ConnectClient {
  const s = effectiveSettings(settings);
  return new ConnectClient({
    baseUrl: connectUrl,
    apiKey: s.apiKey,
    timeoutMs: s.timeoutSeconds === undefined ? undefined : s.timeoutSeconds * 1000,
    caCertificate: s.caCertificate,
    dangerouslyDisableTlsVerification: s.dangerouslyDisableTlsVerification,
    secrets,
  });
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
