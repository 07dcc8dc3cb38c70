import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { SERVER_PATH } from "./spawn-server.js";

/** How a spawned server process ended: its exit code, or the signal that ended it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HttpServerProcess {
  /** the URL the server printed ("listening on ..."), e.g. http://127.0.0.1:41234/mcp */
  printedUrl: string;
  port: number;
  /** where tests send traffic: http://127.0.0.1:PORT (also when the server is bound to 0.0.0.0) */
  base: string;
  /** `${base}/mcp` */
  url: string;
  child: ChildProcess;
  /** everything the server wrote to stderr so far */
  stderr(): string;
  /** settles once the process has exited */
  exited: Promise<Exit>;
  /** SIGTERM, SIGKILL after 5 s; resolves with the exit (at once when it had already exited) */
  stop(): Promise<Exit>;
}

export interface SpawnHttpOptions {
  /** the only environment besides PATH; CHATWOOT_BASE_URL defaults to a closed local port so no call leaves the machine */
  env?: Record<string, string>;
  /** the arguments after dist/server.js (default: --http --port 0) */
  args?: string[];
  /** how long to wait for the "listening on" line (default 10 s) */
  readyTimeoutMs?: number;
}

/** Port 9 (discard) on loopback: nothing listens there, so a call that reaches for Chatwoot fails locally. */
export const UNREACHABLE_BASE_URL = "http://127.0.0.1:9";

const LISTENING = /chatwoot-mcp: listening on (http:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/mcp)\n/;

function start(options: SpawnHttpOptions): { child: ChildProcess; stderr: () => string; exited: Promise<Exit> } {
  if (!existsSync(SERVER_PATH)) throw new Error("dist/server.js is missing: run npm run build (npm test does it first)");
  const child = spawn(process.execPath, [SERVER_PATH, ...(options.args ?? ["--http", "--port", "0"])], {
    env: { PATH: process.env.PATH ?? "", CHATWOOT_BASE_URL: UNREACHABLE_BASE_URL, ...options.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => stderr, exited };
}

/**
 * The built server (dist/server.js) spawned with `--http --port 0` (or `options.args`) and an
 * explicit environment; resolves once it has printed its "listening on" line. Rejects (with its
 * stderr) when it exits or stays silent instead. Callers stop it with `stop()`.
 */
export async function spawnHttpServer(options: SpawnHttpOptions = {}): Promise<HttpServerProcess> {
  const { child, stderr, exited } = start(options);
  const stop = async (): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    }
    return exited;
  };
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`no "listening on" line within ${options.readyTimeoutMs ?? 10_000} ms; stderr:\n${stderr()}`));
    }, options.readyTimeoutMs ?? 10_000);
    const check = () => {
      const found = LISTENING.exec(stderr());
      if (!found) return;
      clearTimeout(timer);
      child.stderr!.off("data", check);
      resolve(found);
    };
    child.stderr!.on("data", check);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${exit.code ?? exit.signal}) before listening; stderr:\n${stderr()}`));
    });
  });
  const port = Number(match[3]);
  const host = match[2]!;
  const base = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${port}`;
  return { printedUrl: match[1]!, port, base, url: `${base}/mcp`, child, stderr, exited, stop };
}

/** Runs the built server expecting it to exit by itself (a refused start); resolves with how it ended and its stderr. */
export async function runHttpServerToExit(options: SpawnHttpOptions = {}, timeoutMs = 10_000): Promise<Exit & { stderr: string }> {
  const { child, stderr, exited } = start(options);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exit = await exited;
  clearTimeout(timer);
  return { ...exit, stderr: stderr() };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** the body parsed as JSON, or undefined when it is not JSON */
  json: any;
}

/** The headers a Streamable HTTP client sends with a POST (the SDK transport answers 406 without this Accept). */
export const MCP_POST_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" } as const;

/**
 * One HTTP exchange with node:http (no fetch: Host and Origin are sent exactly as given).
 * `body` as an object is sent as JSON. Resolves with the answer; rejects on a network error.
 */
export function rawRequest(url: string, init: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer | object; signal?: AbortSignal } = {}): Promise<RawResponse> {
  const body = init.body === undefined || typeof init.body === "string" || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers: init.headers, agent: false, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A JSON-RPC request body; `id` defaults to 1. */
export function rpc(method: string, params: Record<string, unknown> = {}, id = 1) {
  return { jsonrpc: "2.0", id, method, params };
}

/** The `initialize` request a client sends first. */
export const INITIALIZE = rpc("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "chatwoot-mcp-tests", version: "1.0.0" } });

/** The SDK's client connected over Streamable HTTP to `url`, sending `headers` with every request. */
export async function connectHttpClient(url: string, headers: Record<string, string> = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: "chatwoot-mcp-tests", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}
