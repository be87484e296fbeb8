/**
 * Drives the real Pulumi Node.js dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`)
 * over gRPC, without the Pulumi CLI, the way the engine does (pulumi-notes.md §4):
 *
 *   serializeProvider(provider)   same call Pulumi's dynamic.Resource makes for `__provider`
 *   startDynamicHost({...})       `node <dynamic-provider> 127.0.0.1:1`, cwd = repo root, port from stdout
 *   host.configure / check / diff / create / read / update / delete   typed promise wrappers
 *   host.close()                  kills the child and closes the channel
 *
 * Every byte the child prints is kept (`host.stdout`, `host.stderr`) so callers can assert that
 * no secret leaks. No jest globals here: benchmark scripts import this module too.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** Key and value of the object the engine uses to mark a secret on the wire (`rpc.specialSigKey`). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** What the engine sends for values not known yet during preview (`rpc.unknownValue`). */
export const UNKNOWN_VALUE: string = rpc.unknownValue;
/** The property the dynamic host deserializes the provider from. */
export const PROVIDER_KEY = "__provider";

/** The repository root, from tests/support or from dist/tests/support once compiled. */
export const REPO_ROOT = (() => {
  let dir = path.resolve(__dirname, "..", "..");
  if (path.basename(dir) === "dist") dir = path.dirname(dir);
  return dir;
})();

/**
 * Environment the host must not see, so it finds the API key only in Configure and reaches the
 * emulator directly rather than through a proxy.
 */
export const HOST_ENV_TO_UNSET: readonly string[] = [
  "CONNECT_API_KEY",
  "CONNECT_TIMEOUT_SECONDS",
  "CONNECT_SERVER",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "http_proxy",
  "https_proxy",
  "ALL_PROXY",
  "all_proxy",
];

export type PropertyMap = Record<string, unknown>;

/** A value wrapped the way the engine sends a decrypted secret in Configure args. */
export function rpcSecret(value: unknown): PropertyMap {
  return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value };
}

export interface SerializedProvider {
  /** The `__provider` text that goes into state. */
  text: string;
  /** True when the closure captured a secret Output (the engine would then encrypt it). */
  containsSecrets: boolean;
}

/**
 * Serializes a provider instance exactly as `pulumi.dynamic.Resource` does
 * (`serializeFunction(() => provider, { allowSecrets: true })`, exported as `handler`).
 */
export async function serializeProvider(provider: object): Promise<SerializedProvider> {
  // Named `provider` as in the SDK: the captured variable's name is part of the text.
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return { text: sf.text, containsSecrets: sf.containsSecrets };
}

/** A URN shaped like the engine's for a dynamic resource. */
export function dynamicUrn(
  name: string,
  opts: { type?: string; project?: string; stack?: string } = {},
): string {
  const type = opts.type ?? "pulumi-nodejs:dynamic:Resource";
  return `urn:pulumi:${opts.stack ?? "test"}::${opts.project ?? "project"}::${type}::${name}`;
}

export type DiffChanges = "unknown" | "none" | "some";

export interface CheckFailure {
  property: string;
  reason: string;
}
export interface CheckResult {
  inputs: PropertyMap;
  failures: CheckFailure[];
}
export interface DiffResult {
  changes: DiffChanges;
  /** Raw `DiffResponse.DiffChanges` value: 0 unknown, 1 none, 2 some. */
  changesEnum: number;
  replaces: string[];
  deleteBeforeReplace: boolean;
}
export interface CreateResult {
  id: string;
  properties: PropertyMap;
}
export interface ReadResult {
  /** Empty when the provider says the resource is gone. */
  id: string;
  properties: PropertyMap;
  /** Present when the provider returned `inputs` (refresh rewrites stored inputs). */
  inputs?: PropertyMap;
}
export interface UpdateResult {
  properties: PropertyMap;
}

/** A failed gRPC call, with the host's message (`details`) kept apart from gRPC's prefix. */
export class HostCallError extends Error {
  constructor(
    readonly method: string,
    /** gRPC status code (2 = UNKNOWN for errors thrown by provider methods, 12 = UNIMPLEMENTED). */
    readonly code: number,
    readonly details: string,
  ) {
    super(`${method} failed (gRPC ${code}): ${details}`);
    this.name = "HostCallError";
  }
}

