import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ToolDefinition } from "../core/tool-definition.js";
import { allTools } from "../tools/index.js";
import { responseExamples } from "../tools/response-examples.js";
import { stateHandlers, type HandlerContext, type HandlerResult } from "./handlers.js";
import { createSampleDesk, type DemoDesk } from "./sample-desk.js";

export const DEMO_USER_TOKEN = "demo-user-token";
export const DEMO_PLATFORM_TOKEN = "demo-platform-token";
export const DEMO_ACCOUNT_ID = 1;

/** What reached the stand-in, as it arrived: tests assert on these. */
export interface RecordedRequest {
  method: string;
  /** raw path as sent, still percent-encoded */
  path: string;
  /** raw query string without the "?" */
  query: string;
  body: unknown;
  token: string | undefined;
  /** which token headers arrived: "api_access_token", "api-access-token" */
  tokenHeaders: string[];
  tool: string | undefined;
}

export interface DemoBackend {
  url: string;
  requests: RecordedRequest[];
  desk: DemoDesk;
  /** back to the sample desk, and forget recorded requests */
  reset(): void;
  close(): Promise<void>;
}

export interface DemoBackendOptions {
  userToken?: string;
  platformToken?: string;
  /** an agent bot's token: accepted only where the operation allows bots, as Chatwoot does */
  botToken?: string;
  /** accept any non-empty user token (--demo, so that per-request tokens over HTTP can be tried) */
  acceptAnyUserToken?: boolean;
}

interface Route {
  tool: ToolDefinition;
  pattern: RegExp;
  params: string[];
}

/**
 * A stand-in Chatwoot on 127.0.0.1 and an ephemeral port. It keeps state for the core support
 * resources (contacts, conversations, messages, labels, assignment, status) and answers every
 * other operation of spec/ with a response of the documented shape.
 */
export async function startDemoBackend(options: DemoBackendOptions = {}): Promise<DemoBackend> {
  const userToken = options.userToken ?? DEMO_USER_TOKEN;
  const platformToken = options.platformToken ?? DEMO_PLATFORM_TOKEN;
  // literal segments win over parameters: /contacts/search before /contacts/{contact_id}
  const routes = allTools.map(toRoute).sort((a, b) => a.params.length - b.params.length);
  const backend = {
    url: "",
    requests: [] as RecordedRequest[],
    desk: createSampleDesk(),
    reset() {
      backend.desk = createSampleDesk();
      backend.requests.length = 0;
    },
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const [rawPath = "", query = ""] = (req.url ?? "/").split(/\?(.*)/s);
        const route = routes.find((candidate) => candidate.tool.method === req.method && candidate.pattern.test(rawPath));
        // Chatwoot reads both spellings (request.headers[:api_access_token] || HTTP_API_ACCESS_TOKEN)
        const token = header(req, "api_access_token") ?? header(req, "api-access-token");
        let body: unknown;
        try {
          body = raw === "" ? undefined : JSON.parse(raw);
        } catch {
          return send(res, 400, { error: "Request body is not valid JSON" });
        }
        const tokenHeaders = ["api_access_token", "api-access-token"].filter((name) => req.headers[name] !== undefined);
        backend.requests.push({ method: req.method ?? "", path: rawPath, query, body, token, tokenHeaders, tool: route?.tool.name });
        // Chatwoot's unauthenticated version endpoint, which chatwoot-mcp doctor probes
        if (!route && req.method === "GET" && rawPath === "/api") return send(res, 200, { version: "demo (sample data)" });
        if (!route) return send(res, 404, { error: "Not found" });

        const expected = route.tool.auth === "user" ? userToken : route.tool.auth === "platform" ? platformToken : undefined;
        const bot = options.botToken !== undefined && token === options.botToken && route.tool.auth === "user";
        // the texts of Chatwoot's access_token_auth_helper.rb and Devise
        if (bot && !route.tool.agentBot) return send(res, 401, { error: "Access to this endpoint is not authorized for bots" });
        if (expected !== undefined && token === undefined) return send(res, 401, { errors: ["You need to sign in or sign up before continuing."] });
        const anyUser = options.acceptAnyUserToken === true && route.tool.auth === "user" && token !== undefined && token !== "";
        if (expected !== undefined && token !== expected && !bot && !anyUser) return send(res, 401, { error: "Invalid Access Token" });

        const match = route.pattern.exec(rawPath)!;
        const params = Object.fromEntries(route.params.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? "")]));
        const context: HandlerContext = {
          desk: backend.desk,
          params,
          query: new URLSearchParams(query),
          body: (body ?? {}) as Record<string, unknown>,
        };
        const handler = stateHandlers[route.tool.name];
        const result: HandlerResult = handler
          ? handler(context)
          : { status: 200, body: route.tool.method === "DELETE" ? undefined : responseExamples[route.tool.name] };
        if (route.tool.responseType === "text" && !handler) return sendText(res, `<html><body><h1>Demo survey page</h1><p>${String(result.body ?? "")}</p></body></html>`);
        send(res, result.status, result.body);
      })
      .catch(() => send(res, 500, { error: "demo backend failure" }));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(backend, {
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}

function toRoute(tool: ToolDefinition): Route {
  const params: string[] = [];
  const source = tool.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      params.push(param);
      return "([^/]+)";
    })
    .join("");
  return { tool, pattern: new RegExp(`^${source}$`), params };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { "content-length": "0" }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
}
