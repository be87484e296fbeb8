/**
 * `check` for both association resources: validate and normalise before anything reaches
 * Connect. Pure, and tolerant of values not known yet during preview.
 */
import { normaliseConnectUrl } from "../oauth-integration/validate";
import type {
  ContentIntegrationInputs,
  ContentIntegrationsInputs,
  IntegrationAssociationsInputs,
} from "./types";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

export interface CheckFailure {
  property: string;
  reason: string;
}

function checkUrl(news: Record<string, unknown>, inputs: Record<string, unknown>, fail: Fail) {
  if (isUnknown(news.connectUrl)) return;
  const { url, reason } = normaliseConnectUrl(news.connectUrl);
  if (reason) fail("connectUrl", reason);
  else inputs.connectUrl = url;
}

type Fail = (property: string, reason: string) => void;

function checkGuid(value: unknown, property: string, hint: string, fail: Fail): void {
  if (isUnknown(value)) return;
  if (typeof value !== "string" || value.trim() === "") {
    fail(property, `must be a non-empty GUID string; ${hint}`);
  } else if (/[/?#\s]/.test(value)) {
    fail(property, `"${value}" is not a GUID; ${hint}`);
  }
}

const CONTENT_HINT =
  'copy it from the content\'s Info panel in Connect, or look it up with getConnectContent({ name: "…" })';
const INTEGRATION_HINT = "use a ConnectOAuthIntegration's guid output";

export function validateContentIntegrations(news: Record<string, unknown>): {
  inputs: ContentIntegrationsInputs;
  failures: CheckFailure[];
} {
  const failures: CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = { ...news };
  checkUrl(news, inputs, fail);
  checkGuid(news.contentGuid, "contentGuid", CONTENT_HINT, fail);
  const list = news.integrationGuids;
  if (!isUnknown(list)) {
    if (!Array.isArray(list)) {
      fail(
        "integrationGuids",
        "must be a list of integration GUIDs ([] removes every association of the content item)",
      );
    } else {
      const seen = new Set<unknown>();
      list.forEach((g, i) => {
        checkGuid(g, `integrationGuids[${i}]`, INTEGRATION_HINT, fail);
        if (!isUnknown(g) && seen.has(g)) fail(`integrationGuids[${i}]`, `${g} is listed twice`);
        seen.add(g);
      });
    }
  }
  return { inputs: inputs as unknown as ContentIntegrationsInputs, failures };
}

export function validateContentIntegration(news: Record<string, unknown>): {
  inputs: ContentIntegrationInputs;
  failures: CheckFailure[];
} {
  const failures: CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = { ...news };
  checkUrl(news, inputs, fail);
  checkGuid(news.contentGuid, "contentGuid", CONTENT_HINT, fail);
  checkGuid(news.integrationGuid, "integrationGuid", INTEGRATION_HINT, fail);
  return { inputs: inputs as unknown as ContentIntegrationInputs, failures };
}

export function validateIntegrationAssociations(news: Record<string, unknown>): {
  inputs: IntegrationAssociationsInputs;
  failures: CheckFailure[];
} {
  const failures: CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = { ...news };
  checkUrl(news, inputs, fail);
  checkGuid(news.integrationGuid, "integrationGuid", INTEGRATION_HINT, fail);
  const list = news.contentGuids;
  if (!isUnknown(list)) {
    if (!Array.isArray(list)) {
      fail("contentGuids", `must be a list of content GUIDs; ${CONTENT_HINT}`);
    } else {
      const seen = new Set<unknown>();
      list.forEach((g, i) => {
        checkGuid(g, `contentGuids[${i}]`, CONTENT_HINT, fail);
        if (!isUnknown(g) && seen.has(g)) fail(`contentGuids[${i}]`, `${g} is listed twice`);
        seen.add(g);
      });
    }
  }
  return { inputs: inputs as unknown as IntegrationAssociationsInputs, failures };
}
