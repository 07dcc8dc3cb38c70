/**
 * The operations whose effects the demo desk remembers. Each handler takes the request (path
 * parameters, query, JSON body) and answers the way the Chatwoot controller and view named in
 * its comment do, using the views of ./views.ts; the rest of the API answers from the spec's
 * sample responses (see backend.ts).
 */
import type { DemoStorage, UploadedFile } from "./storage.js";
import {
  activityMessage, conversationRecordId, CURRENT_AGENT_ID, MACRO_ACTIONS, settleConversation, stableUuid, storageUrl,
  type ChannelType, type DemoContact, type DemoConversation, type DemoDesk, type DemoMacro, type DemoMacroAction, type DemoMessage, type DemoNote, type DemoNotification,
} from "./sample-desk.js";
import {
  accountView, agentView, attachmentView, searchMessageView, contactView, conversationView, inboxView, isoTime, labelView, lastActivityAt, macroView, messagesMeta, messagesOf,
  messageView, noteView, notificationRecordView, notificationView, profileView, searchContactView, searchConversationView, teamView,
} from "./views.js";

export interface HandlerContext {
  desk: DemoDesk;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** where uploaded files are kept, so their links serve them */
  storage?: DemoStorage;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
}

type Handler = (context: HandlerContext) => HandlerResult;

const ok = (body?: unknown): HandlerResult => ({ status: 200, body });
const notFound = (what: string): HandlerResult => ({ status: 404, body: { error: `${what} not found` } });
const invalid = (message: string): HandlerResult => ({ status: 422, body: { message, errors: [message] } });
/** render_could_not_create_error (Chatwoot's request_exception_handler.rb): 422 with the message as error. */
const couldNotCreate = (message: string): HandlerResult => ({ status: 422, body: { error: message } });
const now = (): number => Math.floor(Date.now() / 1000);

/** Conversations per page: ConversationFinder (CONVERSATION_RESULTS_PER_PAGE, default 25). */
export const CONVERSATIONS_PER_PAGE = 25;
/** Contacts per page: ContactsController::RESULTS_PER_PAGE. */
export const CONTACTS_PER_PAGE = 15;
/** Messages per answer without cursors, or before a cursor: MessageFinder. */
export const MESSAGES_PER_PAGE = 20;
/** Messages after an `after` cursor: MessageFinder#messages_after. */
const MESSAGES_AFTER_LIMIT = 100;

/** The requested page number (1 when absent or not a positive number). */
function pageNumber(query: URLSearchParams): number {
  return Math.max(1, Math.floor(Number(query.get("page") ?? 1)) || 1);
}

/** One page of a list. */
function page<T>(items: T[], query: URLSearchParams, size: number): T[] {
  const number = pageNumber(query);
  return items.slice((number - 1) * size, number * size);
}

/** current_page as the contacts views render it: the raw `page` parameter (a string), or 1. */
function currentPage(query: URLSearchParams): string | number {
  return query.get("page") ?? 1;
}

function findConversation(context: HandlerContext): DemoConversation | undefined {
  return context.desk.conversations.find((conversation) => String(conversation.id) === context.params.conversation_id);
}

function findContact(context: HandlerContext): DemoContact | undefined {
  return context.desk.contacts.find((contact) => String(contact.id) === context.params.contact_id);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
}

/**
 * ConversationFinder#set_up: the conversations the counts are taken over (inbox, team, labels
 * (any of them), status (open by default, "all" for every status, not applied with q) and q
 * (text of incoming or outgoing messages)). The assignee filter comes after the counts.
 */
function findConversations(context: HandlerContext): DemoConversation[] {
  const { desk, query } = context;
  const status = query.get("status") ?? "open";
  const labels = query.getAll("labels[]");
  const text = query.get("q")?.toLowerCase();
  return desk.conversations.filter((conversation) =>
    (!query.has("inbox_id") || String(conversation.inbox_id) === query.get("inbox_id")) &&
    (!query.has("team_id") || String(conversation.team_id) === query.get("team_id")) &&
    (labels.length === 0 || labels.some((label) => conversation.labels.includes(label))) &&
    (text !== undefined || status === "all" || conversation.status === status) &&
    (text === undefined || messagesOf(desk, conversation).some((message) => message.message_type < 2 && (message.content ?? "").toLowerCase().includes(text))));
}

/** ConversationFinder#perform's counts: mine, assigned, unassigned and all, over the filtered set. */
function counts(conversations: DemoConversation[]) {
  const unassigned = conversations.filter((conversation) => conversation.assignee_id === null).length;
  return {
    mine_count: conversations.filter((conversation) => conversation.assignee_id === CURRENT_AGENT_ID).length,
    assigned_count: conversations.length - unassigned,
    unassigned_count: unassigned,
    all_count: conversations.length,
  };
}

/** ConversationFinder#filter_by_assignee_type. */
function byAssignee(conversations: DemoConversation[], assigneeType: string | null): DemoConversation[] {
  if (assigneeType === "me") return conversations.filter((conversation) => conversation.assignee_id === CURRENT_AGENT_ID);
  if (assigneeType === "unassigned") return conversations.filter((conversation) => conversation.assignee_id === null);
  if (assigneeType === "assigned") return conversations.filter((conversation) => conversation.assignee_id !== null);
  return conversations;
}

/** Latest activity first (ConversationFinder's default sort, last_activity_at_desc). */
/**
 * ConversationFinder#filter_by_conversation_type and #filter_by_updated_within: mention (a private
 * note names the current agent with @), participating (the current agent wrote in it or holds
 * it), unattended (no agent reply yet, or the customer waits); updated in the last N seconds.
 */
function byConversationType(context: HandlerContext, conversations: DemoConversation[]): DemoConversation[] {
  const { desk, query } = context;
  const me = desk.agents.find((agent) => agent.id === CURRENT_AGENT_ID);
  const handle = `@${(me?.name ?? "").split(" ")[0]}`.toLowerCase();
  const type = query.get("conversation_type");
  const within = Number(query.get("updated_within"));
  return conversations.filter((conversation) => {
    const messages = messagesOf(desk, conversation);
    if (type === "mention" && !messages.some((message) => message.private && (message.content ?? "").toLowerCase().includes(handle))) return false;
    if (type === "participating" && conversation.assignee_id !== CURRENT_AGENT_ID && !messages.some((message) => message.sender_type === "User" && message.sender_id === CURRENT_AGENT_ID)) return false;
    if (type === "unattended" && !(conversation.first_reply_created_at === 0 || conversation.waiting_since > 0)) return false;
    if (query.has("updated_within") && Number.isFinite(within) && conversation.updated_at < Date.now() / 1000 - within) return false;
    return true;
  });
}

const PRIORITY_RANK: Record<string, number> = { urgent: 4, high: 3, medium: 2, low: 1 };

