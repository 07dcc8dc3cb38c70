import { createHash, timingSafeEqual } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Config } from "../core/config.js";
import { splitList } from "../core/config.js";
import type { ToolDefinition } from "../core/tool-definition.js";
import { selectTools, SelectionError } from "../core/tool-selection.js";
import { createServer } from "../create-server.js";
import * as catalogue from "../tools/index.js";
import { VERSION } from "../version.js";

/** Largest /mcp request body read, in bytes; a larger one gets 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServeOptions {
  host: string;
  /** 0 picks a free port */
  port: number;
  /** the server's own configuration, from its environment */
  config: Config;
  /** what the server's own configuration offers; a request can narrow it, never widen it */
  tools: readonly ToolDefinition[];
  discovery: boolean;
  readOnly: boolean;
  instructions?: string;
  /** one line per request, and startup notes; never headers or tokens */
  log: (line: string) => void;
}

export interface HttpMcpServer {
  /** http://HOST:PORT/mcp */
  url: string;
  /** stops accepting, waits for in-flight requests up to `graceMs` (milliseconds), then closes every connection */
  close(graceMs?: number): Promise<void>;
}

/** A configuration the server must not start with; the message says why and what to set. */
export class HttpStartError extends Error {}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const DEFAULT_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];

/**
 * Streamable HTTP (MCP spec 2025-06-18, "Transports"), stateless: each POST /mcp gets a fresh
 * MCP server and SDK transport built from the server's configuration narrowed by the request's
 * headers, so any replica can answer any request. Throws HttpStartError when bound beyond
 * loopback without CHATWOOT_MCP_AUTH_TOKEN.
 */
