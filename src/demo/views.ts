/**
 * The demo desk rendered the way Chatwoot's jbuilder views and models render it: same keys, same
 * order, same types (integer Unix seconds in most views, ISO 8601 strings where Chatwoot passes a
 * raw time through, a float for a conversation's updated_at). Each function names its source in
 * repository chatwoot/chatwoot. The caller is always the demo token's agent (an administrator).
 */
import {
  conversationRecordId, CURRENT_AGENT_ID, DEMO_HOST, digest, stableUuid, T0,
  type DemoAgent, type DemoAttachment, type DemoContact, type DemoConversation, type DemoDesk, type DemoInbox, type DemoLabel, type DemoMacro, type DemoMessage,
  type DemoNote, type DemoNotification, type DemoTeam,
} from "./sample-desk.js";

type Json = Record<string, unknown>;

/** Unix seconds as Rails renders a raw time in JSON: ISO 8601 with milliseconds, UTC. */
export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** A contact: app/views/api/v1/models/_contact.json.jbuilder (contact_inboxes from the /contacts endpoints only). */
export function contactView(desk: DemoDesk, contact: DemoContact, withContactInboxes: boolean): Json {
  const view: Json = {
    additional_attributes: contact.additional_attributes,
    availability_status: "offline",
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phone_number,
    blocked: contact.blocked,
    identifier: contact.identifier,
    thumbnail: contact.thumbnail,
    custom_attributes: contact.custom_attributes,
  };
  if (contact.last_activity_at !== null) view.last_activity_at = contact.last_activity_at;
  view.created_at = contact.created_at;
  if (withContactInboxes) view.contact_inboxes = contactInboxesView(desk, contact);
  return view;
}

/** A contact's inboxes: app/views/api/v1/models/_contact_inbox.json.jbuilder with _inbox_slim. */
function contactInboxesView(desk: DemoDesk, contact: DemoContact): Json[] {
  return contact.contact_inboxes.flatMap(({ inbox_id, source_id }) => {
    const inbox = desk.inboxes.find((candidate) => candidate.id === inbox_id);
    return inbox ? [{ source_id, inbox: inboxSlimView(inbox) }] : [];
  });
}

/** A contact as a message sender or messages meta.contact: Contact#push_event_data (app/models/contact.rb). */
export function contactPushData(contact: DemoContact): Json {
  return {
    additional_attributes: contact.additional_attributes,
    custom_attributes: contact.custom_attributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phone_number,
    thumbnail: contact.thumbnail,
    blocked: contact.blocked,
    type: "contact",
  };
}

/** An agent: app/views/api/v1/models/_agent.json.jbuilder (custom_role_id: enterprise editions). */
export function agentView(desk: DemoDesk, agent: DemoAgent): Json {
  return {
    id: agent.id,
    account_id: desk.account.id,
    availability_status: agent.availability_status,
    auto_offline: agent.auto_offline,
    confirmed: true,
    email: agent.email,
    provider: "email",
    available_name: agent.name,
    name: agent.name,
    role: agent.role,
    thumbnail: agent.thumbnail,
    custom_role_id: null,
  };
}

/** An agent as a message sender or messages meta.assignee: User#push_event_data (app/models/user.rb). */
export function userPushData(agent: DemoAgent): Json {
  return {
    id: agent.id,
    name: agent.name,
    available_name: agent.name,
    avatar_url: agent.thumbnail,
    type: "user",
    availability_status: agent.availability_status,
    thumbnail: agent.thumbnail,
  };
}

/** The caller's profile: app/views/api/v1/models/_user.json.jbuilder, without the caller's secrets (access_token, pubsub_token). */
export function profileView(desk: DemoDesk, agent: DemoAgent): Json {
  return {
    account_id: desk.account.id,
    available_name: agent.name,
    avatar_url: agent.thumbnail,
    confirmed: true,
    display_name: agent.name.split(" ")[0],
    message_signature: `${agent.name}\nDemo Support Desk (sample data)`,
    email: agent.email,
    id: agent.id,
    inviter_id: null,
    name: agent.name,
    provider: "email",
    role: agent.role,
    ui_settings: { is_contact_sidebar_open: true, conversation_display_type: "expanded", editor_message_key: "enter" },
    uid: agent.email,
    type: null,
    accounts: [{
      id: desk.account.id, name: desk.account.name, status: "active", active_at: isoTime(T0 - 600), role: agent.role,
      permissions: agent.role === "administrator" ? ["administrator"] : ["agent"],
      availability: agent.availability_status, availability_status: agent.availability_status, auto_offline: agent.auto_offline, custom_role_id: null,
    }],
  };
}

