// The compact shapers (src/core/compact.ts) on the demo desk's bodies, which render Chatwoot's
// views key for key (src/demo/views.ts), and the spec extension x-view that applies them.
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { loadSpec, type OpenApiDocument } from "../../scripts/generator/load-spec.js";
import { toOperations } from "../../scripts/generator/operations.js";
import { compactBody, cutText, fileName, SHAPES, TEXT_CHARS } from "../../src/core/compact.js";
import type { HttpResponse } from "../../src/core/executor.js";
import { successResult } from "../../src/core/results.js";
import { createSampleDesk, type DemoDesk, type DemoMessage } from "../../src/demo/sample-desk.js";
import {
  contactView, conversationPushData, conversationView, messagesMeta, messagesOf, messageView, notificationView, searchConversationView, searchMessageView,
} from "../../src/demo/views.js";
import { allTools } from "../../src/tools/index.js";
import { responseExamples } from "../../src/tools/response-examples.js";
import { fakeTool } from "../helpers/tool.js";

type Json = Record<string, any>;
const desk: DemoDesk = createSampleDesk();
const tokens = (value: unknown) => encode(JSON.stringify(value)).length;
const shape = (name: keyof typeof SHAPES, value: unknown) => SHAPES[name](JSON.parse(JSON.stringify(value))) as Json;
const lastChat = (id: number): DemoMessage | undefined => messagesOf(desk, desk.conversations.find((c) => c.id === id)!).filter((m) => m.message_type !== 2).at(-1);

describe("conversation", () => {
  it("keeps what an agent acts on, for every conversation of the desk", () => {
    for (const source of desk.conversations) {
      const raw = conversationView(desk, source) as Json;
      const compact = shape("conversation", raw);
      const contact = desk.contacts.find((c) => c.id === source.contact_id)!;
      const assignee = desk.agents.find((a) => a.id === source.assignee_id);
      const team = desk.teams.find((t) => t.id === source.team_id);
      const last = lastChat(source.id);
      expect(compact, `#${source.id}`).toMatchObject({
        id: source.id,
        status: source.status,
        priority: source.priority,
        inbox: { id: source.inbox_id, channel: desk.inboxes.find((i) => i.id === source.inbox_id)!.channel_type },
        contact: { id: contact.id, name: contact.name, email: contact.email, phone_number: contact.phone_number },
        assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
        team: team ? { id: team.id, name: team.name } : null,
        labels: source.labels,
        unread_count: raw.unread_count,
        waiting_since: source.waiting_since,
        last_activity_at: raw.last_activity_at,
      });
      expect(compact.last_message, `#${source.id}`).toEqual(last
        ? { sender_type: last.sender_type === "User" ? "user" : "contact", sender_name: last.sender_type === "User" ? desk.agents.find((a) => a.id === last.sender_id)?.name : desk.contacts.find((c) => c.id === last.sender_id)?.name, created_at: last.created_at, ...(last.private ? { private: true } : {}), content: cutText(last.content!), ...(last.attachments.length ? { attachments: last.attachments.length } : {}) }
        : null);
      expect(tokens(compact), `#${source.id}`).toBeLessThan(tokens(raw) * 0.25);
    }
  });

  it("says the e-mail subject, a snooze, a closed reply window and a mute, and only when they apply", () => {
    const email = desk.conversations.find((c) => c.additional_attributes.mail_subject)!;
    expect(shape("conversation", conversationView(desk, email)).subject).toBe(email.additional_attributes.mail_subject);
    const plain = shape("conversation", conversationView(desk, desk.conversations[0]!));
    for (const key of ["snoozed_until", "can_reply", "muted", "custom_attributes", "subject"]) expect(plain, key).not.toHaveProperty(key);
    const raw = { ...conversationView(desk, desk.conversations[0]!), snoozed_until: "2025-11-23T09:00:00.000Z", can_reply: false, muted: true, custom_attributes: { order: "A-1" } };
    expect(shape("conversation", raw)).toMatchObject({ snoozed_until: "2025-11-23T09:00:00.000Z", can_reply: false, muted: true, custom_attributes: { order: "A-1" } });
  });

  it("cuts a long last message with a marker, and only a long one", () => {
    const raw = conversationView(desk, desk.conversations[0]!) as Json;
    const long = "word ".repeat(400);
    raw.last_non_activity_message = { ...raw.last_non_activity_message, content: long };
    const text = shape("conversation", raw).last_message.content as string;
    expect(text.length).toBeLessThan(TEXT_CHARS + 40);
    expect(text).toMatch(/…\[cut \d+ characters\]$/);
    expect(long.startsWith(text.replace(/…\[cut \d+ characters\]$/, ""))).toBe(true);
    expect(cutText("short")).toBe("short");
  });

  it("reads push event data too (a notification's conversation): channel, and the latest chat message", () => {
    const source = desk.conversations.find((c) => c.assignee_id !== null && c.team_id !== null)!;
    const compact = shape("conversation", conversationPushData(desk, source));
    expect(compact).toMatchObject({ id: source.id, inbox: { id: source.inbox_id }, assignee: { id: source.assignee_id }, team: { id: source.team_id } });
    expect(compact.inbox.channel).toMatch(/^Channel::/);
    expect(compact.last_message.content).toBe(cutText(lastChat(source.id)!.content!));
  });

  it("search results: first message, contact, inbox name and agent; an empty agent is null", () => {
    const assigned = desk.conversations.find((c) => c.assignee_id !== null)!;
    const compact = shape("found_conversation", searchConversationView(desk, assigned));
    const first = messagesOf(desk, assigned)[0]!;
    expect(compact).toMatchObject({
      id: assigned.id, inbox: { id: assigned.inbox_id, name: desk.inboxes.find((i) => i.id === assigned.inbox_id)!.name },
      contact: { id: assigned.contact_id }, assignee: { id: assigned.assignee_id }, first_message: { created_at: first.created_at, content: cutText(first.content!) },
    });
    const unassigned = desk.conversations.find((c) => c.assignee_id === null)!;
    expect(shape("found_conversation", searchConversationView(desk, unassigned)).assignee).toBeNull();
  });

  it("hits of search_conversations_by_message keep the matching messages", () => {
    const sample = (responseExamples.search_conversations_by_message as Json).payload[0];
    expect(shape("conversation_hit", sample)).toEqual({
      id: 1, created_at: 1, inbox: { id: 1, name: "sample name", channel: "sample channel_type" }, contact: { id: 1, name: "sample name" },
      matches: [{ id: 1, message_type: "outgoing", sender_name: "sample sender_name", created_at: 1, content: "sample content" }],
    });
  });
});

