// Resources, prompts and completions over Streamable HTTP: each request's own Chatwoot
// credentials (X-Chatwoot-Api-Access-Token, X-Chatwoot-Account-Id) reach Chatwoot for reads as
// they do for tool calls, failures read as the tools' do, and the X-MCP-* headers narrow what is
// offered here too.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { connectHttpClient, MCP_POST_HEADERS, rawRequest, rpc, spawnHttpServer, type HttpServerProcess } from "../helpers/spawn-http-server.js";
import { failure } from "../helpers/json-rpc.js";

// distinctive, so a leak into any text is found
const TOKEN_A = "alpha-SECRET-5e0c7f21";
const TOKEN_B = "beta-SECRET-9a41d6e3";

let backend: DemoBackend;
let server: HttpServerProcess;
const clients: Client[] = [];

async function connect(headers: Record<string, string> = {}): Promise<Client> {
  const { client } = await connectHttpClient(server.url, headers);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  // the stand-in accepts only A's token; the server has no token and no account of its own
  backend = await startDemoBackend({ userToken: TOKEN_A });
  server = await spawnHttpServer({ env: { CHATWOOT_BASE_URL: backend.url, CHATWOOT_TOOLSETS: "all", CHATWOOT_MAX_RETRIES: "0" } });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await server.stop();
  await backend.close();
});

async function toolText(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError).toBe(true);
  return (result.content[0] as { text: string }).text;
}

const readText = async (client: Client, uri: string): Promise<string> => ((await client.readResource({ uri })).contents[0] as { text: string }).text;

