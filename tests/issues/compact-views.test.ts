// Issue 11 (parts 1, 2 and 5): heavy reads answer in compact views by default, `view: "full"`
// gives Chatwoot's whole objects, and nothing is lost silently. Through the built server over
// stdio against the demo backend, whose answers have Chatwoot's real view shapes and sizes.
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { settleConversation, T0, type DemoMessage } from "../../src/demo/sample-desk.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server.js";
import { hideSecrets } from "../../src/core/secrets.js";

type Json = Record<string, any>;
const TOKEN = "compact-views-token-5e21";
let backend: DemoBackend;
let server: SpawnedServer;
/** the same, with a budget no answer reaches: full views arrive whole */
let roomy: SpawnedServer;

beforeAll(async () => {
  backend = await startDemoBackend({ userToken: TOKEN });
  const env = { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: TOKEN, CHATWOOT_ACCOUNT_ID: "1" };
  [server, roomy] = await Promise.all([spawnServer(env), spawnServer({ ...env, CHATWOOT_MAX_RESULT_TOKENS: "1000000" })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), roomy?.close()]);
  await backend?.close();
});
beforeEach(() => backend.reset());

const tokens = (text: string) => encode(text).length;
const resultTokens = (result: { text: string; notes: string[] }) => [result.text, ...result.notes].reduce((sum, text) => sum + tokens(text), 0);

