import type { Config } from "./config.js";
import type { FileSource } from "./file-source.js";
import type { FileRules, ToolDefinition } from "./tool-definition.js";

export interface HttpRequest {
  method: ToolDefinition["method"];
  url: string;
  /** header value for `api_access_token`, absent for the public client API */
  token?: string;
  /** the body, already serialised: JSON text, or multipart bytes once uploads are resolved */
  body?: string | Uint8Array<ArrayBuffer>;
  /** Content-Type of the body; application/json when absent */
  contentType?: string;
  /** files still to read before sending (src/core/multipart.ts turns them into the body) */
  uploads?: PendingUploads;
  /** the Accept header: JSON, or a page for the few operations that answer with one */
  accept: string;
}

/** Body fields and the file fields given, waiting to be read and sent as one multipart body. */
export interface PendingUploads {
  fields: Record<string, unknown>;
  files: { field: string; wire: string; sources: FileSource[]; rules: FileRules }[];
}

/** A request that cannot be built; `message` is written for the model and names what to fix. */
export class RequestBuildError extends Error {}

export const TOKEN_VARIABLE = {
  user: "CHATWOOT_API_ACCESS_TOKEN",
  platform: "CHATWOOT_PLATFORM_APP_TOKEN",
} as const;

/**
 * Turns validated tool arguments into the HTTP request Chatwoot expects: path parameters
 * percent-encoded into their own segment, arrays as repeated Rails-style keys, body as JSON.
 */
export function buildRequest(tool: ToolDefinition, args: Record<string, unknown>, config: Config): HttpRequest {
  const missing = missingTokenMessage(tool, config);
  if (missing) throw new RequestBuildError(missing);
  const token = tool.auth === "none" ? undefined : tool.auth === "user" ? config.apiAccessToken : config.platformAppToken;

  const pathValues: Record<string, unknown> = {};
  const query = new URLSearchParams();
  let body: Record<string, unknown> | undefined;
  const files: PendingUploads["files"] = [];

  for (const [field, [location, wireName]] of Object.entries(tool.fields)) {
    let value = args[field];
    if (value === undefined && field === "account_id" && tool.auth === "user") value = config.accountId;
    if (value === undefined || location === "local" || (value === false && tool.omitFalse?.includes(field))) continue;
    const rules = tool.files?.[field];
    if (rules && value !== null) {
      const sources = (Array.isArray(value) ? value : [value]) as FileSource[];
      if (sources.length > 0) files.push({ field, wire: wireName, sources, rules });
    } else if (location === "path") pathValues[wireName] = value;
    else if (location === "query") appendQuery(query, wireName, value);
    else (body ??= {})[wireName] = value;
  }
  for (const [name, value] of Object.entries(tool.fixedQuery ?? {})) query.append(name, value);

  const path = tool.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = pathValues[name];
    if (value === undefined || value === null || value === "") {
      const hint = name === "account_id" && tool.auth === "user" ? " (or set CHATWOOT_ACCOUNT_ID)" : "";
      throw new RequestBuildError(`${tool.name} needs ${name}${hint}.`);
    }
    const text = String(value);
    // "." and ".." (however encoded) would be resolved as directories by any URL parser.
    if (text === "." || text === "..") throw new RequestBuildError(`${tool.name}: "${text}" is not a valid ${name}.`);
    try {
      return encodeURIComponent(text);
    } catch {
      throw new RequestBuildError(`${tool.name}: ${name} contains a broken character (a lone UTF-16 surrogate); send valid text.`);
    }
  });
  if (tool.requiredAny && !tool.requiredAny.some((field) => args[field] !== undefined && args[field] !== null && args[field] !== "")) {
    throw new RequestBuildError(`${tool.name} needs at least one of ${tool.requiredAny.join(", ")}.`);
  }
  let json: string | undefined;
  if (body !== undefined && files.length === 0) {
    try {
      json = JSON.stringify(body);
    } catch {
      throw new RequestBuildError(`${tool.name}: the arguments cannot be sent as JSON (nested too deeply); send a flatter value.`);
    }
  }

  const search = query.toString();
  return {
    method: tool.method,
    url: config.baseUrl + path + (search ? `?${search}` : ""),
    token,
    body: json,
    ...(files.length > 0 ? { uploads: { fields: body ?? {}, files } } : {}),
    accept: tool.responseType === "text" ? `${tool.responseMediaType ?? "text/html"}, text/plain;q=0.9, */*;q=0.5` : "application/json",
  };
}

/** What to set when the tool needs a token the configuration lacks; undefined when it has one (or needs none). */
export function missingTokenMessage(tool: ToolDefinition, config: Config): string | undefined {
  if (tool.auth === "none") return undefined;
  if ((tool.auth === "user" ? config.apiAccessToken : config.platformAppToken) !== undefined) return undefined;
  const what = tool.auth === "user"
    ? "a Chatwoot user's access token (Profile settings > Access token) or an agent bot's token"
    : "the token of a platform app (created by the installation's super admin)";
  const source = config.tokenSources?.[tool.auth];
  return source
    ? `${tool.name} needs ${what}: send it as ${source}.`
    : `${tool.name} needs ${TOKEN_VARIABLE[tool.auth]}: set it to ${what} in this MCP server's environment and restart the server.`;
}

function appendQuery(query: URLSearchParams, name: string, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) query.append(name, scalar(item));
  } else {
    query.append(name, scalar(value));
  }
}

function scalar(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}
