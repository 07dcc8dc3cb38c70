import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ToolDefinition } from "../core/tool-definition.js";
import { allTools } from "../tools/index.js";
import { responseExamples } from "../tools/response-examples.js";
import { stateHandlers, type HandlerContext, type HandlerResult } from "./handlers.js";
import { createSampleDesk, DEMO_HOST, type DemoDesk } from "./sample-desk.js";
import { createDemoStorage, uploadedFile } from "./storage.js";

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
  /** requests for stored files (ActiveStorage links), with the token if one came */
  fileRequests: { path: string; token: string | undefined }[];
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
  const storage = createDemoStorage();
  const routes = allTools.map(toRoute).sort((a, b) => a.params.length - b.params.length);
  const backend = {
    url: "",
    requests: [] as RecordedRequest[],
    fileRequests: [] as DemoBackend["fileRequests"],
    desk: createSampleDesk(),
    reset() {
      backend.desk = createSampleDesk();
      storage.clear();
      backend.fileRequests.length = 0;
      backend.requests.length = 0;
    },
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then(async (rawBytes) => {
        const [rawPath = "", query = ""] = (req.url ?? "/").split(/\?(.*)/s);
        const stored = req.method === "GET" ? storage.answer(req.url ?? "/") : undefined;
        if (stored) {
          backend.fileRequests.push({ path: req.url ?? "/", token: header(req, "api_access_token") ?? header(req, "api-access-token") });
          res.writeHead(stored.status, stored.headers).end(stored.body);
          return;
        }
        const raw = rawBytes.toString("utf8");
        const route = routes.find((candidate) => candidate.tool.method === req.method && candidate.pattern.test(rawPath));
        // Chatwoot reads both spellings (request.headers[:api_access_token] || HTTP_API_ACCESS_TOKEN)
        const token = header(req, "api_access_token") ?? header(req, "api-access-token");
        let body: unknown;
        const contentType = header(req, "content-type") ?? "";
        try {
          body = raw === "" ? undefined : contentType.startsWith("multipart/form-data") ? await parseMultipart(rawBytes, contentType) : JSON.parse(raw);
        } catch {
          return send(res, 400, { error: contentType.startsWith("multipart/") ? "Request body is not valid multipart/form-data" : "Request body is not valid JSON" });
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
          storage,
        };
        const handler = stateHandlers[route.tool.name];
        const result: HandlerResult = handler
          ? handler(context)
          : { status: 200, body: route.tool.method === "DELETE" ? undefined : route.tool.method === "GET" ? responseExamples[route.tool.name] : echoSent(responseExamples[route.tool.name], context.body) };
        if (route.tool.responseType === "text" && result.status < 300) {
          return route.tool.responseMediaType === "text/html" && !handler
            ? sendText(res, `<html><body><h1>Demo survey page</h1><p>${String(result.body ?? "")}</p></body></html>`)
            : sendText(res, String(result.body ?? ""), route.tool.responseMediaType);
        }
        send(res, result.status, result.body, backend.url);
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * A multipart body as Rails reads it: `a[b]` nests, `a[]` collects a list; a file part becomes
 * {filename, content_type, size} (bytes kept aside for the storage). Parsed by the platform's
 * own multipart reader (Response#formData).
 */
async function parseMultipart(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  const params: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    const item = typeof value === "string" ? value : uploadedFile(value.name, value.type, new Uint8Array(await value.arrayBuffer()));
    const [, head = key, rest = ""] = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(key) ?? [];
    const path = [head, ...[...rest.matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]!)];
    let target: Record<string, unknown> = params;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const next = path[index + 1];
      if (last) {
        if (Array.isArray(target)) (target as unknown[]).push(item);
        else target[segment] = item;
        return;
      }
      if (Array.isArray(target)) {
        // Rails: `list[][key]` fills the last hash of the list until a key repeats, then starts a new one
        const list = target as unknown[];
        const tail = list.at(-1) as Record<string, unknown> | undefined;
        if (!tail || typeof tail !== "object" || (next !== undefined && next in tail)) list.push({});
        target = list.at(-1) as Record<string, unknown>;
      }
      if (segment === "") return;
      target[segment] ??= next === "" ? [] : {};
      target = target[segment] as Record<string, unknown>;
    });
  }
  return params;
}

function sendText(res: ServerResponse, text: string, mediaType = "text/html"): void {
  res.writeHead(200, { "content-type": `${mediaType}; charset=utf-8`, "content-length": Buffer.byteLength(text) }).end(text);
}

function send(res: ServerResponse, status: number, body: unknown, ownUrl?: string): void {
  if (body === undefined) {
    res.writeHead(status, { "content-length": "0" }).end();
    return;
  }
  // the desk's links (attachments, avatars) point at this stand-in, so their files can be fetched
  const text = ownUrl ? JSON.stringify(body).replaceAll(DEMO_HOST, ownUrl) : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
}

/**
 * A write the demo keeps no state for answers its documented sample with the fields the call sent
 * written over it (at the top level, or inside a `payload` wrapper), so that a model reading the
 * answer sees its own values, not "sample name", and does not take the write for a failure.
 */
function echoSent(sample: unknown, sent: Record<string, unknown>): unknown {
  if (sample === null || typeof sample !== "object" || Array.isArray(sample)) return sample;
  const record = sample as Record<string, unknown>;
  const payload = record.payload;
  if (payload !== null && typeof payload === "object" && !Array.isArray(payload)) return { ...record, payload: echoSent(payload, sent) };
  const echoed = Object.fromEntries(Object.entries(sent).filter(([key, value]) => key in record && (typeof value !== "object" || value === null || typeof record[key] === "object")));
  return { ...record, ...echoed };
}
