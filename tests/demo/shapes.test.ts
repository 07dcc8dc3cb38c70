/**
 * The demo backend answers with the keys, in the order, that Chatwoot's views render (repository
 * chatwoot/chatwoot; the file each list comes from is named beside it), and pages as Chatwoot's
 * finders do. Talks HTTP to the stand-in directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { createSampleDesk } from "../../src/demo/sample-desk.js";

const TOKEN = "shapes-test-token";
const ACCOUNT = "/api/v1/accounts/1";

// app/views/api/v1/conversations/partials/_conversation.json.jbuilder
const CONVERSATION_KEYS = [
  "meta", "id", "messages", "account_id", "uuid", "additional_attributes", "agent_last_seen_at", "assignee_last_seen_at", "can_reply",
  "contact_last_seen_at", "custom_attributes", "inbox_id", "labels", "muted", "snoozed_until", "status", "created_at", "updated_at", "timestamp",
  "first_reply_created_at", "unread_count", "last_non_activity_message", "last_activity_at", "priority", "waiting_since", "sla_policy_id",
];
// the meta block of the same partial: assignee and team only when set
const CONVERSATION_META_KEYS = ["sender", "channel", "assignee", "team", "hmac_verified"];
// app/views/api/v1/models/_contact.json.jbuilder: last_activity_at when set, contact_inboxes from the /contacts endpoints
const CONTACT_KEYS = [
  "additional_attributes", "availability_status", "email", "id", "name", "phone_number", "blocked", "identifier", "thumbnail", "custom_attributes",
  "last_activity_at", "created_at", "contact_inboxes",
];
// app/views/api/v1/models/_contact_inbox.json.jbuilder and _inbox_slim.json.jbuilder
const CONTACT_INBOX_KEYS = ["source_id", "inbox"];
const INBOX_SLIM_KEYS = ["id", "avatar_url", "channel_id", "name", "channel_type", "provider"];
// app/views/api/v1/models/_agent.json.jbuilder (custom_role_id: enterprise editions)
const AGENT_KEYS = ["id", "account_id", "availability_status", "auto_offline", "confirmed", "email", "provider", "available_name", "name", "role", "thumbnail", "custom_role_id"];
// app/views/api/v1/models/_team.json.jbuilder
const TEAM_KEYS = ["id", "name", "description", "allow_auto_assign", "account_id", "is_member"];
// app/views/api/v1/models/_message.json.jbuilder: sender and attachments only when present
const MESSAGE_KEYS = ["id", "content", "inbox_id", "conversation_id", "message_type", "content_type", "status", "content_attributes", "created_at", "private", "source_id", "sender", "attachments"];
// Message#push_event_data (app/models/message.rb): the messages table's columns, then conversation, attachments, sender
const MESSAGE_PUSH_KEYS = [
  "id", "content", "account_id", "inbox_id", "conversation_id", "message_type", "created_at", "updated_at", "private", "status", "source_id",
  "content_type", "content_attributes", "sender_type", "sender_id", "external_source_ids", "additional_attributes", "processed_message_content",
  "sentiment", "conversation", "attachments", "sender",
];
// Message#conversation_push_event_data
const MESSAGE_CONVERSATION_KEYS = ["assignee_id", "unread_count", "last_activity_at", "contact_inbox"];
// Contact#push_event_data (app/models/contact.rb) and User#push_event_data (app/models/user.rb)
const CONTACT_PUSH_KEYS = ["additional_attributes", "custom_attributes", "email", "id", "identifier", "name", "phone_number", "thumbnail", "blocked", "type"];
const USER_PUSH_KEYS = ["id", "name", "available_name", "avatar_url", "type", "availability_status", "thumbnail"];
// Attachment#push_event_data (app/models/attachment.rb), for image and file attachments
const ATTACHMENT_KEYS = ["id", "message_id", "file_type", "account_id", "extension", "data_url", "thumb_url", "file_size", "width", "height"];
// app/views/api/v1/accounts/conversations/messages/index.json.jbuilder: assignee only when assigned
const MESSAGES_META_KEYS = ["labels", "additional_attributes", "contact", "assignee", "agent_last_seen_at", "assignee_last_seen_at"];

type Json = Record<string, any>;

let backend: DemoBackend;
beforeAll(async () => {
  backend = await startDemoBackend({ userToken: TOKEN });
});
afterAll(() => backend.close());

async function get(path: string): Promise<Json> {
  const response = await fetch(`${backend.url}${ACCOUNT}${path}`, { headers: { api_access_token: TOKEN } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Json;
}

/** The keys of `all` that `value` should have: all of them, minus the optional ones it lacks for a documented reason. */
function expectKeys(value: Json, all: string[], absent: string[] = []): void {
  expect(Object.keys(value)).toEqual(all.filter((key) => !absent.includes(key)));
}