describe("resources and prompts over Streamable HTTP", () => {
  it("reads with the request's own token and account, lists templates and prompts, and completes", async () => {
    const a = await connect({ "X-Chatwoot-Api-Access-Token": TOKEN_A, "X-Chatwoot-Account-Id": "1" });
    expect(a.getServerCapabilities()).toMatchObject({ resources: {}, prompts: {}, completions: {} });
    expect((await a.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      "chatwoot://conversations/{conversation_id}",
      "chatwoot://accounts/{account_id}/conversations/{conversation_id}",
      "chatwoot://contacts/{contact_id}",
      "chatwoot://accounts/{account_id}/contacts/{contact_id}",
    ]);
    expect((await a.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["triage_inbox", "summarize_conversation", "draft_reply", "handoff_note"]);

    backend.reset();
    const transcript = await readText(a, "chatwoot://conversations/2");
    expect(transcript).toMatch(/^# Conversation 2: Export button does nothing in Firefox\n/);
    expect(transcript).toContain("- Assignee: Sam Chen (demo agent) (agent 2)");
    expect(transcript).toContain("## Messages (30 messages, oldest first)");
    expect(transcript).toMatch(/ · message 11 · PRIVATE NOTE/);
    const profile = await readText(a, "chatwoot://contacts/1");
    expect(profile).toContain("# Contact 1: Maria Lopez (demo customer)");
    expect(profile).toContain("- Labels: vip");

    const prompt = await a.getPrompt({ name: "handoff_note", arguments: { conversation_id: "2", agent: "Sam" } });
    expect(prompt.messages[0]!.content).toMatchObject({ type: "resource", resource: { uri: "chatwoot://conversations/2", mimeType: "text/markdown", text: transcript } });
    expect((prompt.messages[1]!.content as { text: string }).text).toContain("for Sam Chen (demo agent) (agent 2):");

    const inboxes = await a.complete({ ref: { type: "ref/prompt", name: "triage_inbox" }, argument: { name: "inbox", value: "w" } });
    expect(inboxes.completion.values).toEqual(["Website chat (demo)", "WhatsApp (demo)"]);
    const ids = await a.complete({ ref: { type: "ref/resource", uri: "chatwoot://contacts/{contact_id}" }, argument: { name: "contact_id", value: "1" } });
    expect(ids.completion.values.length).toBeGreaterThan(0);
    expect(ids.completion.values.every((id) => id.startsWith("1"))).toBe(true);

    // every read reached the demo with A's token, in A's account
    expect(backend.requests.length).toBeGreaterThan(5);
    for (const request of backend.requests) {
      expect(request.token).toBe(TOKEN_A);
      expect(request.path).toMatch(/^\/api\/v1\/(accounts\/1\/|profile)/);
    }
  });

  it("without a token, a read and a prompt fail with the tool's guidance, naming the header", async () => {
    const bare = await connect({ "X-Chatwoot-Account-Id": "1" });
    const tool = await toolText(bare, "get_conversation", { conversation_id: 2 });
    expect(tool).toMatch(/X-Chatwoot-Api-Access-Token header/);
    expect(await failure(bare.readResource({ uri: "chatwoot://conversations/2" }))).toEqual({ code: -32603, message: tool });
    expect(await failure(bare.getPrompt({ name: "draft_reply", arguments: { conversation_id: "2" } }))).toEqual({ code: -32603, message: tool });
    expect((await bare.complete({ ref: { type: "ref/prompt", name: "draft_reply" }, argument: { name: "conversation_id", value: "" } })).completion.values).toEqual([]);
  });

  it("a token Chatwoot refuses fails the read with the tool's 401 text, and never shows the token", async () => {
    backend.reset();
    const b = await connect({ "X-Chatwoot-Api-Access-Token": TOKEN_B, "X-Chatwoot-Account-Id": "1" });
    const tool = await toolText(b, "get_contact", { contact_id: 1 });
    expect(tool).toMatch(/HTTP 401/);
    const error = await failure(b.readResource({ uri: "chatwoot://contacts/1" }));
    expect(error).toEqual({ code: -32603, message: tool });
    expect(backend.requests.map((request) => request.token)).toEqual([TOKEN_B, TOKEN_B]);
    expect(JSON.stringify(error) + server.stderr()).not.toContain(TOKEN_B);
  });

  it("an unknown id gives the not-found text; the account can come from the URI", async () => {
    const a = await connect({ "X-Chatwoot-Api-Access-Token": TOKEN_A });
    const error = await failure(a.readResource({ uri: "chatwoot://accounts/1/conversations/4242" }));
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/^get_conversation failed: Chatwoot answered HTTP 404 Not Found: Conversation not found\nNext: /);
    expect(await readText(a, "chatwoot://accounts/1/conversations/1")).toMatch(/^# Conversation 1\n/);
    const noAccount = await failure(a.readResource({ uri: "chatwoot://conversations/1" }));
    expect(noAccount.message).toMatch(/^chatwoot:\/\/conversations\/1 names no account, and no account id is set\. Set the X-Chatwoot-Account-Id header/);
  });

  it("X-MCP-Toolsets narrows the templates and prompts as it narrows the tools", async () => {
    const labels = await connect({ "X-Chatwoot-Api-Access-Token": TOKEN_A, "X-Chatwoot-Account-Id": "1", "X-MCP-Toolsets": "labels" });
    expect((await labels.listResourceTemplates()).resourceTemplates).toEqual([]);
    expect((await labels.listPrompts()).prompts).toEqual([]);
    backend.reset();
    expect((await failure(labels.readResource({ uri: "chatwoot://conversations/1" }))).message).toMatch(/this server does not offer get_conversation or list_messages/);
    expect((await failure(labels.getPrompt({ name: "summarize_conversation", arguments: { conversation_id: "1" } }))).message).toMatch(/needs get_conversation and list_messages, which this server does not offer/);
    expect(backend.requests).toHaveLength(0);

    const discovery = await connect({ "X-Chatwoot-Api-Access-Token": TOKEN_A, "X-Chatwoot-Account-Id": "1", "X-MCP-Toolsets": "discovery" });
    expect((await discovery.listTools()).tools.map((tool) => tool.name)).toEqual(["search_operations", "describe_operation", "call_operation"]);
    const triage = await discovery.getPrompt({ name: "triage_inbox", arguments: { inbox: "1" } });
    expect((triage.messages[0]!.content as { text: string }).text).toContain('Call call_operation (name "list_conversations") three times, each with status "open", inbox_id 1:');
  });

  it("answers resources/read and prompts/get as plain JSON-RPC over raw HTTP, and logs the method", async () => {
    const headers = { ...MCP_POST_HEADERS, "X-Chatwoot-Api-Access-Token": TOKEN_A, "X-Chatwoot-Account-Id": "1" };
    const read = await rawRequest(server.url, { headers, body: rpc("resources/read", { uri: "chatwoot://conversations/1" }) });
    expect(read.status).toBe(200);
    expect(read.json.result.contents[0]).toMatchObject({ uri: "chatwoot://conversations/1", mimeType: "text/markdown" });
    const missing = await rawRequest(server.url, { headers, body: rpc("resources/read", { uri: "chatwoot://contacts/4242" }) });
    expect(missing.json.error).toMatchObject({ code: -32602, data: { uri: "chatwoot://contacts/4242" } });
    expect(missing.json.error.message).toMatch(/^get_contact failed: Chatwoot answered HTTP 404/);
    expect(server.stderr()).toMatch(/POST \/mcp resources\/read 200 \d+ms/);
  });
});
