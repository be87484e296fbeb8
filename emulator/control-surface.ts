/**
 * What both emulators' `/__emulator__/` control surfaces share: the prefix, the response
 * shapes, and how a control path becomes route parts (a thrown error is the caller's 400).
 */
import type { ApiResponse } from "./handlers";

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
