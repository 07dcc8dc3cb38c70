/**
 * Compact views (spec `x-view`): what an agent acts on, cut from Chatwoot's heavy view objects.
 * A conversation keeps its number, status, priority, inbox, contact, assignee, team, labels,
 * unread count, waiting and activity times and the last message's text; a message its sender,
 * time, type, text and files; a contact its ways to reach them. Everything else (avatars, push
 * event columns, browser details, the contact repeated in every message) is left out; a call
 * with `view: "full"` gets Chatwoot's whole object.
 *
 * Pure functions over parsed JSON. A shaper never throws on an odd record: it keeps what it
 * finds and leaves out what is absent (a named field that Chatwoot sent as null stays null).
 * The wrapper around the records (payload, data, meta) is kept, so page notes and the result
 * budget find the list where they always do.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Shaper = (record: JsonObject) => JsonObject;

/** A last message's or a search hit's text is cut after this many characters (list_messages has it whole). */
export const TEXT_CHARS = 300;

const MESSAGE_TYPES = ["incoming", "outgoing", "activity", "template"];

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const objectOr = (value: unknown): JsonObject | undefined => (isObject(value) ? value : undefined);
/** A non-empty string, else undefined (additional attributes render "" for unknown values). */
const filled = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);
/** An object with at least one key, else undefined. */
const nonEmpty = (value: unknown): JsonObject | undefined => (isObject(value) && Object.keys(value).length > 0 ? value : undefined);

/** An object of the entries whose value is not undefined, in order (null stays: Chatwoot said "none"). */
function record(entries: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

/** The text, cut with a marker when longer than `max` characters (on a word boundary when one is near). */
export function cutText(text: string, max = TEXT_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const space = text.lastIndexOf(" ", max);
  if (space > max * 0.8) end = space;
  // never split a surrogate pair
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? "")) end--;
  return `${text.slice(0, end)}…[cut ${text.length - end} characters]`;
}

const cut = (value: Json | undefined): Json | undefined => (typeof value === "string" ? cutText(value) : value);

/** "incoming", "outgoing", "activity" or "template" for Chatwoot's 0 to 3 (kept as given otherwise). */
function messageType(value: Json | undefined): Json | undefined {
  return typeof value === "number" ? (MESSAGE_TYPES[value] ?? value) : value;
}

/** contact, user (an agent), agent_bot, captain_assistant: a sender's `type` or the `sender_type` column, in one spelling. */
function senderKind(value: Json | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value.replace(/::/g, "_").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase() : undefined;
}

/** {id, name} of an agent, team or bot; null when there is none (an empty object, as search views render it). */
function named(value: unknown): JsonObject | null {
  const source = objectOr(value);
  if (!source || source.id === undefined) return null;
  return record({ id: source.id, name: source.name ?? source.available_name ?? null });
}

/** A contact as a conversation, message list or rating names it: id, name, email, phone. */
function contactBrief(value: unknown): JsonObject | null {
  const source = objectOr(value);
  if (!source || source.id === undefined) return null;
  return record({ id: source.id, name: source.name ?? null, email: source.email, phone_number: source.phone_number });
}

/** A file: id (for view_attachment), type, name (the URL's last segment), size in bytes, URL. */
function attachment(value: JsonObject): JsonObject {
  const url = typeof value.data_url === "string" ? value.data_url : undefined;
  return record({
    id: value.id,
    type: value.file_type,
    name: fileName(url) ?? filled(value.fallback_title),
    size: value.file_size,
    url: url || undefined,
  });
}

