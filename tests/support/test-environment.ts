/**
 * jest's node environment, plus one piece of teardown no test file can do for itself: closing the
 * inspector sessions that Pulumi's closure serializer opened while the file ran.
 *
 * Why: `@pulumi/pulumi/runtime/closure/v8Hooks` opens an `inspector.Session`, enables the V8
 * debugger on it and keeps it for the life of the module, never disconnecting. In a Pulumi
 * program that is one session per process. Under jest every test file loads its own copy of
 * `@pulumi/pulumi`, so every file that serializes a closure (dynamic resources under mocks,
 * `serializeProvider`) adds one more session to the worker. Each session keeps its test file's
 * whole module graph alive (its listener closes over the module), and each enabled debugger keeps
 * native records for every script the worker compiles from then on; a worker ends the suite with
 * several GB of RSS, and freeing that at exit takes longer than jest's 500 ms grace period, hence
 * "A worker process has failed to exit gracefully" although no handle is left open
 * (docs/testing.md, "Worker memory").
 *
 * The environment module is loaded once per worker in jest's own realm, and `inspector` is a
 * builtin shared by every test file's realm, so a wrapper on `Session.prototype` sees every
 * session a test file connects. Files run one at a time in a worker, so the sessions still open
 * at teardown are this file's (or strays from an earlier file's unfinished work). jest's own V8
 * coverage session is stopped before teardown, so it is never among them.
 */
import { Session } from "inspector";
import NodeEnvironment from "jest-environment-node";

// On the shared prototype, so a second copy of this module (another jest project) finds the
// wrapper already there instead of wrapping it again.
const OPEN_SESSIONS = Symbol.for("pulumi-posit-connect.tests.open-inspector-sessions");

type TrackedPrototype = Session & { [OPEN_SESSIONS]?: Set<Session> };

function openSessions(): Set<Session> {
  const proto = Session.prototype as TrackedPrototype;
  const existing = proto[OPEN_SESSIONS];
  if (existing) return existing;
  const open = new Set<Session>();
  const { connect, connectToMainThread, disconnect } = proto;
  proto.connect = function (this: Session): void {
    connect.call(this);
    open.add(this);
  };
  proto.connectToMainThread = function (this: Session): void {
    connectToMainThread.call(this);
    open.add(this);
  };
  proto.disconnect = function (this: Session): void {
    open.delete(this);
    disconnect.call(this);
  };
  proto[OPEN_SESSIONS] = open;
  return open;
}

openSessions();

export default class TestEnvironment extends NodeEnvironment {
  override async teardown(): Promise<void> {
    // Disconnecting drops the session's listeners and turns its debugger agent off; a later
    // `post` from a straggling serializer fails with "Session is not connected" in a file that
    // has already finished, which is what should happen to work left running past teardown.
    for (const session of [...openSessions()]) session.disconnect();
    await super.teardown();
  }
}
