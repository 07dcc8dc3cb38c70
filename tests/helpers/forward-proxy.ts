import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/**
 * A forward proxy on 127.0.0.1 (ephemeral port) that behaves like squid with its default
 * configuration: absolute-form requests (`GET http://host/path HTTP/1.1`) are relayed; CONNECT is
 * allowed only to the "SSL ports" (443 unless the test adds its own) and answered
 * `403 Forbidden` otherwise; an origin-form request (`GET /path`) is answered 400, as squid does
 * when it is not an interception proxy. It relays only to 127.0.0.1 and localhost.
 */
export interface ForwardProxyOptions {
  /** ports CONNECT may reach (squid's SSL_ports); default [443] */
  sslPorts?: number[];
  /**
   * what an allowed CONNECT gets: "relay" (default) opens the tunnel; "close" closes the
   * connection without answering; "established-then-close" answers 200 and then closes it
   */
  connect?: "relay" | "close" | "established-then-close";
  /** when set, every request must carry these Basic credentials, or gets 407 */
  credentials?: { user: string; password: string };
}

export interface ProxiedRequest {
  method: string;
  /** the request target as sent: an absolute URL, or host:port for CONNECT */
  target: string;
  headers: IncomingHttpHeaders;
  /** what the proxy answered: 200 for a relayed request or an opened tunnel, else its refusal */
  answer: number;
}

export interface ForwardProxy {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** every request the proxy received, CONNECT included, in order */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const sslPorts = new Set(options.sslPorts ?? [443]);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString("base64")}`
    : undefined;
  const authorised = (headers: IncomingHttpHeaders) => expected === undefined || headers["proxy-authorization"] === expected;

  const server: Server = createServer((req, res) => {
    const seen: ProxiedRequest = { method: req.method ?? "", target: req.url ?? "", headers: req.headers, answer: 0 };
    requests.push(seen);
    const refuse = (status: number, headers: Record<string, string> = {}) => {
      seen.answer = status;
      res.writeHead(status, { "content-type": "text/html", "x-squid-error": status === 407 ? "ERR_CACHE_ACCESS_DENIED 0" : "ERR_ACCESS_DENIED 0", ...headers });
      res.end(`<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body>${status}</body></html>`);
    };
    if (!authorised(req.headers)) return refuse(407, { "proxy-authenticate": 'Basic realm="test proxy"' });
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      return refuse(400); // origin-form: squid's ERR_INVALID_URL
    }
    if (target.protocol !== "http:" || !LOCAL_HOSTS.has(target.hostname)) return refuse(403);
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = httpRequest(
      { host: "127.0.0.1", port: Number(target.port) || 80, method: req.method, path: target.pathname + target.search, headers },
      (answer) => {
        seen.answer = answer.statusCode ?? 502;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) refuse(502);
      else res.destroy();
    });
    req.pipe(upstream);
  });

  server.on("connect", (req, socket: Socket, head: Buffer) => {
    const seen: ProxiedRequest = { method: "CONNECT", target: req.url ?? "", headers: req.headers, answer: 0 };
    requests.push(seen);
    socket.on("error", () => socket.destroy());
    const answer = (status: number, reason: string, extra = "") => {
      seen.answer = status;
      socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/html\r\ncontent-length: 0\r\n${extra}connection: close\r\n\r\n`);
    };
    if (!authorised(req.headers)) return answer(407, "Proxy Authentication Required", 'proxy-authenticate: Basic realm="test proxy"\r\n');
    const match = /^(.+):(\d+)$/.exec(req.url ?? "");
    const host = match?.[1]?.replace(/^\[(.*)\]$/, "$1");
    const port = Number(match?.[2]);
    if (!match || !host || !LOCAL_HOSTS.has(host) || !sslPorts.has(port)) return answer(403, "Forbidden", "x-squid-error: ERR_ACCESS_DENIED 0\r\n");
    if (options.connect === "close") {
      seen.answer = -1;
      return void socket.destroy();
    }
    if (options.connect === "established-then-close") {
      seen.answer = 200;
      socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
      return void setTimeout(() => socket.destroy(), 20);
    }
    const upstream = connect(port, "127.0.0.1", () => {
      seen.answer = 200;
      socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
