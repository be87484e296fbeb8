/**
 * The `/__emulator__/` control surface: the {@link ConnectEmulator} methods over HTTP for scripts
 * and other processes. No auth, never recorded, never faulted.
 */
import type { ApiResponse, ParsedBody } from "./handlers";
import type { ConnectEmulator, FaultRule } from "./types";

import {
  CONTROL_PREFIX,
  dispatchControl,
  fail,
  noContent,
  ok,
  routeBasics,
} from "../control-surface";
import { parseBehaviour, type EmulatorBehaviour } from "./behaviour";

export { CONTROL_PREFIX };

/** The emulator as seen by the control surface (the public handle plus a fault listing). */
export interface ControlTarget extends ConnectEmulator {
  faultRules(): Array<FaultRule & { id: number; fired: number }>;
  /** Answers to the unknowns (behaviour.ts); `PUT behaviour` merges into it. */
  behaviour: EmulatorBehaviour;
}

export function handleControl(
  method: string,
  path: string,
  body: ParsedBody,
  target: ControlTarget,
): ApiResponse {
  const json = body.kind === "json" ? body.value : undefined;
  return dispatchControl(path, (parts) => route(method, parts, json, target));
}

function route(method: string, parts: string[], json: unknown, t: ControlTarget): ApiResponse {
  const [resource, id, sub] = parts;
  const key = `${method} ${resource ?? ""}${id === undefined ? "" : "/:id"}${sub ? `/${sub}` : ""}`;
  const basic = routeBasics<FaultRule>(key, id, json, t);
  if (basic) return basic;
  switch (key) {
    case "GET behaviour":
      return ok(t.behaviour);
    case "PUT behaviour":
      t.behaviour = { ...t.behaviour, ...parseBehaviour(json) };
      return ok(t.behaviour);
    case "GET state":
      return ok(t.integrations());
    case "POST keys": {
      const { key: apiKey, role } = (json ?? {}) as { key?: unknown; role?: unknown };
      if (
        typeof apiKey !== "string" ||
        apiKey === "" ||
        (role !== "admin" && role !== "publisher")
      ) {
        return fail(400, 'expected {"key": string, "role": "admin" | "publisher"}');
      }
      t.addApiKey(apiKey, role);
      return noContent();
    }
    case "DELETE keys/:id":
      t.revokeApiKey(id);
      return noContent();
    case "DELETE integrations/:id":
      return t.deleteIntegration(id) ? noContent() : fail(404, `no integration ${id}`);
    case "PATCH integrations/:id": {
      if (!t.integrations().some((i) => i.guid === id)) return fail(404, `no integration ${id}`);
      t.tamper(id, (json ?? {}) as Parameters<ConnectEmulator["tamper"]>[1]);
      return ok(t.integrations().find((i) => i.guid === id));
    }
    case "GET integrations/:id/secrets": {
      const secrets = t.secretsOf(id);
      return secrets ? ok(secrets) : fail(404, `no integration ${id}`);
    }
    case "POST users":
      return ok(t.addUser(json as Parameters<ConnectEmulator["addUser"]>[0]));
    case "POST groups":
      return ok(t.addGroup(json as Parameters<ConnectEmulator["addGroup"]>[0]));
    case "POST content":
      return ok(t.addContent(json as Parameters<ConnectEmulator["addContent"]>[0]));
    case "GET content/:id/associations":
      return ok(t.associationsOf(id));
    case "PUT content/:id/associations":
      t.setAssociations(id, json as string[]);
      return ok(t.associationsOf(id));
    case "PUT integrations/:id/permissions":
      t.setPermissions(id, json as Parameters<ConnectEmulator["setPermissions"]>[1]);
      return ok(t.permissionsOf(id));
    default:
      return fail(404, `unknown control endpoint ${method} ${CONTROL_PREFIX}/${parts.join("/")}`);
  }
}
