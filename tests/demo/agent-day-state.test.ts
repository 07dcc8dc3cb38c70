/**
 * The operations of an agent's day that the demo desk keeps state for: bulk updates, contact
 * notes, macros, profile availability, notifications, conversation search, live metrics, the CSV
 * reports' rows and e-mail recipients on a reply. Each answer is checked against the response
 * schema spec/ documents for its operation (no undocumented keys, documented types), and each
 * change against what later reads show. Talks HTTP to the stand-in, and MCP where the tool's
 * path matters.
 */
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSpec } from "../../scripts/generator/load-spec.js";
import { loadConfig } from "../../src/core/config.js";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { csvReportHandlers } from "../../src/demo/handlers.js";
import { conversationRecordId, CURRENT_AGENT_ID } from "../../src/demo/sample-desk.js";
import { connectInProcess } from "../helpers/in-process.js";

const TOKEN = "agent-day-state-token";
const V1 = "/api/v1/accounts/1";
const V2 = "/api/v2/accounts/1";

type Json = Record<string, any>;
type Schema = Record<string, any>;

const spec = loadSpec(fileURLToPath(new URL("../../spec", import.meta.url)));

/** The 200 response schema of an operation, by operationId. */
function responseSchema(operationId: string): Schema {
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item as Record<string, Schema>)) {
      if (operation.operationId === operationId) return operation.responses["200"].content["application/json"].schema;
    }
  }
  throw new Error(`no operation ${operationId} in spec/`);
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref)!;
  return resolve((spec.components as Record<string, Record<string, Schema>>)[section!]![name!]!);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * Where a value departs from a schema: a type, enum or const it does not meet, or a key the schema
 * does not document (unless it allows more). Paths listed in `allowed` are skipped.
 */
function departures(value: unknown, node: Schema, path = "", allowed: string[] = []): string[] {
  if (allowed.includes(path)) return [];
  const schema = resolve(node);
  const problems: string[] = [];
  if ("const" in schema && value !== schema.const) problems.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  const types: string[] | undefined = schema.type === undefined ? undefined : [schema.type].flat();
  const actual = typeOf(value);
  if (types && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) return [...problems, `${path}: ${actual} where ${types.join("|")} is documented`];
  if (actual === "object" && schema.properties) {
    for (const [key, item] of Object.entries(value as Json)) {
      const property = schema.properties[key];
      if (property) problems.push(...departures(item, property, `${path}.${key}`, allowed));
      else if (schema.additionalProperties !== true && !allowed.includes(`${path}.${key}`)) problems.push(`${path}.${key}: not documented`);
    }
  }
  if (actual === "array" && schema.items) (value as unknown[]).forEach((item) => problems.push(...departures(item, schema.items, `${path}[]`, allowed)));
  return problems;
}

/** Where spec/ and Chatwoot's views part: none now (the profile and notification schemas were fixed from the views). */
const PROFILE_SPEC_GAPS: string[] = [];
const NOTIFICATION_SPEC_GAPS: string[] = [];

function expectDocumented(operationId: string, body: unknown, allowed: string[] = []): void {
  expect(departures(body, responseSchema(operationId), "", allowed), operationId).toEqual([]);
}

let backend: DemoBackend;
let client: Client;
beforeAll(async () => {
  backend = await startDemoBackend({ userToken: TOKEN });
  client = await connectInProcess(loadConfig({ CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: TOKEN, CHATWOOT_ACCOUNT_ID: "1" }));
});
afterAll(async () => {
  await client?.close();
  await backend?.close();
});
beforeEach(() => backend.reset());

async function request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(`${backend.url}${path}`, {
    method,
    headers: { api_access_token: TOKEN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text === "" ? undefined : JSON.parse(text) };
}

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const answer = await request(method, path, body);
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(200);
  return answer.json;
}

