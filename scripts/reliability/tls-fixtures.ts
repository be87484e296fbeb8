/**
 * Test PKI and a CONNECT proxy for the TLS/proxy proofs: a throwaway CA and a server
 * certificate for 127.0.0.1 made with the `openssl` CLI, and a tunnelling proxy on 127.0.0.1
 * that counts the tunnels it opened.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface TestPki {
  dir: string;
  caPem: string;
  caFile: string;
  serverKey: string;
  serverCert: string;
  /** Removes the temp dir. */
  dispose(): void;
}

/**
 * A CA and a server certificate signed by it, SAN IP:127.0.0.1 plus `dnsNames` (the conformance
 * suites need a host name: the Databricks SDK recognises account hosts only by name).
 */
export function makePki(dnsNames: readonly string[] = []): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-pki-"));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-subj",
    "/CN=Reliability Test CA",
  );
  ssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
    "-subj",
    "/CN=127.0.0.1",
  );
  fs.writeFileSync(
    f("ext.cnf"),
    `subjectAltName=${["IP:127.0.0.1", ...dnsNames.map((n) => `DNS:${n}`)].join(",")}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
  );
  ssl(
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-out",
    f("server.pem"),
    "-extfile",
    f("ext.cnf"),
  );
  return {
    dir,
    caPem: fs.readFileSync(f("ca.pem"), "utf8"),
    caFile: f("ca.pem"),
    serverKey: fs.readFileSync(f("server.key"), "utf8"),
    serverCert: fs.readFileSync(f("server.pem"), "utf8"),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TunnelProxy {
  url: string;
  /** `host:port` targets of the CONNECT requests seen, in order. */
  tunnels: string[];
  close(): Promise<void>;
}

/** An HTTP proxy on 127.0.0.1 that only tunnels (CONNECT), and only to 127.0.0.1. */
export async function startTunnelProxy(): Promise<TunnelProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? "";
    tunnels.push(target);
    const [host, port] = target.split(":");
    if (host !== "127.0.0.1") {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
