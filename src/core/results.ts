import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { compactBody } from "./compact.js";
import type { HttpResponse } from "./executor.js";
import { mainListOf, paginationNote } from "./pagination.js";
import { TOKEN_VARIABLE } from "./request.js";
import { DEFAULT_MAX_RESULT_TOKENS, fitToBudget, type Fitted } from "./result-budget.js";
import { HIDDEN, hideSecrets } from "./secrets.js";
import type { ToolDefinition } from "./tool-definition.js";

/** The one error formatter: every failure a model sees is built here. */
export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}

export interface SuccessContext {
  args?: Record<string, unknown>;
  maxResultTokens?: number;
}

export function successResult(tool: ToolDefinition, response: HttpResponse, context: SuccessContext = {}): CallToolResult {
  if (response.text.trim() === "") {
    if (tool.annotations.readOnlyHint) {
      return errorResult(
        `${tool.name}: Chatwoot answered HTTP ${response.status} with an empty body where data was expected. ` +
          "Check CHATWOOT_BASE_URL (a proxy or a wrong path can answer like this), then try again.",
      );
    }
    const note = tool.queued ? "Chatwoot accepted the request; the work runs in its background queue." : "Chatwoot answered with an empty body: the action succeeded.";
    return { content: [{ type: "text", text: `{"ok":true,"status":${response.status},"note":"${note}"}` }] };
  }
  if (tool.responseType === "text") {
    const text = response.text.length > MAX_TEXT_CHARS ? `${response.text.slice(0, MAX_TEXT_CHARS)}\n[cut: the page has ${response.text.length} characters]` : response.text;
    return { content: [{ type: "text", text }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    return errorResult(
      `${tool.name}: Chatwoot answered HTTP ${response.status} but the body is not JSON (${describeBody(response)}). ` +
        "Check that CHATWOOT_BASE_URL points at the Chatwoot install itself, not a login page or proxy.",
    );
  }
  // compact view unless the call asks for Chatwoot's whole objects (spec x-view); before the budget,
  // which then cuts only what the compact view could not spare
  const { value: visible, hidden } = tool.revealsSecrets ? { value: parsed, hidden: [] } : hideSecrets(parsed);
  const shaped = tool.view && context.args?.view !== "full" ? compactBody(visible, tool.view) : visible;
  const fitted = fitToBudget(shaped as never, context.maxResultTokens ?? DEFAULT_MAX_RESULT_TOKENS);
  const notes = [
    pageNoteAfterCut(paginationNote(tool, context.args ?? {}, shaped), fitted, mainListOf(shaped)?.path),
    fitted.note,
    hidden.length > 0 ? `Credentials in this answer (${hidden.join(", ")}) are shown as "${HIDDEN}": this server never passes them to the model, and needs none of them to act.` : undefined,
  ].filter((note): note is string => note !== undefined);
  return { content: [{ type: "text", text: fitted.text }, ...notes.map((text) => ({ type: "text" as const, text }))] };
}

/**
 * A page note must not send the model past items it has not seen: when the budget cut this
 * page's own list, the note first names the items left out and how to get them.
 */
function pageNoteAfterCut(pageNote: string | undefined, fitted: Fitted, listPath: string | undefined): string | undefined {
  const cut = fitted.omitted?.find((entry) => entry.path === listPath);
  if (!pageNote || !cut) return pageNote;
  return `This page's items with ids ${cut.ids.join(", ")} were left out for size: fetch them by id, or narrow the request, before going on. ${pageNote}`;
}

/** Turns a Chatwoot error response into a message with the status, Chatwoot's words and the next step. */
export function httpErrorResult(tool: ToolDefinition, response: HttpResponse, tokenSources?: { user: string; platform: string }): CallToolResult {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const said = chatwootMessage(response);
  const attempts = response.attempts && response.attempts > 1 ? ` (after ${response.attempts} attempts)` : "";
  const lines = [`${tool.name} failed: Chatwoot answered ${status}${attempts}${said ? `: ${said}` : "."}`];
  const next = nextStep(tool, response, said ?? "", tokenSources);
  if (next) lines.push(`Next: ${next}`);
  return errorResult(lines.join("\n"));
}

/*
 * Chatwoot's own error texts, matched to the next step (app/controllers/concerns/
 * request_exception_handler.rb, access_token_auth_helper.rb, Devise's unauthenticated message,
 * the platform controllers' permissible-resource check, render_payment_required callers).
 */
const BOT_TOKEN = /not authorized for bots/i;
const NO_PERMISSION = /not authorized to do this action|not authorized to access/i;
const NOT_SIGNED_IN = /sign in|sign up|unauthenticated/i;
const NOT_PERMISSIBLE = /non permissible/i;
const PLAN_OR_EDITION = /plan|licen[cs]e|upgrade|not enabled|feature|enterprise/i;

function nextStep(tool: ToolDefinition, response: HttpResponse, said: string, tokenSources?: { user: string; platform: string }): string | undefined {
  const { status } = response;
  if (status === 401) {
    if (tool.auth === "none") return "The inbox or contact identifier was not accepted; check inbox_identifier and contact_identifier (public_create_contact returns a contact identifier).";
    const variable = tokenSources?.[tool.auth] ?? TOKEN_VARIABLE[tool.auth];
    if (BOT_TOKEN.test(said)) {
      return `${variable} holds an agent bot's token, and Chatwoot lets bots call only a few conversation and message operations. ${tool.name} needs a user's access token (Profile settings > Access token); do not retry with the bot token.`;
    }
    if (NO_PERMISSION.test(said)) {
      return "The token is valid, but its user's role may not do this (many settings need the administrator role, and agents see only their inboxes). Ask an administrator, or use an administrator's token; do not retry with the same token.";
    }
    if (NOT_PERMISSIBLE.test(said)) return "The platform app may only manage accounts, users and bots it created; use ids it owns.";
    if (NOT_SIGNED_IN.test(said)) {
      return `No token reached Chatwoot. Check that ${variable} is set. If Chatwoot is behind nginx or another proxy, it may drop headers with underscores (nginx: underscores_in_headers on); the server also sends the token as Api-Access-Token, so check what the proxy forwards.`;
    }
    return `The token was rejected. Check ${variable} (${tool.auth === "user" ? "a user's or agent bot's access token" : "the platform app token"}) and that CHATWOOT_BASE_URL is the install that issued it.`;
  }
  if (tool.edition === "enterprise" && (status === 402 || status === 403 || status === 404)) {
    return `${tool.name} is a feature of Chatwoot's Enterprise edition. A Community-edition Chatwoot answers 404 for its routes, and a plan or account without the feature 402 or 403. If the ids are right (check them with the list_ tools), this Chatwoot does not offer it: tell the user, and do not retry.`;
  }
  if (status === 402 || (status === 403 && PLAN_OR_EDITION.test(said))) {
    return "This Chatwoot's plan, licence or edition does not allow this (a paid or enterprise feature, or a limit reached). An administrator must enable or upgrade it; do not retry.";
  }
  if (status === 403) {
    return tool.auth === "platform"
      ? "The platform app may only manage accounts and users it created; use ids it owns."
      : "The token is valid but not allowed to do this (an administrator role may be needed, or an agent-bot token is used where a user token is required). Do not retry with the same token.";
  }
  if (status === 404) {
    const sources = Object.entries(tool.idSources ?? {}).map(([param, lister]) => `${param} from ${lister}`);
    const edition = isHtml(response) ? " If every id is right, this Chatwoot may not have this route (an older version, or a feature of the enterprise edition)." : "";
    return sources.length > 0
      ? `Something in the path does not exist or is not visible to this token. Get valid ids: ${sources.join(", ")}.${edition}`
      : `The resource does not exist or is not visible to this token; check the ids and CHATWOOT_BASE_URL.${edition}`;
  }
  if (status === 400 || status === 422) {
    const fields = invalidAttributes(response);
    return fields.length > 0
      ? `Fix ${fields.join(", ")} as Chatwoot says above and call again.`
      : "Fix the values Chatwoot names above and call again.";
  }
  if (status === 429) {
    const wait = response.retryAfter ? `${response.retryAfter} seconds` : "a minute";
    return `Rate limited: wait ${wait} before calling again.`;
  }
  if (status >= 500) {
    return tool.method === "GET"
      ? "Chatwoot failed on its side; try again in a little while."
      : "Chatwoot failed on its side; the change may or may not have been made. Read the current state (a list_ or get_ tool) before trying again.";
  }
  return undefined;
}

/** The field names of a validation error: `{message, attributes: [...]}` (render_record_invalid). */
function invalidAttributes(response: HttpResponse): string[] {
  try {
    const attributes = (JSON.parse(response.text) as { attributes?: unknown }).attributes;
    return Array.isArray(attributes) ? attributes.filter((name): name is string => typeof name === "string").slice(0, 10) : [];
  } catch {
    return [];
  }
}

const MAX_MESSAGE_CHARS = 600;
const MAX_TEXT_CHARS = 20_000;

/** Chatwoot's own wording from an error body: {error}, {message}, {errors: [...]}, {description}. */
export function chatwootMessage(response: HttpResponse): string | undefined {
  const text = response.text.trim();
  if (text === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return describeBody(response);
  }
  const parts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.field === "string" && typeof record.message === "string") parts.push(`${record.field}: ${record.message}`);
      else for (const key of ["message", "error", "errors", "description"]) if (key in record) collect(record[key]);
    }
  };
  collect(parsed);
  // Chatwoot often says the same thing twice ({message, errors: [message]})
  const message = parts.length > 0 ? [...new Set(parts)].join("; ") : JSON.stringify(parsed);
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

/** An HTML page (a login page, a proxy's error page) where Chatwoot's JSON was expected. */
export function isHtml(response: HttpResponse): boolean {
  return /html/i.test(response.contentType) || /^\s*</.test(response.text);
}

export function pageTitle(response: HttpResponse): string | undefined {
  return /<title[^>]*>([^<]{0,120})/i.exec(response.text)?.[1]?.trim() || undefined;
}

function describeBody(response: HttpResponse): string {
  if (isHtml(response)) {
    const title = pageTitle(response);
    return `an HTML page${title ? ` titled "${title}"` : ""}, not JSON`;
  }
  return `${response.contentType || "unknown content type"}, starting "${response.text.slice(0, 80).replace(/\s+/g, " ")}"`;
}
