/** Fault injection: the shared injector, over this API's route names. */
import { FaultInjector } from "../fault-injector";
import { ROUTE_NAMES } from "./routes";
import type { DatabricksFaultRule } from "./types";

export function createFaultInjector(seed: number): FaultInjector<DatabricksFaultRule> {
  return new FaultInjector<DatabricksFaultRule>(seed, ROUTE_NAMES);
}
