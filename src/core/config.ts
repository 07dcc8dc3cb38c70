/** The one place that reads the environment. Problems are collected, never thrown: the server
 * must start and list its tools even when the configuration is incomplete or wrong. */

import { delimiter, isAbsolute } from "node:path";
import { DEFAULT_MAX_RESULT_TOKENS } from "./result-budget.js";

export const DEFAULT_BASE_URL = "https://app.chatwoot.com";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface Config {
  /** normalised, without a trailing slash */
  baseUrl: string;
  apiAccessToken?: string;
  platformAppToken?: string;
  accountId?: number;
  timeoutMs: number;
  /** extra attempts for GET, PUT and DELETE on 429, 502, 503, 504 and network errors */
  maxRetries: number;
  /** skip TLS certificate checks (CHATWOOT_TLS_INSECURE=true) */
  tlsInsecure: boolean;
  /** results over about this many tokens are cut, with a note */
  maxResultTokens: number;
  /** tool selection from CHATWOOT_TOOLSETS, CHATWOOT_TOOLS, CHATWOOT_EXCLUDE_TOOLS, CHATWOOT_READ_ONLY */
  toolsets?: string[];
  tools?: string[];
  excludeTools?: string[];
  readOnly: boolean;
  /** Streamable HTTP mode (`--http`): where to listen, the Bearer token /mcp requires, extra allowed Origins */
  http: { host?: string; port?: string; authToken?: string; allowedOrigins: string[] };
  /**
   * Where the user and platform tokens come from, as error messages should name it: the
   * variable by default; over HTTP, the request header that brought the token, or the variable
   * and the header that could.
   */
  tokenSources?: { user: string; platform: string };
  /** where an account id can be set, as messages should name it (default: CHATWOOT_ACCOUNT_ID) */
  accountIdSource?: string;
  /**
   * Folders whose files a tool may upload when given a local `path` (CHATWOOT_UPLOAD_DIRS,
   * absolute paths separated by the platform's path delimiter); empty means none.
   */
  uploadDirs: string[];
  /** what is wrong with CHATWOOT_UPLOAD_DIRS: only uploads from a path are refused for it, not every call */
  uploadDirsProblem?: string;
  /** problems found in the environment, each naming its variable; reported by every tool call */
  problems: string[];
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === "" ? undefined : value;
  };

  let baseUrl = DEFAULT_BASE_URL;
  const rawBase = text("CHATWOOT_BASE_URL");
  if (rawBase !== undefined) {
    const parsed = parseBaseUrl(rawBase.trim());
    if (typeof parsed === "string") baseUrl = parsed;
    else problems.push(`CHATWOOT_BASE_URL ${parsed.problem}`);
  }

  const token = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && /\s/.test(value)) {
      problems.push(`${name} contains whitespace (a space, tab or line break); copy the token again without it.`);
      return undefined;
    }
    return value;
  };

  /** A whole number in [min, max], written as plain digits; undefined (and a problem) otherwise. */
  const wholeNumber = (name: string, min: number, max: number, expected: string): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const value = /^\s*(0|[1-9]\d{0,14})\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (value >= min && value <= max) return value;
    problems.push(`${name} must be ${expected}; got "${raw.slice(0, 40)}".`);
    return undefined;
  };
  const accountId = wholeNumber("CHATWOOT_ACCOUNT_ID", 1, Number.MAX_SAFE_INTEGER, "a positive whole number (the number after /app/accounts/ in the Chatwoot URL)");
  const timeoutMs = wholeNumber("CHATWOOT_TIMEOUT_MS", 1, Number.MAX_SAFE_INTEGER, "a positive number of milliseconds") ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = wholeNumber("CHATWOOT_MAX_RETRIES", 0, 10, "a whole number from 0 to 10") ?? DEFAULT_MAX_RETRIES;
  const maxResultTokens = wholeNumber("CHATWOOT_MAX_RESULT_TOKENS", 500, Number.MAX_SAFE_INTEGER, "a whole number of tokens, at least 500") ?? DEFAULT_MAX_RESULT_TOKENS;

  /** true/1/yes or false/0/no; anything else is a problem, and counts as `whenUnclear` */
  const flag = (name: string, whenUnclear = false): boolean => {
    const raw = text(name);
    if (raw === undefined || /^\s*(false|0|no)\s*$/i.test(raw)) return false;
    if (/^\s*(true|1|yes)\s*$/i.test(raw)) return true;
    problems.push(`${name} must be true or false; got "${raw.slice(0, 40)}".`);
    return whenUnclear;
  };
  const list = (name: string): string[] | undefined => {
    const raw = text(name);
    return raw === undefined ? undefined : splitList(raw);
  };

  const uploadDirs = (text("CHATWOOT_UPLOAD_DIRS") ?? "").split(delimiter).map((dir) => dir.trim()).filter(Boolean);
  const relativeDirs = uploadDirs.filter((dir) => !isAbsolute(dir));
  const uploadDirsProblem = relativeDirs.length > 0
    ? `CHATWOOT_UPLOAD_DIRS must hold absolute folder paths separated by "${delimiter}"; ${relativeDirs.map((dir) => `"${dir.slice(0, 80)}"`).join(", ")} ${relativeDirs.length > 1 ? "are" : "is"} not absolute and ${relativeDirs.length > 1 ? "are" : "is"} ignored.`
    : undefined;

  return {
    baseUrl,
    uploadDirs: uploadDirs.filter((dir) => isAbsolute(dir)),
    ...(uploadDirsProblem ? { uploadDirsProblem } : {}),
    maxResultTokens,
    maxRetries,
    tlsInsecure: flag("CHATWOOT_TLS_INSECURE"),
    // a safety switch fails closed: a typo such as "ture" means read-only, not "everything"
    readOnly: flag("CHATWOOT_READ_ONLY", true),
    toolsets: list("CHATWOOT_TOOLSETS"),
    tools: list("CHATWOOT_TOOLS"),
    excludeTools: list("CHATWOOT_EXCLUDE_TOOLS"),
    apiAccessToken: token("CHATWOOT_API_ACCESS_TOKEN"),
    platformAppToken: token("CHATWOOT_PLATFORM_APP_TOKEN"),
    accountId,
    timeoutMs,
    http: {
      host: text("CHATWOOT_MCP_HOST")?.trim(),
      // checked when --http starts: a stray value must not break stdio mode's tool calls
      port: text("CHATWOOT_MCP_PORT")?.trim(),
      authToken: token("CHATWOOT_MCP_AUTH_TOKEN"),
      allowedOrigins: list("CHATWOOT_MCP_ALLOWED_ORIGINS") ?? [],
    },
    problems,
  };
}

/** "a, b,,c" -> ["a", "b", "c"] */
export function splitList(raw: string): string[] {
  return raw.split(",").map((item) => item.trim()).filter(Boolean);
}

function parseBaseUrl(raw: string): string | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: `is not a valid URL ("${raw.slice(0, 80)}"); use e.g. https://chat.example.com` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { problem: `must start with http:// or https://; got "${url.protocol}"` };
  }
  if (url.search || url.hash || url.username || url.password) {
    return { problem: "must be the bare address of the Chatwoot install, without query, fragment or credentials" };
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}