/** ConversationFinder's sort_by options (default: latest activity first). */
function sortConversations(desk: DemoDesk, conversations: DemoConversation[], sortBy: string | null): DemoConversation[] {
  const rank = (conversation: DemoConversation) => PRIORITY_RANK[conversation.priority ?? ""] ?? 0;
  const orders: Record<string, (a: DemoConversation, b: DemoConversation) => number> = {
    last_activity_at_asc: (a, b) => lastActivityAt(desk, a) - lastActivityAt(desk, b),
    created_at_desc: (a, b) => b.created_at - a.created_at,
    created_at_asc: (a, b) => a.created_at - b.created_at,
    priority_desc: (a, b) => rank(b) - rank(a) || lastActivityAt(desk, b) - lastActivityAt(desk, a),
    priority_asc: (a, b) => rank(a) - rank(b) || lastActivityAt(desk, b) - lastActivityAt(desk, a),
    waiting_since_asc: (a, b) => (a.waiting_since || Infinity) - (b.waiting_since || Infinity),
    waiting_since_desc: (a, b) => (b.waiting_since || 0) - (a.waiting_since || 0),
    priority_desc_created_at_asc: (a, b) => rank(b) - rank(a) || a.created_at - b.created_at,
  };
  const order = sortBy ? orders[sortBy] : undefined;
  return order ? [...conversations].sort((a, b) => order(a, b) || b.id - a.id) : byLatestActivity(desk, conversations);
}

function byLatestActivity(desk: DemoDesk, conversations: DemoConversation[]): DemoConversation[] {
  return [...conversations].sort((a, b) => lastActivityAt(desk, b) - lastActivityAt(desk, a) || b.id - a.id);
}

/**
 * MessageFinder#current_messages: the latest 20; before a cursor the 20 before it; after a
 * cursor up to 100 after it; with both, everything from `after` (included) to `before`.
 */
function findMessages(messages: DemoMessage[], query: URLSearchParams): DemoMessage[] {
  const before = Number(query.get("before"));
  const after = Number(query.get("after"));
  const hasBefore = query.get("before") !== null && query.get("before") !== "";
  const hasAfter = query.get("after") !== null && query.get("after") !== "";
  if (hasBefore && hasAfter) return messages.filter((message) => message.id >= after && message.id < before).slice(0, 1000);
  if (hasBefore) return messages.filter((message) => message.id < before).slice(-MESSAGES_PER_PAGE);
  if (hasAfter) return messages.filter((message) => message.id > after).slice(0, MESSAGES_AFTER_LIMIT);
  return messages.slice(-MESSAGES_PER_PAGE);
}

/** Contacts that have an email, phone number or identifier (Contact.resolved_contacts). */
function resolvedContacts(contacts: DemoContact[]): DemoContact[] {
  return contacts.filter((contact) => contact.email || contact.phone_number || contact.identifier);
}

/** The contacts controller's Sift sorts: a key, "-" in front for descending; id order otherwise. */
function sortContacts(contacts: DemoContact[], sort: string | null): DemoContact[] {
  if (!sort) return contacts;
  const descending = sort.startsWith("-");
  const key = sort.replace(/^-/, "");
  const value = (contact: DemoContact): string | number | null => {
    if (key === "last_activity_at" || key === "created_at") return contact[key];
    if (key === "company_name" || key === "city" || key === "country") return (contact.additional_attributes[key] as string | undefined) ?? null;
    return (contact as unknown as Record<string, string | null>)[key] ?? null;
  };
  return [...contacts].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === y) return a.id - b.id;
    if (x === null) return 1; // nulls last either way
    if (y === null) return -1;
    return (x < y ? -1 : 1) * (descending ? -1 : 1);
  });
}

/** A page of contacts with meta.count (all matching) and current_page: contacts/index.json.jbuilder. */
function contactsPage(desk: DemoDesk, contacts: DemoContact[], query: URLSearchParams): HandlerResult {
  return ok({
    meta: { count: contacts.length, current_page: currentPage(query) },
    payload: page(contacts, query, CONTACTS_PER_PAGE).map((contact) => contactView(desk, contact, true)),
  });
}

/** Records an activity line in a conversation and moves its timestamps. */
function addActivity(desk: DemoDesk, conversation: DemoConversation, content: string): void {
  const message = activityMessage(conversation, content, now());
  message.id = desk.nextId.message++;
  desk.messages.push(message);
  settleConversation(desk, conversation);
}

const currentAgentName = (desk: DemoDesk): string => desk.agents.find((agent) => agent.id === CURRENT_AGENT_ID)?.name ?? "An agent";

/** The stored message create_message makes (MessageBuilder): the agent's, or the contact's when incoming. */
function newMessage(context: HandlerContext, conversation: DemoConversation, content: string): DemoMessage {
  const incoming = context.body.message_type === "incoming";
  const time = now();
  return {
    id: context.desk.nextId.message++, conversation_id: conversation.id, content,
    message_type: incoming ? 0 : 1, private: context.body.private === true,
    content_type: typeof context.body.content_type === "string" ? context.body.content_type : "text",
    content_attributes: context.body.content_attributes && typeof context.body.content_attributes === "object" ? (context.body.content_attributes as Record<string, unknown>) : {},
    status: "sent", source_id: null, sender_type: incoming ? "Contact" : "User", sender_id: incoming ? conversation.contact_id : CURRENT_AGENT_ID,
    created_at: time, updated_at: time, processed_message_content: content, additional_attributes: {}, attachments: [],
  };
}

/** URI::MailTo::EMAIL_REGEXP, which MessageBuilder#validate_email_addresses checks each address against. */
const EMAIL_REGEXP = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * MessageBuilder#process_emails: in an e-mail inbox, cc_emails, bcc_emails and to_emails
 * (comma-separated) become lists in content_attributes, each address checked; elsewhere nothing.
 * Answers the lists, or the error text for an invalid address.
 */
function processEmails(context: HandlerContext, conversation: DemoConversation): Record<string, string[]> | string | undefined {
  const inbox = context.desk.inboxes.find((candidate) => candidate.id === conversation.inbox_id);
  if (inbox?.channel_type !== "Channel::Email") return undefined;
  // process_email_string: blank gives []; whitespace goes, then a split on commas (Ruby drops trailing empty parts)
  const list = (value: unknown): string[] => {
    const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
    if (text.trim() === "") return [];
    const parts = text.replace(/\s+/g, "").split(",");
    while (parts.length > 0 && parts.at(-1) === "") parts.pop();
    return parts;
  };
  const emails = { cc_emails: list(context.body.cc_emails), bcc_emails: list(context.body.bcc_emails), to_emails: list(context.body.to_emails) };
  if ([...emails.cc_emails, ...emails.bcc_emails, ...emails.to_emails].some((address) => !EMAIL_REGEXP.test(address))) return "Invalid email address";
  return emails;
}

function conversationAttachments(context: HandlerContext): HandlerResult {
  const conversation = findConversation(context);
  if (!conversation) return notFound("Conversation");
  const attachments = context.desk.messages.filter((message) => message.conversation_id === conversation.id).flatMap((message) => message.attachments);
  return ok({ payload: attachments.map((attachment) => attachmentView(context.desk, attachment)) });
}

