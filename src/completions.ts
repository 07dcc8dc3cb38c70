import { ErrorCode, type CompleteResult } from "@modelcontextprotocol/sdk/types.js";
import { fetchOptional, listOf, oneLine, ProtocolError, resourceTemplates, TEMPLATES, type ChatwootAccess } from "./resources.js";

/**
 * Completion values for prompt arguments and resource-template variables, from Chatwoot: the
 * ids where an argument takes an id, the names where it takes a name (a completion has only
 * `values: string[]`, so a value is what the argument takes). Filtered by the typed prefix, at
 * most 100. A Chatwoot call that fails (no token, a tool not offered) gives no values: a
 * completion is a typing aid, and the read or prompt itself reports the problem in full.
 */

/** `context`: the arguments already given (completion/complete `context.arguments`), e.g. account_id */
export type Completer = (access: ChatwootAccess, typed: string, context: Record<string, string>, signal?: AbortSignal) => Promise<string[]>;

/** at most this many values in one completion (the spec's limit) */
export const MAX_COMPLETION_VALUES = 100;

/** One page of a list, in the account the context names (a template's account_id) or the configured one; [] when it cannot be read. */
async function listed(access: ChatwootAccess, name: string, args: Record<string, unknown>, context: Record<string, string>, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const answer = await answerOf(access, name, args, context, signal);
  return answer === undefined ? [] : listOf(answer);
}

/** One operation's answer for completions, in the account the context or configuration names; undefined when it cannot be had. */
async function answerOf(access: ChatwootAccess, name: string, args: Record<string, unknown>, context: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
  const named = context.account_id !== undefined && /^[1-9]\d{0,14}$/.test(context.account_id) ? Number(context.account_id) : undefined;
  const accountId = named ?? access.config.accountId;
  return accountId === undefined ? undefined : fetchOptional(access, name, { ...args, account_id: accountId }, signal);
}

/** Ids (as text) that start with what was typed, in the order given. */
function idsStartingWith(items: Record<string, unknown>[], typed: string): string[] {
  const prefix = typed.trim();
  return items.map((item) => item.id).filter((id): id is number => typeof id === "number").map(String).filter((id) => id.startsWith(prefix));
}

/**
 * Names matching what was typed (case-insensitive): those that start with it first, then those
 * with a word that starts with it. Typed digits match ids instead, and give ids.
 */
function namesMatching(items: Record<string, unknown>[], typed: string, nameOf: (item: Record<string, unknown>) => unknown): string[] {
  const prefix = typed.trim().toLowerCase();
  if (/^\d+$/.test(prefix)) return idsStartingWith(items, prefix);
  const names = [...new Set(items.map((item) => oneLine(nameOf(item), 120)).filter(Boolean))];
  const starts = names.filter((name) => name.toLowerCase().startsWith(prefix));
  const words = names.filter((name) => !starts.includes(name) && name.toLowerCase().split(/[\s(),.-]+/).some((word) => word.startsWith(prefix)));
  return [...starts, ...words];
}

/** Recently active conversations (any status), newest activity first. */
export const conversationIds: Completer = async (access, typed, context, signal) => {
  const recent = idsStartingWith(await listed(access, "list_conversations", { status: "all", sort_by: "last_activity_at_desc" }, context, signal), typed);
  // a whole number typed in full may be an older conversation than the recent page holds
  const wanted = typed.trim();
  if (!/^[1-9]\d{0,14}$/.test(wanted) || recent.includes(wanted)) return recent;
  const found = await answerOf(access, "get_conversation", { conversation_id: Number(wanted), view: "full" }, context, signal);
  return (found as { id?: unknown } | undefined)?.id === Number(wanted) ? [wanted, ...recent] : recent;
};

/** Recently active contacts. */
export const contactIds: Completer = async (access, typed, context, signal) =>
  idsStartingWith(await listed(access, "list_contacts", { sort: "-last_activity_at", include_contact_inboxes: false }, context, signal), typed);

/** The accounts the token's user belongs to (get_profile). */
export const accountIds: Completer = async (access, typed, _context, signal) => {
  const accounts = (await fetchOptional(access, "get_profile", {}, signal) as { accounts?: unknown } | undefined)?.accounts;
  return idsStartingWith(Array.isArray(accounts) ? accounts.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null) : [], typed);
};

export const inboxNames: Completer = async (access, typed, context, signal) =>
  namesMatching(await listed(access, "list_inboxes", {}, context, signal), typed, (inbox) => inbox.name);

export const agentNames: Completer = async (access, typed, context, signal) =>
  namesMatching(await listed(access, "list_agents", {}, context, signal), typed, (agent) => agent.available_name ?? agent.name);

/** The completion result: at most 100 values, with the total when there are more. */
export function completionResult(values: string[]): CompleteResult {
  const unique = [...new Set(values)];
  return { completion: { values: unique.slice(0, MAX_COMPLETION_VALUES), total: unique.length, hasMore: unique.length > MAX_COMPLETION_VALUES } };
}

const TEMPLATE_COMPLETERS: Record<string, Record<string, Completer>> = {
  [TEMPLATES.conversation]: { conversation_id: conversationIds },
  [TEMPLATES.accountConversation]: { account_id: accountIds, conversation_id: conversationIds },
  [TEMPLATES.contact]: { contact_id: contactIds },
  [TEMPLATES.accountContact]: { account_id: accountIds, contact_id: contactIds },
};

/** The completer for a resource-template variable; undefined for a variable without one. Unknown template: invalid params. */
export function templateCompleter(access: ChatwootAccess, uriTemplate: string, variable: string): Completer | undefined {
  if (!resourceTemplates(access).some((template) => template.uriTemplate === uriTemplate)) {
    throw new ProtocolError(`Unknown resource template "${uriTemplate.slice(0, 200)}". Templates: ${resourceTemplates(access).map((template) => template.uriTemplate).join(", ") || "none"}.`, ErrorCode.InvalidParams);
  }
  return TEMPLATE_COMPLETERS[uriTemplate]?.[variable];
}
