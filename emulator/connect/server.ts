/** The emulator process: an HTTP(S) server wiring routing, auth, faults, the log and the store. */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { KeyRing, checkAccess, type Caller, type Role } from "./auth";
import {
  DEFAULT_BEHAVIOUR,
  authTypePlacement,
  parseBehaviour,
  seedsDefaultIntegration,
  type EmulatorBehaviour,
} from "./behaviour";
import { CONTROL_PREFIX, handleControl, type ControlTarget } from "./control";
import { refuseControl } from "../control-surface";
import { ApiError, injectedStatus } from "./errors";
import type { FaultInjector } from "../fault-injector";
import { createFaultInjector } from "./faults";
import type { ApiResponse, ParsedBody } from "../api-response";
import { errorResponse, parseBody, readBody, writeResponse } from "../http-io";
import { loadState, saveState } from "./persistence";
import { redactBody } from "./redact";
import { matchRoute, type MatchedRoute } from "./routes";
import { IntegrationStore, mergeConfig } from "./state";
import type { ConnectEmulator, EmulatorOptions, FaultRule, RecordedRequest } from "./types";
import { secretsOf, toWirePermissions, toWireIntegration } from "./wire";
import type {
  ConfigValue,
  WireIntegration,
  WirePermission,
  WirePermissionInput,
} from "./wire-types";
import {
  Directory,
  type ContentSeed,
  type GroupSeed,
  type UserSeed,
  type WireContent,
  type WireGroup,
  type WireUser,
} from "./directory";
import { permissionsSupported } from "./governance";
import { InjectedDelays } from "../injected-delays";
import { faultBeforeHandling } from "../injected-fault";
import { ConnectOAuth } from "./oauth/router";

const DEFAULT_VERSION = "2025.07.0";

class EmulatorServer implements ControlTarget {
  readonly requests: RecordedRequest[] = [];
  url = "";
  private readonly server: http.Server;
  private readonly store: IntegrationStore;
  private readonly directory: Directory;
  private readonly version: string;
  /** Answers to the unknowns (behaviour.ts); settable through the control API. */
  behaviour: EmulatorBehaviour;
  private readonly keys: KeyRing;
  private readonly faults: FaultInjector<FaultRule>;
  private readonly sockets = new Set<Socket>();
  private readonly connectionIds = new WeakMap<Socket, number>();
  private readonly delays = new InjectedDelays();
  private readonly oauth: ConnectOAuth;
  private connections = 0;
  private seq = 0;
  private closed = false;