describe("message", () => {
  it("keeps sender kind and name, time, private flag, type, text and files, for every message", () => {
    for (const source of desk.messages) {
      const raw = messageView(desk, source) as Json;
      const compact = shape("message", raw);
      expect(compact, `message ${source.id}`).toMatchObject({
        id: source.id, message_type: ["incoming", "outgoing", "activity", "template"][source.message_type], created_at: source.created_at, private: source.private, content: source.content,
      });
      if (source.sender_type) expect(compact.sender).toEqual({ type: source.sender_type === "User" ? "user" : "contact", id: source.sender_id, name: raw.sender.name });
      else expect(compact.sender).toBeNull();
      expect(compact.attachments ?? []).toEqual(source.attachments.map((a) => ({ id: a.id, type: a.file_type, name: a.data_url.split("/").at(-1), size: a.file_size, url: a.data_url })));
    }
    const screenshots = desk.messages.filter((m) => m.attachments.length > 0);
    expect(screenshots.length).toBeGreaterThan(0);
    expect(shape("message", messageView(desk, screenshots[0]!)).attachments[0].name).toMatch(/^(screenshot|export)-\d+\.(png|csv)$/);
  });

  it("says a failed delivery with Chatwoot's error, a reply's target, a deletion and a non-text content type", () => {
    const raw = { ...messageView(desk, desk.messages[0]!), status: "failed", content_type: "input_select", content_attributes: { external_error: "Outside the 24h window", in_reply_to: 12, deleted: true } };
    expect(shape("message", raw)).toMatchObject({ status: "failed", error: "Outside the 24h window", in_reply_to: 12, deleted: true, content_type: "input_select" });
    const plain = shape("message", messageView(desk, desk.messages[0]!));
    for (const key of ["status", "error", "in_reply_to", "deleted", "content_type", "attachments"]) expect(plain, key).not.toHaveProperty(key);
  });

  it("is much smaller than the message partial over a whole thread", () => {
    const thread = messagesOf(desk, desk.conversations[0]!).map((m) => messageView(desk, m));
    expect(tokens(thread.map((m) => shape("message", m)))).toBeLessThan(tokens(thread) * 0.5);
  });

  it("search hits say their conversation and inbox", () => {
    const source = desk.messages.find((m) => m.message_type === 0)!;
    expect(shape("found_message", searchMessageView(desk, source))).toMatchObject({ id: source.id, conversation_id: source.conversation_id, inbox: { id: expect.any(Number), name: expect.any(String) }, sender: { type: "contact" } });
  });

  it("list_messages' meta: labels, the contact's ways to reach them, the assignee", () => {
    const source = desk.conversations.find((c) => c.assignee_id !== null)!;
    const compact = shape("messages_meta", messagesMeta(desk, source));
    const contact = desk.contacts.find((c) => c.id === source.contact_id)!;
    expect(compact).toMatchObject({ labels: source.labels, contact: { id: contact.id, name: contact.name, email: contact.email, phone_number: contact.phone_number }, assignee: { id: source.assignee_id } });
    expect(shape("messages_meta", messagesMeta(desk, desk.conversations.find((c) => c.assignee_id === null)!)).assignee).toBeNull();
  });
});