/** The account: app/views/api/v1/models/_account.json.jbuilder plus the show view's latest_chatwoot_version. */
export function accountView(desk: DemoDesk): Json {
  const { account } = desk;
  return {
    auto_resolve_duration: null,
    created_at: isoTime(account.created_at),
    custom_attributes: { plan_name: "Business (demo)", subscribed_quantity: desk.agents.length, subscription_status: "active", subscription_ends_on: "2026-10-01" },
    domain: account.domain,
    features: Object.fromEntries(["agent_bots", "agent_management", "auto_resolve_conversations", "automations", "campaigns", "canned_responses", "crm", "custom_attributes", "help_center", "inbox_management", "integrations", "labels", "macros", "reports", "team_management"].map((name) => [name, true])),
    id: account.id,
    locale: account.locale,
    name: account.name,
    support_email: account.support_email,
    status: "active",
    cache_keys: { label: String(T0 * 1000), inbox: String(T0 * 1000), team: String(T0 * 1000) },
    settings: { auto_resolve_after: null, auto_resolve_message: null, auto_resolve_ignore_waiting: false },
    latest_chatwoot_version: "4.8.0",
  };
}

/** A team: app/views/api/v1/models/_team.json.jbuilder. */
export function teamView(desk: DemoDesk, team: DemoTeam): Json {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    allow_auto_assign: team.allow_auto_assign,
    account_id: desk.account.id,
    is_member: team.members.includes(CURRENT_AGENT_ID),
  };
}

/** A label: app/views/api/v1/accounts/labels/index.json.jbuilder. */
export function labelView(label: DemoLabel): Json {
  return { id: label.id, title: label.title, description: label.description, color: label.color, show_on_sidebar: label.show_on_sidebar };
}

/** An inbox inside a contact_inbox: app/views/api/v1/models/_inbox_slim.json.jbuilder. */
export function inboxSlimView(inbox: DemoInbox): Json {
  return { id: inbox.id, avatar_url: "", channel_id: inbox.channel_id, name: inbox.name, channel_type: inbox.channel_type, provider: providerOf(inbox) };
}

const providerOf = (inbox: DemoInbox): string | null => (inbox.channel_type === "Channel::Whatsapp" ? "whatsapp_cloud" : null);

/** Opening hours as Inbox#weekly_schedule renders them: weekdays 9 to 18, weekends closed. */
function weeklySchedule(): Json[] {
  return Array.from({ length: 7 }, (_, day) => {
    const closed = day === 0 || day === 6;
    return { day_of_week: day, closed_all_day: closed, open_hour: closed ? null : 9, open_minutes: closed ? null : 0, close_hour: closed ? null : 18, close_minutes: closed ? null : 0, open_all_day: false };
  });
}

