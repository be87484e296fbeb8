/**
 * The doctor's checks as pure functions: the service-principal `secret-expiry` branches (warn,
 * error, no active secret, never-expiring), `workspace-host` forms, and the kinds' check lists.
 */
import { runChecks, workspaceHostProblem, type IntegrationFacts } from "../../cli/doctor/checks";
import type { Integration } from "../../provider/connect/wire";

const NOW = Date.parse("2026-12-04T12:00:00Z");
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function serviceAccount(secrets: IntegrationFacts["secrets"]): IntegrationFacts {
  const integration: Integration = {
    guid: "g-sa",
    name: "sa",
    description: null,
    template: "databricks",
    authType: "Service Account",
    config: { client_id: "app-1", workspace_host: "dbc-1.cloud.databricks.com" },
    createdTime: "",
    updatedTime: "",
  };
  return {
    integration,
    connectUrl: "https://connect.example.org",
    principal: { id: "1", applicationId: "app-1", active: true },
    secrets,
    verify: { ok: true },
    now: NOW,
    warnDays: 30,
  };
}

const expiry = (f: IntegrationFacts) => runChecks(f).find((c) => c.id === "secret-expiry");

test("service-account secret-expiry: ok, warn, error and never-expiring, judged by the newest active secret", () => {
  expect(expiry(serviceAccount([{ expireTime: iso(NOW + 90 * DAY) }]))?.status).toBe("ok");
  const warn = expiry(
    serviceAccount([
      { expireTime: iso(NOW + 10 * DAY) },
      { expireTime: iso(NOW - DAY), status: "EXPIRED" },
    ]),
  );
  expect(warn?.status).toBe("warn");
  expect(warn?.message).toMatch(/\(in 10 days\); rotate it: change rotationKey/);
  const none = expiry(serviceAccount([{ expireTime: iso(NOW - DAY), status: "EXPIRED" }]));
  expect(none?.status).toBe("error");
  expect(none?.message).toContain("no active OAuth secret");
  expect(expiry(serviceAccount([]))?.status).toBe("error");
  expect(expiry(serviceAccount([{}]))?.status).toBe("ok");
});

test("service-account checks: no redirect-url, offline-access, scopes-match or content-modes", () => {
  expect(runChecks(serviceAccount([{}])).map((c) => c.id)).toEqual([
    "app-found",
    "confidential-match",
    "workspace-host",
    "secret-expiry",
    "verify",
  ]);
});

test("workspace-host: bare names pass; scheme, path and junk are named with the fix", () => {
  expect(workspaceHostProblem("dbc-1.cloud.databricks.com")).toBeUndefined();
  expect(workspaceHostProblem("127.0.0.1:8443")).toBeUndefined();
  expect(workspaceHostProblem("https://dbc-1.cloud.databricks.com/")).toBe(
    '"https://dbc-1.cloud.databricks.com/" has a scheme; set workspace_host to the bare host name "dbc-1.cloud.databricks.com"',
  );
  expect(workspaceHostProblem("dbc-1.cloud.databricks.com/sql")).toContain(
    'bare host name "dbc-1.cloud.databricks.com"',
  );
  expect(workspaceHostProblem("not a host")).toContain("is not a host name");
});
