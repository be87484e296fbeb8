/**
 * A stand-in Databricks workspace token endpoint (`POST /oidc/v1/token`, client credentials)
 * for tests of Connect's `/verify` before the Databricks emulator is involved. It accepts the
 * client id/secret pairs in `accepted` (mutable, so a test can "unassign" or rotate) and
 * records every request it gets.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface TokenRequest {
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export interface WorkspaceTokenEndpoint {
  url: string;
  /** `host:port`, usable as a workspace host. */
  host: string;
  accepted: Map<string, string>;
  seen: TokenRequest[];
  close(): Promise<void>;
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

export async function startWorkspaceTokenEndpoint(
  accepted: Record<string, string> = {},
): Promise<WorkspaceTokenEndpoint> {
  const endpoint = { accepted: new Map(Object.entries(accepted)), seen: [] as TokenRequest[] };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const auth = req.headers.authorization;
      endpoint.seen.push({
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: auth,
        body,
      });
      const ok =
        req.method === "POST" &&
        req.url === "/oidc/v1/token" &&
        [...endpoint.accepted].some(([id, secret]) => auth === basic(id, secret));
      res.setHeader("Content-Type", "application/json");
      if (ok) {
        res.end(JSON.stringify({ access_token: "tok", token_type: "Bearer", expires_in: 3600 }));
        return;
      }
      res.statusCode = 401;
      res.end(
        JSON.stringify({
          error: "invalid_client",
          error_description: "Client authentication failed",
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    ...endpoint,
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