/** The last path segment of a URL, decoded: an ActiveStorage link ends with the file's name. */
export function fileName(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = url.split(/[?#]/)[0]!;
  const segment = path.slice(path.lastIndexOf("/") + 1);
  if (segment === "") return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Who sent a message: {type, id, name}; null for activities and system messages. */
function sender(value: JsonObject): JsonObject | null {
  const source = objectOr(value.sender);
  if (source && source.id !== undefined) {
    return record({ type: senderKind(source.type) ?? senderKind(value.sender_type) ?? null, id: source.id, name: source.name ?? source.available_name ?? null });
  }
  return value.sender_id !== undefined && value.sender_id !== null ? record({ type: senderKind(value.sender_type) ?? null, id: value.sender_id, name: null }) : null;
}

/** A message as list_messages shows it (the message partial, or push event data). */
function message(value: JsonObject): JsonObject {
  const attributes = objectOr(value.content_attributes) ?? {};
  const failed = value.status === "failed";
  const attachments = Array.isArray(value.attachments) ? value.attachments.filter(isObject).map(attachment) : [];
  return record({
    id: value.id,
    message_type: messageType(value.message_type),
    sender: sender(value),
    created_at: value.created_at,
    private: value.private,
    content: value.content,
    // plain text and e-mail are the usual; anything else (cards, a form, a CSAT survey) says what it is
    content_type: value.content_type === "text" || value.content_type === "incoming_email" ? undefined : value.content_type,
    status: failed ? "failed" : undefined,
    error: failed ? filled(attributes.external_error) : undefined,
    in_reply_to: attributes.in_reply_to ?? undefined,
    deleted: attributes.deleted === true ? true : undefined,
    attachments: attachments.length > 0 ? attachments : undefined,
  });
}

/** A message found by search_messages: the message, with its conversation and inbox. */
function foundMessage(value: JsonObject): JsonObject {
  const inbox = objectOr(value.inbox);
  return record({
    ...message(value),
    conversation_id: value.conversation_id,
    inbox: inbox ? record({ id: inbox.id, name: inbox.name }) : undefined,
  });
}

/** A conversation's latest (or first) message in a line: sender kind, time, text (cut when long). */
function messageBrief(value: unknown): JsonObject | null {
  const source = objectOr(value);
  if (!source || (source.id === undefined && source.content === undefined)) return null;
  const attachments = Array.isArray(source.attachments) ? source.attachments.length : 0;
  return record({
    sender_type: senderKind(objectOr(source.sender)?.type) ?? senderKind(source.sender_type) ?? (typeof source.message_type === "number" ? MESSAGE_TYPES[source.message_type] : undefined) ?? null,
    sender_name: objectOr(source.sender)?.name ?? undefined,
    created_at: source.created_at,
    private: source.private === true ? true : undefined,
    content: cut(source.content) ?? null,
    attachments: attachments > 0 ? attachments : undefined,
  });
}

const isActivity = (value: Json): boolean => isObject(value) && (value.message_type === 2 || value.message_type === "activity");

/**
 * The last message that is not an activity: the partial's last_non_activity_message, or the last
 * of `messages` (push event data carries the latest chat message there).
 */
function lastMessage(value: JsonObject): JsonObject | null | undefined {
  if ("last_non_activity_message" in value) return messageBrief(value.last_non_activity_message);
  if (!Array.isArray(value.messages)) return undefined;
  return messageBrief(value.messages.filter((item) => !isActivity(item)).at(-1));
}

/**
 * A conversation: the conversation partial (list, get, filter, a contact's conversations) or its
 * push event data (a notification's conversation). id is the conversation number.
 */
function conversation(value: JsonObject): JsonObject {
  const meta = objectOr(value.meta);
  return record({
    id: value.id,
    status: value.status,
    priority: value.priority,
    subject: filled(objectOr(value.additional_attributes)?.mail_subject),
    inbox: value.inbox_id === undefined ? undefined : record({ id: value.inbox_id, channel: meta?.channel ?? value.channel }),
    contact: meta ? contactBrief(meta.sender) : undefined,
    // the partial leaves assignee and team out when there is none
    assignee: meta ? named(meta.assignee) : undefined,
    team: meta ? named(meta.team) : undefined,
    labels: value.labels,
    unread_count: value.unread_count,
    waiting_since: value.waiting_since,
    last_activity_at: value.last_activity_at,
    snoozed_until: value.snoozed_until ?? undefined,
    custom_attributes: nonEmpty(value.custom_attributes),
    can_reply: value.can_reply === false ? false : undefined,
    muted: value.muted === true ? true : undefined,
    last_message: lastMessage(value),
  });
}

/** A conversation found by search_conversations or search_all (search/_conversation_search_result): message is its first one. */
function foundConversation(value: JsonObject): JsonObject {
  const inbox = objectOr(value.inbox);
  return record({
    id: value.id,
    created_at: value.created_at,
    inbox: inbox && inbox.id !== undefined ? record({ id: inbox.id, name: inbox.name, channel: inbox.channel_type }) : undefined,
    contact: contactBrief(value.contact),
    assignee: named(value.agent),
    first_message: messageBrief(value.message),
  });
}

/** A conversation found by search_conversations_by_message: its matching messages, cut when long. */
function conversationHit(value: JsonObject): JsonObject {
  const inbox = objectOr(value.inbox);
  const matches = Array.isArray(value.messages)
    ? value.messages.filter(isObject).map((hit) => record({ id: hit.id, message_type: messageType(hit.message_type), sender_name: hit.sender_name, created_at: hit.created_at, content: cut(hit.content) }))
    : undefined;
  return record({
    id: value.id,
    created_at: value.created_at,
    inbox: inbox ? record({ id: inbox.id, name: inbox.name, channel: inbox.channel_type }) : undefined,
    contact: contactBrief(value.contact),
    matches,
  });
}

/** list_messages' meta: the conversation's labels, contact and assignee, and when agents last looked. */
function messagesMeta(value: JsonObject): JsonObject {
  return record({
    labels: value.labels,
    subject: filled(objectOr(value.additional_attributes)?.mail_subject),
    contact: "contact" in value ? contactBrief(value.contact) : undefined,
    // the view leaves assignee out when there is none
    assignee: named(value.assignee),
    agent_last_seen_at: value.agent_last_seen_at,
    assignee_last_seen_at: value.assignee_last_seen_at,
  });
}

/** A contact in a list: the contact partial, a search result or push event data. */
function contact(value: JsonObject): JsonObject {
  const extra = objectOr(value.additional_attributes) ?? {};
  return record({
    id: value.id,
    name: value.name,
    email: value.email,
    phone_number: value.phone_number,
    identifier: value.identifier,
    company_name: filled(extra.company_name),
    city: filled(extra.city),
    labels: value.labels,
    blocked: value.blocked === true ? true : undefined,
    last_activity_at: value.last_activity_at,
    conversations_count: value.conversations_count,
  });
}

/** One contact (get_contact): as in a list, with the country, custom attributes and the inboxes that reach them. */
function contactDetail(value: JsonObject): JsonObject {
  const extra = objectOr(value.additional_attributes) ?? {};
  const inboxes = Array.isArray(value.contact_inboxes)
    ? value.contact_inboxes.filter(isObject).map((entry) => record({ id: objectOr(entry.inbox)?.id, name: objectOr(entry.inbox)?.name, source_id: entry.source_id }))
    : undefined;
  const { last_activity_at: lastActivity, conversations_count: conversations, ...base } = contact(value);
  return record({
    ...base,
    country: filled(extra.country),
    custom_attributes: nonEmpty(value.custom_attributes),
    last_activity_at: lastActivity,
    conversations_count: conversations,
    inboxes: inboxes?.length ? inboxes : undefined,
  });
}

/** A notification: what happened (type, title), read or not, and the conversation it is about. */
function notification(value: JsonObject): JsonObject {
  const actor = objectOr(value.primary_actor);
  const secondary = objectOr(value.secondary_actor);
  // the secondary actor is the new or mentioning message, or the agent who assigned
  const by = secondary ? ("message_type" in secondary ? messageBrief(secondary) : named(secondary)) : value.secondary_actor;
  return record({
    id: value.id,
    notification_type: value.notification_type,
    push_message_title: value.push_message_title,
    read_at: value.read_at,
    snoozed_until: value.snoozed_until ?? undefined,
    last_activity_at: value.last_activity_at,
    conversation: actor && (value.primary_actor_type ?? "Conversation") === "Conversation" ? conversation(actor) : value.primary_actor,
    secondary_actor: by,
  });
}

/** A reporting event without the account id and the row's own timestamps. */
function reportingEvent(value: JsonObject): JsonObject {
  const { account_id: _account, created_at: _created, updated_at: _updated, ...rest } = value;
  return rest;
}

/** A CSAT rating: the rating and feedback, the conversation, the contact and the agent rated. */
function csatResponse(value: JsonObject): JsonObject {
  return record({
    id: value.id,
    rating: value.rating,
    feedback_message: value.feedback_message,
    csat_review_notes: value.csat_review_notes ?? undefined,
    conversation_id: value.conversation_id,
    contact: contactBrief(value.contact),
    assigned_agent: "assigned_agent" in value ? named(value.assigned_agent) : undefined,
    created_at: value.created_at,
  });
}

/** Every compact shape, by the name `x-view` gives it. */
export const SHAPES = {
  conversation,
  found_conversation: foundConversation,
  conversation_hit: conversationHit,
  message,
  found_message: foundMessage,
  messages_meta: messagesMeta,
  contact,
  contact_detail: contactDetail,
  notification,
  reporting_event: reportingEvent,
  csat_response: csatResponse,
} satisfies Record<string, Shaper>;

export type ShapeName = keyof typeof SHAPES;
export const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[];

/**
 * Where an answer's records sit and how each is shaped: a dotted path from the answer's top
 * (`data.payload`), or `$` for the whole answer. An array there has each of its objects shaped.
 */
export type ViewMap = Readonly<Record<string, ShapeName>>;

/** The compact view of a parsed answer; parts the map does not reach are kept as they are. */
export function compactBody(body: unknown, view: ViewMap): unknown {
  let out = body;
  for (const [path, shape] of Object.entries(view)) out = shapeAt(out, path === "$" ? [] : path.split("."), SHAPES[shape]);
  return out;
}

function shapeAt(node: unknown, keys: string[], shaper: Shaper): unknown {
  if (keys.length === 0) {
    if (Array.isArray(node)) return node.map((item) => (isObject(item) ? shaper(item) : item));
    return isObject(node) ? shaper(node) : node;
  }
  const [key, ...rest] = keys as [string, ...string[]];
  if (!isObject(node) || !(key in node)) return node;
  return { ...node, [key]: shapeAt(node[key], rest, shaper) as Json };
}