async function call(name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { isError: result.isError, text: result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n") };
}

const conversation = (id: number) => backend.desk.conversations.find((candidate) => candidate.id === id)!;
const messagesOf = (id: number) => backend.desk.messages.filter((message) => message.conversation_id === id);

describe("bulk_update_conversations", () => {
  it("applies status, assignee, team and labels to the listed conversations, skips unknown ones, and answers an empty 200", async () => {
    const before = backend.desk.conversations.map((item) => JSON.stringify(item));
    const answer = await request("POST", `${V1}/bulk_actions?type=Conversation`, {
      ids: [1, 3, 999], fields: { status: "resolved", assignee_id: 4, team_id: 2 }, labels: { add: ["refund"], remove: ["vip"] },
    });
    expect(answer).toMatchObject({ status: 200, text: "" });
    for (const id of [1, 3]) {
      expect(conversation(id)).toMatchObject({ status: "resolved", assignee_id: 4, team_id: 2 });
      expect(conversation(id).labels).toContain("refund");
      expect(conversation(id).labels).not.toContain("vip");
    }
    expect(conversation(1).labels).toEqual(["billing", "refund"]);
    // the others are as they were
    backend.desk.conversations.filter((item) => ![1, 3].includes(item.id)).forEach((item) => expect(before).toContain(JSON.stringify(item)));
    // and reads show it
    const shown = await ok("GET", `${V1}/conversations/3`);
    expect(shown).toMatchObject({ status: "resolved", labels: ["refund"], meta: { assignee: { id: 4 }, team: { id: 2 } } });
  });

  it("snoozes until the given time, removes the team with team_id 0, and leaves unset fields alone", async () => {
    await ok("POST", `${V1}/bulk_actions?type=Conversation`, { ids: [2], fields: { status: "snoozed", team_id: 0 }, snoozed_until: 1_764_000_000 });
    expect(conversation(2)).toMatchObject({ status: "snoozed", snoozed_until: 1_764_000_000, team_id: null, assignee_id: 2 });
    await ok("POST", `${V1}/bulk_actions?type=Conversation`, { ids: [2], fields: { status: "open" } });
    expect(conversation(2)).toMatchObject({ status: "open", snoozed_until: null });
  });

  it("refuses an unknown agent or team as Chatwoot's controller does, and changes nothing", async () => {
    for (const fields of [{ assignee_id: 99 }, { team_id: 42 }]) {
      const before = JSON.stringify(backend.desk.conversations);
      const answer = await request("POST", `${V1}/bulk_actions?type=Conversation`, { ids: [1], fields });
      expect(answer.status).toBe(422);
      expect(answer.json).toEqual({ error: `Invalid ${Object.keys(fields)[0]}` });
      expect(JSON.stringify(backend.desk.conversations)).toBe(before);
    }
  });

  it("through the tool: the request goes out and the change shows in get_conversation", async () => {
    const result = await call("bulk_update_conversations", { account_id: 1, ids: [5], fields: { assignee_id: CURRENT_AGENT_ID } });
    expect(result.isError, result.text).toBeFalsy();
    const shown = JSON.parse((await call("get_conversation", { account_id: 1, conversation_id: 5 })).text);
    expect(shown.assignee.id).toBe(CURRENT_AGENT_ID); // the compact view's {id, name}
  });
});

describe("contact notes", () => {
  it("lists a contact's notes newest first, in the documented shape", async () => {
    const notes = await ok("GET", `${V1}/contacts/1/notes`);
    expectDocumented("list_contact_notes", notes);
    expect(notes.length).toBeGreaterThan(1);
    const times = notes.map((note: Json) => note.created_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Object.keys(notes[0])).toEqual(["id", "content", "account_id", "contact_id", "user", "created_at", "updated_at"]);
    expect(await ok("GET", `${V1}/contacts/3/notes`)).toEqual([]);
  });

  it("creates, reads, edits and deletes a note, which sticks in between", async () => {
    const created = await ok("POST", `${V1}/contacts/3/notes`, { content: "Prefers a call back after 17:00." });
    expectDocumented("create_contact_note", created);
    expect(created).toMatchObject({ content: "Prefers a call back after 17:00.", user: { id: CURRENT_AGENT_ID } });
    expect((await ok("GET", `${V1}/contacts/3/notes`)).map((note: Json) => note.id)).toEqual([created.id]);
    expect(await ok("GET", `${V1}/contacts/3/notes/${created.id}`)).toEqual(created);

    const edited = await ok("PATCH", `${V1}/contacts/3/notes/${created.id}`, { content: "Call back after 18:00." });
    expectDocumented("update_contact_note", edited);
    expect(edited.content).toBe("Call back after 18:00.");
    expect((await ok("GET", `${V1}/contacts/3/notes/${created.id}`)).content).toBe("Call back after 18:00.");

    expect(await request("DELETE", `${V1}/contacts/3/notes/${created.id}`)).toMatchObject({ status: 200, text: "" });
    expect(await ok("GET", `${V1}/contacts/3/notes`)).toEqual([]);
    expect((await request("GET", `${V1}/contacts/3/notes/${created.id}`)).status).toBe(404);
  });

  it("answers 404 for an unknown contact or a note of another contact, and 422 for a blank note", async () => {
    expect(await request("GET", `${V1}/contacts/999/notes`)).toMatchObject({ status: 404, json: { error: "Contact not found" } });
    expect(await request("GET", `${V1}/contacts/2/notes/1`)).toMatchObject({ status: 404, json: { error: "Note not found" } });
    expect(await request("DELETE", `${V1}/contacts/1/notes/999`)).toMatchObject({ status: 404, json: { error: "Note not found" } });
    expect((await request("POST", `${V1}/contacts/1/notes`, { content: "  " })).status).toBe(422);
  });
});

describe("macros", () => {
  it("lists the sample macros and reads one, in the documented shapes", async () => {
    const list = await ok("GET", `${V1}/macros`);
    expectDocumented("list_macros", list);
    expect(list.payload.map((macro: Json) => macro.name)).toContain("Refund issued (demo)");
    const one = await ok("GET", `${V1}/macros/1`);
    expectDocumented("get_macro", one);
    expect(one.payload.actions.map((action: Json) => action.action_name)).toEqual(["add_label", "add_private_note", "resolve_conversation"]);
    expect(await request("GET", `${V1}/macros/99`)).toMatchObject({ status: 404, json: { error: "Macro not found" } });
  });

  it("execute_macro applies a macro's actions to each listed conversation: label, private note, resolved", async () => {
    const messages = messagesOf(1).length;
    expect(await request("POST", `${V1}/macros/1/execute`, { conversation_ids: [1, 999] })).toMatchObject({ status: 200, text: "" });
    expect(conversation(1).status).toBe("resolved");
    expect(conversation(1).labels).toContain("refund");
    const note = messagesOf(1).find((message) => message.private && message.content?.startsWith("Refund issued in the payment system"));
    expect(note).toMatchObject({ message_type: 1, sender_type: "User", sender_id: CURRENT_AGENT_ID });
    expect(messagesOf(1).length).toBeGreaterThan(messages);
    const listed = await ok("GET", `${V1}/conversations/1/messages`);
    expect(listed.payload.some((message: Json) => message.private && message.id === note!.id)).toBe(true);
  });

  it("runs team, priority and reply actions too", async () => {
    await ok("POST", `${V1}/macros/2/execute`, { conversation_ids: [3] });
    expect(conversation(3)).toMatchObject({ team_id: 2, priority: "high" });
    expect(conversation(3).labels).toContain("bug");
    await ok("POST", `${V1}/macros/3/execute`, { conversation_ids: [3] });
    expect(conversation(3).team_id).toBe(1);
    expect(messagesOf(3).some((message) => !message.private && message.content?.startsWith("Thanks! I've passed this to our billing team"))).toBe(true);
  });

  it("creates, updates, runs and deletes a macro", async () => {
    const created = await ok("POST", `${V1}/macros`, {
      name: "Take it", visibility: "personal",
      actions: [{ action_name: "assign_agent", action_params: ["self"] }, { action_name: "change_status", action_params: ["pending"] }],
    });
    expectDocumented("create_macro", created);
    expect(created.payload).toMatchObject({ name: "Take it", visibility: "personal", created_by: { id: CURRENT_AGENT_ID } });
    const id = created.payload.id as number;
    await ok("POST", `${V1}/macros/${id}/execute`, { conversation_ids: [5] });
    expect(conversation(5)).toMatchObject({ assignee_id: CURRENT_AGENT_ID, status: "pending" });

    const updated = await ok("PATCH", `${V1}/macros/${id}`, { visibility: "global", actions: [{ action_name: "mute_conversation", action_params: [] }] });
    expectDocumented("update_macro", updated);
    expect(updated.payload).toMatchObject({ name: "Take it", visibility: "global", actions: [{ action_name: "mute_conversation", action_params: [] }] });
    // Macro#set_visibility writes visibility on every update, null when none was sent
    expect((await ok("PATCH", `${V1}/macros/${id}`, { name: "Mute" })).payload).toMatchObject({ name: "Mute", visibility: null });
    await ok("POST", `${V1}/macros/${id}/execute`, { conversation_ids: [5] });
    expect(conversation(5).muted).toBe(true);

    expect(await request("DELETE", `${V1}/macros/${id}`)).toMatchObject({ status: 200, text: "" });
    expect((await ok("GET", `${V1}/macros`)).payload.map((macro: Json) => macro.id)).not.toContain(id);
    expect((await request("POST", `${V1}/macros/${id}/execute`, { conversation_ids: [5] })).status).toBe(404);
  });

  it("refuses actions Chatwoot does not know, and a blank name", async () => {
    const unknown = await request("POST", `${V1}/macros`, { name: "x", actions: [{ action_name: "delete_everything", action_params: [] }] });
    expect(unknown).toMatchObject({ status: 422, json: { error: { actions: ["Macro execution actions delete_everything not supported."] } } });
    expect((await request("POST", `${V1}/macros`, { name: "", actions: [] })).status).toBe(422);
    expect((await ok("GET", `${V1}/macros`)).payload).toHaveLength(3);
  });
});

describe("profile availability", () => {
  it("set_profile_availability changes what get_profile and list_agents show, and answers the profile", async () => {
    const answer = await ok("POST", "/api/v1/profile/availability", { account_id: 1, availability: "busy" });
    expectDocumented("set_profile_availability", answer, PROFILE_SPEC_GAPS);
    expect(answer.accounts[0]).toMatchObject({ availability: "busy", availability_status: "busy" });
    expect(answer).toEqual(await ok("GET", "/api/v1/profile"));
    const me = (await ok("GET", `${V1}/agents`)).find((agent: Json) => agent.id === CURRENT_AGENT_ID);
    expect(me.availability_status).toBe("busy");
  });

  it("set_profile_auto_offline stores auto_offline, shown in the profile and the agent list", async () => {
    const answer = await ok("POST", "/api/v1/profile/auto_offline", { account_id: 1, auto_offline: false });
    expectDocumented("set_profile_auto_offline", answer, PROFILE_SPEC_GAPS);
    expect(answer.accounts[0].auto_offline).toBe(false);
    expect((await ok("GET", "/api/v1/profile")).accounts[0].auto_offline).toBe(false);
    expect((await ok("GET", `${V1}/agents`)).find((agent: Json) => agent.id === CURRENT_AGENT_ID).auto_offline).toBe(false);
    await ok("POST", "/api/v1/profile/auto_offline", { account_id: 1, auto_offline: true });
    expect((await ok("GET", "/api/v1/profile")).accounts[0].auto_offline).toBe(true);
  });

  it("answers 404 for an account that is not the caller's and 422 for an unknown availability", async () => {
    expect(await request("POST", "/api/v1/profile/availability", { account_id: 7, availability: "busy" })).toMatchObject({ status: 404, json: { error: "Account not found" } });
    expect((await request("POST", "/api/v1/profile/availability", { account_id: 1, availability: "asleep" })).status).toBe(422);
    expect((await ok("GET", "/api/v1/profile")).accounts[0].availability).toBe("online");
  });

  it("through the tools", async () => {
    expect((await call("set_profile_availability", { account_id: 1, availability: "offline" })).isError).toBeFalsy();
    expect(JSON.parse((await call("get_profile", {})).text).accounts[0].availability).toBe("offline");
  });
});

describe("notifications", () => {
  const count = async (): Promise<number> => ok("GET", `${V1}/notifications/unread_count`);
  const listed = async (query = ""): Promise<Json> => ok("GET", `${V1}/notifications${query}`);

  it("lists the agent's unread, unsnoozed notifications by last activity, in the documented shape, and counts them", async () => {
    const answer = await listed();
    expectDocumented("list_notifications", answer, NOTIFICATION_SPEC_GAPS);
    const { meta, payload } = answer.data;
    const expected = backend.desk.notifications.filter((notification) => notification.read_at === null && notification.snoozed_until === null);
    expect(meta).toEqual({ unread_count: expected.length, count: expected.length, current_page: 1 });
    expect(payload.map((item: Json) => item.id).sort()).toEqual(expected.map((notification) => notification.id).sort());
    const times = payload.map((item: Json) => item.last_activity_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(payload.map((item: Json) => item.notification_type))).toEqual(new Set(["conversation_mention", "conversation_assignment", "assigned_conversation_new_message", "conversation_creation"]));
    for (const item of payload) {
      expect(item.primary_actor_id).toBe(conversationRecordId(item.primary_actor.id));
      expect(item.push_message_title).toContain(`(#${item.primary_actor.id})`);
      expect(item.user.id).toBe(CURRENT_AGENT_ID);
    }
    expect(await count()).toBe(expected.length);

    const all = (await listed("?includes[]=read&includes[]=snoozed&sort_order=asc")).data;
    expect(all.meta.count).toBe(backend.desk.notifications.length);
    expect(all.payload.map((item: Json) => item.last_activity_at)).toEqual([...all.payload.map((item: Json) => item.last_activity_at)].sort((a, b) => a - b));
    expect(all.payload.some((item: Json) => item.read_at !== null) && all.payload.some((item: Json) => item.snoozed_until !== null)).toBe(true);
  });

  it("mark read and unread move the count and answer the record", async () => {
    const unread = backend.desk.notifications.find((notification) => notification.read_at === null && notification.snoozed_until === null)!;
    const before = await count();
    const read = await ok("PATCH", `${V1}/notifications/${unread.id}`);
    expectDocumented("mark_notification_read", read);
    expect(read).toMatchObject({ id: unread.id, user_id: CURRENT_AGENT_ID, primary_actor_type: "Conversation", primary_actor_id: conversationRecordId(unread.conversation_id) });
    expect(typeof read.read_at).toBe("string");
    expect(await count()).toBe(before - 1);
    expect((await listed()).data.payload.map((item: Json) => item.id)).not.toContain(unread.id);

    const again = await ok("POST", `${V1}/notifications/${unread.id}/unread`);
    expectDocumented("mark_notification_unread", again);
    expect(again.read_at).toBeNull();
    expect(await count()).toBe(before);
  });

  it("a snoozed notification leaves the list and the count until asked for", async () => {
    const unread = backend.desk.notifications.find((notification) => notification.read_at === null && notification.snoozed_until === null)!;
    const before = await count();
    const snoozed = await ok("POST", `${V1}/notifications/${unread.id}/snooze`, { snoozed_until: 1_764_000_000 });
    expectDocumented("snooze_notification", snoozed);
    expect(snoozed).toMatchObject({ snoozed_until: "2025-11-24T16:00:00.000Z", meta: { last_snoozed_at: null } });
    expect(await count()).toBe(before - 1);
    expect((await listed()).data.payload.map((item: Json) => item.id)).not.toContain(unread.id);
    expect((await listed("?includes[]=snoozed")).data.payload.map((item: Json) => item.id)).toContain(unread.id);
  });

  it("read_all marks one conversation's (by its row id) or, with none found, every unread one", async () => {
    const mention = backend.desk.notifications.find((notification) => notification.notification_type === "conversation_mention")!;
    const before = await count();
    expect(await request("POST", `${V1}/notifications/read_all?primary_actor_type=Conversation&primary_actor_id=${conversationRecordId(mention.conversation_id)}`)).toMatchObject({ status: 200, text: "" });
    const others = backend.desk.notifications.filter((notification) => notification.conversation_id !== mention.conversation_id);
    expect(backend.desk.notifications.filter((notification) => notification.conversation_id === mention.conversation_id).every((notification) => notification.read_at !== null)).toBe(true);
    expect(await count()).toBe(others.filter((notification) => notification.read_at === null && notification.snoozed_until === null).length);
    expect(await count()).toBeLessThan(before);
    // the conversation's number is not a row id: Chatwoot finds no conversation and marks them all
    const result = await call("mark_all_notifications_read", { account_id: 1, primary_actor_id: mention.conversation_id });
    expect(result.isError, result.text).toBeFalsy();
    expect(await count()).toBe(0);
    expect(backend.desk.notifications.every((notification) => notification.read_at !== null)).toBe(true);
  });

  it("deletes one, the read ones, or all", async () => {
    const first = backend.desk.notifications[0]!;
    expect(await request("DELETE", `${V1}/notifications/${first.id}`)).toMatchObject({ status: 200, text: "" });
    expect(await request("PATCH", `${V1}/notifications/${first.id}`)).toMatchObject({ status: 404, json: { error: "Notification not found" } });
    const unread = backend.desk.notifications.filter((notification) => notification.read_at === null).length;
    await ok("POST", `${V1}/notifications/destroy_all`, { type: "read" });
    expect(backend.desk.notifications).toHaveLength(unread);
    expect((await listed("?includes[]=read&includes[]=snoozed")).data.meta.count).toBe(unread);
    await ok("POST", `${V1}/notifications/destroy_all`);
    expect((await listed("?includes[]=read&includes[]=snoozed")).data).toEqual({ meta: { unread_count: 0, count: 0, current_page: 1 }, payload: [] });
    expect(await count()).toBe(0);
  });
});

describe("search", () => {
  const found = async (q: string): Promise<number[]> =>
    (await ok("GET", `${V1}/search/conversations?q=${encodeURIComponent(q)}`)).payload.conversations.map((item: Json) => item.id);
  const ofContact = (contactId: number) => backend.desk.conversations.filter((item) => item.contact_id === contactId).sort((a, b) => b.created_at - a.created_at).map((item) => item.id);

  it("finds conversations by number and by the contact's name, email, phone or identifier, newest first", async () => {
    const answer = await ok("GET", `${V1}/search/conversations?q=maria`);
    expectDocumented("search_conversations", answer);
    expect(answer.payload.conversations.map((item: Json) => item.id)).toEqual(ofContact(1));
    expect(Object.keys(answer.payload.conversations[0])).toEqual(["id", "account_id", "created_at", "message", "contact", "inbox", "agent"]);
    expect(await found("MARIA@customer")).toEqual(ofContact(1));
    expect(await found("+15550100003")).toEqual(ofContact(3));
    expect(await found("demo-cust-1")).toEqual(backend.desk.conversations
      .filter((item) => backend.desk.contacts.find((contact) => contact.id === item.contact_id)?.identifier?.includes("demo-cust-1"))
      .sort((a, b) => b.created_at - a.created_at).map((item) => item.id));
    expect(await found("37")).toContain(37);
    expect(await found("no such customer anywhere")).toEqual([]);
    // the message is the conversation's first, the agent its assignee ({} when none)
    const [hit] = (await ok("GET", `${V1}/search/conversations?q=jonas`)).payload.conversations.filter((item: Json) => item.id === 2);
    expect(hit.message.id).toBe(messagesOf(2)[0]!.id);
    expect(hit.agent).toMatchObject({ id: 2 });
    const [unassigned] = (await ok("GET", `${V1}/search/conversations?q=maria`)).payload.conversations.filter((item: Json) => item.id === 1);
    expect(unassigned.agent).toEqual({});
  });

  it("search_all answers conversations, contacts and messages from the desk", async () => {
    const answer = await ok("GET", `${V1}/search?q=refund`);
    expectDocumented("search_all", answer);
    expect(answer.payload.messages.length).toBeGreaterThan(0);
    for (const message of answer.payload.messages) expect(message.content.toLowerCase()).toContain("refund");
    const maria = (await ok("GET", `${V1}/search?q=lopez`)).payload;
    expect(maria.contacts.map((contact: Json) => contact.id)).toEqual([1]);
    expect(maria.conversations.map((item: Json) => item.id)).toEqual(ofContact(1));
  });

  it("a conversation created later is found", async () => {
    const created = await ok("POST", `${V1}/conversations`, { contact_id: 3, inbox_id: 1, message: { content: "Hello again" } });
    expect((await found("aiko"))[0]).toBe(created.id);
  });
});

describe("live conversation metrics", () => {
  const open = () => backend.desk.conversations.filter((item) => item.status === "open");
  const unattended = (item: { first_reply_created_at: number; waiting_since: number }) => item.first_reply_created_at === 0 || item.waiting_since !== 0;

  it("counts open, unattended, unassigned and pending conversations of the desk, for the account or a team", async () => {
    const metrics = await ok("GET", `${V2}/live_reports/conversation_metrics`);
    expectDocumented("get_live_conversation_metrics", metrics);
    expect(metrics).toEqual({
      open: open().length,
      unattended: open().filter(unattended).length,
      unassigned: open().filter((item) => item.assignee_id === null).length,
      pending: backend.desk.conversations.filter((item) => item.status === "pending").length,
    });
    const team = await ok("GET", `${V2}/live_reports/conversation_metrics?team_id=2`);
    expect(team.open).toBe(open().filter((item) => item.team_id === 2).length);
    // a change shows at once
    await ok("POST", `${V1}/conversations/5/assignments`, { assignee_id: 3 });
    expect((await ok("GET", `${V2}/live_reports/conversation_metrics`)).unassigned).toBe(metrics.unassigned - 1);
  });

  it("groups open conversations per assignee or team, with null for none", async () => {
    const byAgent = await ok("GET", `${V2}/live_reports/grouped_conversation_metrics?group_by=assignee_id`);
    expectDocumented("get_grouped_live_conversation_metrics", byAgent);
    expect(byAgent.reduce((sum: number, row: Json) => sum + row.open, 0)).toBe(open().length);
    const none = byAgent.find((row: Json) => row.assignee_id === null);
    expect(none).toEqual({ open: open().filter((item) => item.assignee_id === null).length, unattended: none.unattended, unassigned: none.open, assignee_id: null });
    for (const row of byAgent) expect(Object.keys(row)).toEqual(["open", "unattended", "unassigned", "assignee_id"]);

    const byTeam = await ok("GET", `${V2}/live_reports/grouped_conversation_metrics?group_by=team_id&team_id=1`);
    expectDocumented("get_grouped_live_conversation_metrics", byTeam);
    expect(byTeam).toEqual([{ open: open().filter((item) => item.team_id === 1).length, unattended: open().filter((item) => item.team_id === 1 && unattended(item)).length, unassigned: open().filter((item) => item.team_id === 1 && item.assignee_id === null).length, team_id: 1 }]);
    expect(await request("GET", `${V2}/live_reports/grouped_conversation_metrics?group_by=inbox_id`)).toMatchObject({ status: 422, json: { error: "invalid group_by" } });
  });
});

describe("CSV reports (the handlers' text; backend.ts sends a handler's body as JSON, see the report)", () => {
  const exampleHeader = (operationId: string): string => {
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(item as Record<string, Schema>)) {
        if (operation.operationId === operationId) return (operation.responses["200"].content["text/csv"].schema.example as string).split("\n")[0]!;
      }
    }
    throw new Error(operationId);
  };
  const csv = (name: string, query = ""): string[] =>
    (csvReportHandlers[name]!({ desk: backend.desk, params: {}, query: new URLSearchParams(query), body: {} }).body as string).trimEnd().split("\n");

  it("has spec/'s header and one row per agent, inbox, label or team, the same on every run", () => {
    const lists = { export_agents_report: backend.desk.agents.map((agent) => agent.name), export_inboxes_report: backend.desk.inboxes.map((inbox) => inbox.name), export_labels_report: backend.desk.labels.map((label) => label.title), export_teams_report: backend.desk.teams.map((team) => team.name) };
    for (const [name, rows] of Object.entries(lists)) {
      const lines = csv(name);
      expect(lines[0], name).toBe(exampleHeader(name));
      expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(rows);
      for (const line of lines.slice(1)) expect(line.split(",")).toHaveLength(lines[0]!.split(",").length);
      expect(csv(name)).toEqual(lines);
    }
  });

  it("derives its numbers from the desk: conversations and resolutions per agent, within the period when given", () => {
    const [, ...rows] = csv("export_agents_report");
    backend.desk.agents.forEach((agent, index) => {
      const mine = backend.desk.conversations.filter((item) => item.assignee_id === agent.id);
      const cells = rows[index]!.split(",");
      expect(Number(cells[1])).toBe(mine.length);
      expect(Number(cells[5])).toBe(mine.filter((item) => item.status === "resolved").length);
      expect(cells[2]).toMatch(/^(--|\d+ (Day|Hour|Minute|Second)s?( \d+ (Hour|Minute|Second)s?)?)$/);
    });
    const since = 1_763_600_000;
    const [, ...period] = csv("export_agents_report", `since=${since}&until=1763800000`);
    backend.desk.agents.forEach((agent, index) => {
      expect(Number(period[index]!.split(",")[1])).toBe(backend.desk.conversations.filter((item) => item.assignee_id === agent.id && item.created_at >= since && item.created_at <= 1_763_800_000).length);
    });
  });
});