/** An inbox: app/views/api/v1/models/_inbox.json.jbuilder, with the fields of its channel (as seen by an administrator). */
export function inboxView(inbox: DemoInbox): Json {
  const widget = inbox.channel_type === "Channel::WebWidget";
  const view: Json = {
    id: inbox.id, avatar_url: "", channel_id: inbox.channel_id, name: inbox.name, channel_type: inbox.channel_type,
    greeting_enabled: inbox.greeting_message !== null, greeting_message: inbox.greeting_message,
    working_hours_enabled: widget, enable_email_collect: true, csat_survey_enabled: inbox.id !== 3, csat_config: {},
    enable_auto_assignment: true, auto_assignment_config: {}, out_of_office_message: widget ? "We're away right now and will answer first thing tomorrow. (demo)" : null,
    working_hours: weeklySchedule(), timezone: "Europe/Lisbon", callback_webhook_url: null, allow_messages_after_resolved: true,
    lock_to_single_conversation: false, sender_name_type: "friendly", business_name: null,
    widget_color: widget ? "#1f93ff" : null, website_url: widget ? inbox.address : null, hmac_mandatory: widget ? false : null,
    welcome_title: widget ? "Hi there! (demo)" : null, welcome_tagline: widget ? "We make it simple to reach us." : null,
    web_widget_script: widget ? widgetScript(inbox) : null, website_token: widget ? inbox.token : null,
    selected_feature_flags: widget ? ["attachments", "emoji_picker", "end_conversation"] : null, reply_time: widget ? "in_a_few_minutes" : null,
  };
  if (widget) Object.assign(view, { hmac_token: digest(`hmac-${inbox.id}`, 24), pre_chat_form_enabled: false, pre_chat_form_options: preChatForm(), continuity_via_email: true });
  Object.assign(view, { messaging_service_sid: null, phone_number: inbox.channel_type === "Channel::Whatsapp" ? inbox.address : null });
  if (inbox.channel_type === "Channel::Email") Object.assign(view, emailChannelFields(inbox));
  if (inbox.channel_type === "Channel::Api") {
    Object.assign(view, { hmac_token: digest(`hmac-${inbox.id}`, 24), webhook_url: "https://hooks.demo.example.com/chatwoot", inbox_identifier: inbox.token, additional_attributes: {} });
  }
  view.provider = providerOf(inbox);
  if (inbox.channel_type === "Channel::Whatsapp") Object.assign(view, { message_templates: [], provider_config: { business_account_id: "demo-waba", phone_number_id: "demo-phone-id" } });
  return view;
}

/** The embed snippet an inbox shows for the website (demo host, demo token). */
function widgetScript(inbox: DemoInbox): string {
  return `<script>\n  (function(d,t) {\n    var BASE_URL="${DEMO_HOST}";\n    var g=d.createElement(t),s=d.getElementsByTagName(t)[0];\n    g.src=BASE_URL+"/packs/js/sdk.js";\n    g.async = true;\n    s.parentNode.insertBefore(g,s);\n    g.onload=function(){\n      window.chatwootSDK.run({\n        websiteToken: '${inbox.token}',\n        baseUrl: BASE_URL\n      })\n    }\n  })(document,"script");\n</script>\n`;
}

/** Pre-chat form settings of a website inbox. */
function preChatForm(): Json {
  const field = (name: string, label: string, type: string, required: boolean, enabled: boolean) => ({ name, type, label, enabled, required, field_type: "standard", placeholder: label });
  return {
    pre_chat_message: "Tell us a little about yourself before we start. (demo)",
    pre_chat_fields: [field("emailAddress", "Email address", "email", true, false), field("fullName", "Full name", "text", false, false), field("phoneNumber", "Phone number", "text", false, false)],
  };
}

/** The email channel's fields an administrator sees (IMAP and SMTP off in the demo). */
function emailChannelFields(inbox: DemoInbox): Json {
  return {
    forward_to_email: `${digest("forward", 16)}@inbound.demo.chatwoot.invalid`, email: inbox.address,
    imap_login: "", imap_password: "", imap_address: "", imap_port: 0, imap_enabled: false, imap_enable_ssl: true,
    smtp_login: "", smtp_password: "", smtp_address: "", smtp_port: 0, smtp_enabled: false, smtp_domain: "",
    smtp_enable_ssl_tls: false, smtp_enable_starttls_auto: true, smtp_openssl_verify_mode: "none", smtp_authentication: "login",
  };
}

/** An attachment: Attachment#push_event_data (app/models/attachment.rb). */
export function attachmentView(desk: DemoDesk, attachment: DemoAttachment): Json {
  return {
    id: attachment.id, message_id: attachment.message_id, file_type: attachment.file_type, account_id: desk.account.id,
    extension: attachment.extension, data_url: attachment.data_url, thumb_url: attachment.thumb_url,
    file_size: attachment.file_size, width: attachment.width, height: attachment.height,
  };
}

/** Who sent a message, as push_event_data; undefined for activities. */
function senderData(desk: DemoDesk, message: DemoMessage): Json | undefined {
  if (message.sender_type === "Contact") {
    const contact = desk.contacts.find((candidate) => candidate.id === message.sender_id);
    return contact ? contactPushData(contact) : undefined;
  }
  const agent = message.sender_type === "User" ? desk.agents.find((candidate) => candidate.id === message.sender_id) : undefined;
  return agent ? userPushData(agent) : undefined;
}