function expectSender(sender: Json): void {
  expectKeys(sender, sender.type === "contact" ? CONTACT_PUSH_KEYS : USER_PUSH_KEYS);
}

function expectPushMessage(message: Json): void {
  expectKeys(message, MESSAGE_PUSH_KEYS, [...(message.attachments ? [] : ["attachments"]), ...(message.message_type === 2 ? ["sender"] : [])]);
  expectKeys(message.conversation, MESSAGE_CONVERSATION_KEYS);
  expect(typeof message.updated_at).toBe("string");
  if (message.sender) expectSender(message.sender);
  for (const attachment of message.attachments ?? []) expectKeys(attachment, ATTACHMENT_KEYS);
}

function expectConversation(conversation: Json): void {
  expectKeys(conversation, CONVERSATION_KEYS);
  const { meta } = conversation;
  expectKeys(meta, CONVERSATION_META_KEYS, [...(meta.assignee ? [] : ["assignee"]), ...(meta.team ? [] : ["team"])]);
  expectKeys(meta.sender, CONTACT_KEYS, ["contact_inboxes", ...(meta.sender.last_activity_at === undefined ? ["last_activity_at"] : [])]);
  if (meta.assignee) expectKeys(meta.assignee, AGENT_KEYS);
  if (meta.team) expectKeys(meta.team, TEAM_KEYS);
  expect(conversation.messages).toHaveLength(1);
  expectPushMessage(conversation.messages[0]);
  if (conversation.last_non_activity_message) expectPushMessage(conversation.last_non_activity_message);
  for (const key of ["created_at", "timestamp", "last_activity_at", "agent_last_seen_at", "first_reply_created_at", "waiting_since"]) expect(Number.isInteger(conversation[key]), key).toBe(true);
}

function expectContact(contact: Json): void {
  expectKeys(contact, CONTACT_KEYS, contact.last_activity_at === undefined ? ["last_activity_at"] : []);
  for (const contactInbox of contact.contact_inboxes) {
    expectKeys(contactInbox, CONTACT_INBOX_KEYS);
    expectKeys(contactInbox.inbox, INBOX_SLIM_KEYS);
  }
}

describe("the sample desk", () => {
  it("is the same on every run, and desk-sized (40 conversations, 30 contacts, several messages each)", () => {
    const desk = createSampleDesk();
    expect(JSON.stringify(createSampleDesk())).toBe(JSON.stringify(desk));
    expect(desk.conversations).toHaveLength(40);
    expect(desk.contacts).toHaveLength(30);
    expect(desk.messages.length).toBeGreaterThan(40 * 4);
  });
});

