/**
 * Connect-side verification of "Service Account" integrations (connect-api.md §4.7): after a
 * create, and after any update that sends credentials or config, the lifecycle asks Connect to
 * exchange the stored credentials for a token, so a wrong secret or an unassigned principal
 * fails the `up` instead of the first scheduled report.
 */
import type { ConnectClient } from "../client";
import { ConnectError } from "../errors";
import type { IntegrationPatch } from "../wire";
import type { CheckFailure } from "./validate";
import type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./types";
import { UNKNOWN } from "./types";

export const SERVICE_ACCOUNT = "Service Account";

/** Whether these inputs ask for verification at all. */
export function wantsVerification(inputs: Pick<OAuthIntegrationInputs, "authType" | "verify">) {
  return inputs.authType === SERVICE_ACCOUNT && inputs.verify !== false;
}

/**
 * An update verifies when it changes what the token exchange uses (secret or config), or when
 * the last verification did not succeed (it failed, or `verify` was off and is now on).
 */
export function updateNeedsVerification(
  olds: Partial<OAuthIntegrationOutputs>,
  news: OAuthIntegrationInputs,
  patch: IntegrationPatch | undefined,
): boolean {
  if (!wantsVerification(news)) return false;
  if (olds.verified !== true) return true;
  return patch?.clientSecret !== undefined || patch?.config !== undefined;
}

/** `check` failures for the `verify` input. */
export function checkVerify(news: Record<string, unknown>): CheckFailure[] {
  const v = news.verify;
  if (v === undefined || v === null || v === UNKNOWN || typeof v === "boolean") return [];
  return [{ property: "verify", reason: `must be true or false; got ${JSON.stringify(v)}` }];
}

/**
 * Runs Connect's verification.
 * @throws Error naming the integration, Connect's own message and what to check
 */
export async function verifyCredentials(
  client: ConnectClient,
  guid: string,
  inputs: OAuthIntegrationInputs,
): Promise<void> {
  try {
    await client.verify(guid);
  } catch (e) {
    if (!(e instanceof ConnectError)) throw e;
    throw new Error(verificationMessage(guid, inputs, e));
  }
}

function verificationMessage(
  guid: string,
  inputs: OAuthIntegrationInputs,
  e: ConnectError,
): string {
  const head = `Connect could not verify Service Account integration "${inputs.name}" (${guid})`;
  // Anything but a refusal of the credentials (auth, licence, network, 5xx) keeps its own hint.
  if (e.status !== 400) return `${head}: ${e.message} To skip verification set verify: false.`;
  const clientId = typeof inputs.config?.client_id === "string" ? inputs.config.client_id : "?";
  const host =
    typeof inputs.config?.workspace_host === "string" ? inputs.config.workspace_host : "?";
  const said = e.connectMessage ?? `HTTP 400${e.connectCode ? `, code ${e.connectCode}` : ""}`;
  return (
    `${head}: Connect said: ${said}. Check that ` +
    `(1) service principal ${clientId} is assigned to the workspace ${host} (give workspaceId, or assign it in the account console under Workspaces > Permissions); ` +
    `(2) its OAuth secret has not expired or been deleted (see secretExpireTime; change rotationKey to issue a new one); ` +
    `(3) workspace_host names that workspace. ` +
    `The integration keeps its settings; run \`pulumi up\` again after fixing this, or set verify: false to skip verification.`
  );
}