/**
 * A message found by search_messages: app/views/api/v1/accounts/search/_message.json.jbuilder,
 * with the inbox of search/_inbox.json.jbuilder; conversation_id is the display number.
 */
export function searchMessageView(desk: DemoDesk, message: DemoMessage): Json {
  const conversation = desk.conversations.find((candidate) => candidate.id === message.conversation_id);
  const inbox = desk.inboxes.find((candidate) => candidate.id === conversation?.inbox_id);
  return {
    id: message.id, content: message.content, message_type: message.message_type, content_type: message.content_type,
    source_id: message.source_id, inbox_id: inbox?.id, conversation_id: message.conversation_id, created_at: message.created_at,
    sender: senderData(desk, message) ?? null,
    inbox: inbox ? searchInboxView(inbox) : null,
  };
}

/** An inbox in search results: app/views/api/v1/accounts/search/_inbox.json.jbuilder. */
function searchInboxView(inbox: DemoInbox): Json {
  return { id: inbox.id, channel_id: inbox.channel_id, name: inbox.name, channel_type: inbox.channel_type };
}

/** A contact in search results: app/views/api/v1/accounts/search/_contact.json.jbuilder. */
export function searchContactView(contact: DemoContact): Json {
  return {
    email: contact.email, id: contact.id, name: contact.name, phone_number: contact.phone_number, identifier: contact.identifier,
    additional_attributes: contact.additional_attributes, last_activity_at: contact.last_activity_at,
  };
}

/**
 * A conversation found by search_conversations or search_all:
 * app/views/api/v1/accounts/search/_conversation_search_result.json.jbuilder. message is the
 * conversation's first message; message, contact, inbox and agent are {} when there is none.
 */
export function searchConversationView(desk: DemoDesk, conversation: DemoConversation): Json {
  const first = messagesOf(desk, conversation)[0];
  const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
  const inbox = desk.inboxes.find((candidate) => candidate.id === conversation.inbox_id);
  const agent = desk.agents.find((candidate) => candidate.id === conversation.assignee_id);
  return {
    id: conversation.id,
    account_id: desk.account.id,
    created_at: conversation.created_at,
    message: first ? searchMessageView(desk, first) : {},
    contact: contact ? searchContactView(contact) : {},
    inbox: inbox ? searchInboxView(inbox) : {},
    // app/views/api/v1/accounts/search/_agent.json.jbuilder
    agent: agent ? { id: agent.id, available_name: agent.name, email: agent.email, name: agent.name, role: agent.role } : {},
  };
}

/** A note on a contact: app/views/api/v1/models/_note.json.jbuilder (account_id and contact_id render empty). */
export function noteView(desk: DemoDesk, note: DemoNote): Json {
  const view: Json = { id: note.id, content: note.content, account_id: null, contact_id: null };
  const author = desk.agents.find((agent) => agent.id === note.user_id);
  if (author) view.user = agentView(desk, author);
  view.created_at = note.created_at;
  view.updated_at = note.updated_at;
  return view;
}

/** A macro: app/views/api/v1/models/_macro.json.jbuilder (created_by and updated_by when the agents exist; no files in the demo). */
export function macroView(desk: DemoDesk, macro: DemoMacro): Json {
  const view: Json = { id: macro.id, name: macro.name, visibility: macro.visibility };
  const creator = desk.agents.find((agent) => agent.id === macro.created_by_id);
  const updater = desk.agents.find((agent) => agent.id === macro.updated_by_id);
  if (creator) view.created_by = agentView(desk, creator);
  if (updater) view.updated_by = agentView(desk, updater);
  view.account_id = desk.account.id;
  view.actions = macro.actions;
  return view;
}

/**
 * A conversation as events and notifications carry it: Conversation#push_event_data
 * (app/presenters/conversations/event_data_presenter.rb), with the latest chat message only.
 */
