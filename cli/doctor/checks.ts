/**
 * The doctor's checks: pure functions of what Connect and the Databricks account answered, so
 * each rule is tested without a server. Every message says what to change. Checks that do not
 * apply to an integration's kind are left out (a healthy setup then reads all `ok`).
 */
import { INTERACTIVE_APP_MODES } from "../../provider/connect/content-association/rules";
import { CONNECT_CALLBACK_PATH } from "../../provider/databricks/custom-app";
import type { ConfigValue, Integration } from "../../provider/connect/wire";
import type {
  DatabricksApp,
  DatabricksPrincipal,
  DatabricksSecretInfo,
} from "../../provider/databricks/account-read-client";

export type CheckId =
  | "app-found"
  | "redirect-url"
  | "confidential-match"
  | "offline-access"
  | "scopes-match"
  | "workspace-host"
  | "secret-expiry"
  | "verify"
  | "content-modes";

export type CheckStatus = "ok" | "warn" | "error" | "skipped";

export interface Check {
  id: CheckId;
  status: CheckStatus;
  message: string;
}

/** What the two APIs said about one Connect integration. */
export interface IntegrationFacts {
  integration: Integration;
  /** Connect base URL as given to the doctor (no trailing slash). */
  connectUrl: string;
  /** Why Databricks was not read; `undefined` when it was. */
  databricksSkipped?: string;
  /** Viewer: the app whose client id matches, or `null` when none does. */
  app?: DatabricksApp | null;
  /** Service Account: the principal, or `null` when none has the client id. */
  principal?: DatabricksPrincipal | null;
  /** Service Account: the principal's listed secrets. */
  secrets?: DatabricksSecretInfo[];
  /** Service Account: `/verify`'s outcome. */
  verify?: { ok: true } | { ok: false; message: string };
  /** Viewer: associated content, or a reason it could not be listed. */
  content?: Array<{ guid: string; name: string; appMode: string }> | { unavailable: string };
  now: number;
  warnDays: number;
}

const DAY_MS = 86_400_000;
const text = (v: ConfigValue | undefined): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;

export const isViewer = (i: Integration) => i.authType !== "Service Account";

/** The redirect URL Connect sends for its integrations: its address plus the callback path. */
export function connectCallbackUrl(connectUrl: string): string {
  return `${connectUrl.replace(/\/+$/, "")}${CONNECT_CALLBACK_PATH}`;
}

export function runChecks(f: IntegrationFacts): Check[] {
  const viewer = isViewer(f.integration);
  const checks: Check[] = [appFound(f)];
  if (viewer) checks.push(redirectUrl(f));
  checks.push(confidentialMatch(f));
  if (viewer) checks.push(offlineAccess(f), scopesMatch(f));
  checks.push(workspaceHost(f), secretExpiry(f));
  if (!viewer) checks.push(verify(f));
  if (viewer) checks.push(contentModes(f));
  return checks;
}

const check = (id: CheckId, status: CheckStatus, message: string): Check => ({
  id,
  status,
  message,
});

/** `undefined` when the Databricks side is there to compare with, else the skipped check. */
function needsApp(id: CheckId, f: IntegrationFacts): Check | undefined {
  if (f.databricksSkipped) return check(id, "skipped", f.databricksSkipped);
  const missing = isViewer(f.integration) ? f.app === null : f.principal === null;
  if (missing)
    return check(id, "skipped", "no Databricks app or principal to compare with (see app-found)");
  return undefined;
}

function appFound(f: IntegrationFacts): Check {
  if (f.databricksSkipped) return check("app-found", "skipped", f.databricksSkipped);
  const clientId = text(f.integration.config.client_id);
  if (!clientId) {
    return check(
      "app-found",
      "error",
      "Connect holds no client_id; set the integration's Client ID",
    );
  }
  if (isViewer(f.integration)) {
    return f.app
      ? check(
          "app-found",
          "ok",
          `client id ${clientId} is custom app "${f.app.name ?? f.app.integrationId}"`,
        )
      : check(
          "app-found",
          "error",
          `no custom OAuth app of this Databricks account has client id ${clientId}; register one (or fix the integration's Client ID)`,
        );
  }
  if (!f.principal) {
    return check(
      "app-found",
      "error",
      `no service principal of this Databricks account has application id ${clientId}; fix the integration's Client ID`,
    );
  }
  return f.principal.active
    ? check("app-found", "ok", `client id ${clientId} is service principal ${f.principal.id}`)
    : check(
        "app-found",
        "error",
        `service principal ${f.principal.id} is deactivated; reactivate it in the account console`,
      );
}