describe("contact", () => {
  it("keeps id, name, email, phone, identifier, company and city when known, last activity", () => {
    for (const source of desk.contacts) {
      const raw = contactView(desk, source, true) as Json;
      const compact = shape("contact", raw);
      expect(compact).toMatchObject({ id: source.id, name: source.name, email: source.email, phone_number: source.phone_number, identifier: source.identifier });
      if (source.additional_attributes.company_name) expect(compact.company_name).toBe(source.additional_attributes.company_name);
      else expect(compact).not.toHaveProperty("company_name");
      if (source.additional_attributes.city) expect(compact.city).toBe(source.additional_attributes.city);
      else expect(compact).not.toHaveProperty("city");
      if (source.last_activity_at !== null) expect(compact.last_activity_at).toBe(source.last_activity_at);
      expect(tokens(compact)).toBeLessThan(tokens(raw) * 0.5);
    }
    expect(shape("contact", { id: 1, name: "x", labels: ["vip"], conversations_count: 3 })).toEqual({ id: 1, name: "x", labels: ["vip"], conversations_count: 3 });
  });

  it("one contact adds the country, custom attributes and the inboxes that reach it, with their source ids", () => {
    const source = desk.contacts.find((c) => c.contact_inboxes.length > 0 && Object.keys(c.custom_attributes).length > 0)!;
    const compact = shape("contact_detail", contactView(desk, source, true));
    expect(compact).toMatchObject({ id: source.id, country: source.additional_attributes.country, custom_attributes: source.custom_attributes });
    expect(compact.inboxes).toEqual(source.contact_inboxes.map((entry) => ({ id: entry.inbox_id, name: desk.inboxes.find((i) => i.id === entry.inbox_id)!.name, source_id: entry.source_id })));
  });
});

describe("notification, reporting event, CSAT rating", () => {
  it("a notification keeps what happened, read or not, its conversation compact and who or what caused it", () => {
    for (const source of desk.notifications) {
      const raw = notificationView(desk, source) as Json;
      const compact = shape("notification", raw);
      expect(compact).toMatchObject({ id: source.id, notification_type: source.notification_type, push_message_title: raw.push_message_title, read_at: raw.read_at, conversation: { id: source.conversation_id } });
      if (source.secondary_actor?.type === "Message") expect(compact.secondary_actor).toHaveProperty("content");
      if (source.secondary_actor?.type === "User") expect(compact.secondary_actor).toEqual({ id: source.secondary_actor.id, name: expect.any(String) });
      expect(tokens(compact)).toBeLessThan(tokens(raw) * 0.25);
    }
  });

  it("a reporting event loses only the account id and its row's timestamps", () => {
    const event = (responseExamples.list_reporting_events as Json).payload[0];
    const { account_id: _a, created_at: _c, updated_at: _u, ...kept } = event;
    expect(shape("reporting_event", event)).toEqual(kept);
  });

  it("a CSAT rating keeps the rating, feedback, conversation, the contact's ways to reach them and the agent", () => {
    const rating = {
      id: 3, rating: 2, feedback_message: "Slow answer", csat_review_notes: null, account_id: 1, message_id: 9, conversation_id: 12, created_at: 1763000000,
      contact: contactView(desk, desk.contacts[0]!, false), assigned_agent: { id: 2, name: "Sam", email: "sam@x", thumbnail: "", role: "agent" },
    };
    expect(shape("csat_response", rating)).toEqual({
      id: 3, rating: 2, feedback_message: "Slow answer", conversation_id: 12, created_at: 1763000000,
      contact: { id: 1, name: desk.contacts[0]!.name, email: desk.contacts[0]!.email, phone_number: desk.contacts[0]!.phone_number }, assigned_agent: { id: 2, name: "Sam" },
    });
  });
});

