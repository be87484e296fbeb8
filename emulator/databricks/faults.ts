/** Fault injection: the Connect emulator's injector, over this API's route names. */
import { FaultInjector } from "../connect/faults";
import { ROUTE_NAMES } from "./routes";
import type { DatabricksFaultRule } from "./types";

export function createFaultInjector(seed: number): FaultInjector<DatabricksFaultRule> {
  return new FaultInjector<DatabricksFaultRule>(seed, ROUTE_NAMES);
}
