// The Analyzer proxy a Node policy pack runs behind, as in the Go host (pulumi/pulumi sdk/v3
// policy_proxy.go, used by pulumi-language-nodejs' RunPlugin since the engine starts policy packs
// through the language host). Why a proxy: `@pulumi/policy` reads the stack name, project, dry-run
// flag and stack config from environment variables set at process start, but the engine only
// sends them in its first Analyzer call (ConfigureStack). So the host answers Handshake and
// ConfigureStack itself, then starts the real policy pack with that environment and forwards every
// other Analyzer call to it.
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { Readable } from "stream";
import type { StackConfiguration } from "./plugin-args";

/** A promise settled from outside, at most once (later settles are ignored like Go's Fulfill). */
class Deferred<T> {
  readonly promise: Promise<T>;
  private settled = false;
  private res!: (v: T) => void;
  private rej!: (e: Error) => void;
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.res = res;
      this.rej = rej;
    });
    this.promise.catch(() => undefined); // a rejection nobody awaited is not a crash
  }
  resolve(v: T): void {
    if (this.settled) return;
    this.settled = true;
    this.res(v);
  }
  reject(e: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.rej(e);
  }
  get isSettled(): boolean {
    return this.settled;
  }
}

type Configure = analyzerPb.AnalyzerStackConfigureRequest;

export class PolicyProxy {
  readonly port: number;
  private readonly configuration = new Deferred<Configure | null>();
  private readonly client = new Deferred<grpc.Client>();
  private lastConfigure: Configure | null = null;

  private constructor(
    private readonly server: grpc.Server,
    port: number,
  ) {
    this.port = port;
  }

  /** Starts the proxy's Analyzer server on a free loopback port. */
  static async start(): Promise<PolicyProxy> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const proxy = new PolicyProxy(server, port);
    server.addService(analyzerGrpc.AnalyzerService, proxy.handlers());
    return proxy;
  }

  /** The engine's ConfigureStack, or null when it asked something else first (`policy publish`). */
  async awaitConfiguration(): Promise<StackConfiguration | null> {
    const req = await this.configuration.promise;
    if (!req) return null;
    return {
      organization: req.getOrganization(),
      project: req.getProject(),
      stack: req.getStack(),
      dryRun: req.getDryRun(),
      config: Object.fromEntries(req.getConfigMap().entries()),
    };
  }

  /**
   * Reads the policy pack's port (its first stdout line), dials it and replays ConfigureStack.
   * Everything after the port line goes to `forward`. Resolves once calls can be forwarded.
   */
  async attach(stdout: Readable, forward: (chunk: Buffer) => void): Promise<void> {
    try {
      const port = await readPortLine(stdout, forward);
      const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
      });
      if (this.lastConfigure) await this.forwardConfigure(client, this.lastConfigure);
      this.client.resolve(client);
    } catch (e) {
      this.client.reject(e as Error);
      throw e;
    }
  }

  /** The policy pack exited or the engine let go: fail waiting calls and stop serving. */
  close(reason: string): void {
    this.configuration.resolve(null);
    this.client.reject(new Error(`policy pack not started: ${reason}`));
    this.server.forceShutdown();
  }

  private async forwardConfigure(client: grpc.Client, req: Configure): Promise<void> {
    const def = analyzerGrpc.AnalyzerService.configureStack;
    await new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest(
        def.path,
        def.requestSerialize,
        def.responseDeserialize,
        req,
        (err: grpc.ServiceError | null) => {
          // Older policy packs do not implement ConfigureStack; that is fine.
          if (err && err.code !== grpc.status.UNIMPLEMENTED) {
            reject(new Error(`policy pack configuration failed: ${err.message}`));
          } else resolve();
        },
      ),
    );
  }

  private handlers(): grpc.UntypedServiceImplementation {
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, def] of Object.entries(analyzerGrpc.AnalyzerService)) {
      impl[name] = (
        call: grpc.ServerUnaryCall<unknown, unknown>,
        cb: grpc.sendUnaryData<unknown>,
      ) => {
        if (name === "handshake") return cb(null, new analyzerPb.AnalyzerHandshakeResponse());
        if (name === "configureStack") {
          this.lastConfigure = call.request as Configure;
          this.configuration.resolve(this.lastConfigure);
          return cb(null, new analyzerPb.AnalyzerStackConfigureResponse());
        }
        // Any other call first means no configuration is coming: start the pack without it.
        this.configuration.resolve(null);
        this.client.promise.then(
          (client) =>
            client.makeUnaryRequest(
              def.path,
              def.requestSerialize,
              def.responseDeserialize,
              call.request,
              call.metadata,
              (err, res) => cb(err, res),
            ),
          (err: Error) => cb({ code: grpc.status.UNAVAILABLE, details: err.message }),
        );
      };
    }
    return impl;
  }
}

/** First line of `stdout` as a port number; the rest of the stream goes to `forward`. */
function readPortLine(stdout: Readable, forward: (chunk: Buffer) => void): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      stdout.off("data", onData);
      stdout.off("end", onEnd);
      stdout.on("data", forward);
      const line = head.subarray(0, nl).toString("utf8").trim();
      const rest = head.subarray(nl + 1);
      if (rest.length > 0) forward(rest);
      const port = Number(line);
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`could not read policy pack port: got ${JSON.stringify(line)}`));
    };
    const onEnd = (): void =>
      reject(new Error("could not read policy pack port: the policy pack exited first"));
    stdout.on("data", onData);
    stdout.on("end", onEnd);
  });
}