export interface HostOptions {
  /** Working directory of the host; serialized `require()`s resolve from here. @default repo root */
  cwd?: string;
  /** `PULUMI_NODEJS_PROJECT`: the namespace for config keys given without one. @default "project" */
  project?: string;
  /** Extra environment variables (override the inherited ones). */
  env?: Record<string, string>;
  /** Inherited variables to remove, e.g. `["CONNECT_API_KEY"]`. */
  unsetEnv?: string[];
  /** Whether to inherit this process's environment at all. @default true */
  inheritEnv?: boolean;
  /** Time to wait for the port line. @default 20000 */
  startTimeoutMs?: number;
  /** Deadline of each gRPC call. @default 30000 */
  callTimeoutMs?: number;
  /** Type used in generated URNs. @default "pulumi-nodejs:dynamic:Resource" */
  resourceType?: string;
}

export interface CallOptions {
  urn?: string;
}

/** A running dynamic-provider host and a gRPC client on it. */
export class DynamicHost {
  private stdoutText = "";
  private stderrText = "";
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;
  private client: ResourceProviderClient | undefined;
  readonly project: string;
  port = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: HostOptions,
  ) {
    this.project = options.project ?? "project";
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
    });
  }

  /** Everything the host wrote to stdout (the port line included). */
  get stdout(): string {
    return this.stdoutText;
  }
  /** Everything the host wrote to stderr. */
  get stderr(): string {
    return this.stderrText;
  }
  /** stdout and stderr together, for leak assertions. */
  get output(): string {
    return `${this.stdoutText}\n${this.stderrText}`;
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  /** Exit code/signal once the child ended, else undefined. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exitInfo;
  }

  /** Spawns the host and resolves once it printed its port and a client is connected. */
  static async start(options: HostOptions = {}): Promise<DynamicHost> {
    const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    const env: NodeJS.ProcessEnv = options.inheritEnv === false ? {} : { ...process.env };
    for (const key of options.unsetEnv ?? []) delete env[key];
    Object.assign(env, options.env ?? {});
    env.PULUMI_NODEJS_PROJECT = options.project ?? "project";
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const host = new DynamicHost(child, options);
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (host.stderrText += chunk));
    child.stdout!.setEncoding("utf8");

    const timeoutMs = options.startTimeoutMs ?? 20_000;
    try {
      host.port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `dynamic-provider host printed no port within ${timeoutMs} ms; stderr:\n${host.stderrText}`,
              ),
            ),
          timeoutMs,
        );
        const onData = (chunk: string) => {
          host.stdoutText += chunk;
          const newline = host.stdoutText.indexOf("\n");
          if (newline < 0) return;
          clearTimeout(timer);
          const line = host.stdoutText.slice(0, newline).trim();
          const port = Number(line);
          if (!Number.isInteger(port) || port <= 0)
            reject(new Error(`unexpected first stdout line from host: ${JSON.stringify(line)}`));
          else resolve(port);
        };
        child.stdout!.on("data", onData);
        child.once("error", (e) => {
          clearTimeout(timer);
          reject(e);
        });
        child.once("exit", (code, signal) => {
          clearTimeout(timer);
          reject(
            new Error(
              `dynamic-provider host exited (code ${code}, signal ${signal}) before printing its port; stderr:\n${host.stderrText}`,
            ),
          );
        });
      });
    } catch (e) {
      await host.close();
      throw e;
    }
    // Keep capturing after the port line.
    child.stdout!.removeAllListeners("data");
    child.stdout!.on("data", (chunk: string) => (host.stdoutText += chunk));

    host.client = new ResourceProviderClient(
      `127.0.0.1:${host.port}`,
      grpc.credentials.createInsecure(),
    );
    await new Promise<void>((resolve, reject) =>
      host.client!.waitForReady(Date.now() + timeoutMs, (e) => (e ? reject(e) : resolve())),
    );
    return host;
  }

  urn(name: string): string {
    return dynamicUrn(name, { type: this.options.resourceType, project: this.project });
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const info = await this.call<Empty, { getVersion(): string }>("getPluginInfo", new Empty());
    return { version: info.getVersion() };
  }

  /**
   * Sends Configure as the engine does: the full stack config, keys namespaced, secret values
   * decrypted and wrapped in the secret signature object (use {@link rpcSecret}, or list the
   * keys in `secretKeys` to have them wrapped here).
   */
  async configure(
    args: PropertyMap,
    opts: { secretKeys?: string[] } = {},
  ): Promise<{ acceptSecrets: boolean }> {
    const wrapped: PropertyMap = { ...args };
    for (const key of opts.secretKeys ?? []) {
      if (key in wrapped) wrapped[key] = rpcSecret(wrapped[key]);
    }
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(wrapped));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    const resp = await this.call<provproto.ConfigureRequest, provproto.ConfigureResponse>(
      "configure",
      req,
    );
    return { acceptSecrets: resp.getAcceptsecrets() };
  }

  async check(
    olds: PropertyMap,
    news: PropertyMap,
    opts: CallOptions & { name?: string } = {},
  ): Promise<CheckResult> {
    const req = new provproto.CheckRequest();
    req.setUrn(opts.urn ?? this.urn(opts.name ?? "res"));
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    return {
      inputs: fromStruct(resp.getInputs()),
      failures: resp
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the stored outputs; `oldInputs` the stored inputs (defaults to none). */
  async diff(
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    opts: CallOptions & { oldInputs?: PropertyMap; ignoreChanges?: string[] } = {},
  ): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(opts.urn ?? this.urn("res"));
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs));
    if (opts.ignoreChanges) req.setIgnorechangesList(opts.ignoreChanges);
    const resp = await this.call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
    const changesEnum = resp.getChanges();
    const DC = provproto.DiffResponse.DiffChanges;
    const changes: DiffChanges =
      changesEnum === DC.DIFF_SOME ? "some" : changesEnum === DC.DIFF_NONE ? "none" : "unknown";
    return {
      changes,
      changesEnum,
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(
    properties: PropertyMap,
    opts: CallOptions & { preview?: boolean; timeoutSeconds?: number } = {},
  ): Promise<CreateResult> {
    const req = new provproto.CreateRequest();
    req.setUrn(opts.urn ?? this.urn("res"));
    req.setProperties(toStruct(properties));
    req.setPreview(opts.preview ?? false);
    if (opts.timeoutSeconds !== undefined) req.setTimeout(opts.timeoutSeconds);
    const resp = await this.call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
    return { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
  }

  /** Refresh: `properties` are the stored outputs, `inputs` the stored inputs. */
  async read(
    id: string,
    properties: PropertyMap,
    inputs?: PropertyMap,
    opts: CallOptions = {},
  ): Promise<ReadResult> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(opts.urn ?? this.urn("res"));
    req.setProperties(toStruct(properties));
    if (inputs) req.setInputs(toStruct(inputs));
    const resp = await this.call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
    const result: ReadResult = { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
    if (resp.hasInputs()) result.inputs = fromStruct(resp.getInputs());
    return result;
  }

  /** `olds` are the stored outputs, `news` the checked new inputs. */
  async update(
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    opts: CallOptions & { oldInputs?: PropertyMap; timeoutSeconds?: number } = {},
  ): Promise<UpdateResult> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(opts.urn ?? this.urn("res"));
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs));
    if (opts.timeoutSeconds !== undefined) req.setTimeout(opts.timeoutSeconds);
    const resp = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
    return { properties: fromStruct(resp.getProperties()) };
  }

  /** `properties` are the stored outputs. */
  async delete(
    id: string,
    properties: PropertyMap,
    opts: CallOptions & { oldInputs?: PropertyMap } = {},
  ): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(opts.urn ?? this.urn("res"));
    req.setProperties(toStruct(properties));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs));
    await this.call<provproto.DeleteRequest, Empty>("delete", req);
  }

  /** Kills the host (SIGTERM, then SIGKILL after 2 s) and closes the channel. Idempotent. */
  async close(): Promise<void> {
    this.client?.close();
    this.client = undefined;
    if (this.exitInfo) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (!this.exitInfo) this.child.kill("SIGKILL");
    }, 2000);
    await this.exited;
    clearTimeout(timer);
  }

  private call<Req, Res>(method: string, request: Req): Promise<Res> {
    const client = this.client;
    if (!client) return Promise.reject(new Error(`${method}: host is closed`));
    const deadline = Date.now() + (this.options.callTimeoutMs ?? 30_000);
    return new Promise<Res>((resolve, reject) => {
      type Unary = (
        req: Req,
        md: grpc.Metadata,
        opts: Partial<grpc.CallOptions>,
        cb: (error: grpc.ServiceError | null, response: Res) => void,
      ) => unknown;
      const fn = (client as unknown as Record<string, Unary>)[method].bind(client);
      fn(request, new grpc.Metadata(), { deadline }, (error, response) => {
        if (error) reject(new HostCallError(method, error.code, error.details ?? error.message));
        else resolve(response);
      });
    });
  }
}

/** Starts a host; see {@link HostOptions}. */
export function startDynamicHost(options: HostOptions = {}): Promise<DynamicHost> {
  return DynamicHost.start(options);
}

function toStruct(obj: PropertyMap): Struct {
  return Struct.fromJavaScript(obj as Parameters<typeof Struct.fromJavaScript>[0]);
}

function fromStruct(s: Struct | undefined): PropertyMap {
  return s ? (s.toJavaScript() as PropertyMap) : {};
}
