/**
 * The part of an injected fault that comes before the handler runs, the same in both emulators
 * (fault-injector.ts says what each kind means). `drop-after-commit` is the caller's: it acts
 * after handling.
 */
import type { Socket } from "node:net";
import type { FaultKind } from "./fault-injector";
import type { InjectedDelays } from "./injected-delays";

export interface FaultIo {
  socket: Socket;
  delays: InjectedDelays;
  isClosed: () => boolean;
  /** Answers with the emulator's own error body for an injected status. */
  answerStatus: (status: number, retryAfterSeconds?: number) => void;
}

/** Resolves `true` when the request goes on to its handler, `false` when the fault took it. */
export async function faultBeforeHandling(
  fault: FaultKind | undefined,
  io: FaultIo,
): Promise<boolean> {
  switch (fault?.kind) {
    case "reset":
      io.socket.destroy();
      return false;
    case "hang":
      return false; // held until the client gives up or close() destroys the socket
    case "status":
      io.answerStatus(fault.status, fault.retryAfterSeconds);
      return false;
    case "latency":
      await io.delays.wait(fault.ms);
      return !io.isClosed();
    default:
      return true;
  }
}