function redirectUrl(f: IntegrationFacts): Check {
  const skip = needsApp("redirect-url", f);
  if (skip) return skip;
  const want = connectCallbackUrl(f.connectUrl);
  const urls = f.app?.redirectUrls ?? [];
  if (urls.includes(want)) return check("redirect-url", "ok", `the app allows ${want}`);
  return check(
    "redirect-url",
    "error",
    `the app's redirect URLs lack ${want} (Connect sends exactly this); add it to the app's redirect_urls`,
  );
}

function connectIsPublic(i: Integration): boolean {
  return text(i.config.auth_mode)?.toLowerCase() === "public";
}

function confidentialMatch(f: IntegrationFacts): Check {
  if (!isViewer(f.integration)) {
    return connectIsPublic(f.integration)
      ? check(
          "confidential-match",
          "error",
          "a Service Account integration needs a secret; remove auth_mode Public",
        )
      : check("confidential-match", "ok", "Connect authenticates with the principal's secret");
  }
  const skip = needsApp("confidential-match", f);
  if (skip) return skip;
  const appPublic = f.app?.confidential === false;
  const connectPublic = connectIsPublic(f.integration);
  if (appPublic === connectPublic) {
    return check(
      "confidential-match",
      "ok",
      appPublic
        ? "public app, Connect sends no secret"
        : "confidential app, Connect holds its secret",
    );
  }
  return appPublic
    ? check(
        "confidential-match",
        "error",
        "the app is public but Connect sends a client secret; set the integration's auth mode to Public (and clear its secret), or register a confidential app",
      )
    : check(
        "confidential-match",
        "error",
        "the app is confidential but Connect is in Public mode and sends no secret; set auth mode Confidential and give Connect the app's secret",
      );
}

function offlineAccess(f: IntegrationFacts): Check {
  const skip = needsApp("offline-access", f);
  if (skip) return skip;
  return f.app?.scopes.includes("offline_access")
    ? check(
        "offline-access",
        "ok",
        "offline_access is registered: Connect can refresh viewers' tokens",
      )
    : check(
        "offline-access",
        "warn",
        "the app lacks the offline_access scope, so viewers re-authenticate every hour; add offline_access to the app's scopes",
      );
}

function scopesMatch(f: IntegrationFacts): Check {
  const raw = text(f.integration.config.scopes);
  if (!raw)
    return check(
      "scopes-match",
      "ok",
      "Connect asks for the app's scopes (none set on the integration)",
    );
  const skip = needsApp("scopes-match", f);
  if (skip) return skip;
  const missing = raw.split(/[\s,]+/).filter((s) => s !== "" && !f.app?.scopes.includes(s));
  return missing.length === 0
    ? check("scopes-match", "ok", "every scope Connect asks for is registered on the app")
    : check(
        "scopes-match",
        "error",
        `Connect asks for ${missing.join(", ")}, which the app does not register; add ${missing.length === 1 ? "it" : "them"} to the app or remove from the integration's scopes`,
      );
}

/** Connect builds `https://<workspace_host>`: a scheme or a path breaks every request. */
export function workspaceHostProblem(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const bare = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/.*$/, "");
    return `"${value}" has a scheme; set workspace_host to the bare host name "${bare}"`;
  }
  if (/[/?#]/.test(value)) {
    return `"${value}" has a path; set workspace_host to the bare host name "${value.replace(/[/?#].*$/, "")}"`;
  }
  if (/\s/.test(value) || !/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(value)) {
    return `"${value}" is not a host name; set workspace_host to e.g. dbc-1234.cloud.databricks.com`;
  }
  return undefined;
}

