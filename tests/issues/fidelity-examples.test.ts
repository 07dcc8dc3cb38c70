// The examples of issue 8 ("every tool does what real Chatwoot does"), each asserting the request
// that reaches the stand-in Chatwoot or the result the model reads. Examples 11 (schemas in real
// clients) and 12 (proxies) live in tests/compat/ and tests/e2e/network.test.ts.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { connectInProcess } from "../helpers/in-process.js";
import { spawnServer } from "../helpers/spawn-server.js";

const USER = "user-token-4d1e";
const BOT = "bot-token-9a2c";
let backend: DemoBackend;
let client: Client;
let botClient: Client;
let tools: Map<string, Tool>;

beforeAll(async () => {
  backend = await startDemoBackend({ userToken: USER, botToken: BOT });
  const config = (token: string) => loadConfig({ CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: token, CHATWOOT_ACCOUNT_ID: "1" });
  client = await connectInProcess(config(USER));
  botClient = await connectInProcess(config(BOT));
  tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
});
afterAll(async () => {
  await client?.close();
  await botClient?.close();
  await backend?.close();
});
beforeEach(() => backend.reset());

async function call(name: string, args: Record<string, unknown>, via = client): Promise<CallToolResult & { text: string; notes: string[] }> {
  const result = (await via.callTool({ name, arguments: args })) as CallToolResult;
  const [text = "", ...notes] = result.content.map((part) => (part.type === "text" ? part.text : ""));
  return Object.assign(result, { text, notes });
}
function expectOk(result: { isError?: unknown; text: string }): void {
  expect(result.isError, result.text).toBeFalsy();
}
const sent = () => backend.requests.at(-1)!;
const property = (tool: string, field: string) => (tools.get(tool)!.inputSchema.properties as Record<string, Record<string, unknown>>)[field];

