import type { DemoConversation, DemoContact, DemoDesk, DemoMessage } from "./sample-desk.js";

export interface HandlerContext {
  desk: DemoDesk;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
}

type Handler = (context: HandlerContext) => HandlerResult;

const ok = (body?: unknown): HandlerResult => ({ status: 200, body });
const notFound = (what: string): HandlerResult => ({ status: 404, body: { error: `${what} not found` } });
const invalid = (message: string): HandlerResult => ({ status: 422, body: { message, errors: [message] } });
const PAGE_SIZE = 25;

function page<T>(items: T[], query: URLSearchParams): T[] {
  const number = Math.max(1, Number(query.get("page") ?? 1) || 1);
  return items.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
}

function contactView(contact: DemoContact) {
  const { labels: _labels, ...rest } = contact;
  return rest;
}

function agentView(desk: DemoDesk, id: number | null) {
  const agent = desk.agents.find((candidate) => candidate.id === id);
  return agent ? { ...agent, available_name: agent.name, confirmed: true, account_id: desk.account.id } : undefined;
}

function conversationView(desk: DemoDesk, conversation: DemoConversation) {
  const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
  const team = desk.teams.find((candidate) => candidate.id === conversation.team_id);
  const messages = desk.messages.filter((message) => message.conversation_id === conversation.id);
  return {
    id: conversation.id,
    account_id: desk.account.id,
    inbox_id: conversation.inbox_id,
    status: conversation.status,
    priority: conversation.priority,
    labels: conversation.labels,
    snoozed_until: conversation.snoozed_until,
    custom_attributes: conversation.custom_attributes,
    created_at: conversation.created_at,
    last_activity_at: messages.at(-1)?.created_at ?? conversation.created_at,
    unread_count: 0,
    meta: {
      sender: contact ? contactView(contact) : undefined,
      assignee: agentView(desk, conversation.assignee_id),
      team: team ? { id: team.id, name: team.name } : undefined,
    },
    last_non_activity_message: messages.filter((message) => message.message_type !== 2).at(-1),
  };
}

function counts(conversations: DemoConversation[]) {
  return {
    mine_count: conversations.filter((conversation) => conversation.assignee_id === 1).length,
    assigned_count: conversations.filter((conversation) => conversation.assignee_id !== null).length,
    unassigned_count: conversations.filter((conversation) => conversation.assignee_id === null).length,
    all_count: conversations.length,
  };
}

function findConversation(context: HandlerContext): DemoConversation | undefined {
  return context.desk.conversations.find((conversation) => String(conversation.id) === context.params.conversation_id);
}

function findContact(context: HandlerContext): DemoContact | undefined {
  return context.desk.contacts.find((contact) => String(contact.id) === context.params.contact_id);
}

function filterConversations(context: HandlerContext): DemoConversation[] {
  const { desk, query } = context;
  const status = query.get("status") ?? "open";
  const assignee = query.get("assignee_type") ?? "all";
  const labels = query.getAll("labels[]");
  const text = query.get("q")?.toLowerCase();
  return desk.conversations.filter((conversation) =>
    (status === "all" || conversation.status === status) &&
    (assignee === "all" ||
      (assignee === "me" && conversation.assignee_id === 1) ||
      (assignee === "assigned" && conversation.assignee_id !== null) ||
      (assignee === "unassigned" && conversation.assignee_id === null)) &&
    (!query.has("inbox_id") || String(conversation.inbox_id) === query.get("inbox_id")) &&
    (!query.has("team_id") || String(conversation.team_id) === query.get("team_id")) &&
    labels.every((label) => conversation.labels.includes(label)) &&
    (!text || desk.messages.some((message) => message.conversation_id === conversation.id && message.content.toLowerCase().includes(text))));
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
}