/** The body Chatwoot (the demo backend) gave for the last request, fetched again as it was sent. */
async function rawOfLast(): Promise<string> {
  const { method, path, query, body } = backend.requests.at(-1)!;
  const response = await fetch(`${backend.url}${path}${query ? `?${query}` : ""}`, {
    method, headers: { api_access_token: TOKEN, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.text();
}

/** The fields issue 11 names for a compact conversation. */
function expectConversation(compact: Json, where: string): void {
  for (const key of ["id", "status", "priority", "inbox", "contact", "assignee", "team", "labels", "unread_count", "waiting_since", "last_activity_at", "last_message"]) {
    expect(compact, `${where}: ${key}`).toHaveProperty(key);
  }
  expect(Object.keys(compact.inbox), where).toEqual(["id", "channel"]);
  expect(Object.keys(compact.contact), where).toEqual(["id", "name", "email", "phone_number"]);
  for (const person of [compact.assignee, compact.team]) if (person !== null) expect(Object.keys(person), where).toEqual(["id", "name"]);
  if (compact.last_message !== null) for (const key of ["sender_type", "created_at", "content"]) expect(compact.last_message, `${where}: last_message.${key}`).toHaveProperty(key);
}

describe("compact by default, whole with view: full", () => {
  const reads: [string, Record<string, unknown>, number][] = [
    // tool, arguments, the most the compact answer may weigh against the raw body (tokens)
    ["list_conversations", { status: "open" }, 0.15],
    ["get_conversation", { conversation_id: 1 }, 0.2],
    ["list_contact_conversations", { contact_id: 1 }, 0.2],
    ["list_messages", { conversation_id: 1 }, 0.4],
    ["search_messages", { q: "refund" }, 0.3],
    ["search_conversations", { q: "demo" }, 0.4],
    ["list_contacts", {}, 0.3],
    ["search_contacts", { q: "demo" }, 0.3],
    ["get_contact", { contact_id: 1 }, 0.6],
    ["list_notifications", {}, 0.15],
    // answered from the spec's samples: shaped all the same, never larger
    ["filter_conversations", { payload: [{ attribute_key: "status", filter_operator: "equal_to", values: ["open"] }] }, 1],
    ["search_conversations_by_message", { q: "refund" }, 1],
    ["filter_contacts", { payload: [{ attribute_key: "name", filter_operator: "contains", values: ["demo"] }] }, 1],
    ["list_active_contacts", {}, 1],
    ["list_csat_responses", {}, 1],
    ["list_reporting_events", {}, 1],
  ];

  it.each(reads)("%s", async (name, args, ratio) => {
    const compact = await roomy.call(name, args);
    expect(compact.isError, compact.text).toBeFalsy();
    const raw = await rawOfLast();
    expect(backend.requests.at(-1)!.query, "view is read by the server, never sent").not.toMatch(/view/);
    const full = await roomy.call(name, { ...args, view: "full" });
    // as it came, but for credentials (a conversation's contact_inbox carries a pubsub_token)
    expect(JSON.parse(full.text), "full is Chatwoot's body as it came").toEqual(hideSecrets(JSON.parse(raw)).value);
    expect(tokens(compact.text)).toBeLessThanOrEqual(tokens(raw) * ratio);
    // the page note reads the compact answer the same way: the same note both ways
    expect(compact.notes).toEqual(full.notes);
  });

  it("a conversation keeps every field issue 11 names, in lists, one by one and in a contact's list", async () => {
    const page = JSON.parse((await server.call("list_conversations", { status: "all" })).text) as Json;
    expect(page.data.meta).toHaveProperty("all_count");
    for (const conversation of page.data.payload) expectConversation(conversation, `list #${conversation.id}`);
    expectConversation(JSON.parse((await server.call("get_conversation", { conversation_id: 2 })).text), "get #2");
    for (const conversation of JSON.parse((await server.call("list_contact_conversations", { contact_id: 1 })).text).payload) expectConversation(conversation, `contact #${conversation.id}`);
  });

  it("a message keeps id, sender kind and name, time, private flag, type, text and files with type, name, size and URL", async () => {
    const withFile = backend.desk.messages.find((message) => message.attachments.length > 0)!;
    const thread = JSON.parse((await server.call("list_messages", { conversation_id: withFile.conversation_id })).text) as Json;
    expect(Object.keys(thread.meta)).toEqual(expect.arrayContaining(["labels", "contact", "assignee"]));
    for (const message of thread.payload) {
      for (const key of ["id", "message_type", "sender", "created_at", "private", "content"]) expect(message, `${message.id}.${key}`).toHaveProperty(key);
      if (message.sender) expect(Object.keys(message.sender)).toEqual(["type", "id", "name"]);
    }
    const shown = thread.payload.find((message: Json) => message.id === withFile.id);
    const file = withFile.attachments[0]!;
    expect(shown.attachments[0]).toEqual({ id: file.id, type: file.file_type, name: file.data_url.split("/").at(-1), size: file.file_size, url: expect.stringMatching(/^http/) });
    // view_attachment takes the id the compact view shows
    const image = backend.desk.messages.flatMap((message) => message.attachments).find((attachment) => attachment.file_type === "image")!;
    const viewed = await server.call("view_attachment", { conversation_id: backend.desk.messages.find((message) => message.id === image.message_id)!.conversation_id, attachment_id: image.id });
    expect(viewed.content.some((part) => part.type === "image")).toBe(true);
  });

  it("a contact keeps id, name, email, phone, identifier, company and city when known, last activity", async () => {
    for (const [name, args] of [["list_contacts", {}], ["search_contacts", { q: "demo" }]] as const) {
      for (const contact of JSON.parse((await server.call(name, args)).text).payload as Json[]) {
        const source = backend.desk.contacts.find((candidate) => candidate.id === contact.id)!;
        expect(contact).toMatchObject({ name: source.name, email: source.email, phone_number: source.phone_number, identifier: source.identifier });
        if (source.additional_attributes.company_name) expect(contact.company_name).toBe(source.additional_attributes.company_name);
        if (source.additional_attributes.city) expect(contact.city).toBe(source.additional_attributes.city);
        if (source.last_activity_at !== null) expect(contact.last_activity_at).toBe(source.last_activity_at);
      }
    }
    const one = JSON.parse((await server.call("get_contact", { contact_id: 1 })).text).payload as Json;
    expect(one).toMatchObject({ id: 1, company_name: expect.any(String), city: expect.any(String), custom_attributes: expect.any(Object), inboxes: expect.any(Array) });
  });

  it("tools without x-view take no view field", async () => {
    const result = await server.call("get_report_summary", { type: "account", since: T0 - 30 * 86400, until: T0, view: "full" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/view/);
  });
});

describe("nothing lost silently", () => {
  /** Each open conversation gets a long latest message from its customer: an e-mail with its quoted thread. */
  function longThreads(extra: (index: number) => Record<string, unknown> = () => ({})): number[] {
    const desk = backend.desk;
    const open = desk.conversations.filter((conversation) => conversation.status === "open");
    open.forEach((conversation, index) => {
      const text = `I tried every step from your last e-mail and it still fails (demo). ${"The export stops at 80% and the log repeats the same timeout line. ".repeat(80)}`;
      const message: DemoMessage = {
        id: desk.nextId.message++, conversation_id: conversation.id, content: text, message_type: 0, private: false, content_type: "text", content_attributes: {},
        status: "sent", source_id: null, sender_type: "Contact", sender_id: conversation.contact_id, created_at: T0 + 600 + index, updated_at: T0 + 600 + index,
        processed_message_content: text, additional_attributes: {}, attachments: [],
      };
      desk.messages.push(message);
      conversation.custom_attributes = extra(index);
      settleConversation(desk, conversation);
    });
    return open.map((conversation) => conversation.id);
  }

  it("a page of 25 open conversations fits the budget compact, where the full page is cut", async () => {
    const compact = await server.call("list_conversations", { status: "open" });
    const page = JSON.parse(compact.text) as Json;
    expect(page.data.payload).toHaveLength(25);
    expect(compact.notes).toEqual([`Page 1: 25 items of ${page.data.meta.all_count} in all. For more, call list_conversations again with page: 2.`]);
    const full = await server.call("list_conversations", { status: "open", view: "full" });
    expect(full.notes.join("\n")).toMatch(/Result cut to fit about 20000 tokens/);
  });

  it("very long conversations: each last message is cut with a marker, and the page still fits", async () => {
    longThreads();
    const compact = await server.call("list_conversations", { status: "open" });
    expect(compact.notes.join("\n")).not.toMatch(/Result cut/);
    const page = JSON.parse(compact.text) as Json;
    expect(page.data.payload).toHaveLength(25);
    for (const conversation of page.data.payload) expect(conversation.last_message.content).toMatch(/…\[cut \d+ characters\]$/);
    expect(resultTokens(compact)).toBeLessThan(20_000);
  });

  it("when the budget still cuts a compact page, the notes name every id left out and the page note does not skip them", async () => {
    // conversations that carry a long custom attribute (an integration's order history): kept whole in the compact view
    longThreads((index) => ({ order_history: `Order DEMO-${index}: ${"shipped, returned, refunded; ".repeat(120)}` }));
    const raw = await fetch(`${backend.url}/api/v1/accounts/1/conversations?status=open`, { headers: { api_access_token: TOKEN } }).then((response) => response.json()) as Json;
    const pageIds = (raw.data.payload as Json[]).map((conversation) => conversation.id);
    const result = await server.call("list_conversations", { status: "open" });
    const shown = (JSON.parse(result.text).data.payload as Json[]).map((conversation) => conversation.id);
    expect(shown.length).toBeLessThan(25);
    const left = pageIds.filter((id) => !shown.includes(id));
    expect([...shown, ...left]).toEqual(pageIds);
    const [pageNote, cutNote] = result.notes;
    expect(pageNote).toBe(`This page's items with ids ${left.join(", ")} were left out for size: fetch them by id, or narrow the request, before going on. Page 1: 25 items of ${raw.data.meta.all_count} in all. For more, call list_conversations again with page: 2.`);
    expect(cutNote).toContain(`result.data.payload left out ids ${left.join(", ")}.`);
    // and each one left out can be read by id
    const one = JSON.parse((await server.call("get_conversation", { conversation_id: left[0] })).text) as Json;
    expectConversation(one, `get #${left[0]}`);
  });
});

describe("the support task in tokens (scripts/bench.ts prints the same)", () => {
  it("list open conversations, read one and its messages, list contacts, read one, search: at most 15% of Chatwoot's bodies", async () => {
    let compact = 0;
    let raw = 0;
    const step = async (name: string, args: Record<string, unknown>) => {
      const result = await server.call(name, args);
      expect(result.isError, result.text).toBeFalsy();
      compact += resultTokens(result);
      raw += tokens(await rawOfLast());
      return JSON.parse(result.text) as Json;
    };
    const open = await step("list_conversations", { status: "open" });
    const id = open.data.payload[0].id;
    await step("get_conversation", { conversation_id: id });
    await step("list_messages", { conversation_id: id });
    const contacts = await step("list_contacts", {});
    await step("get_contact", { contact_id: contacts.payload[0].id });
    await step("search_contacts", { q: String(contacts.payload[0].name).split(" ")[0] });
    expect(compact / raw).toBeLessThanOrEqual(0.15);
  });
});
