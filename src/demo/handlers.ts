/**
 * The operations whose effects the demo desk remembers. Each handler takes the request (path
 * parameters, query, JSON body) and answers the way the Chatwoot controller and view named in
 * its comment do, using the views of ./views.ts; the rest of the API answers from the spec's
 * sample responses (see backend.ts).
 */
import type { DemoStorage, UploadedFile } from "./storage.js";
import { activityMessage, CURRENT_AGENT_ID, settleConversation, stableUuid, storageUrl, type DemoContact, type DemoConversation, type DemoDesk, type DemoMessage } from "./sample-desk.js";
import {
  accountView, agentView, attachmentView, searchMessageView, contactView, conversationView, inboxView, isoTime, labelView, lastActivityAt, messagesMeta, messagesOf, messageView, profileView, teamView,
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

function conversationAttachments(context: HandlerContext): HandlerResult {
  const conversation = findConversation(context);
  if (!conversation) return notFound("Conversation");
  const attachments = context.desk.messages.filter((message) => message.conversation_id === conversation.id).flatMap((message) => message.attachments);
  return ok({ payload: attachments.map((attachment) => attachmentView(context.desk, attachment)) });
}

const conversationHandlers: Record<string, Handler> = {
  /** conversations_controller#index, view api/v1/accounts/conversations/index.json.jbuilder */
  list_conversations: (context) => {
    const found = findConversations(context);
    const listed = byLatestActivity(context.desk, byAssignee(found, context.query.get("assignee_type")));
    return ok({ data: { meta: counts(found), payload: page(listed, context.query, CONVERSATIONS_PER_PAGE).map((conversation) => conversationView(context.desk, conversation)) } });
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
    const message = newMessage(context, conversation, content);
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
  search_messages: (context) => {
    const q = (context.query.get("q") ?? "").toLowerCase();
    const found = context.desk.messages
      .filter((message) => message.message_type !== 2 && q !== "" && (message.content ?? "").toLowerCase().includes(q))
      .sort((a, b) => b.created_at - a.created_at || b.id - a.id);
    return ok({ payload: { messages: page(found, context.query, 15).map((message) => searchMessageView(context.desk, message)) } });
  },
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

/** The operations whose effects the demo desk remembers, keyed by tool name. */
export const stateHandlers: Record<string, Handler> = {
  ...accountHandlers,
  ...conversationHandlers,
  ...messageHandlers,
  ...contactHandlers,
  ...labelHandlers,
};