/** The operations whose effects the demo desk remembers, keyed by tool name. */
export const stateHandlers: Record<string, Handler> = {
  get_profile: ({ desk }) => ok({ ...agentView(desk, 1), accounts: [{ id: desk.account.id, name: desk.account.name, role: "administrator" }] }),
  get_account: ({ desk }) => ok({ ...desk.account }),
  list_agents: ({ desk }) => ok(desk.agents.map((agent) => agentView(desk, agent.id))),
  list_inboxes: ({ desk }) => ok({ payload: desk.inboxes }),
  get_inbox: ({ desk, params }) => {
    const inbox = desk.inboxes.find((candidate) => String(candidate.id) === params.inbox_id);
    return inbox ? ok(inbox) : notFound("Inbox");
  },
  list_teams: ({ desk }) => ok(desk.teams.map(({ members: _members, ...team }) => ({ ...team, account_id: desk.account.id }))),

  list_conversations: (context) => {
    const matching = filterConversations(context);
    return ok({ data: { meta: counts(matching), payload: page(matching, context.query).map((conversation) => conversationView(context.desk, conversation)) } });
  },
  get_conversation_counts: (context) => ok({ meta: counts(filterConversations(context)) }),
  get_conversation: (context) => {
    const conversation = findConversation(context);
    return conversation ? ok(conversationView(context.desk, conversation)) : notFound("Conversation");
  },
  create_conversation: ({ desk, body }) => {
    const contact = desk.contacts.find((candidate) => candidate.id === body.contact_id) ?? desk.contacts[0]!;
    const conversation: DemoConversation = {
      id: desk.nextId.conversation++, inbox_id: typeof body.inbox_id === "number" ? body.inbox_id : 1, contact_id: contact.id,
      status: "open", priority: null, assignee_id: typeof body.assignee_id === "number" ? body.assignee_id : null,
      team_id: typeof body.team_id === "number" ? body.team_id : null, labels: [], custom_attributes: {}, snoozed_until: null,
      created_at: Math.floor(Date.now() / 1000),
    };
    desk.conversations.push(conversation);
    return ok(conversationView(desk, conversation));
  },
  set_conversation_status: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const status = context.body.status;
    if (status !== undefined && !["open", "resolved", "pending", "snoozed"].includes(status as string)) return invalid("status is not valid");
    conversation.status = (status as DemoConversation["status"] | undefined) ?? (conversation.status === "open" ? "resolved" : "open");
    conversation.snoozed_until = conversation.status === "snoozed" && typeof context.body.snoozed_until === "number" ? context.body.snoozed_until : null;
    return ok({ meta: {}, payload: { success: true, conversation_id: conversation.id, current_status: conversation.status, snoozed_until: conversation.snoozed_until } });
  },
  set_conversation_priority: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    conversation.priority = (context.body.priority as DemoConversation["priority"]) ?? null;
    return ok();
  },
  assign_conversation: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const { assignee_id: assigneeId, team_id: teamId } = context.body;
    if (typeof assigneeId === "number") {
      const agent = agentView(context.desk, assigneeId);
      if (!agent) return notFound("Agent");
      conversation.assignee_id = assigneeId;
      return ok(agent);
    }
    if (typeof teamId === "number") {
      const team = context.desk.teams.find((candidate) => candidate.id === teamId);
      if (!team) return notFound("Team");
      conversation.team_id = teamId;
      return ok({ id: team.id, name: team.name, description: team.description });
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

  list_messages: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const before = Number(context.query.get("before") ?? Infinity);
    const after = Number(context.query.get("after") ?? -Infinity);
    const messages = context.desk.messages.filter((message) => message.conversation_id === conversation.id && message.id < before && message.id > after);
    return ok({ meta: { labels: conversation.labels, contact: conversationView(context.desk, conversation).meta.sender }, payload: messages });
  },
  create_message: (context) => {
    const conversation = findConversation(context);
    if (!conversation) return notFound("Conversation");
    const content = context.body.content;
    if (typeof content !== "string" || content.trim() === "") return invalid("content can't be blank");
    const message: DemoMessage = {
      id: context.desk.nextId.message++, conversation_id: conversation.id, content,
      message_type: context.body.message_type === "incoming" ? 0 : 1, private: context.body.private === true,
      content_type: typeof context.body.content_type === "string" ? context.body.content_type : "text",
      sender_type: "User", sender_id: 1, created_at: Math.floor(Date.now() / 1000),
    };
    context.desk.messages.push(message);
    return ok(message);
  },
  delete_message: (context) => {
    const index = context.desk.messages.findIndex((message) => String(message.id) === context.params.message_id && String(message.conversation_id) === context.params.conversation_id);
    if (index < 0) return notFound("Message");
    context.desk.messages.splice(index, 1);
    return ok();
  },

  list_contacts: ({ desk, query }) => ok({ meta: { count: desk.contacts.length, current_page: Number(query.get("page") ?? 1) }, payload: page(desk.contacts, query).map(contactView) }),
  search_contacts: ({ desk, query }) => {
    const text = (query.get("q") ?? "").toLowerCase();
    const found = desk.contacts.filter((contact) => [contact.name, contact.email, contact.phone_number, contact.identifier].some((value) => value?.toLowerCase().includes(text)));
    return ok({ meta: { count: found.length, current_page: Number(query.get("page") ?? 1) }, payload: page(found, query).map(contactView) });
  },
  get_contact: (context) => {
    const contact = findContact(context);
    return contact ? ok({ payload: contactView(contact) }) : notFound("Contact");
  },
  create_contact: ({ desk, body }) => {
    const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
    if (text("email") && desk.contacts.some((contact) => contact.email === text("email"))) return invalid("Email has already been taken");
    const contact: DemoContact = {
      id: desk.nextId.contact++, name: text("name") ?? "Unnamed contact", email: text("email"), phone_number: text("phone_number"),
      identifier: text("identifier"), labels: [], custom_attributes: (body.custom_attributes as Record<string, unknown>) ?? {},
      additional_attributes: (body.additional_attributes as Record<string, unknown>) ?? {}, created_at: Math.floor(Date.now() / 1000),
    };
    desk.contacts.push(contact);
    return ok({ payload: { contact: contactView(contact), contact_inbox: { source_id: `demo-source-${contact.id}`, inbox: desk.inboxes[0] } } });
  },
  update_contact: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    for (const key of ["name", "email", "phone_number", "identifier"] as const) {
      if (typeof context.body[key] === "string") contact[key] = context.body[key] as string;
    }
    for (const key of ["custom_attributes", "additional_attributes"] as const) {
      if (context.body[key] && typeof context.body[key] === "object") contact[key] = { ...contact[key], ...(context.body[key] as object) };
    }
    return ok({ payload: contactView(contact) });
  },
  delete_contact: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    context.desk.contacts.splice(context.desk.contacts.indexOf(contact), 1);
    return ok();
  },
  list_contact_conversations: (context) => {
    const contact = findContact(context);
    if (!contact) return notFound("Contact");
    return ok({ payload: context.desk.conversations.filter((conversation) => conversation.contact_id === contact.id).map((conversation) => conversationView(context.desk, conversation)) });
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

  list_labels: ({ desk }) => ok({ payload: desk.labels }),
  get_label: ({ desk, params }) => {
    const label = desk.labels.find((candidate) => String(candidate.id) === params.label_id);
    return label ? ok(label) : notFound("Label");
  },
  create_label: ({ desk, body }) => {
    if (typeof body.title !== "string" || body.title.trim() === "") return invalid("title can't be blank");
    if (desk.labels.some((label) => label.title === body.title)) return invalid("Title has already been taken");
    const label = {
      id: desk.nextId.label++, title: body.title, description: typeof body.description === "string" ? body.description : "",
      color: typeof body.color === "string" ? body.color : "#1f93ff", show_on_sidebar: body.show_on_sidebar !== false,
    };
    desk.labels.push(label);
    return ok(label);
  },
  update_label: ({ desk, params, body }) => {
    const label = desk.labels.find((candidate) => String(candidate.id) === params.label_id);
    if (!label) return notFound("Label");
    Object.assign(label, Object.fromEntries(Object.entries(body).filter(([key]) => ["title", "description", "color", "show_on_sidebar"].includes(key))));
    return ok(label);
  },
  delete_label: ({ desk, params }) => {
    const index = desk.labels.findIndex((candidate) => String(candidate.id) === params.label_id);
    if (index < 0) return notFound("Label");
    desk.labels.splice(index, 1);
    return ok();
  },
};