const conversationHandlers: Record<string, Handler> = {
  /** conversations_controller#index, view api/v1/accounts/conversations/index.json.jbuilder */
  list_conversations: (context) => {
    const found = byConversationType(context, findConversations(context));
    const listed = sortConversations(context.desk, byAssignee(found, context.query.get("assignee_type")), context.query.get("sort_by"));
    // ConversationFinder: with updated_within every match comes back, unpaged
    const shown = context.query.has("updated_within") ? listed : page(listed, context.query, CONVERSATIONS_PER_PAGE);
    return ok({ data: { meta: counts(found), payload: shown.map((conversation) => conversationView(context.desk, conversation)) } });
  },
  /** conversations_controller#meta: the same counts, without the list */
  // meta.json.jbuilder wraps the counts in data.meta
  get_conversation_counts: (context) => {
    const { assigned_count: _notInThisView, ...meta } = counts(findConversations(context));
    return ok({ data: { meta } });
  },
  get_conversation: (context) => {
    const conversation = findConversation(context);
    return conversation ? ok(conversationView(context.desk, conversation)) : notFound("Conversation");
  },
  /** conversations_controller#create (ConversationBuilder), view: the conversation partial */
  create_conversation: ({ desk, body }) => {
    const contact = desk.contacts.find((candidate) => candidate.id === body.contact_id) ?? desk.contacts[0]!;
    const inboxId = typeof body.inbox_id === "number" ? body.inbox_id : contact.contact_inboxes[0]?.inbox_id ?? 1;
    const time = now();
    const status = ["open", "resolved", "pending", "snoozed"].includes(body.status as string) ? (body.status as DemoConversation["status"]) : "open";
    const conversation: DemoConversation = {
      id: desk.nextId.conversation++, uuid: stableUuid(`conversation-new-${desk.nextId.conversation}-${time}`), inbox_id: inboxId, contact_id: contact.id,
      status, priority: null, assignee_id: typeof body.assignee_id === "number" ? body.assignee_id : null,
      team_id: typeof body.team_id === "number" ? body.team_id : null, labels: [],
      custom_attributes: (body.custom_attributes as Record<string, unknown>) ?? {}, additional_attributes: (body.additional_attributes as Record<string, unknown>) ?? {},
      snoozed_until: typeof body.snoozed_until === "number" ? body.snoozed_until : null, created_at: time, updated_at: time,
      agent_last_seen_at: 0, assignee_last_seen_at: 0, contact_last_seen_at: 0, first_reply_created_at: 0, waiting_since: 0, muted: false,
    };
    desk.conversations.push(conversation);
    const content = (body.message as { content?: unknown } | undefined)?.content;
    if (typeof content === "string" && content.trim() !== "") desk.messages.push(newMessage({ desk, params: {}, query: new URLSearchParams(), body: {} }, conversation, content));
    settleConversation(desk, conversation);
    return ok(conversationView(desk, conversation));
  },
  /** conversations_controller#update (priority, sla_policy_id), view: the conversation partial */
  update_conversation: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    if ("priority" in context.body) conversation.priority = (context.body.priority as DemoConversation["priority"]) ?? null;
    return ok(conversationView(context.desk, conversation));
  },
  /** conversations_controller#toggle_status, view toggle_status.json.jbuilder */
  set_conversation_status: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const status = context.body.status;
    if (status !== undefined && !["open", "resolved", "pending", "snoozed"].includes(status as string)) return invalid("status is not valid");
    conversation.status = (status as DemoConversation["status"] | undefined) ?? (conversation.status === "open" ? "resolved" : "open");
    conversation.snoozed_until = conversation.status === "snoozed" && typeof context.body.snoozed_until === "number" ? context.body.snoozed_until : null;
    addActivity(context.desk, conversation, `${currentAgentName(context.desk)} set the status to ${conversation.status}`);
    return ok({
      meta: {},
      payload: { success: true, conversation_id: conversation.id, current_status: conversation.status, snoozed_until: conversation.snoozed_until === null ? null : isoTime(conversation.snoozed_until) },
    });
  },
  /** conversations_controller#toggle_priority: head :ok */
  set_conversation_priority: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    conversation.priority = (context.body.priority as DemoConversation["priority"]) ?? null;
    return ok();
  },
  /** conversations/assignments_controller#create: the agent partial, or the team record */
  assign_conversation: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const { desk } = context;
    const { assignee_id: assigneeId, team_id: teamId } = context.body;
    if (typeof assigneeId === "number") {
      const agent = desk.agents.find((candidate) => candidate.id === assigneeId);
      if (!agent) return notFound("Agent");
      conversation.assignee_id = assigneeId;
      addActivity(desk, conversation, `${currentAgentName(desk)} gave this conversation to ${agent.name}`);
      return ok(agentView(desk, agent));
    }
    if (typeof teamId === "number") {
      const team = desk.teams.find((candidate) => candidate.id === teamId);
      if (!team) return notFound("Team");
      conversation.team_id = teamId;
      addActivity(desk, conversation, `${currentAgentName(desk)} handed this conversation to the team ${team.name}`);
      const created = isoTime(desk.account.created_at + team.id * 3600);
      return ok({ id: team.id, name: team.name, description: team.description, allow_auto_assign: team.allow_auto_assign, account_id: desk.account.id, created_at: created, updated_at: created });
    }
    conversation.assignee_id = null;
    return ok();
  },
  list_conversation_labels: (context) => {
    const conversation = findConversation(context);
    return conversation ? ok({ payload: conversation.labels }) : notFound("Conversation");
  },
  set_conversation_labels: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const labels = stringList(context.body.labels);
    if (!labels) return invalid("labels must be an array of label titles");
    conversation.labels = [...new Set(labels)];
    return ok({ payload: conversation.labels });
  },
};

const messageHandlers: Record<string, Handler> = {
  /** messages_controller#index (MessageFinder), view messages/index.json.jbuilder */
  list_messages: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const messages = findMessages(messagesOf(context.desk, conversation), context.query);
    return ok({ meta: messagesMeta(context.desk, conversation), payload: messages.map((message) => messageView(context.desk, message)) });
  },
  /** messages_controller#create (MessageBuilder), view messages/create.json.jbuilder: the message partial */
  create_message: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const content = typeof context.body.content === "string" ? context.body.content : "";
    const uploads = (Array.isArray(context.body.attachments) ? context.body.attachments : []) as UploadedFile[];
    if (content.trim() === "" && uploads.length === 0) return invalid("content can't be blank");
    const emails = processEmails(context, conversation);
    if (typeof emails === "string") return couldNotCreate(emails);
    const message = newMessage(context, conversation, content);
    if (emails) message.content_attributes = { ...message.content_attributes, ...emails };
    // MessageBuilder#process_attachments: one attachment per uploaded file, typed from its content type
    for (const upload of uploads) {
      const id = context.desk.nextId.attachment++;
      const blobId = 5000 + id;
      context.storage?.put(blobId, upload);
      const image = upload.content_type.startsWith("image/");
      message.attachments.push({
        id, message_id: message.id, file_type: image ? "image" : "file", extension: image ? null : (upload.filename.split(".").pop() ?? null),
        data_url: storageUrl("blobs", blobId, upload.filename), thumb_url: image ? storageUrl("representations", blobId, upload.filename) : "",
        file_size: upload.size, width: null, height: null,
      });
    }
    context.desk.messages.push(message);
    settleConversation(context.desk, conversation);
    return ok(messageView(context.desk, message));
  },
  /** search_controller#messages: messages whose text holds q (any case), newest first, 15 a page */
  search_messages: ({ desk, query }) => ok({ payload: { messages: searchMessages(desk, query).map((message) => searchMessageView(desk, message)) } }),
  /** conversations_controller#attachments: every attachment of the conversation, as push_event_data */
  list_conversation_attachments: (context) => conversationAttachments(context),
  view_attachment: (context) => conversationAttachments(context),
  /** messages_controller#destroy: the message stays, emptied and marked deleted */
  delete_message: (context) => {
    const message = context.desk.messages.find((candidate) => String(candidate.id) === context.params.message_id && String(candidate.conversation_id) === context.params.conversation_id);
    if (!message) return notFound("Message");
    Object.assign(message, { content: "This message was deleted", content_type: "text", content_attributes: { deleted: true }, attachments: [], processed_message_content: "This message was deleted" });
    return ok();
  },
};

