/**
 * Reads what the checks need, read-only: Connect's integrations, their associated content and
 * (Service Account only) `/verify`, which returns no token; the Databricks account's apps,
 * principals and secret listings. One request at a time: a diagnostic must not load a server.
 */
import { ConnectClient } from "../../provider/connect/client";
import { ConnectError } from "../../provider/connect/errors";
import type { Integration } from "../../provider/connect/wire";
import { isViewer, runChecks, type Check, type IntegrationFacts } from "./checks";
import type {
  DatabricksApp,
  DatabricksReadClient,
} from "../../provider/databricks/account-read-client";

export interface DoctorInputs {
  connect: ConnectClient;
  connectUrl: string;
  /** `undefined` when no Databricks credentials were given. */
  databricks?: DatabricksReadClient;
  warnDays: number;
  now: number;
}

export interface IntegrationReport {
  guid: string;
  name: string;
  checks: Check[];
}

export const NO_DATABRICKS =
  "skipped: no Databricks credentials (set DATABRICKS_HOST, DATABRICKS_ACCOUNT_ID, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET)";

export async function diagnose(inputs: DoctorInputs): Promise<IntegrationReport[]> {
  const all = await inputs.connect.list();
  const databricks = all.filter((i) => i.template === "databricks");
  let apps: DatabricksApp[] | undefined;
  if (inputs.databricks && databricks.some(isViewer)) apps = await inputs.databricks.apps();
  const reports: IntegrationReport[] = [];
  for (const integration of databricks) {
    const facts = await factsFor(integration, inputs, apps);
    reports.push({ guid: integration.guid, name: integration.name, checks: runChecks(facts) });
  }
  return reports;
}

async function factsFor(
  integration: Integration,
  inputs: DoctorInputs,
  apps: DatabricksApp[] | undefined,
): Promise<IntegrationFacts> {
  const facts: IntegrationFacts = {
    integration,
    connectUrl: inputs.connectUrl,
    now: inputs.now,
    warnDays: inputs.warnDays,
  };
  const clientId = integration.config.client_id;
  if (!inputs.databricks) facts.databricksSkipped = NO_DATABRICKS;
  if (isViewer(integration)) {
    if (apps) facts.app = apps.find((a) => a.clientId === clientId) ?? null;
    facts.content = await contentOf(inputs.connect, integration.guid);
  } else {
    if (inputs.databricks && typeof clientId === "string" && clientId !== "") {
      facts.principal = (await inputs.databricks.principal(clientId)) ?? null;
      if (facts.principal) facts.secrets = await inputs.databricks.secrets(facts.principal.id);
    } else if (inputs.databricks) {
      facts.principal = null;
    }
    facts.verify = await verifyOutcome(inputs.connect, integration.guid);
  }
  return facts;
}

async function contentOf(
  connect: ConnectClient,
  guid: string,
): Promise<IntegrationFacts["content"]> {
  try {
    const guids = (await connect.integrationContent(guid)) ?? [];
    const items = [];
    for (const g of guids) {
      const c = await connect.content(g);
      if (c) items.push({ guid: c.guid, name: c.name, appMode: c.appMode });
    }
    return items;
  } catch (e) {
    if (e instanceof ConnectError && (e.status === 403 || e.status === 401)) {
      return { unavailable: "listing an integration's content needs an administrator API key" };
    }
    throw e;
  }
}

async function verifyOutcome(
  connect: ConnectClient,
  guid: string,
): Promise<IntegrationFacts["verify"]> {
  try {
    await connect.verify(guid);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof ConnectError) || !e.fromConnect || e.status === undefined) throw e;
    return { ok: false, message: e.connectMessage ?? e.message };
  }
}