describe("demo conversations", () => {
  it("a page of open conversations holds 25, latest activity first, with the counts over the whole filter", async () => {
    const open = backend.desk.conversations.filter((conversation) => conversation.status === "open");
    const unassigned = open.filter((conversation) => conversation.assignee_id === null).length;
    const expectedMeta = {
      mine_count: open.filter((conversation) => conversation.assignee_id === 1).length,
      assigned_count: open.length - unassigned,
      unassigned_count: unassigned,
      all_count: open.length,
    };
    expect(open.length).toBeGreaterThan(25);

    const first = (await get("/conversations?status=open")).data;
    expect(first.payload).toHaveLength(25);
    expect(first.meta).toEqual(expectedMeta);
    const times = first.payload.map((conversation: Json) => conversation.last_activity_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const second = (await get("/conversations?status=open&page=2")).data;
    expect(second.payload).toHaveLength(open.length - 25);
    const ids = [...first.payload, ...second.payload].map((conversation: Json) => conversation.id);
    expect(new Set(ids).size).toBe(open.length);

    // the counts are taken before the assignee filter, as ConversationFinder does
    const waiting = (await get("/conversations?status=open&assignee_type=unassigned")).data;
    expect(waiting.meta).toEqual(expectedMeta);
    expect(waiting.payload).toHaveLength(unassigned);
    // meta.json.jbuilder sends three of the four counts, under data.meta
    const { assigned_count: _assigned, ...metaCounts } = expectedMeta;
    expect((await get("/conversations/meta?status=open")).data.meta).toEqual(metaCounts);
  });

  it("list and get render the conversation partial's keys", async () => {
    const page = (await get("/conversations?status=all")).data.payload as Json[];
    expect(page.some((conversation) => conversation.meta.assignee) && page.some((conversation) => !conversation.meta.assignee)).toBe(true);
    for (const conversation of page) expectConversation(conversation);
    const one = await get("/conversations/2");
    expectConversation(one);
    expect(one.id).toBe(2);
    expect(one.meta.assignee.id).toBe(2);
  });
});

describe("demo messages", () => {
  it("answers the latest 20 with the message partial's keys, and pages back with before", async () => {
    const all = backend.desk.messages.filter((message) => message.conversation_id === 2).map((message) => message.id);
    expect(all.length).toBeGreaterThan(20);
    const latest = await get("/conversations/2/messages");
    expectKeys(latest.meta, MESSAGES_META_KEYS);
    expectKeys(latest.meta.contact, CONTACT_PUSH_KEYS);
    expectKeys(latest.meta.assignee, USER_PUSH_KEYS);
    expect(latest.payload.map((message: Json) => message.id)).toEqual(all.slice(-20));
    for (const message of latest.payload as Json[]) {
      expectKeys(message, MESSAGE_KEYS, [...(message.attachments ? [] : ["attachments"]), ...(message.message_type === 2 ? ["sender"] : [])]);
      if (message.sender) expectSender(message.sender);
      for (const attachment of message.attachments ?? []) expectKeys(attachment, ATTACHMENT_KEYS);
    }
    expect(latest.payload.some((message: Json) => message.attachments)).toBe(true);

    const older = await get(`/conversations/2/messages?before=${latest.payload[0].id}`);
    expect(older.payload.map((message: Json) => message.id)).toEqual(all.slice(-40, -20));
    const newer = await get(`/conversations/2/messages?after=${all[2]}`);
    expect(newer.payload.map((message: Json) => message.id)).toEqual(all.slice(3));
  });

  it("create_message answers with the message partial", async () => {
    backend.reset();
    const response = await fetch(`${backend.url}${ACCOUNT}/conversations/1/messages`, {
      method: "POST", headers: { api_access_token: TOKEN, "content-type": "application/json" }, body: JSON.stringify({ content: "A demo reply" }),
    });
    const message = (await response.json()) as Json;
    expectKeys(message, MESSAGE_KEYS, ["attachments"]);
    expectKeys(message.sender, USER_PUSH_KEYS);
    backend.reset();
  });
});

describe("demo contacts", () => {
  it("pages 15 contacts with meta.count and current_page, in the contact partial's keys", async () => {
    const listed = backend.desk.contacts.filter((contact) => contact.email || contact.phone_number || contact.identifier);
    const first = await get("/contacts");
    expect(first.meta).toEqual({ count: listed.length, current_page: 1 });
    expect(first.payload).toHaveLength(15);
    for (const contact of first.payload as Json[]) expectContact(contact);
    const second = await get("/contacts?page=2");
    expect(second.meta).toEqual({ count: listed.length, current_page: "2" });
    expect(second.payload).toHaveLength(listed.length - 15);
    expectContact((await get("/contacts/1")).payload);
  });
});