const contactHandlers: Record<string, Handler> = {
  /** contacts_controller#index: resolved contacts, labels (any), Sift sort, 15 a page */
  list_contacts: ({ desk, query }) => {
    const labels = query.getAll("labels[]");
    const matching = resolvedContacts(desk.contacts).filter((contact) => labels.length === 0 || labels.some((label) => contact.labels.includes(label)));
    return contactsPage(desk, sortContacts(matching, query.get("sort")), query);
  },
  /**
   * contacts_controller#search: name, email, phone number or identifier contains q; meta.count
   * is this page's size and has_more says whether another page follows (search.json.jbuilder)
   */
  search_contacts: ({ desk, query }) => {
    const text = (query.get("q") ?? "").toLowerCase();
    const found = sortContacts(desk.contacts.filter((contact) => [contact.name, contact.email, contact.phone_number, contact.identifier].some((value) => value?.toLowerCase().includes(text))), query.get("sort"));
    const shown = page(found, query, CONTACTS_PER_PAGE);
    return ok({
      meta: { count: shown.length, current_page: currentPage(query), has_more: pageNumber(query) * CONTACTS_PER_PAGE < found.length },
      payload: shown.map((contact) => contactView(desk, contact, true)),
    });
  },
  /** contacts_controller#show, view contacts/show.json.jbuilder */
  get_contact: (context) => {
    const contact = findContact(context);
    return contact ? ok({ payload: contactView(context.desk, contact, true) }) : notFound("Contact");
  },
  /** contacts_controller#create, view contacts/create.json.jbuilder */
  create_contact: ({ desk, body }) => {
    const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
    if (text("email") && desk.contacts.some((contact) => contact.email === text("email"))) return invalid("Email has already been taken");
    const inbox = desk.inboxes.find((candidate) => candidate.id === body.inbox_id);
    const contact: DemoContact = {
      id: desk.nextId.contact++, name: text("name") ?? "", email: text("email"), phone_number: text("phone_number"),
      identifier: text("identifier"), thumbnail: "", blocked: body.blocked === true, labels: [],
      custom_attributes: (body.custom_attributes as Record<string, unknown>) ?? {},
      additional_attributes: (body.additional_attributes as Record<string, unknown>) ?? {}, created_at: now(), last_activity_at: null, contact_inboxes: [],
    };
    if (inbox) contact.contact_inboxes.push({ inbox_id: inbox.id, source_id: text("source_id") ?? stableUuid(`contact-inbox-${inbox.id}-${contact.id}`) });
    desk.contacts.push(contact);
    return ok({ payload: { contact: contactView(desk, contact, true), contact_inbox: { inbox: inbox ? inboxView(inbox) : null, source_id: contact.contact_inboxes[0]?.source_id ?? null } } });
  },
  /** contacts_controller#update (attributes are merged), view contacts/update.json.jbuilder */
  update_contact: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    for (const key of ["name", "email", "phone_number", "identifier"] as const) {
      if (typeof context.body[key] === "string") contact[key] = context.body[key] as string;
    }
    if (typeof context.body.blocked === "boolean") contact.blocked = context.body.blocked;
    for (const key of ["custom_attributes", "additional_attributes"] as const) {
      if (context.body[key] && typeof context.body[key] === "object") contact[key] = { ...contact[key], ...(context.body[key] as object) };
    }
    return ok({ payload: contactView(context.desk, contact, true) });
  },
  delete_contact: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    context.desk.contacts.splice(context.desk.contacts.indexOf(contact), 1);
    return ok();
  },
  /** contacts/conversations_controller#index: the contact's latest 20, the conversation partial */
  list_contact_conversations: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const conversations = byLatestActivity(context.desk, context.desk.conversations.filter((conversation) => conversation.contact_id === contact.id)).slice(0, 20);
    return ok({ payload: conversations.map((conversation) => conversationView(context.desk, conversation)) });
  },
  list_contact_labels: (context) => {
    const contact = findContact(context);
    return contact ? ok({ payload: contact.labels }) : notFound("Contact");
  },
  set_contact_labels: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const labels = stringList(context.body.labels);
    if (!labels) return invalid("labels must be an array of label titles");
    contact.labels = [...new Set(labels)];
    return ok({ payload: contact.labels });
  },
};

const labelHandlers: Record<string, Handler> = {
  list_labels: ({ desk }) => ok({ payload: desk.labels.map(labelView) }),
  get_label: ({ desk, params }) => {
    const label = desk.labels.find((candidate) => String(candidate.id) === params.label_id);
    return label ? ok(labelView(label)) : notFound("Label");
  },
  create_label: ({ desk, body }) => {
    if (typeof body.title !== "string" || body.title.trim() === "") return invalid("title can't be blank");
    if (desk.labels.some((label) => label.title === body.title)) return invalid("Title has already been taken");
    const label = {
      id: desk.nextId.label++, title: body.title, description: typeof body.description === "string" ? body.description : "",
      color: typeof body.color === "string" ? body.color : "#1f93ff", show_on_sidebar: body.show_on_sidebar !== false,
    };
    desk.labels.push(label);
    return ok(labelView(label));
  },
  update_label: ({ desk, params, body }) => {
    const label = desk.labels.find((candidate) => String(candidate.id) === params.label_id);
    if (!label) return notFound("Label");
    Object.assign(label, Object.fromEntries(Object.entries(body).filter(([key]) => ["title", "description", "color", "show_on_sidebar"].includes(key))));
    return ok(labelView(label));
  },
  delete_label: ({ desk, params }) => {
    const index = desk.labels.findIndex((candidate) => String(candidate.id) === params.label_id);
    if (index < 0) return notFound("Label");
    desk.labels.splice(index, 1);
    return ok();
  },
};