describe("compactBody", () => {
  const page = { data: { meta: { all_count: 2 }, payload: desk.conversations.slice(0, 2).map((c) => conversationView(desk, c)) } };

  it("shapes the records where the map says and keeps the wrapper and meta", () => {
    const compact = compactBody(page, { "data.payload": "conversation" }) as Json;
    expect(compact.data.meta).toEqual({ all_count: 2 });
    expect(compact.data.payload.map((c: Json) => c.id)).toEqual([desk.conversations[0]!.id, desk.conversations[1]!.id]);
    expect(compact.data.payload[0]).not.toHaveProperty("meta");
    expect(page.data.payload[0]).toHaveProperty("meta"); // the parsed answer is not changed
  });

  it("$ is the whole answer; a path the answer does not have leaves it as it is; non-objects are kept", () => {
    const one = conversationView(desk, desk.conversations[0]!);
    expect((compactBody(one, { $: "conversation" }) as Json).id).toBe(desk.conversations[0]!.id);
    expect(compactBody({ error: "x" }, { "data.payload": "conversation" })).toEqual({ error: "x" });
    expect(compactBody({ payload: [1, null, "a"] }, { payload: "contact" })).toEqual({ payload: [1, null, "a"] });
  });

  it("names a file from its link's last segment, decoded", () => {
    expect(fileName("https://x.example/rails/active_storage/blobs/redirect/abc--def/Invoice%20May.pdf?disposition=attachment")).toBe("Invoice May.pdf");
    expect(fileName("https://x.example/")).toBeUndefined();
    expect(cutText(`${"a".repeat(TEXT_CHARS - 1)}😀tail`, TEXT_CHARS)).toMatch(/^a+…\[cut/);
  });
});

describe("successResult with a view", () => {
  const response = (value: unknown): HttpResponse => ({ status: 200, statusText: "", contentType: "application/json", text: JSON.stringify(value) });
  const list = fakeTool({ name: "list_things", view: { "data.payload": "conversation" }, paging: { style: "pages", perPage: 25, total: "data.meta.all_count" }, fields: { page: ["query", "page"], view: ["local", "view"] } });
  const body = { data: { meta: { all_count: 40 }, payload: desk.conversations.slice(0, 25).map((c) => conversationView(desk, c)) } };

  it("answers compact by default and whole with view full", () => {
    const compact = JSON.parse((successResult(list, response(body), { args: {} }).content[0] as { text: string }).text) as Json;
    expect(compact.data.payload[0]).toHaveProperty("last_message");
    const full = JSON.parse((successResult(list, response(body), { args: { view: "full" }, maxResultTokens: 1e9 }).content[0] as { text: string }).text);
    expect(full).toEqual(body);
  });

  it("cuts over the budget after compaction: the note names the ids left out and the page note comes after them", () => {
    const result = successResult(list, response(body), { args: {}, maxResultTokens: 1000 });
    const [text, ...notes] = result.content.map((part) => (part as { text: string }).text);
    const shown = (JSON.parse(text!) as Json).data.payload.map((c: Json) => c.id);
    const left = body.data.payload.map((c) => c.id).filter((id) => !shown.includes(id));
    expect(left.length).toBeGreaterThan(0);
    expect(notes.join("\n")).toContain(`left out ids ${left.join(", ")}`);
    expect(notes[0]).toMatch(new RegExp(`^This page's items with ids ${left.join(", ")} were left out for size.*page: 2`));
  });
});

describe("x-view in the spec", () => {
  const fixture = new URL("../fixtures/spec", import.meta.url).pathname;
  const withView = (view: unknown, mutate: (op: Record<string, unknown>) => void = () => {}) => {
    const doc: OpenApiDocument = loadSpec(fixture);
    const op = doc.paths["/api/v1/accounts/{account_id}/things"]!.get as Record<string, unknown>;
    op["x-view"] = view;
    mutate(op);
    return () => toOperations(doc)[0]!;
  };

  it("adds the local field view (compact or full) and the map to the tool", () => {
    const op = withView({ $: "contact" })();
    expect(op.view).toEqual({ $: "contact" });
    expect(op.fields.at(-1)).toEqual({ field: "view", location: "local", wire: "view", required: false, schema: { type: "string", enum: ["compact", "full"] } });
  });

  it("refuses an unknown shape, a path the response lacks, a text answer and a second view field", () => {
    expect(withView({ $: "ticket" })).toThrow(/unknown shape ticket/);
    expect(withView({ "data.payload": "contact" })).toThrow(/has no data.payload/);
    expect(withView({ $: "contact" }, (op) => (op.responses = { "200": { description: "page", content: { "text/html": { schema: { type: "string" } } } } }))).toThrow(/JSON 200 response/);
    expect(withView({ $: "contact" }, (op) => (op.parameters = [...(op.parameters as unknown[]), { name: "view", in: "query", schema: { type: "string" } }]))).toThrow(/already has a field named view/);
  });

  it("the generated tools carry it: the heavy reads, each with the view field", () => {
    const viewed = allTools.filter((tool) => tool.view).map((tool) => tool.name).sort();
    expect(viewed).toEqual([
      "filter_contacts", "filter_conversations", "get_contact", "get_contact_by_source_id", "get_conversation", "list_active_contacts", "list_contact_conversations", "list_contacts", "list_conversations",
      "list_csat_responses", "list_messages", "list_notifications", "list_reporting_events", "search_contacts", "search_conversations", "search_conversations_by_message", "search_messages",
    ]);
    for (const tool of allTools.filter((candidate) => candidate.view)) expect(tool.fields.view, tool.name).toEqual(["local", "view"]);
  });
});