describe("issue 8: every tool does what real Chatwoot does", () => {
  it("1. create_conversation takes inbox_id + contact_id without source_id (Chatwoot builds the contact inbox)", async () => {
    expect(tools.get("create_conversation")!.inputSchema.required ?? []).not.toContain("source_id");
    const result = await call("create_conversation", { inbox_id: 2, contact_id: 5 });
    expectOk(result);
    expect(sent()).toMatchObject({ method: "POST", path: "/api/v1/accounts/1/conversations", body: { inbox_id: 2, contact_id: 5 } });
    expect(sent().body).not.toHaveProperty("source_id");
  });

  it("2. set_conversation_priority offers Chatwoot's four priorities, refuses none, and clears with null", async () => {
    expect(JSON.stringify(property("set_conversation_priority", "priority"))).not.toContain('"none"');
    for (const value of ["low", "medium", "high", "urgent"]) expect(JSON.stringify(property("set_conversation_priority", "priority"))).toContain(`"${value}"`);
    const refused = await call("set_conversation_priority", { conversation_id: 1, priority: "none" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/priority/);
    const before = backend.requests.length;
    expect(backend.requests.length).toBe(before); // nothing was sent for the refused call
    const cleared = await call("set_conversation_priority", { conversation_id: 1, priority: null });
    expectOk(cleared);
    expect(sent()).toMatchObject({ method: "POST", path: "/api/v1/accounts/1/conversations/1/toggle_priority", body: { priority: null } });
  });

  it("3. assign_conversation with assignee_id: null unassigns the agent; team_id: null removes the team", async () => {
    const unassigned = await call("assign_conversation", { conversation_id: 7, assignee_id: null });
    expectOk(unassigned);
    expect(sent()).toMatchObject({ path: "/api/v1/accounts/1/conversations/7/assignments", body: { assignee_id: null } });
    await call("assign_conversation", { conversation_id: 7, team_id: null });
    expect(sent().body).toEqual({ team_id: null });
    // a strict-mode client setting the team sends assignee_id: null too; that null is not sent
    const team = await call("assign_conversation", { conversation_id: 7, team_id: 1, assignee_id: null });
    expect(sent().body).toEqual({ team_id: 1 });
    expect(team.notes.join()).toMatch(/Not sent: assignee_id: null.*call again with only assignee_id: null/);
  });

  it("4. filter_conversations and filter_contacts take every operator Chatwoot allows, only on its attributes", async () => {
    const since = [{ attribute_key: "created_at", filter_operator: "is_greater_than", values: ["2026-11-01"], query_operator: null }];
    expectOk(await call("filter_conversations", { payload: since }));
    expect(sent()).toMatchObject({ method: "POST", path: "/api/v1/accounts/1/conversations/filter", body: { payload: [{ attribute_key: "created_at", filter_operator: "is_greater_than", values: ["2026-11-01"] }] } });
    for (const filter_operator of ["is_less_than", "days_before"]) {
      expectOk(await call("filter_conversations", { payload: [{ attribute_key: "created_at", filter_operator, values: ["3"] }] }));
    }
    expectOk(await call("filter_conversations", { payload: [{ attribute_key: "labels", filter_operator: "is_present", values: [] }] }));
    const count = backend.requests.length;
    const wrong = await call("filter_conversations", { payload: [{ attribute_key: "status", filter_operator: "contains", values: ["open"] }] });
    expect(wrong.isError).toBe(true);
    expect(wrong.text).toContain("payload.0: status takes equal_to, not_equal_to (not contains)");
    expect(backend.requests.length).toBe(count);
    // custom attribute keys are Chatwoot's to check
    expectOk(await call("filter_conversations", { payload: [{ attribute_key: "plan_tier", filter_operator: "contains", values: ["pro"] }] }));

    expectOk(await call("filter_contacts", { payload: [{ attribute_key: "phone_number", filter_operator: "starts_with", values: ["4930"] }] }));
    expect(sent()).toMatchObject({ path: "/api/v1/accounts/1/contacts/filter", body: { payload: [{ filter_operator: "starts_with" }] } });
    expect((await call("filter_contacts", { payload: [{ attribute_key: "email", filter_operator: "is_not_present", values: [] }] })).isError).toBe(true);
    expectOk(await call("filter_contacts", { payload: [{ attribute_key: "last_activity_at", filter_operator: "days_before", values: ["30"] }] }));
  });

  it("5. list_automation_rules offers no page, and its note says the list has no pages", async () => {
    expect(property("list_automation_rules", "page")).toBeUndefined();
    const result = await call("list_automation_rules", {});
    expectOk(result);
    expect(result.notes.join()).toMatch(/^All \d+ items?: this list has no pages\.$/);
    expect(result.notes.join()).not.toMatch(/page: 2/);
  });

  it("6. create_contact does not need an inbox", async () => {
    expect(tools.get("create_contact")!.inputSchema.required ?? []).not.toContain("inbox_id");
    const result = await call("create_contact", { name: "Ada Demo", email: "ada@example.com" });
    expectOk(result);
    expect(sent()).toMatchObject({ method: "POST", path: "/api/v1/accounts/1/contacts", body: { name: "Ada Demo", email: "ada@example.com" } });
    expect(sent().body).not.toHaveProperty("inbox_id");
  });

  it("7. list_conversations takes null for every optional field it does not use, and sends none of them", async () => {
    const result = await call("list_conversations", { status: null, inbox_id: null, assignee_type: null, team_id: null, labels: null, q: null, page: null });
    expectOk(result);
    expect(sent()).toMatchObject({ method: "GET", path: "/api/v1/accounts/1/conversations", query: "" });
  });

  it("8. the token goes in both spellings, so a proxy that drops underscore headers still passes it", async () => {
    await call("list_labels", {});
    expect(sent().tokenHeaders).toEqual(["api_access_token", "api-access-token"]);
  });

  it("9. a bot token on a user-only route says to use a user token, not that the token was rejected", async () => {
    const result = await call("list_agents", {}, botClient);
    expect(result.isError).toBe(true);
    expect(result.text).toContain("Access to this endpoint is not authorized for bots");
    expect(result.text).toMatch(/agent bot's token.*list_agents needs a user's access token/s);
    // where Chatwoot lets bots in, the bot token works
    expectOk(await call("set_conversation_status", { conversation_id: 1, status: "resolved" }, botClient));
  });

  it("10. --demo honours CHATWOOT_TOOLSETS, CHATWOOT_READ_ONLY and CHATWOOT_EXCLUDE_TOOLS", async () => {
    const server = await spawnServer({ CHATWOOT_TOOLSETS: "labels", CHATWOOT_READ_ONLY: "true", CHATWOOT_EXCLUDE_TOOLS: "get_label" }, ["--demo"]);
    try {
      expect((await server.client.listTools()).tools.map((tool) => tool.name)).toEqual(["list_labels"]);
      expect((await server.call("list_labels", {})).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });
});