export async function serveHttp(options: HttpServeOptions): Promise<HttpMcpServer> {
  const { config, log } = options;
  const loopback = LOOPBACK_HOSTS.has(options.host);
  const authToken = config.http.authToken;
  if (!loopback && authToken === undefined) {
    throw new HttpStartError(
      `refusing to listen on ${options.host} without CHATWOOT_MCP_AUTH_TOKEN: anyone who can reach the port could act on your Chatwoot. Set CHATWOOT_MCP_AUTH_TOKEN to a long random secret (clients send it as "Authorization: Bearer <token>"), or listen on 127.0.0.1.`,
    );
  }
  const origins = [...DEFAULT_ORIGINS, ...config.http.allowedOrigins].map(originPattern);
  const inFlight = new Set<Promise<void>>();

  const httpServer: HttpServer = createHttpServer((req, res) => {
    const done = handle(req, res).catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, jsonRpcError(-32603, "Internal server error"));
      else res.destroy();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const entry: { method?: string; tool?: string; outcome?: string } = {};
    const path = new URL(req.url ?? "/", "http://x").pathname;
    res.once("close", () => {
      const parts = [new Date().toISOString(), req.method, path, entry.method, entry.tool, res.writableFinished ? res.statusCode : 499, entry.outcome, `${Math.round(performance.now() - started)}ms`];
      log(parts.filter((part) => part !== undefined).join(" "));
    });

    if (path === "/healthz" && req.method === "GET") return sendJson(res, 200, { status: "ok", version: VERSION });
    if (path !== "/mcp") return sendJson(res, 404, { error: "Not found: the MCP endpoint is /mcp" });

    const origin = req.headers.origin;
    if (origin !== undefined && !origins.some((pattern) => pattern.test(origin))) {
      return sendJson(res, 403, jsonRpcError(-32000, "Forbidden: this Origin is not allowed (CHATWOOT_MCP_ALLOWED_ORIGINS lists more)."));
    }
    if (loopback && !LOOPBACK_HOSTS.has(hostName(req.headers.host).toLowerCase())) {
      return sendJson(res, 403, jsonRpcError(-32000, "Forbidden: the Host header must name this machine (localhost or 127.0.0.1)."));
    }
    if (authToken !== undefined && !bearerMatches(req.headers.authorization, authToken)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="chatwoot-mcp"');
      return sendJson(res, 401, jsonRpcError(-32001, "Unauthorized: send Authorization: Bearer <CHATWOOT_MCP_AUTH_TOKEN>."));
    }
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return sendJson(res, 405, jsonRpcError(-32000, "Method not allowed: this server is stateless; send JSON-RPC requests with POST."));
    }

    const body = await readBody(req);
    if (body === "too_large") {
      res.setHeader("Connection", "close");
      res.once("finish", () => req.destroy());
      return sendJson(res, 413, jsonRpcError(-32600, `Request body larger than ${MAX_BODY_BYTES} bytes. To send a large file, give it as url (public https) or path (under CHATWOOT_UPLOAD_DIRS) instead of base64 data.`));
    }
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return sendJson(res, 400, jsonRpcError(-32700, "Parse error: the body is not JSON."));
    }
    describeMessage(message, entry);

    let scope;
    try {
      scope = requestScope(req, options);
    } catch (error) {
      if (!(error instanceof RequestHeaderError || error instanceof SelectionError)) throw error;
      return sendJson(res, 400, jsonRpcError(-32602, error.message));
    }

    const server = createServer({
      config: scope.config, tools: scope.tools, discovery: scope.discovery, readOnly: scope.readOnly, instructions: options.instructions,
      // the HTTP status of a failed tool call is 200 (the failure is in the result); the log says so
      onToolResult: (_tool, result) => void (result.isError && (entry.outcome = "isError")),
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // a client that goes away aborts its Chatwoot request: closing the server aborts in-flight handlers
    const closed = new Promise<void>((resolve) => res.once("close", () => {
      void transport.close();
      void server.close();
      resolve();
    }));
    await server.connect(transport);
    // in JSON-response mode the SDK's handleRequest never settles when the transport is closed under
    // it (client gone): the response's close ends this request, or it would stay in flight forever
    await Promise.race([transport.handleRequest(req, res, message), closed]);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/mcp`,
    async close(graceMs = config.timeoutMs) {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
      httpServer.closeAllConnections();
      await closed;
    },
  };
}

/** A request header that cannot be used; the message names it and says what it must hold. */
export class RequestHeaderError extends Error {}

interface RequestScope {
  config: Config;
  tools: readonly ToolDefinition[];
  discovery: boolean;
  readOnly: boolean;
}

/**
 * The configuration and tools for one request: the server's own, with the request's Chatwoot
 * credentials (X-Chatwoot-Api-Access-Token, X-Chatwoot-Platform-App-Token, X-Chatwoot-Account-Id)
 * in place of the environment's, and the tool selection narrowed by X-MCP-Toolsets, X-MCP-Tools,
 * X-MCP-Exclude-Tools and X-MCP-Read-Only. The base URL never comes from a request.
 */
export function requestScope(req: Pick<IncomingMessage, "headers">, options: Pick<HttpServeOptions, "config" | "tools" | "discovery" | "readOnly">): RequestScope {
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    return text === undefined || text.trim() === "" ? undefined : text.trim();
  };
  const token = (name: string): string | undefined => {
    const value = header(name);
    if (value !== undefined && /\s/.test(value)) throw new RequestHeaderError(`${headerLabel(name)} contains whitespace; send the token alone.`);
    return value;
  };
  const config: Config = { ...options.config };
  const apiToken = token("x-chatwoot-api-access-token");
  const platformToken = token("x-chatwoot-platform-app-token");
  const accountId = header("x-chatwoot-account-id");
  if (apiToken !== undefined) config.apiAccessToken = apiToken;
  if (platformToken !== undefined) config.platformAppToken = platformToken;
  if (accountId !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(accountId)) throw new RequestHeaderError("X-Chatwoot-Account-Id must be a positive whole number (the number after /app/accounts/ in the Chatwoot URL).");
    config.accountId = Number(accountId);
  }

  config.accountIdSource = "the X-Chatwoot-Account-Id header (or CHATWOOT_ACCOUNT_ID in the server's environment)";
  config.tokenSources = {
    user: apiToken !== undefined ? "the X-Chatwoot-Api-Access-Token header" : "the X-Chatwoot-Api-Access-Token header (or CHATWOOT_API_ACCESS_TOKEN in the server's environment)",
    platform: platformToken !== undefined ? "the X-Chatwoot-Platform-App-Token header" : "the X-Chatwoot-Platform-App-Token header (or CHATWOOT_PLATFORM_APP_TOKEN in the server's environment)",
  };

  // a safety switch fails closed, as CHATWOOT_READ_ONLY does: only false/0/no leave writes on
  const readOnlyHeader = header("x-mcp-read-only");
  const readOnly = options.readOnly || (readOnlyHeader !== undefined && !/^(false|0|no)$/i.test(readOnlyHeader));
  const toolsets = header("x-mcp-toolsets");
  const offered = new Set(options.tools.map((tool) => tool.name));
  const known = new Set(catalogue.allTools.map((tool) => tool.name));
  const names = (name: string, { offeredOnly }: { offeredOnly: boolean }): string | undefined => {
    const value = header(name.toLowerCase());
    if (value === undefined) return undefined;
    const list = splitList(value);
    const unknown = list.filter((tool) => !known.has(tool));
    if (unknown.length > 0) throw new RequestHeaderError(`${name}: no tool is called ${unknown.map((tool) => `"${tool.slice(0, 60)}"`).join(", ")}.`);
    const notOffered = list.filter((tool) => !offered.has(tool));
    if (offeredOnly && notOffered.length > 0) {
      throw new RequestHeaderError(`${name} names tools this server does not offer: ${notOffered.join(", ")}. A request can only narrow the server's own selection.`);
    }
    // excluding a tool that is not offered anyway changes nothing
    return list.filter((tool) => offered.has(tool)).join(",");
  };
  const tools = names("X-MCP-Tools", { offeredOnly: true });
  const exclude = names("X-MCP-Exclude-Tools", { offeredOnly: false });
  // the selection rules run over what the server offers, so a header can only take tools away
  const narrowed = selectTools({ ...catalogue, tools: options.tools }, {
    toolsets: toolsets !== undefined ? splitList(toolsets) : tools !== undefined ? [] : ["all"],
    tools: tools !== undefined ? splitList(tools) : undefined,
    excludeTools: exclude !== undefined ? splitList(exclude) : undefined,
    readOnly,
    hasPlatformToken: config.platformAppToken !== undefined,
  });
  // with only X-MCP-Tools, no toolset is asked for: the default set must not come in with it
  const chosen = toolsets === undefined && tools !== undefined ? narrowed.tools.filter((tool) => splitList(tools).includes(tool.name)) : narrowed.tools;
  return { config, tools: chosen, discovery: options.discovery || narrowed.discovery, readOnly };
}