export function conversationPushData(desk: DemoDesk, conversation: DemoConversation): Json {
  const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
  const inbox = desk.inboxes.find((candidate) => candidate.id === conversation.inbox_id);
  const assignee = desk.agents.find((candidate) => candidate.id === conversation.assignee_id);
  const team = desk.teams.find((candidate) => candidate.id === conversation.team_id);
  const entry = contact?.contact_inboxes.find((candidate) => candidate.inbox_id === conversation.inbox_id);
  const chat = messagesOf(desk, conversation).filter((message) => message.message_type !== 2 && !message.private).at(-1);
  const lastActivity = lastActivityAt(desk, conversation);
  // the ContactInbox record as Rails renders a model: its columns
  const contactInbox = contact && entry
    ? {
      id: contact.id * 10 + conversation.inbox_id, contact_id: contact.id, inbox_id: conversation.inbox_id, source_id: entry.source_id,
      created_at: isoTime(contact.created_at), updated_at: isoTime(contact.created_at), hmac_verified: false, pubsub_token: stableUuid(`pubsub-${contact.id}-${conversation.inbox_id}`).replaceAll("-", "").slice(0, 24),
    }
    : null;
  return {
    additional_attributes: conversation.additional_attributes,
    can_reply: canReply(desk, conversation),
    channel: inbox?.channel_type ?? null,
    contact_inbox: contactInbox,
    id: conversation.id,
    inbox_id: conversation.inbox_id,
    messages: chat ? [messagePushData(desk, chat)] : [],
    labels: conversation.labels,
    meta: {
      sender: contact ? contactPushData(contact) : null,
      assignee: assignee ? userPushData(assignee) : null,
      assignee_type: assignee ? "User" : null,
      team: team ? { id: team.id, name: team.name } : null,
      hmac_verified: false,
    },
    status: conversation.status,
    custom_attributes: conversation.custom_attributes,
    snoozed_until: conversation.snoozed_until === null ? null : isoTime(conversation.snoozed_until),
    unread_count: unreadCount(desk, conversation),
    first_reply_created_at: conversation.first_reply_created_at ? isoTime(conversation.first_reply_created_at) : null,
    priority: conversation.priority,
    waiting_since: conversation.waiting_since,
    agent_last_seen_at: conversation.agent_last_seen_at,
    contact_last_seen_at: conversation.contact_last_seen_at,
    last_activity_at: lastActivity,
    timestamp: lastActivity,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
  };
}

/** The notification titles of config/locales/en.yml (notifications.notification_title). */
const NOTIFICATION_TITLES: Record<DemoNotification["notification_type"], string> = {
  conversation_creation: "A conversation (#{display_id}) has been created in {inbox_name}",
  conversation_assignment: "A conversation (#{display_id}) has been assigned to you",
  assigned_conversation_new_message: "A new message is created in conversation (#{display_id})",
  conversation_mention: "You have been mentioned in conversation (#{display_id})",
  participating_conversation_new_message: "A new message is created in conversation (#{display_id})",
  sla_missed_first_response: "SLA target first response missed for conversation (#{display_id})",
  sla_missed_next_response: "SLA target next response missed for conversation (#{display_id})",
  sla_missed_resolution: "SLA target resolution missed for conversation (#{display_id})",
};

/** The push_event_data of a notification's secondary actor (a message or an agent), or null. */
function secondaryActorData(desk: DemoDesk, notification: DemoNotification): Json | null {
  const actor = notification.secondary_actor;
  if (actor?.type === "Message") {
    const message = desk.messages.find((candidate) => candidate.id === actor.id);
    return message ? messagePushData(desk, message) : null;
  }
  const agent = actor?.type === "User" ? desk.agents.find((candidate) => candidate.id === actor.id) : undefined;
  return agent ? userPushData(agent) : null;
}

/** One notification in list_notifications: app/views/api/v1/accounts/notifications/index.json.jbuilder. */
export function notificationView(desk: DemoDesk, notification: DemoNotification): Json {
  const conversation = desk.conversations.find((candidate) => candidate.id === notification.conversation_id);
  const inbox = desk.inboxes.find((candidate) => candidate.id === conversation?.inbox_id);
  const user = desk.agents.find((agent) => agent.id === CURRENT_AGENT_ID);
  return {
    id: notification.id,
    notification_type: notification.notification_type,
    push_message_title: NOTIFICATION_TITLES[notification.notification_type].replace("{display_id}", String(notification.conversation_id)).replace("{inbox_name}", inbox?.name ?? ""),
    primary_actor_type: "Conversation",
    primary_actor_id: conversationRecordId(notification.conversation_id),
    primary_actor: conversation ? conversationPushData(desk, conversation) : null,
    read_at: notification.read_at === null ? null : isoTime(notification.read_at),
    secondary_actor: secondaryActorData(desk, notification),
    user: user ? userPushData(user) : null,
    created_at: notification.created_at,
    last_activity_at: notification.last_activity_at,
    snoozed_until: notification.snoozed_until === null ? null : isoTime(notification.snoozed_until),
    meta: notification.meta,
  };
}

