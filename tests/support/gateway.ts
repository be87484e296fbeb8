/**
 * Something that is not Connect, in front of the Connect emulator: a reverse proxy whose answer
 * a test decides per request (pass through, a login page, a gateway 503 after forwarding, a
 * redirect). Every request it receives is logged with the Authorization header it carried.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface GatewayRequest {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface GatewayAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Decides the answer; `forward()` sends the request on to the emulator and returns its answer. */
export type GatewayHandler = (
  request: GatewayRequest,
  forward: () => Promise<Upstream>,
) => Promise<GatewayAnswer | Upstream> | GatewayAnswer | Upstream;

export interface Gateway {
  url: string;
  requests: GatewayRequest[];
  /** Replaces the handler; the default passes everything through. */
  handle(handler: GatewayHandler): void;
  close(): Promise<void>;
}

export const passThrough: GatewayHandler = (_request, forward) => forward();

export async function startGateway(upstreamUrl: string): Promise<Gateway> {
  let handler: GatewayHandler = passThrough;
  const requests: GatewayRequest[] = [];
  const upstream = new URL(upstreamUrl);

  const forward = (req: http.IncomingMessage, body: string): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (typeof v === "string" && k !== "content-length" && k !== "connection") h[k] = v;
            }
            resolve({ status: res.statusCode ?? 502, headers: h, body: text });
          });
        },
      );
      out.on("error", reject);
      out.end(body);
    });

  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      const request: GatewayRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        authorization: req.headers.authorization,
        body,
      };
      requests.push(request);
      Promise.resolve(handler(request, () => forward(req, body))).then(
        (answer) => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? "");
        },
        (e: unknown) => {
          res.writeHead(502, { "content-type": "text/plain" });
          res.end(`gateway: ${String(e)}`);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (h) => (handler = h),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