function workspaceHost(f: IntegrationFacts): Check {
  const value = text(f.integration.config.workspace_host);
  if (!value)
    return check(
      "workspace-host",
      "error",
      "Connect holds no workspace_host; set it to the workspace host name",
    );
  const problem = workspaceHostProblem(value);
  if (problem) return check("workspace-host", "error", problem);
  const port = /:([0-9]+)$/.exec(value)?.[1];
  if (port === "443") {
    return check("workspace-host", "warn", `"${value}" names the default port; drop ":443"`);
  }
  return check("workspace-host", "ok", `"${value}" is a bare host name`);
}

function expiryStatus(expireTime: string, f: IntegrationFacts, what: string, fix: string): Check {
  const at = Date.parse(expireTime);
  const days = Math.floor((at - f.now) / DAY_MS);
  if (at <= f.now)
    return check("secret-expiry", "error", `${what} expired on ${expireTime}; ${fix}`);
  if (days < f.warnDays) {
    return check(
      "secret-expiry",
      "warn",
      `${what} expires on ${expireTime} (in ${days} days); ${fix}`,
    );
  }
  return check("secret-expiry", "ok", `${what} expires on ${expireTime} (in ${days} days)`);
}

function secretExpiry(f: IntegrationFacts): Check {
  const skip = needsApp("secret-expiry", f);
  if (skip) return skip;
  if (isViewer(f.integration)) {
    if (f.app?.confidential === false)
      return check("secret-expiry", "ok", "public app: no secret to expire");
    const at = f.app?.clientSecretExpireTime;
    if (!at) {
      return check(
        "secret-expiry",
        "skipped",
        "Databricks does not report this app's secret expiry on read; see the create answer's client_secret_expire_time",
      );
    }
    return expiryStatus(
      at,
      f,
      "the app's client secret",
      "rotate it: replace the app (DatabricksConnectOAuth rotation or rotationKey) and run pulumi up",
    );
  }
  const active = (f.secrets ?? []).filter(
    (s) =>
      s.status !== "EXPIRED" && (s.expireTime === undefined || Date.parse(s.expireTime) > f.now),
  );
  if (active.length === 0) {
    return check(
      "secret-expiry",
      "error",
      "the service principal has no active OAuth secret (expired ones are not listed); issue one: change rotationKey on DatabricksConnectServiceAccount and run pulumi up",
    );
  }
  const times = active.map((s) => s.expireTime);
  if (times.includes(undefined))
    return check("secret-expiry", "ok", "an active secret never expires");
  const latest = (times as string[]).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  return expiryStatus(
    latest,
    f,
    "the principal's newest OAuth secret",
    "rotate it: change rotationKey (or set rotation.everyDays) on DatabricksConnectServiceAccount and run pulumi up",
  );
}

function verify(f: IntegrationFacts): Check {
  if (!f.verify) return check("verify", "skipped", "not verified");
  return f.verify.ok
    ? check("verify", "ok", "Connect's /verify exchanged the credentials successfully")
    : check("verify", "error", `Connect's /verify failed: ${f.verify.message}`);
}

function contentModes(f: IntegrationFacts): Check {
  const content = f.content;
  if (!content) return check("content-modes", "skipped", "associated content was not listed");
  if ("unavailable" in content) return check("content-modes", "skipped", content.unavailable);
  const bad = content.filter((c) => c.appMode !== "" && !INTERACTIVE_APP_MODES.includes(c.appMode));
  if (bad.length === 0) {
    return check(
      "content-modes",
      "ok",
      `${content.length} associated content item(s), all interactive`,
    );
  }
  const names = bad.map((c) => `"${c.name}" (${c.appMode})`).join(", ");
  return check(
    "content-modes",
    "error",
    `Viewer integrations need a viewer, but ${names} ${bad.length === 1 ? "is" : "are"} rendered or static; associate a Service Account integration with ${bad.length === 1 ? "it" : "them"} instead`,
  );
}