/** A notification as `render json: @notification` sends the record (mark read or unread, snooze): its columns. */
export function notificationRecordView(desk: DemoDesk, notification: DemoNotification): Json {
  return {
    id: notification.id,
    account_id: desk.account.id,
    user_id: CURRENT_AGENT_ID,
    notification_type: notification.notification_type,
    primary_actor_type: "Conversation",
    primary_actor_id: conversationRecordId(notification.conversation_id),
    secondary_actor_type: notification.secondary_actor?.type ?? null,
    secondary_actor_id: notification.secondary_actor?.id ?? null,
    read_at: notification.read_at === null ? null : isoTime(notification.read_at),
    created_at: isoTime(notification.created_at),
    updated_at: isoTime(notification.updated_at),
    snoozed_until: notification.snoozed_until === null ? null : isoTime(notification.snoozed_until),
    last_activity_at: isoTime(notification.last_activity_at),
    meta: notification.meta,
  };
}

/** A message in list_messages and create_message: app/views/api/v1/models/_message.json.jbuilder. */
export function messageView(desk: DemoDesk, message: DemoMessage): Json {
  const view: Json = {
    id: message.id,
    content: message.content,
    inbox_id: inboxIdOf(desk, message),
    conversation_id: message.conversation_id,
    message_type: message.message_type,
    content_type: message.content_type,
    status: message.status,
    content_attributes: message.content_attributes,
    created_at: message.created_at,
    private: message.private,
    source_id: message.source_id,
  };
  const sender = senderData(desk, message);
  if (sender) view.sender = sender;
  if (message.attachments.length > 0) view.attachments = message.attachments.map((attachment) => attachmentView(desk, attachment));
  return view;
}

const inboxIdOf = (desk: DemoDesk, message: DemoMessage): number =>
  desk.conversations.find((conversation) => conversation.id === message.conversation_id)?.inbox_id ?? 0;

/**
 * A message inside a conversation (messages, last_non_activity_message): Message#push_event_data
 * (app/models/message.rb), i.e. every column of the messages table plus the conversation summary,
 * attachments and sender.
 */
export function messagePushData(desk: DemoDesk, message: DemoMessage): Json {
  const conversation = desk.conversations.find((candidate) => candidate.id === message.conversation_id);
  const data: Json = {
    id: message.id,
    content: message.content,
    account_id: desk.account.id,
    inbox_id: inboxIdOf(desk, message),
    conversation_id: message.conversation_id,
    message_type: message.message_type,
    created_at: message.created_at,
    updated_at: isoTime(message.updated_at),
    private: message.private,
    status: message.status,
    source_id: message.source_id,
    content_type: message.content_type,
    content_attributes: message.content_attributes,
    sender_type: message.sender_type,
    sender_id: message.sender_id,
    external_source_ids: {},
    additional_attributes: message.additional_attributes,
    processed_message_content: message.processed_message_content,
    sentiment: {},
    conversation: conversation ? conversationSummary(desk, conversation) : {},
  };
  if (message.attachments.length > 0) data.attachments = message.attachments.map((attachment) => attachmentView(desk, attachment));
  const sender = senderData(desk, message);
  if (sender) data.sender = sender;
  return data;
}

/** Message#conversation_push_event_data: the conversation as a message carries it. */
function conversationSummary(desk: DemoDesk, conversation: DemoConversation): Json {
  const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
  return {
    assignee_id: conversation.assignee_id,
    unread_count: unreadCount(desk, conversation),
    last_activity_at: lastActivityAt(desk, conversation),
    contact_inbox: { source_id: contact?.contact_inboxes.find((entry) => entry.inbox_id === conversation.inbox_id)?.source_id ?? null },
  };
}

/** The conversation's messages, oldest first. */
export const messagesOf = (desk: DemoDesk, conversation: DemoConversation): DemoMessage[] =>
  desk.messages.filter((message) => message.conversation_id === conversation.id);