describe("create_message in an e-mail inbox", () => {
  it("puts the cc, bcc and to addresses, split and trimmed, into content_attributes", async () => {
    expect(backend.desk.inboxes.find((inbox) => inbox.id === conversation(2).inbox_id)!.channel_type).toBe("Channel::Email");
    const message = await ok("POST", `${V1}/conversations/2/messages`, { content: "Looping in finance.", cc_emails: " boss@example.com , finance@example.com", bcc_emails: "audit@example.com", to_emails: "" });
    expectDocumented("create_message", message);
    expect(message.content_attributes).toEqual({ cc_emails: ["boss@example.com", "finance@example.com"], bcc_emails: ["audit@example.com"], to_emails: [] });
    const listed = (await ok("GET", `${V1}/conversations/2/messages`)).payload.find((item: Json) => item.id === message.id);
    expect(listed.content_attributes.cc_emails).toEqual(["boss@example.com", "finance@example.com"]);
  });

  it("keeps other content_attributes, refuses an invalid address, and leaves other inboxes alone", async () => {
    const reply = await ok("POST", `${V1}/conversations/2/messages`, { content: "x", content_attributes: { in_reply_to: 3 }, to_emails: "jonas@customer.example.com" });
    expect(reply.content_attributes).toEqual({ in_reply_to: 3, cc_emails: [], bcc_emails: [], to_emails: ["jonas@customer.example.com"] });
    const count = backend.desk.messages.length;
    expect(await request("POST", `${V1}/conversations/2/messages`, { content: "x", cc_emails: "boss@example.com, not an address" })).toMatchObject({ status: 422, json: { error: "Invalid email address" } });
    expect(backend.desk.messages).toHaveLength(count);
    const chat = await ok("POST", `${V1}/conversations/1/messages`, { content: "x", cc_emails: "boss@example.com" });
    expect(chat.content_attributes).toEqual({});
  });
});