const accountHandlers: Record<string, Handler> = {
  /** profiles_controller#show, view api/v1/models/_user.json.jbuilder */
  get_profile: ({ desk }) => ok(profileView(desk, desk.agents.find((agent) => agent.id === CURRENT_AGENT_ID)!)),
  /** accounts_controller#show */
  get_account: ({ desk }) => ok(accountView(desk)),
  /** agents_controller#index: the agent partial for each */
  list_agents: ({ desk }) => ok(desk.agents.map((agent) => agentView(desk, agent))),
  /** inboxes_controller#index: payload of inbox partials */
  list_inboxes: ({ desk }) => ok({ payload: desk.inboxes.map(inboxView) }),
  get_inbox: ({ desk, params }) => {
    const inbox = desk.inboxes.find((candidate) => String(candidate.id) === params.inbox_id);
    return inbox ? ok(inboxView(inbox)) : notFound("Inbox");
  },
  /** teams_controller#index: the team partial for each */
  list_teams: ({ desk }) => ok(desk.teams.map((team) => teamView(desk, team))),
  get_team: ({ desk, params }) => {
    const team = desk.teams.find((candidate) => String(candidate.id) === params.team_id);
    return team ? ok(teamView(desk, team)) : notFound("Team");
  },
};

/** A number from a JSON value or its text (Rails casts either), or undefined. */
function integer(value: unknown): number | undefined {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The conversations whose numbers are listed (numbers or their text); others are skipped, as Chatwoot's jobs do. */
function listedConversations(desk: DemoDesk, ids: unknown): DemoConversation[] {
  if (!Array.isArray(ids)) return [];
  const wanted = new Set(ids.map(integer).filter((id) => id !== undefined));
  return desk.conversations.filter((conversation) => wanted.has(conversation.id));
}

const STATUSES: readonly DemoConversation["status"][] = ["open", "resolved", "pending", "snoozed"];
const PRIORITIES: readonly NonNullable<DemoConversation["priority"]>[] = ["urgent", "high", "medium", "low"];

/** A status change, with its activity line; leaving snoozed clears snoozed_until (Conversation#ensure_snooze_until_reset). */
function changeStatus(desk: DemoDesk, conversation: DemoConversation, status: DemoConversation["status"], snoozedUntil: number | null = null): void {
  if (conversation.status === status && (status !== "snoozed" || snoozedUntil === conversation.snoozed_until)) return;
  conversation.status = status;
  conversation.snoozed_until = status === "snoozed" ? snoozedUntil : null;
  addActivity(desk, conversation, `${currentAgentName(desk)} set the status to ${status}`);
}

/** An assignment change (null: unassign), with its activity line. */
function changeAssignee(desk: DemoDesk, conversation: DemoConversation, agentId: number | null): void {
  if (conversation.assignee_id === agentId) return;
  const agent = desk.agents.find((candidate) => candidate.id === agentId);
  conversation.assignee_id = agent ? agent.id : null;
  addActivity(desk, conversation, agent ? `${currentAgentName(desk)} gave this conversation to ${agent.name}` : `${currentAgentName(desk)} unassigned this conversation`);
}

/** A team change (null: no team), with its activity line. */
function changeTeam(desk: DemoDesk, conversation: DemoConversation, teamId: number | null): void {
  if (conversation.team_id === teamId) return;
  const team = desk.teams.find((candidate) => candidate.id === teamId);
  conversation.team_id = team ? team.id : null;
  addActivity(desk, conversation, team ? `${currentAgentName(desk)} handed this conversation to the team ${team.name}` : `${currentAgentName(desk)} took this conversation off its team`);
}

/** Labels added or removed (label titles), with the activity lines Chatwoot writes ("added", "removed"). */
function changeLabels(desk: DemoDesk, conversation: DemoConversation, add: string[], remove: string[]): void {
  const removed = conversation.labels.filter((label) => remove.includes(label));
  const added = [...new Set(add)].filter((label) => !conversation.labels.includes(label) || removed.includes(label));
  if (removed.length > 0) {
    conversation.labels = conversation.labels.filter((label) => !removed.includes(label));
    addActivity(desk, conversation, `${currentAgentName(desk)} removed ${removed.join(", ")}`);
  }
  if (added.length > 0) {
    conversation.labels = [...conversation.labels, ...added.filter((label) => !conversation.labels.includes(label))];
    addActivity(desk, conversation, `${currentAgentName(desk)} added ${added.join(", ")}`);
  }
}

/** Label titles from a list (other items are left out, as Rails' permit does). */
const titles = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

const bulkHandlers: Record<string, Handler> = {
  /**
   * bulk_actions_controller#create with BulkActionsJob, applied at once: the assignee and team are
   * checked first (422 "Invalid assignee_id" / "Invalid team_id"; team 0 removes the team), then
   * labels to remove go, then on each listed conversation labels are added and the fields set.
   * head :ok
   */
  bulk_update_conversations: ({ desk, query, body }) => {
    const type = String(query.get("type") ?? body.type ?? "");
    if (type.charAt(0).toUpperCase() + type.slice(1) !== "Conversation") return { status: 422, body: { success: false } };
    const fields = isRecord(body.fields) ? body.fields : {};
    const assigneeId = fields.assignee_id === undefined || fields.assignee_id === null ? undefined : integer(fields.assignee_id);
    if (fields.assignee_id !== undefined && fields.assignee_id !== null && !desk.agents.some((agent) => agent.id === assigneeId)) return couldNotCreate("Invalid assignee_id");
    const teamId = fields.team_id === undefined || fields.team_id === null ? undefined : integer(fields.team_id);
    if (fields.team_id !== undefined && fields.team_id !== null && teamId !== 0 && !desk.teams.some((team) => team.id === teamId)) return couldNotCreate("Invalid team_id");
    const status = STATUSES.find((candidate) => candidate === fields.status);
    const labels = isRecord(body.labels) ? body.labels : {};
    const conversations = listedConversations(desk, body.ids);
    for (const conversation of conversations) changeLabels(desk, conversation, [], titles(labels.remove));
    for (const conversation of conversations) {
      changeLabels(desk, conversation, titles(labels.add), []);
      if (status) changeStatus(desk, conversation, status, status === "snoozed" ? integer(body.snoozed_until) ?? null : null);
      if (assigneeId !== undefined) changeAssignee(desk, conversation, assigneeId);
      if (teamId !== undefined) changeTeam(desk, conversation, teamId === 0 ? null : teamId);
    }
    return ok();
  },
};

function findNote(context: HandlerContext, contact: DemoContact): DemoNote | undefined {
  return context.desk.notes.find((note) => note.contact_id === contact.id && String(note.id) === context.params.note_id);
}

const noteHandlers: Record<string, Handler> = {
  /** contacts/notes_controller#index: the contact's notes, newest first (Note.latest) */
  list_contact_notes: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const notes = context.desk.notes.filter((note) => note.contact_id === contact.id).sort((a, b) => b.created_at - a.created_at || b.id - a.id);
    return ok(notes.map((note) => noteView(context.desk, note)));
  },
  /** contacts/notes_controller#create: written by the caller; content can't be blank */
  create_contact_note: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const content = context.body.content;
    if (typeof content !== "string" || content.trim() === "") return invalid("Content can't be blank");
    const time = now();
    const note: DemoNote = { id: context.desk.nextId.note++, contact_id: contact.id, content, user_id: CURRENT_AGENT_ID, created_at: time, updated_at: time };
    context.desk.notes.push(note);
    return ok(noteView(context.desk, note));
  },
  get_contact_note: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const note = findNote(context, contact);
    return note ? ok(noteView(context.desk, note)) : notFound("Note");
  },
  /** contacts/notes_controller#update: `@note.update`, so a blank text leaves the note as it was */
  update_contact_note: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const note = findNote(context, contact);
    if (!note) return notFound("Note");
    const content = context.body.content;
    if (typeof content === "string" && content.trim() !== "" && content !== note.content) Object.assign(note, { content, updated_at: now() });
    return ok(noteView(context.desk, note));
  },
  /** contacts/notes_controller#destroy: head :ok */
  delete_contact_note: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    const note = findNote(context, contact);
    if (!note) return notFound("Note");
    context.desk.notes.splice(context.desk.notes.indexOf(note), 1);
    return ok();
  },
};