/** Time of the last message (Chatwoot moves last_activity_at on every message), or creation. */
export function lastActivityAt(desk: DemoDesk, conversation: DemoConversation): number {
  return messagesOf(desk, conversation).at(-1)?.created_at ?? conversation.created_at;
}

/** Incoming messages the agents have not seen yet. */
function unreadCount(desk: DemoDesk, conversation: DemoConversation): number {
  return messagesOf(desk, conversation).filter((message) => message.message_type === 0 && message.created_at > conversation.agent_last_seen_at).length;
}

/** Whether an agent may still answer: WhatsApp only within 24 hours of the customer's last message. */
function canReply(desk: DemoDesk, conversation: DemoConversation): boolean {
  const inbox = desk.inboxes.find((candidate) => candidate.id === conversation.inbox_id);
  if (inbox?.channel_type !== "Channel::Whatsapp") return true;
  const lastIncoming = messagesOf(desk, conversation).filter((message) => message.message_type === 0).at(-1)?.created_at ?? 0;
  return T0 - lastIncoming < 86400; // the demo's clock stands at T0
}

/** meta of a conversation: sender (contact partial), channel, assignee and team when set, hmac_verified. */
function conversationMeta(desk: DemoDesk, conversation: DemoConversation): Json {
  const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
  const inbox = desk.inboxes.find((candidate) => candidate.id === conversation.inbox_id);
  const assignee = desk.agents.find((candidate) => candidate.id === conversation.assignee_id);
  const team = desk.teams.find((candidate) => candidate.id === conversation.team_id);
  const meta: Json = { sender: contact ? contactView(desk, contact, false) : {}, channel: inbox?.channel_type ?? null };
  if (assignee) meta.assignee = agentView(desk, assignee);
  if (team) meta.team = teamView(desk, team);
  meta.hmac_verified = false;
  return meta;
}

/** A conversation: app/views/api/v1/conversations/partials/_conversation.json.jbuilder (no SLA feature). */
export function conversationView(desk: DemoDesk, conversation: DemoConversation): Json {
  const messages = messagesOf(desk, conversation);
  const last = messages.at(-1);
  const lastNonActivity = messages.filter((message) => message.message_type !== 2).at(-1);
  const lastActivity = lastActivityAt(desk, conversation);
  return {
    meta: conversationMeta(desk, conversation),
    id: conversation.id,
    messages: last ? [messagePushData(desk, last)] : [],
    account_id: desk.account.id,
    uuid: conversation.uuid,
    additional_attributes: conversation.additional_attributes,
    agent_last_seen_at: conversation.agent_last_seen_at,
    assignee_last_seen_at: conversation.assignee_last_seen_at,
    can_reply: canReply(desk, conversation),
    contact_last_seen_at: conversation.contact_last_seen_at,
    custom_attributes: conversation.custom_attributes,
    inbox_id: conversation.inbox_id,
    labels: conversation.labels,
    muted: conversation.muted,
    snoozed_until: conversation.snoozed_until === null ? null : isoTime(conversation.snoozed_until),
    status: conversation.status,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    timestamp: lastActivity,
    first_reply_created_at: conversation.first_reply_created_at,
    unread_count: unreadCount(desk, conversation),
    last_non_activity_message: lastNonActivity ? messagePushData(desk, lastNonActivity) : null,
    last_activity_at: lastActivity,
    priority: conversation.priority,
    waiting_since: conversation.waiting_since,
    sla_policy_id: null,
  };
}

/** meta of list_messages: app/views/api/v1/accounts/conversations/messages/index.json.jbuilder. */
export function messagesMeta(desk: DemoDesk, conversation: DemoConversation): Json {
  const contact = desk.contacts.find((candidate) => candidate.id === conversation.contact_id);
  const assignee = desk.agents.find((candidate) => candidate.id === conversation.assignee_id);
  const meta: Json = { labels: conversation.labels, additional_attributes: conversation.additional_attributes, contact: contact ? contactPushData(contact) : null };
  if (assignee) meta.assignee = userPushData(assignee);
  meta.agent_last_seen_at = conversation.agent_last_seen_at ? isoTime(conversation.agent_last_seen_at) : null;
  meta.assignee_last_seen_at = conversation.assignee_last_seen_at ? isoTime(conversation.assignee_last_seen_at) : null;
  return meta;
}
