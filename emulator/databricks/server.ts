/**
 * The Databricks account emulator process: an HTTP server for the account host plus one per
 * workspace host (a workspace is a different host; `*.localhost` names do not resolve everywhere,
 * so each gets its own port), sharing one store, request log and fault injector.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { ApiResponse } from "../api-response";
import { readBody, writeJson } from "../http-io";
import { checkAccountAccess, classifyBearer } from "./auth";
import { CONTROL_PREFIX, handleControl, type DatabricksControlTarget } from "./control";
import { refuseControl } from "../control-surface";
import { DatabricksApiError, injectedStatus, restError } from "./errors";
import type { EmulatorBehaviour } from "./behaviour";
import { createFaultInjector } from "./faults";
import type { DatabricksBody, HandlerSettings } from "./handlers";
import { loadState, saveState } from "./persistence";
import { redactBody } from "./redact";
import { ACCOUNT_ROUTES, WORKSPACE_ROUTES, matchRoute, type MatchedRoute } from "./routes";
import { AccountStore, timestamp } from "./state";
import { appSecretValid, principalSecretValid } from "./token-handlers";
import type {
  ClientCredentials,
  CustomAppTamper,
  DatabricksCaller,
  DatabricksEmulator,
  DatabricksEmulatorOptions,
  DatabricksFaultRule,
  DatabricksRecordedRequest,
  DatabricksSnapshot,
  EmulatedWorkspace,
} from "./types";
import { toWireApp, toWireAssignment, toWireSecret, toWireServicePrincipal } from "./wire";
import { EmulatorClock, secretExpirySettings } from "./secret-expiry";
import { InjectedDelays } from "../injected-delays";

/** Fixed so scripts and docs can name it; any UUID works. */
export const DEFAULT_ACCOUNT_ID = "0d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/** The account admin's OAuth M2M credentials unless `admin` is given (test values, not secrets). */
export const DEFAULT_ADMIN: Readonly<ClientCredentials> = Object.freeze({
  clientId: "8f1e2d3c-4b5a-4697-8877-665544332211",
  clientSecret: "dose-emulator-admin-secret",
});
/** Workspace served when `workspaces` is not given. */
export const DEFAULT_WORKSPACE_ID = 1234567890123456;
const ADMIN_PRINCIPAL_ID = 1000000000000001;
const DEFAULT_TTL_SECONDS = 3600;

interface Listener {
  server: http.Server;
  workspaceId?: number;
}

class DatabricksEmulatorServer implements DatabricksControlTarget {
  readonly requests: DatabricksRecordedRequest[] = [];
  readonly accountId: string;
  readonly admin: ClientCredentials;
  readonly workspaces: EmulatedWorkspace[];
  url = "";
  private readonly store: AccountStore;
  private readonly settings: HandlerSettings;
  private readonly clockState: EmulatorClock;
  private readonly faults;
  private readonly listeners: Listener[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly delays = new InjectedDelays();
  private seq = 0;
  private closed = false;

  constructor(private readonly options: DatabricksEmulatorOptions) {
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.admin = { ...(options.admin ?? DEFAULT_ADMIN) };
    if (!this.admin.clientId || !this.admin.clientSecret) {
      throw new Error("databricks-emulator: admin needs a non-empty clientId and clientSecret");
    }
    const ttl = options.tokenTtlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!(ttl > 0)) throw new Error("databricks-emulator: tokenTtlSeconds must be positive");
    const workspaceOptions = options.workspaces ?? [{ id: DEFAULT_WORKSPACE_ID }];
    const ids = new Set<number>();
    for (const w of workspaceOptions) {
      if (!Number.isSafeInteger(w.id) || w.id <= 0 || ids.has(w.id)) {
        throw new Error(
          `databricks-emulator: workspace id ${w.id} must be a unique positive integer`,
        );
      }
      ids.add(w.id);
    }
    this.workspaces = workspaceOptions.map((w) => ({
      id: w.id,
      name: w.name ?? `dbc-emulator-${w.id}`,
      url: "",
    }));
    this.settings = {
      admin: this.admin,
      adminPrincipalId: ADMIN_PRINCIPAL_ID,
      tokenTtlSeconds: ttl,
      workspaces: this.workspaces,
      uniqueAppNames:
        (options.behaviour?.appNames ?? (options.uniqueAppNames ? "unique" : "not-unique")) ===
        "unique",
      expiry: secretExpirySettings(options),
      scheme: options.tls ? "https" : "http",
    };
    this.faults = createFaultInjector(options.faultSeed ?? 1);
    this.clockState = new EmulatorClock(options.now ?? Date.now);
    this.store = new AccountStore(this.accountId, this.clockState.now, () => this.persist());
    if (options.stateFile) {
      const snapshot = loadState(options.stateFile, this.accountId);
      if (snapshot) this.store.load(snapshot);
      else this.persist();
    }
    this.listeners.push({ server: this.createServer(undefined) });
    for (const w of this.workspaces) {
      this.listeners.push({ server: this.createServer(w.id), workspaceId: w.id });
    }
  }

