/**
 * Entry point of Connect's OAuth sign-in endpoints in the emulator, one hook in server.ts:
 * `/__oauth__/…` (browser), `/__api__/v1/oauth/sessions[/{guid}]` and the credentials exchange
 * (API), and the control calls that set a scene up without a browser:
 * - `POST /__emulator__/sessions` `{"user_guid","integration_guid"}` → the new OAuth session
 *   (the viewer's sign-in is really made, through the workspace's endpoints);
 * - `POST /__emulator__/content/{guid}/user-session-token` `{"user_guid"}` → `{"token"}`;
 * - `POST /__emulator__/content/{guid}/content-session-token` → `{"token"}`;
 * - `POST /__emulator__/workspace-urls` `{"host","url"}` → maps one more workspace host to a
 *   local URL for sign-ins (what `workspaceUrls` / `--workspace-url` give at start), for a
 *   Connect emulator started before the Databricks emulator it should reach.
 * Everything else answers `undefined`, for the existing router.
 */
import type { IncomingHttpHeaders } from "node:http";
import { checkAccess, type KeyRing } from "../auth";
import type { Directory } from "../directory";
import { ApiError } from "../errors";
import type { ApiResponse } from "../handlers";
import type { IntegrationStore } from "../state";
import { errorResponse } from "../../http-io";
import { CALLBACK_PATH, type OAuthContext } from "./context";
import { exchange } from "./exchange";
import { OAuthSessions, toWireSession } from "./sessions";
import { callback, login } from "./sign-in";

export interface OAuthRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  raw: string;
  headers: IncomingHttpHeaders;
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });
const controlFail = (status: number, message: string): ApiResponse => ({
  status,
  body: { error: message },
});

export class ConnectOAuth {
  readonly sessions: OAuthSessions;
  private readonly ctx: OAuthContext;

  constructor(deps: {
    store: IntegrationStore;
    directory: Directory;
    keys: KeyRing;
    workspaceUrls?: Readonly<Record<string, string>>;
    baseUrl: () => string;
    now?: () => number;
  }) {
    this.sessions = new OAuthSessions(deps.now ?? Date.now);
    this.ctx = {
      ...deps,
      workspaceUrls: { ...deps.workspaceUrls },
      sessions: this.sessions,
    };
  }

  reset(): void {
    this.sessions.clear();
  }

  /** The answer for an OAuth sign-in path, or `undefined` when the path is not one. */
  async handle(req: OAuthRequest): Promise<ApiResponse | undefined> {
    const path = req.path.length > 1 ? req.path.replace(/\/$/, "") : req.path;
    const route = this.route(req.method, path);
    if (!route) return undefined;
    try {
      return await route(req);
    } catch (error) {
      if (error instanceof ApiError) {
        return path.startsWith("/__emulator__")
          ? controlFail(error.status, error.message)
          : errorResponse(error);
      }
      throw error;
    }
  }

  private route(
    method: string,
    path: string,
  ): ((req: OAuthRequest) => ApiResponse | Promise<ApiResponse>) | undefined {
    const ctx = this.ctx;
    const key = (m: RegExpExecArray | null) => (m ? safeDecode(m[1]) : undefined);
    const loginGuid = key(/^\/__oauth__\/integrations\/([^/]+)\/login$/.exec(path));
    if (method === "GET" && loginGuid && loginGuid !== "callback") {
      return (req) => login(ctx, loginGuid, req.query);
    }
    if (method === "GET" && path === CALLBACK_PATH) return (req) => callback(ctx, req.query);
    if (path === "/__api__/v1/oauth/integrations/credentials") {
      if (method !== "POST")
        return () =>
          errorResponse(new ApiError(405, 2, "The requested method or endpoint is not supported."));
      return (req) => this.authed(req, () => exchange(ctx, req.raw));
    }
    if (method === "GET" && path === "/__api__/v1/oauth/sessions") {
      // API keys are not tied to users in the emulator, so every session is the caller's.
      return (req) => this.authed(req, () => ok(this.sessions.list().map(toWireSession)));
    }
    const sessionGuid = key(/^\/__api__\/v1\/oauth\/sessions\/([^/]+)$/.exec(path));
    if (sessionGuid && (method === "GET" || method === "DELETE")) {
      return (req) =>
        this.authed(req, () => {
          const s = this.sessions.get(sessionGuid);
          if (!s) throw new ApiError(404, 4, "OAuth session does not exist.");
          if (method === "DELETE") {
            this.sessions.remove(sessionGuid);
            return { status: 204 };
          }
          return ok(toWireSession(s));
        });
    }
    if (method === "POST" && path === "/__emulator__/workspace-urls") {
      return (req) => {
        const body = parseJson(req.raw) as { host?: unknown; url?: unknown };
        if (
          typeof body?.host !== "string" ||
          typeof body.url !== "string" ||
          !/^https?:\/\//.test(body.url)
        ) {
          return controlFail(400, 'expected {"host": string, "url": "http(s)://…"}');
        }
        (this.ctx.workspaceUrls as Record<string, string>)[body.host] = body.url;
        return ok(this.ctx.workspaceUrls);
      };
    }
    if (method === "POST" && path === "/__emulator__/sessions") {
      return (req) => this.controlSession(req);
    }
    const tokenFor = /^\/__emulator__\/content\/([^/]+)\/(user|content)-session-token$/.exec(path);
    if (method === "POST" && tokenFor) {
      return (req) => this.controlToken(safeDecode(tokenFor[1]), tokenFor[2], req);
    }
    return undefined;
  }

  private async authed(
    req: OAuthRequest,
    then: () => ApiResponse | Promise<ApiResponse>,
  ): Promise<ApiResponse> {
    const denied = checkAccess(this.ctx.keys.classify(req.headers.authorization), "publisher");
    if (denied) return errorResponse(denied);
    return then();
  }

  /** A viewer's sign-in made in-process: login → workspace authorize → callback. */
  private async controlSession(req: OAuthRequest): Promise<ApiResponse> {
    const body = parseJson(req.raw) as { user_guid?: unknown; integration_guid?: unknown };
    if (typeof body?.user_guid !== "string" || typeof body.integration_guid !== "string") {
      return controlFail(400, 'expected {"user_guid": string, "integration_guid": string}');
    }
    const started = login(
      this.ctx,
      body.integration_guid,
      new URLSearchParams({ user_guid: body.user_guid }),
    );
    const authorizeUrl = started.headers?.Location ?? "";
    let answer: Response;
    try {
      answer = await fetch(authorizeUrl, {
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return controlFail(502, `the workspace authorize URL ${authorizeUrl} did not answer`);
    }
    const location = answer.headers.get("location");
    if (answer.status !== 302 || !location) {
      return controlFail(
        400,
        `Databricks refused the sign-in (HTTP ${answer.status}): ${await answer.text()}`,
      );
    }
    const result = await callback(this.ctx, new URL(location).searchParams);
    return result;
  }

  private controlToken(contentGuid: string, kind: string, req: OAuthRequest): ApiResponse {
    if (!this.ctx.directory.contentItem(contentGuid)) {
      return controlFail(404, `no content ${contentGuid}`);
    }
    if (kind === "content") {
      return ok({ token: this.sessions.issueToken({ kind: "content", contentGuid }) });
    }
    const body = parseJson(req.raw) as { user_guid?: unknown };
    if (typeof body?.user_guid !== "string" || !this.ctx.directory.user(body.user_guid)) {
      return controlFail(400, 'expected {"user_guid": <guid of a known user>}');
    }
    return ok({
      token: this.sessions.issueToken({ kind: "user", contentGuid, userGuid: body.user_guid }),
    });
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