describe("odd input", () => {
  it("never fails the stand-in: wrong types answer 200, 404 or 422", async () => {
    const calls: [string, string, unknown][] = [
      ["POST", `${V1}/bulk_actions?type=Conversation`, { ids: "1", fields: [], labels: "vip" }],
      ["POST", `${V1}/bulk_actions?type=Conversation`, { ids: [null, {}, "2"], fields: { status: 7, assignee_id: "x" } }],
      ["POST", `${V1}/bulk_actions?type=Conversation`, {}],
      ["POST", `${V1}/macros/1/execute`, { conversation_ids: { 1: true } }],
      ["POST", `${V1}/macros`, { name: 3, actions: "all" }],
      ["PATCH", `${V1}/macros/1`, { actions: [null, 1] }],
      ["POST", `${V1}/contacts/1/notes`, { content: ["x"] }],
      ["PATCH", `${V1}/contacts/1/notes/1`, { content: null }],
      ["POST", `${V1}/notifications/1/snooze`, { snoozed_until: "tomorrow" }],
      ["POST", `${V1}/notifications/destroy_all`, { type: ["read"] }],
      ["POST", "/api/v1/profile/availability", { account_id: "1", availability: null }],
      ["POST", "/api/v1/profile/auto_offline", {}],
      ["GET", `${V1}/search?q=%25&page=-3`, undefined],
      ["GET", `${V2}/live_reports/conversation_metrics?team_id=abc`, undefined],
      ["POST", `${V1}/conversations/2/messages`, { content: "x", cc_emails: 12 }],
    ];
    for (const [method, path, body] of calls) expect([200, 404, 422], `${method} ${path} ${JSON.stringify(body)}`).toContain((await request(method, path, body)).status);
  });
});
