/**
 * What both emulators' `/__emulator__/` control surfaces share: the prefix, the response
 * shapes, and how a control path becomes route parts (a thrown error is the caller's 400).
 */
import { timingSafeEqual } from "node:crypto";
import type { ApiResponse } from "./api-response";

export const CONTROL_PREFIX = "/__emulator__";

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });
export const noContent = (): ApiResponse => ({ status: 204 });
export const fail = (status: number, message: string): ApiResponse => ({
  status,
  body: { error: message },
});

/** Splits `path` below the prefix into decoded parts for `route`; any error it throws is a 400. */
export function dispatchControl(
  path: string,
  route: (parts: string[]) => ApiResponse,
): ApiResponse {
  try {
    const parts = path
      .slice(CONTROL_PREFIX.length)
      .split("/")
      .filter((p) => p !== "")
      .map(decodeURIComponent);
    return route(parts);
  } catch (error) {
    return fail(400, error instanceof Error ? error.message : String(error));
  }
}

/** What every emulator's control surface exposes about its request log, faults and reset. */
export interface ControlBasics<Rule> {
  readonly requests: unknown;
  clearRequests(): void;
  faultRules(): unknown;
  addFault(rule: Rule): number;
  removeFault(id: number): void;
  clearFaults(): void;
  reset(): void;
}

/**
 * The request-log, fault and reset endpoints, the same on every emulator; `undefined` when
 * `key` (`"METHOD resource[/:id]"`) is none of them.
 */
export function routeBasics<Rule>(
  key: string,
  id: string | undefined,
  json: unknown,
  t: ControlBasics<Rule>,
): ApiResponse | undefined {
  switch (key) {
    case "GET requests":
      return ok(t.requests);
    case "DELETE requests":
      t.clearRequests();
      return noContent();
    case "GET faults":
      return ok(t.faultRules());
    case "POST faults":
      return ok({ id: t.addFault(json as Rule) });
    case "DELETE faults":
      t.clearFaults();
      return noContent();
    case "DELETE faults/:id":
      t.removeFault(Number(id));
      return noContent();
    case "POST reset":
      t.reset();
      return noContent();
    default:
      return undefined;
  }
}

/** The header a caller presents the control token in when one is required. */
export const CONTROL_TOKEN_HEADER = "x-emulator-control-token";

/**
 * The 401 for a control request without the right token, or `undefined` when it may proceed:
 * always when no token is configured (loopback, for tests and scripts). The control surface
 * hands out state with client secrets and adds admin keys, so an emulator reachable from other
 * machines must not serve it to anyone who asks.
 */
export function refuseControl(
  headers: Record<string, string | string[] | undefined>,
  token: string | undefined,
): ApiResponse | undefined {
  if (token === undefined) return undefined;
  const given = headers[CONTROL_TOKEN_HEADER];
  const presented = Buffer.from(typeof given === "string" ? given : "");
  const expected = Buffer.from(token);
  if (presented.length === expected.length && timingSafeEqual(presented, expected))
    return undefined;
  return fail(
    401,
    `The control surface needs the token printed at start (or given with --control-token), in the ${CONTROL_TOKEN_HEADER} header.`,
  );
}

/**
 * True for interfaces only this machine reaches. The emulator's own copy: it never imports the
 * library (provider/connect/settings.ts has the library's).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