  constructor(private readonly options: EmulatorOptions) {
    this.keys = new KeyRing(options.adminKeys, options.publisherKeys);
    this.faults = createFaultInjector(options.faultSeed ?? 1);
    this.version = options.version ?? DEFAULT_VERSION;
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...parseBehaviour(options.behaviour ?? {}) };
    this.directory = new Directory(() => this.persist());
    this.store = new IntegrationStore(
      options.seedDefaultIntegration ?? seedsDefaultIntegration(this.behaviour, this.version),
      () => this.persist(),
    );
    const snapshot = options.stateFile ? loadState(options.stateFile) : undefined;
    if (snapshot) this.store.load(snapshot);
    // Seeding persists, so it comes after loading: the file is the truth when it has a directory.
    if (snapshot?.directory) this.directory.load(snapshot.directory);
    else this.seedDirectory();
    if (options.stateFile && !snapshot) this.persist();
    this.oauth = new ConnectOAuth({
      store: this.store,
      directory: this.directory,
      keys: this.keys,
      workspaceUrls: options.workspaceUrls,
      baseUrl: () => this.url,
      now: options.now,
    });
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.onRequest(req, res).catch((error: unknown) => {
        console.error("connect-emulator: unexpected error", error);
        if (!res.headersSent) res.destroy();
      });
    };
    this.server = options.tls
      ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
      : http.createServer(onRequest);
    // Raw TCP sockets are tracked so close() can destroy them; ids go to the socket that
    // req.socket will be (the TLS socket in HTTPS mode) so keep-alive reuse can be checked.
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      if (!options.tls) this.assignConnectionId(socket);
    });
    if (options.tls) this.server.on("secureConnection", (s: Socket) => this.assignConnectionId(s));
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    const hostPart = host.includes(":") ? `[${host}]` : host;
    this.url = `${this.options.tls ? "https" : "http"}://${hostPart}:${port}`;
  }

  get connectionsOpened(): number {
    return this.connections;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  integrations(): WireIntegration[] {
    return this.store
      .list()
      .map((i) => toWireIntegration(i, permissionsSupported(this.behaviour, this.version)));
  }

  addUser(seed: UserSeed): WireUser {
    return this.directory.addUser(seed);
  }

  addGroup(seed: GroupSeed): WireGroup {
    return this.directory.addGroup(seed);
  }

  addContent(seed: ContentSeed): WireContent {
    return this.directory.addContent(seed);
  }

  associationsOf(contentGuid: string): string[] {
    return this.store.contentAssociations(contentGuid).map((a) => a.integration_guid);
  }

  setAssociations(contentGuid: string, integrationGuids: string[]): void {
    this.store.setAssociations(contentGuid, integrationGuids);
  }

  permissionsOf(guid: string): WirePermission[] | undefined {
    const stored = this.store.get(guid);
    return stored ? toWirePermissions(stored) : undefined;
  }

  setPermissions(guid: string, permissions: WirePermissionInput[]): void {
    if (!this.store.get(guid)) throw new Error(`connect-emulator: no integration ${guid}`);
    this.store.update(guid, { permissions });
  }

  private seedDirectory(): void {
    this.directory.clear();
    for (const u of this.options.users ?? []) this.directory.addUser(u);
    for (const g of this.options.groups ?? []) this.directory.addGroup(g);
    for (const c of this.options.content ?? []) this.directory.addContent(c);
  }

  secretsOf(guid: string): Record<string, string> | undefined {
    const stored = this.store.get(guid);
    return stored ? secretsOf(stored) : undefined;
  }

  addApiKey(key: string, role: Role): void {
    this.keys.add(key, role);
  }

  revokeApiKey(key: string): void {
    this.keys.revoke(key);
  }

  addFault(rule: FaultRule): number {
    return this.faults.add(rule);
  }

  removeFault(id: number): void {
    this.faults.remove(id);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  faultRules(): Array<FaultRule & { id: number; fired: number }> {
    return this.faults.list();
  }

  deleteIntegration(guid: string): boolean {
    return this.store.remove(guid);
  }

  tamper(
    guid: string,
    change: { name?: string; description?: string | null; config?: Record<string, unknown> },
  ): void {
    const stored = this.store.get(guid);
    if (!stored) throw new Error(`connect-emulator: no integration ${guid}`);
    // Deliberately unvalidated: the UI (or a bug) may leave values the API would refuse.
    const config = change.config
      ? (mergeConfig(stored.config, change.config) as Record<string, ConfigValue>)
      : undefined;
    this.store.update(guid, { name: change.name, description: change.description, config });
  }

  reset(): void {
    this.oauth.reset();
    this.store.clear();
    this.seedDirectory();
    this.clearRequests();
    this.faults.reset();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.delays.releaseAll();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await done;
  }

  private assignConnectionId(socket: Socket): void {
    this.connectionIds.set(socket, ++this.connections);
  }

  private persist(): void {
    // The directory is built before the store, so the first persist may come before both exist.
    if (this.options.stateFile && this.store && this.directory) {
      saveState(this.options.stateFile, {
        ...this.store.snapshot(),
        directory: this.directory.snapshot(),
      });
    }
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const [path, search = ""] = (req.url ?? "/").split("?");
    const incomingId = req.headers["x-correlation-id"];
    const correlationId = typeof incomingId === "string" && incomingId ? incomingId : randomUUID();
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    // Viewer sign-in, sessions, credentials exchange and their control calls (oauth/router.ts).
    const signIn = await this.oauth.handle({
      method,
      path,
      query: new URLSearchParams(search),
      raw,
      headers: req.headers,
    });
    if (signIn) return writeResponse(res, signIn, correlationId);
    const body = parseBody(raw);
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      const refused = refuseControl(req.headers, this.options.controlToken);
      writeResponse(res, refused ?? handleControl(method, path, body, this), correlationId);
      return;
    }

    const matched = matchRoute(method, path);
    const caller = this.keys.classify(req.headers.authorization);
    const record: RecordedRequest = {
      seq: ++this.seq,
      method,
      path,
      route: matched instanceof ApiError ? "unknown" : matched.name,
      status: null,
      body: redactBody(body),
      authorized: caller,
      connection: this.connectionIds.get(req.socket) ?? 0,
      time: Date.now(),
    };
    this.requests.push(record);

    const fault = this.faults.pick(record.route);
    if (fault) record.fault = fault.kind;
    const proceed = await faultBeforeHandling(fault, {
      socket: req.socket,
      delays: this.delays,
      isClosed: () => this.closed,
      answerStatus: (status, retryAfter) =>
        this.respond(res, record, injectedResponse(status, retryAfter), correlationId),
    });
    if (!proceed) return;

    const response = await this.dispatch(matched, caller, body, new URLSearchParams(search));
    if (this.closed) return;
    if (fault?.kind === "drop-after-commit") {
      req.socket.destroy();
      return;
    }
    this.respond(res, record, response, correlationId);
  }

  private async dispatch(
    matched: MatchedRoute | ApiError,
    caller: Caller,
    body: ParsedBody,
    query: URLSearchParams,
  ): Promise<ApiResponse> {
    if (matched instanceof ApiError) return errorResponse(matched);
    const denied = checkAccess(caller, matched.access);
    if (denied) return errorResponse(denied);
    try {
      return await matched.handle({
        store: this.store,
        params: matched.params,
        body,
        caller,
        directory: this.directory,
        version: this.version,
        placement: authTypePlacement(this.behaviour, this.version),
        behaviour: this.behaviour,
        query,
        workspaceUrls: this.options.workspaceUrls,
      });
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      console.error("connect-emulator: handler failed", error);
      return errorResponse(new ApiError(500, 1, "An internal failure occurred."));
    }
  }

  private respond(
    res: http.ServerResponse,
    record: RecordedRequest,
    response: ApiResponse,
    correlationId: string,
  ): void {
    if (res.destroyed) return;
    writeResponse(res, response, correlationId);
    record.status = response.status;
  }
}

function injectedResponse(status: number, retryAfterSeconds?: number): ApiResponse {
  return errorResponse(injectedStatus(status, retryAfterSeconds));
}

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<ConnectEmulator> {
  const emulator = new EmulatorServer(options);
  await emulator.listen();
  return emulator;
}