  private createServer(workspaceId: number | undefined): http.Server {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.onRequest(req, res, workspaceId).catch((error: unknown) => {
        console.error("databricks-emulator: unexpected error", error);
        if (!res.headersSent) res.destroy();
      });
    };
    // The SDKs force `https://` on every host they are given (databricks-api.md §8), so the
    // conformance suites need TLS; plain HTTP stays the default for everything else.
    const { tls } = this.options;
    const server = tls
      ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest)
      : http.createServer(onRequest);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    return server;
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? "127.0.0.1";
    const hostPart = host.includes(":") ? `[${host}]` : host;
    try {
      for (const listener of this.listeners) {
        // Only the account host takes the requested port; workspace hosts take free ones.
        const port = listener.workspaceId === undefined ? (this.options.port ?? 0) : 0;
        await new Promise<void>((resolve, reject) => {
          listener.server.once("error", reject);
          listener.server.listen(port, host, () => {
            listener.server.off("error", reject);
            resolve();
          });
        });
        const url = `${this.settings.scheme}://${hostPart}:${(listener.server.address() as AddressInfo).port}`;
        if (listener.workspaceId === undefined) this.url = url;
        else this.workspaces.find((w) => w.id === listener.workspaceId)!.url = url;
      }
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  behaviour(): EmulatorBehaviour {
    return { appNames: this.settings.uniqueAppNames ? "unique" : "not-unique" };
  }

  setBehaviour(changes: Partial<EmulatorBehaviour>): void {
    if (changes.appNames) this.settings.uniqueAppNames = changes.appNames === "unique";
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  setFaults(rules: DatabricksFaultRule[]): void {
    // Validate all first so a bad rule leaves the previous set in place.
    const probe = createFaultInjector(1);
    for (const rule of rules) probe.add(rule);
    this.faults.clear();
    for (const rule of rules) this.faults.add(rule);
  }

  addFault(rule: DatabricksFaultRule): number {
    return this.faults.add(rule);
  }

  removeFault(id: number): void {
    this.faults.remove(id);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  faultRules(): Array<DatabricksFaultRule & { id: number; fired: number }> {
    return this.faults.list();
  }

  snapshot(): DatabricksSnapshot {
    const { store } = this;
    const now = store.now();
    const principals = store.listPrincipals();
    return {
      accountId: this.accountId,
      customAppIntegrations: store.listApps().map((a) => toWireApp(a)),
      servicePrincipals: principals.map((sp) => toWireServicePrincipal(sp, this.accountId)),
      secrets: Object.fromEntries(
        principals.map((sp) => [sp.id, store.secretsOf(sp.id).map((s) => toWireSecret(s, now))]),
      ),
      assignments: Object.fromEntries(
        this.workspaces.map((w) => [
          String(w.id),
          store.assignmentsOf(w.id).map(([p, perms]) => toWireAssignment(store, p, perms)),
        ]),
      ),
    };
  }

  checkClientSecret(clientId: string, clientSecret: string): boolean {
    return (
      appSecretValid(this.store, clientId, clientSecret) ||
      principalSecretValid(this.store, clientId, clientSecret)
    );
  }

  deleteCustomAppIntegration(integrationId: string): boolean {
    return this.store.removeApp(integrationId);
  }

  tamperCustomAppIntegration(integrationId: string, changes: CustomAppTamper): void {
    const app = this.store.getApp(integrationId);
    if (!app) throw new Error(`databricks-emulator: no custom app ${integrationId}`);
    const allowed = [
      "name",
      "redirect_urls",
      "scopes",
      "user_authorized_scopes",
      "token_access_policy",
    ];
    const unknown = Object.keys(changes).find((k) => !allowed.includes(k));
    if (unknown) throw new Error(`databricks-emulator: cannot tamper with ${unknown}`);
    this.store.putApp({ ...app, ...changes });
  }

  issueAdminToken(): string {
    return this.store.issueToken(this.admin.clientId, "account", this.settings.tokenTtlSeconds);
  }

  advanceClock(seconds: number): void {
    this.clockState.advance(seconds);
  }

  clock(): { now: string; offsetSeconds: number } {
    return { now: timestamp(this.store.now()), offsetSeconds: this.clockState.offsetSeconds };
  }

  workspaceUrl(workspaceId: number): string {
    const workspace = this.workspaces.find((w) => w.id === workspaceId);
    if (!workspace) throw new Error(`databricks-emulator: no workspace ${workspaceId}`);
    return workspace.url;
  }

  reset(): void {
    this.store.clear();
    this.clearRequests();
    this.faults.reset();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.delays.releaseAll();
    const done = Promise.all(
      this.listeners.map(
        (l) =>
          new Promise<void>((resolve) => {
            if (!l.server.listening) return resolve();
            l.server.close(() => resolve());
          }),
      ),
    );
    for (const socket of this.sockets) socket.destroy();
    await done;
  }

  private persist(): void {
    if (this.options.stateFile) saveState(this.options.stateFile, this.store.snapshot());
  }

  private async onRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    hostWorkspace: number | undefined,
  ): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = url.pathname;
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    if (
      hostWorkspace === undefined &&
      (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))
    ) {
      const refused = refuseControl(req.headers, this.options.controlToken);
      writeJson(
        res,
        refused ?? handleControl(method, path, parseBody(raw, req.headers, false), this),
      );
      return;
    }

    const matched = matchRoute(
      hostWorkspace === undefined ? ACCOUNT_ROUTES : WORKSPACE_ROUTES,
      method,
      path,
      this.accountId,
    );
    const isMatch = !(matched instanceof DatabricksApiError);
    const body = parseBody(raw, req.headers, isMatch && matched.access === "client");
    // The account host answers as the workspace's host when there is only one workspace.
    const workspaceId =
      hostWorkspace ?? (this.workspaces.length === 1 ? this.workspaces[0].id : undefined);
    const auth = classifyBearer(req.headers.authorization, this.store, this.admin.clientId);
    const record: DatabricksRecordedRequest = {
      seq: ++this.seq,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      route: isMatch ? matched.name : "unknown",
      status: null,
      body: redactBody(body),
      authorized: auth.caller,
      ...(auth.clientId ? { clientId: auth.clientId } : {}),
      ...(isMatch && matched.name === "workspace.token" && workspaceId !== undefined
        ? { workspaceId }
        : {}),
      time: Date.now(),
    };
    this.requests.push(record);

    const fault = this.faults.pick(record.route);
    if (fault) record.fault = fault.kind;
    switch (fault?.kind) {
      case "reset":
        req.socket.destroy();
        return;
      case "hang":
        return; // held until the client gives up or close() destroys the socket
      case "status":
        this.respond(
          res,
          record,
          errorResponse(injectedStatus(fault.status, fault.retryAfterSeconds)),
        );
        return;
      case "latency":
        await this.delays.wait(fault.ms);
        if (this.closed) return;
        break;
    }

    const response = this.dispatch(matched, req, url, body, auth, workspaceId, record);
    if (fault?.kind === "drop-after-commit") {
      req.socket.destroy();
      return;
    }
    this.respond(res, record, response);
  }

  private dispatch(
    matched: MatchedRoute | DatabricksApiError,
    req: http.IncomingMessage,
    url: URL,
    body: DatabricksBody,
    auth: { caller: DatabricksCaller; clientId?: string },
    workspaceId: number | undefined,
    record: DatabricksRecordedRequest,
  ): ApiResponse {
    if (matched instanceof DatabricksApiError) return errorResponse(matched);
    if (matched.access === "account" || matched.access === "scim") {
      const denied = checkAccountAccess(auth.caller, matched.access === "scim");
      if (denied) return errorResponse(denied);
    }
    try {
      const response = matched.handle({
        store: this.store,
        settings: this.settings,
        params: matched.params,
        query: url.searchParams,
        body,
        headers: req.headers,
        caller: auth.caller,
        callerClientId:
          auth.caller === "admin" || auth.caller === "principal" ? auth.clientId : undefined,
        workspaceId,
      });
      if (matched.access === "client") this.recordClient(record, req, body, response);
      return response;
    } catch (error) {
      if (matched.access === "client") this.recordClient(record, req, body, undefined);
      if (error instanceof DatabricksApiError) return errorResponse(error);
      console.error("databricks-emulator: handler failed", error);
      return errorResponse(restError(500, "INTERNAL_ERROR", "An internal error occurred."));
    }
  }

  /** Token endpoints: who authenticated is the client id of the credentials, not a bearer token. */
  private recordClient(
    record: DatabricksRecordedRequest,
    req: http.IncomingMessage,
    body: DatabricksBody,
    response: ApiResponse | undefined,
  ): void {
    let clientId: string | undefined;
    const header = req.headers.authorization;
    const basic = typeof header === "string" ? /^Basic\s+(\S+)/i.exec(header) : null;
    if (basic) {
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      clientId = safeFormDecode(decoded.slice(0, Math.max(0, decoded.indexOf(":"))));
    } else if (body.kind === "form") {
      clientId = body.value.client_id;
    }
    if (clientId) record.clientId = clientId;
    else delete record.clientId;
    if (response?.status !== 200) {
      record.authorized = clientId ? "invalid" : "none";
      return;
    }
    const sp = clientId ? this.store.principalByApplicationId(clientId) : undefined;
    const admin =
      clientId === this.admin.clientId ||
      (sp?.roles ?? []).some((r) => r.value === "account_admin");
    record.authorized = admin ? "admin" : "principal";
  }

  private respond(
    res: http.ServerResponse,
    record: DatabricksRecordedRequest,
    response: ApiResponse,
  ): void {
    if (res.destroyed) return;
    writeJson(res, response);
    record.status = response.status;
  }
}

function safeFormDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/**
 * JSON whatever the Content-Type (curl's `-d` sends JSON as a form); token endpoints read a form
 * (RFC 6749 §4.4.2), or JSON when that is what arrives, which the handler then refuses.
 */
function parseBody(
  raw: string,
  headers: http.IncomingHttpHeaders,
  wantForm: boolean,
): DatabricksBody {
  if (raw.trim() === "") return { kind: "empty" };
  const type = headers["content-type"] ?? "";
  if (wantForm && (type.includes("application/x-www-form-urlencoded") || !looksLikeJson(raw))) {
    return { kind: "form", value: Object.fromEntries(new URLSearchParams(raw)) };
  }
  try {
    return { kind: "json", value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: "invalid", raw };
  }
}

function looksLikeJson(raw: string): boolean {
  const t = raw.trim();
  return t.startsWith("{") || t.startsWith("[");
}

function errorResponse(error: DatabricksApiError): ApiResponse {
  return { status: error.status, body: error.body, headers: error.headers };
}

/** Starts the emulator (account host and workspace hosts) and resolves once all listen. */
export async function startDatabricksEmulator(
  options: DatabricksEmulatorOptions = {},
): Promise<DatabricksEmulator> {
  const emulator = new DatabricksEmulatorServer(options);
  await emulator.listen();
  return emulator;
}
