/** Fault injection: the shared injector, over Connect's route names. */
import { FaultInjector, validateFaultRule as validateRule } from "../fault-injector";
import type { FaultRule } from "./types";

const ROUTES = new Set<string>([
  "list",
  "get",
  "create",
  "update",
  "delete",
  "templates",
  "associations",
  "verify",
  "server_settings",
  "user",
  "users",
  "groups",
  "content",
  "*",
]);

export function createFaultInjector(seed: number): FaultInjector<FaultRule> {
  return new FaultInjector<FaultRule>(seed, ROUTES);
}

/**
 * Checks a Connect rule (it may come as JSON from `POST /__emulator__/faults`).
 * @throws Error describing the first problem
 */
export function validateFaultRule(input: unknown): FaultRule {
  return validateRule(input, ROUTES) as FaultRule;
}
