/**
 * Control calls for secret expiry: `GET /__emulator__/clock` tells the emulator's time and
 * offset; `POST /__emulator__/clock {"advanceDays": n}` (or `advanceSeconds`) moves it forward, so
 * tests and the demo reach a secret's expiry without waiting.
 */
import type { ApiResponse } from "../connect/handlers";
import { fail, ok } from "../control-surface";

export interface ClockControlTarget {
  advanceClock(seconds: number): void;
  clock(): { now: string; offsetSeconds: number };
}

/** The answer for `key` ("METHOD resource"), or `undefined` when it is not a clock call. */
export function routeClockControl(
  key: string,
  json: unknown,
  t: ClockControlTarget,
): ApiResponse | undefined {
  if (key === "GET clock") return ok(t.clock());
  if (key !== "POST clock") return undefined;
  const body = (json ?? {}) as { advanceDays?: unknown; advanceSeconds?: unknown };
  const days = body.advanceDays;
  const seconds = body.advanceSeconds;
  const amount =
    typeof days === "number" ? days * 86_400 : typeof seconds === "number" ? seconds : undefined;
  if (amount === undefined || !Number.isFinite(amount) || amount < 0) {
    return fail(400, 'expected {"advanceDays": n} or {"advanceSeconds": n} with n >= 0');
  }
  t.advanceClock(amount);
  return ok(t.clock());
}