const findMacro = ({ desk, params }: HandlerContext): DemoMacro | undefined => desk.macros.find((macro) => String(macro.id) === params.macro_id);

/** The actions of a create or update body, or Macro#json_actions_format's complaint (actions it does not know). */
function macroActions(value: unknown): DemoMacroAction[] | HandlerResult {
  if (!Array.isArray(value)) return { status: 422, body: { error: { actions: ["must be a list of actions"] } } };
  const actions = value.map((item) => (isRecord(item) ? item : {}));
  const unknown = actions.map((action) => action.action_name).filter((name) => typeof name !== "string" || !(MACRO_ACTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) return { status: 422, body: { error: { actions: [`Macro execution actions ${unknown.map(String).join(",")} not supported.`] } } };
  return actions.map((action) => ({ action_name: action.action_name as string, action_params: Array.isArray(action.action_params) ? action.action_params : [] }));
}

const visibilityOf = (value: unknown): DemoMacro["visibility"] => (value === "global" || value === "personal" ? value : null);

/**
 * Macros::ExecutionService on one conversation, action by action (ActionService): labels, agent
 * ("self", an agent id, or "nil" to unassign), team (0 or "nil" removes it), status, priority,
 * mute, and messages (send_message) and private notes (add_private_note) as the caller. E-mail
 * transcripts, webhooks and attachments are not run in the demo.
 */
function runMacro(desk: DemoDesk, macro: DemoMacro, conversation: DemoConversation): void {
  for (const { action_name: name, action_params: params } of macro.actions) {
    const first = params[0];
    if (name === "add_label") changeLabels(desk, conversation, params.map(String), []);
    else if (name === "remove_label") changeLabels(desk, conversation, [], params.map(String));
    else if (name === "assign_agent") {
      const agentId = first === "self" ? CURRENT_AGENT_ID : first === "nil" ? null : integer(first);
      if (agentId === null || desk.agents.some((agent) => agent.id === agentId)) changeAssignee(desk, conversation, agentId ?? null);
    } else if (name === "remove_assigned_agent") changeAssignee(desk, conversation, null);
    else if (name === "assign_team") {
      const teamId = first === "nil" ? 0 : integer(first);
      if (teamId === 0) changeTeam(desk, conversation, null);
      else if (desk.teams.some((team) => team.id === teamId)) changeTeam(desk, conversation, teamId!);
    } else if (name === "remove_assigned_team") changeTeam(desk, conversation, null);
    else if (name === "change_status") {
      const status = STATUSES.find((candidate) => candidate === first);
      if (status) changeStatus(desk, conversation, status);
    } else if (name === "resolve_conversation") changeStatus(desk, conversation, "resolved");
    else if (name === "snooze_conversation") changeStatus(desk, conversation, "snoozed");
    else if (name === "mute_conversation") conversation.muted = true;
    else if (name === "change_priority") {
      const priority = first === "nil" ? null : PRIORITIES.find((candidate) => candidate === first);
      if (priority !== undefined) conversation.priority = priority;
    } else if ((name === "send_message" || name === "add_private_note") && typeof first === "string" && first.trim() !== "") {
      const context: HandlerContext = { desk, params: {}, query: new URLSearchParams(), body: { private: name === "add_private_note" } };
      desk.messages.push(newMessage(context, conversation, first));
      settleConversation(desk, conversation);
    }
  }
}

const macroHandlers: Record<string, Handler> = {
  /** macros_controller#index: every macro for an administrator, payload of the macro partial */
  list_macros: ({ desk }) => ok({ payload: desk.macros.map((macro) => macroView(desk, macro)) }),
  get_macro: (context) => {
    const macro = findMacro(context);
    return macro ? ok({ payload: macroView(context.desk, macro) }) : notFound("Macro");
  },
  /** macros_controller#create: the caller's macro; 422 with the model's errors when invalid */
  create_macro: ({ desk, body }) => {
    if (typeof body.name !== "string" || body.name.trim() === "") return { status: 422, body: { error: { name: ["can't be blank"] } } };
    const actions = macroActions(body.actions);
    if (!Array.isArray(actions)) return actions;
    const macro: DemoMacro = { id: desk.nextId.macro++, name: body.name, visibility: visibilityOf(body.visibility) ?? "personal", created_by_id: CURRENT_AGENT_ID, updated_by_id: CURRENT_AGENT_ID, actions };
    desk.macros.push(macro);
    return ok({ payload: macroView(desk, macro) });
  },
  /** macros_controller#update: name and actions when sent; visibility always written (null when absent) */
  update_macro: (context) => {
    const macro = findMacro(context);
    if (!macro) return notFound("Macro");
    const { body } = context;
    if ("name" in body && (typeof body.name !== "string" || body.name.trim() === "")) return { status: 422, body: { error: { name: ["can't be blank"] } } };
    const actions = "actions" in body ? macroActions(body.actions) : macro.actions;
    if (!Array.isArray(actions)) return actions;
    Object.assign(macro, { name: typeof body.name === "string" ? body.name : macro.name, actions, visibility: visibilityOf(body.visibility), updated_by_id: CURRENT_AGENT_ID });
    return ok({ payload: macroView(context.desk, macro) });
  },
  delete_macro: (context) => {
    const macro = findMacro(context);
    if (!macro) return notFound("Macro");
    context.desk.macros.splice(context.desk.macros.indexOf(macro), 1);
    return ok();
  },
  /** macros_controller#execute (MacrosExecutionJob, run at once here): head :ok; unknown conversations are skipped */
  execute_macro: (context) => {
    const macro = findMacro(context);
    if (!macro) return notFound("Macro");
    for (const conversation of listedConversations(context.desk, context.body.conversation_ids)) runMacro(context.desk, macro, conversation);
    return ok();
  },
};

const currentAgent = (desk: DemoDesk) => desk.agents.find((agent) => agent.id === CURRENT_AGENT_ID)!;

const profileHandlers: Record<string, Handler> = {
  /** profiles_controller#availability: the caller's account_user in that account, then the profile view */
  set_profile_availability: ({ desk, body }) => {
    if (integer(body.account_id) !== desk.account.id) return notFound("Account");
    const availability = (["online", "busy", "offline"] as const).find((candidate) => candidate === body.availability);
    if (!availability) return invalid("availability is not valid");
    currentAgent(desk).availability_status = availability;
    return ok(profileView(desk, currentAgent(desk)));
  },
  /** profiles_controller#auto_offline: `auto_offline || false`, then the profile view */
  set_profile_auto_offline: ({ desk, body }) => {
    if (integer(body.account_id) !== desk.account.id) return notFound("Account");
    currentAgent(desk).auto_offline = body.auto_offline === true || body.auto_offline === "true";
    return ok(profileView(desk, currentAgent(desk)));
  },
};

/** Notifications per page: NotificationFinder::RESULTS_PER_PAGE. */
const NOTIFICATIONS_PER_PAGE = 15;

const findNotification = ({ desk, params }: HandlerContext): DemoNotification | undefined =>
  desk.notifications.find((notification) => String(notification.id) === params.notification_id);

/** NotificationFinder#set_up: snoozed ones only with includes[]=snoozed, read ones only with includes[]=read. */
function findNotifications(desk: DemoDesk, includes: string[]): DemoNotification[] {
  return desk.notifications.filter((notification) =>
    (includes.includes("snoozed") || notification.snoozed_until === null) && (includes.includes("read") || notification.read_at === null));
}

const notificationHandlers: Record<string, Handler> = {
  /** notifications_controller#index (NotificationFinder): by last activity (desc unless sort_order=asc), 15 a page */
  list_notifications: ({ desk, query }) => {
    const found = findNotifications(desk, query.getAll("includes[]"));
    const direction = query.get("sort_order") === "asc" ? 1 : -1;
    const sorted = [...found].sort((a, b) => (a.last_activity_at - b.last_activity_at || a.id - b.id) * direction);
    return ok({
      data: {
        meta: { unread_count: found.filter((notification) => notification.read_at === null).length, count: found.length, current_page: currentPage(query) },
        payload: page(sorted, query, NOTIFICATIONS_PER_PAGE).map((notification) => notificationView(desk, notification)),
      },
    });
  },
  /** notifications_controller#unread_count: unread and not snoozed, as a bare number */
  count_unread_notifications: ({ desk }) => ok(findNotifications(desk, []).length),
  /**
   * notifications_controller#read_all: the unread ones of one conversation (its row id), or every
   * unread one when primary_actor_id names no conversation (set_primary_actor finds none); head :ok
   */
  mark_all_notifications_read: ({ desk, query }) => {
    const actor = query.get("primary_actor_type") === "Conversation"
      ? desk.conversations.find((conversation) => String(conversationRecordId(conversation.id)) === query.get("primary_actor_id"))
      : undefined;
    const time = now();
    for (const notification of desk.notifications) {
      if (notification.read_at === null && (!actor || notification.conversation_id === actor.id)) Object.assign(notification, { read_at: time, updated_at: time });
    }
    return ok();
  },
  /** notifications_controller#destroy_all (Notification::DeleteNotificationJob, at once here): the read ones with type read, else all */
  delete_all_notifications: ({ desk, body }) => {
    desk.notifications = body.type === "read" ? desk.notifications.filter((notification) => notification.read_at === null) : [];
    return ok();
  },
  /** notifications_controller#update: read now; the record */
  mark_notification_read: (context) => {
    const notification = findNotification(context);
    if (!notification) return notFound("Notification");
    const time = now();
    Object.assign(notification, { read_at: time, updated_at: time });
    return ok(notificationRecordView(context.desk, notification));
  },
  /** notifications_controller#unread: read_at cleared; the record */
  mark_notification_unread: (context) => {
    const notification = findNotification(context);
    if (!notification) return notFound("Notification");
    Object.assign(notification, { read_at: null, updated_at: now() });
    return ok(notificationRecordView(context.desk, notification));
  },
  /** notifications_controller#snooze: snoozed_until from Unix seconds, meta.last_snoozed_at cleared; the record */
  snooze_notification: (context) => {
    const notification = findNotification(context);
    if (!notification) return notFound("Notification");
    if (context.body.snoozed_until !== undefined && context.body.snoozed_until !== null) {
      const until = integer(context.body.snoozed_until);
      if (until === undefined || Math.abs(until) > 8.64e12) return invalid("snoozed_until must be Unix seconds");
      Object.assign(notification, { snoozed_until: until, updated_at: now(), meta: { ...notification.meta, last_snoozed_at: null } });
    }
    return ok(notificationRecordView(context.desk, notification));
  },
  /** notifications_controller#destroy: head :ok */
  delete_notification: (context) => {
    const notification = findNotification(context);
    if (!notification) return notFound("Notification");
    context.desk.notifications.splice(context.desk.notifications.indexOf(notification), 1);
    return ok();
  },
};

/** Search results per page and kind: SearchService. */
const SEARCH_PER_PAGE = 15;

/** SearchService#filter_conversations: number, or the contact's name, email, phone or identifier, holds q (ILIKE); newest first. */
function searchConversations(desk: DemoDesk, query: URLSearchParams): DemoConversation[] {
  const q = (query.get("q") ?? "").trim().toLowerCase();
  const found = desk.conversations.filter((conversation) => {
    const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
    return [String(conversation.id), contact?.name, contact?.email, contact?.phone_number, contact?.identifier].some((value) => value?.toLowerCase().includes(q));
  });
  return page(found.sort((a, b) => b.created_at - a.created_at || b.id - a.id), query, SEARCH_PER_PAGE);
}

/** SearchService#filter_messages: text holds q (any case), newest first, activities left out. */
function searchMessages(desk: DemoDesk, query: URLSearchParams): DemoMessage[] {
  const q = (query.get("q") ?? "").trim().toLowerCase();
  const found = desk.messages
    .filter((message) => message.message_type !== 2 && q !== "" && (message.content ?? "").toLowerCase().includes(q))
    .sort((a, b) => b.created_at - a.created_at || b.id - a.id);
  return page(found, query, SEARCH_PER_PAGE);
}

/** SearchService#filter_contacts: resolved contacts whose name, email, phone or identifier holds q, latest activity first (nulls last). */
function searchContacts(desk: DemoDesk, query: URLSearchParams): DemoContact[] {
  const q = (query.get("q") ?? "").trim().toLowerCase();
  const found = resolvedContacts(desk.contacts)
    .filter((contact) => [contact.name, contact.email, contact.phone_number, contact.identifier].some((value) => value?.toLowerCase().includes(q)))
    .sort((a, b) => (b.last_activity_at ?? -Infinity) - (a.last_activity_at ?? -Infinity) || a.id - b.id);
  return page(found, query, SEARCH_PER_PAGE);
}

const searchHandlers: Record<string, Handler> = {
  /** search_controller#conversations, view search/conversations.json.jbuilder */
  search_conversations: ({ desk, query }) => ok({ payload: { conversations: searchConversations(desk, query).map((conversation) => searchConversationView(desk, conversation)) } }),
  /** search_controller#index, view search/index.json.jbuilder; the demo desk has no help center, so no articles */
  search_all: ({ desk, query }) => ok({
    payload: {
      conversations: searchConversations(desk, query).map((conversation) => searchConversationView(desk, conversation)),
      contacts: searchContacts(desk, query).map(searchContactView),
      messages: searchMessages(desk, query).map((message) => searchMessageView(desk, message)),
      articles: [],
    },
  }),
};

/** Conversation.unattended: no first reply yet, or waiting for one. */
const unattended = (conversation: DemoConversation): boolean => conversation.first_reply_created_at === 0 || conversation.waiting_since !== 0;

/** live_reports_controller#load_conversations: the account's, or one team's. */
function liveConversations({ desk, query }: HandlerContext): DemoConversation[] {
  const teamId = query.get("team_id");
  return desk.conversations.filter((conversation) => teamId === null || teamId === "" || String(conversation.team_id) === teamId);
}

const liveReportHandlers: Record<string, Handler> = {
  /** live_reports_controller#conversation_metrics */
  get_live_conversation_metrics: (context) => {
    const conversations = liveConversations(context);
    const open = conversations.filter((conversation) => conversation.status === "open");
    return ok({
      open: open.length,
      unattended: open.filter(unattended).length,
      unassigned: open.filter((conversation) => conversation.assignee_id === null).length,
      pending: conversations.filter((conversation) => conversation.status === "pending").length,
    });
  },
  /** live_reports_controller#grouped_conversation_metrics: one row per group with open conversations (by group id, none last) */
  get_grouped_live_conversation_metrics: (context) => {
    const groupBy = context.query.get("group_by");
    if (groupBy !== "team_id" && groupBy !== "assignee_id") return { status: 422, body: { error: "invalid group_by" } };
    const open = liveConversations(context).filter((conversation) => conversation.status === "open");
    const groups = [...new Set(open.map((conversation) => conversation[groupBy]))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    return ok(groups.map((group) => {
      const members = open.filter((conversation) => conversation[groupBy] === group);
      return { open: members.length, unattended: members.filter(unattended).length, unassigned: members.filter((conversation) => conversation.assignee_id === null).length, [groupBy]: group };
    }));
  },
};

/** A CSV line as Ruby's CSV.generate_line writes it: fields with a comma, quote or line break quoted. */
function csvLine(fields: (string | number)[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(String(field)) ? `"${String(field).replaceAll('"', '""')}"` : String(field))).join(",")}\n`;
}

/** Reports::TimeFormatPresenter#format: the two largest units, "--" for none (units written as in spec/'s examples). */
function readableTime(seconds: number): string {
  const total = Math.round(seconds);
  if (!Number.isFinite(total) || total <= 0) return "--";
  const parts = [["Day", Math.floor(total / 86400)], ["Hour", Math.floor((total % 86400) / 3600)], ["Minute", Math.floor((total % 3600) / 60)], ["Second", total % 60]] as const;
  return parts.filter(([, value]) => value > 0).slice(0, 2).map(([unit, value]) => `${value} ${unit}${value === 1 ? "" : "s"}`).join(" ");
}

const average = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/**
 * V2::ReportBuilder's figures for a set of conversations, from the desk: conversations (created in
 * the period when since and until are both given), average first response (first reply after
 * creation), resolution (last activity of resolved ones after creation) and customer waiting time
 * (each customer message to the next reply), and resolutions.
 */
function reportFigures(desk: DemoDesk, conversations: DemoConversation[], query: URLSearchParams): (string | number)[] {
  const since = integer(query.get("since")), until = integer(query.get("until"));
  const inPeriod = since !== undefined && until !== undefined ? conversations.filter((conversation) => conversation.created_at >= since && conversation.created_at <= until) : conversations;
  const firstResponses = inPeriod.filter((conversation) => conversation.first_reply_created_at > 0).map((conversation) => conversation.first_reply_created_at - conversation.created_at);
  const resolved = inPeriod.filter((conversation) => conversation.status === "resolved");
  const waits = inPeriod.flatMap((conversation) => {
    const messages = messagesOf(desk, conversation).filter((message) => !message.private && message.message_type < 2);
    return messages.flatMap((message, index) => {
      const previous = messages[index - 1];
      return message.message_type === 1 && previous?.message_type === 0 ? [message.created_at - previous.created_at] : [];
    });
  });
  return [
    inPeriod.length,
    readableTime(average(firstResponses)),
    readableTime(average(resolved.map((conversation) => lastActivityAt(desk, conversation) - conversation.created_at))),
    readableTime(average(waits)),
    resolved.length,
  ];
}

/** Inbox#channel's name, as the inboxes report's "Inbox type" column shows it. */
const CHANNEL_NAMES: Record<ChannelType, string> = { "Channel::WebWidget": "Website", "Channel::Email": "Email", "Channel::Api": "API", "Channel::Whatsapp": "Whatsapp" };

const REPORT_TAIL = ["Conversations count", "Avg first response time", "Avg resolution time", "Avg customer waiting time", "Resolution count"];

/**
 * The CSV reports (reports_controller#agents, #inboxes, #labels, #teams with ReportsHelper): one
 * row per agent, inbox, label or team of the desk, headers as spec/'s examples. body is the CSV
 * text; see the note in the report about backend.ts, which sends a handler's body as JSON.
 */
export const csvReportHandlers: Record<string, Handler> = {
  export_agents_report: ({ desk, query }) => ok([
    csvLine(["Agent name", ...REPORT_TAIL]),
    ...desk.agents.map((agent) => csvLine([agent.name, ...reportFigures(desk, desk.conversations.filter((conversation) => conversation.assignee_id === agent.id), query)])),
  ].join("")),
  export_inboxes_report: ({ desk, query }) => ok([
    csvLine(["Inbox name", "Inbox type", ...REPORT_TAIL]),
    ...desk.inboxes.map((inbox) => csvLine([inbox.name, CHANNEL_NAMES[inbox.channel_type], ...reportFigures(desk, desk.conversations.filter((conversation) => conversation.inbox_id === inbox.id), query)])),
  ].join("")),
  export_labels_report: ({ desk, query }) => ok([
    csvLine(["Label title", ...REPORT_TAIL]),
    ...desk.labels.map((label) => csvLine([label.title, ...reportFigures(desk, desk.conversations.filter((conversation) => conversation.labels.includes(label.title)), query)])),
  ].join("")),
  export_teams_report: ({ desk, query }) => ok([
    csvLine(["Team name", ...REPORT_TAIL]),
    ...desk.teams.map((team) => csvLine([team.name, ...reportFigures(desk, desk.conversations.filter((conversation) => conversation.team_id === team.id), query)])),
  ].join("")),
};

/** The operations whose effects the demo desk remembers, keyed by tool name. */
export const stateHandlers: Record<string, Handler> = {
  ...accountHandlers,
  ...conversationHandlers,
  ...messageHandlers,
  ...contactHandlers,
  ...labelHandlers,
  ...bulkHandlers,
  ...noteHandlers,
  ...macroHandlers,
  ...profileHandlers,
  ...notificationHandlers,
  ...searchHandlers,
  ...liveReportHandlers,
  ...csvReportHandlers,
};