/** "x-chatwoot-api-access-token" -> "X-Chatwoot-Api-Access-Token", as people write it */
function headerLabel(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_match, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`).replace("Mcp", "MCP");
}

/** Constant-time comparison of `Authorization: Bearer <token>` (digests, so lengths leak nothing). */
function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(expected));
}

/** "http://localhost:*" -> a pattern matching that origin on any port. */
function originPattern(origin: string): RegExp {
  const escaped = origin.trim().replace(/\/+$/, "").replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:\*$/, "(:\\d+)?").replace(/\*/g, "[^/]*");
  return new RegExp(`^${escaped}$`, "i");
}

function hostName(host: string | undefined): string {
  if (!host) return "";
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}

function readBody(req: IncomingMessage): Promise<string | "too_large"> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return resolve("too_large");
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // answer at once instead of reading an endless body; the connection is closed after the 413
      tooLarge = true;
      req.off("data", onData);
      req.pause();
      resolve("too_large");
    };
    req.on("data", onData);
    req.on("end", () => resolve(tooLarge ? "too_large" : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** For the log line: the JSON-RPC method, and the tool of a tools/call (or of a batch's first call). */
function describeMessage(message: unknown, entry: { method?: string; tool?: string }): void {
  const first = (Array.isArray(message) ? message[0] : message) as { method?: unknown; params?: { name?: unknown } } | undefined;
  if (typeof first?.method === "string") entry.method = first.method.slice(0, 60);
  if (first?.method === "tools/call" && typeof first.params?.name === "string" && /^[a-z0-9_]{1,64}$/.test(first.params.name)) entry.tool = first.params.name;
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: "2.0", error: { code, message }, id: null };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}
