/**
 * The `/__emulator__/` control surface of the Databricks emulator: the {@link DatabricksEmulator}
 * methods over HTTP for scripts and other processes (the CLI). No auth, never recorded, never
 * faulted — like the Connect emulator's.
 */
import type { ApiResponse } from "../api-response";
import type { DatabricksBody } from "./handlers";
import type { CustomAppTamper, DatabricksEmulator, DatabricksFaultRule } from "./types";
import { routeClockControl } from "./clock-control";

import {
  CONTROL_PREFIX,
  dispatchControl,
  fail,
  noContent,
  ok,
  routeBasics,
} from "../control-surface";

export { CONTROL_PREFIX };

import { parseBehaviour, type EmulatorBehaviour } from "./behaviour";
/** The emulator as seen by the control surface (the public handle plus a fault listing). */
export interface DatabricksControlTarget extends DatabricksEmulator {
  faultRules(): Array<DatabricksFaultRule & { id: number; fired: number }>;
  /** Answers to the unknowns (behaviour.ts). */
  behaviour(): EmulatorBehaviour;
  setBehaviour(changes: Partial<EmulatorBehaviour>): void;
}

export function handleControl(
  method: string,
  path: string,
  body: DatabricksBody,
  target: DatabricksControlTarget,
): ApiResponse {
  const json = body.kind === "json" ? body.value : undefined;
  return dispatchControl(path, (parts) => route(method, parts, json, target));
}

function route(
  method: string,
  parts: string[],
  json: unknown,
  t: DatabricksControlTarget,
): ApiResponse {
  const [resource, id] = parts;
  const key = `${method} ${resource ?? ""}${id === undefined ? "" : "/:id"}`;
  const basic =
    routeBasics<DatabricksFaultRule>(key, id, json, t) ?? routeClockControl(key, json, t);
  if (basic) return basic;
  switch (key) {
    case "GET behaviour":
      return ok(t.behaviour());
    case "PUT behaviour":
      t.setBehaviour(parseBehaviour(json));
      return ok(t.behaviour());
    case "GET state":
      return ok(t.snapshot());
    case "GET workspaces":
      return ok(t.workspaces);
    case "PUT faults": {
      if (!Array.isArray(json)) return fail(400, "expected a JSON array of fault rules");
      t.setFaults(json as DatabricksFaultRule[]);
      return ok(t.faultRules());
    }
    case "DELETE apps/:id":
      return t.deleteCustomAppIntegration(id) ? noContent() : fail(404, `no custom app ${id}`);
    case "PATCH apps/:id": {
      if (!t.snapshot().customAppIntegrations.some((a) => a.integration_id === id)) {
        return fail(404, `no custom app ${id}`);
      }
      t.tamperCustomAppIntegration(id, (json ?? {}) as CustomAppTamper);
      return ok(t.snapshot().customAppIntegrations.find((a) => a.integration_id === id));
    }
    case "POST check-secret": {
      const { client_id: clientId, client_secret: secret } = (json ?? {}) as Record<
        string,
        unknown
      >;
      if (typeof clientId !== "string" || typeof secret !== "string") {
        return fail(400, 'expected {"client_id": string, "client_secret": string}');
      }
      return ok({ valid: t.checkClientSecret(clientId, secret) });
    }
    default:
      return fail(404, `unknown control endpoint ${method} ${CONTROL_PREFIX}/${parts.join("/")}`);
  }
}
