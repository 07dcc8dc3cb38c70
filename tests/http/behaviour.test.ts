// End to end over Streamable HTTP: the built server spawned with --http, driven by the SDK's
// Streamable HTTP client. What stdio does (demo, toolsets, read-only, discovery) works per request,
// and Chatwoot credentials can come from each request's headers without leaking between requests.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, DEMO_USER_TOKEN, type DemoBackend } from "../../src/demo/backend.js";
import { createSampleDesk } from "../../src/demo/sample-desk.js";
import { allTools } from "../../src/tools/index.js";
import { startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { connectHttpClient, rawRequest, MCP_POST_HEADERS, INITIALIZE, rpc, spawnHttpServer, type HttpServerProcess } from "../helpers/spawn-http-server.js";

/** Opens clients and remembers them, so afterAll closes every one. */
const clients: Client[] = [];
async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const { client } = await connectHttpClient(url, headers);
  clients.push(client);
  return client;
}
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
});

/** A tools/call; `text` is the first content part (the JSON or the error). */
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult & { text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const first = result.content[0];
  return Object.assign(result, { text: first?.type === "text" ? first.text : "" });
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

const namesOf = (filter: (tool: (typeof allTools)[number]) => boolean): string[] => allTools.filter(filter).map((tool) => tool.name).sort();

describe("--http --demo", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await spawnHttpServer({ args: ["--http", "--port", "0", "--demo"] });
  });
  afterAll(() => server.stop());

  it("serves the demo desk to the SDK's Streamable HTTP client", async () => {
    expect(server.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connect(server.url);
    expect(client.getServerVersion()?.name).toBe("chatwoot-mcp");
    expect(client.getInstructions()).toMatch(/DEMO MODE/);

    const names = await toolNames(client);
    expect(names).toContain("list_conversations");
    expect(names).toContain("create_message");

    const desk = createSampleDesk();
    const result = await call(client, "list_conversations", { status: "all" });
    expect(result.isError).toBeFalsy();
    // the compact view (x-view): the contact as {id, name, email, phone_number}
    const listed = JSON.parse(result.text) as { data: { meta: Record<string, number>; payload: { id: number; contact: { name: string } }[] } };
    expect(listed.data.payload.length).toBeGreaterThan(0);
    expect(listed.data.meta.all_count).toBe(desk.conversations.length);
    const contactNames = new Set(desk.contacts.map((contact) => contact.name));
    for (const conversation of listed.data.payload) {
      expect(desk.conversations.map((known) => known.id)).toContain(conversation.id);
      expect(contactNames).toContain(conversation.contact.name);
    }

    // the demo keeps state across stateless requests: a label set in one request is there in the next
    const id = listed.data.payload[0]!.id;
    expect((await call(client, "set_conversation_labels", { conversation_id: id, labels: ["vip", "billing"] })).isError).toBeFalsy();
    const read = JSON.parse((await call(client, "list_conversation_labels", { conversation_id: id })).text) as { payload: string[] };
    expect(read.payload.sort()).toEqual(["billing", "vip"]);

    expect(server.stderr()).toMatch(/chatwoot-mcp: \S+Z POST \/mcp tools\/call list_conversations 200 \d+ms/);
  });
});

describe("per-request Chatwoot credentials", () => {
  // distinctive, so a leak into any text is found
  const TOKEN_ENV = "env-SECRET-77d2a0c4";
  const TOKEN_A = "alpha-SECRET-3c1f9e5b";
  const TOKEN_B = "beta-SECRET-b81e44d7";
  let backend: DemoBackend;
  let decoy: FaultServer;
  let server: HttpServerProcess;
  beforeAll(async () => {
    // the stand-in accepts only client A's token; it records every token it gets, accepted or not
    backend = await startDemoBackend({ userToken: TOKEN_A });
    decoy = await startFaultServer();
    server = await spawnHttpServer({
      env: { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: TOKEN_ENV, CHATWOOT_ACCOUNT_ID: "1", CHATWOOT_TOOLSETS: "contacts", CHATWOOT_MAX_RETRIES: "0" },
    });
  });
  afterAll(async () => {
    await server.stop();
    await backend.close();
    await decoy.close();
  });

  it("sends each client's own token (or the environment's) on every one of many interleaved calls, and never shows one", async () => {
    // headers that might be taken for "where Chatwoot is": none may move the base URL
    const decoyHost = new URL(decoy.url).host;
    const redirect = {
      "X-Chatwoot-Base-Url": decoy.url,
      "X-Chatwoot-Url": decoy.url,
      "Chatwoot-Base-Url": decoy.url,
      "X-Forwarded-Host": decoyHost,
      Forwarded: `host=${decoyHost};proto=http`,
    };
    const a = await connect(server.url, { "X-Chatwoot-Api-Access-Token": TOKEN_A, ...redirect });
    const b = await connect(server.url, { "X-Chatwoot-Api-Access-Token": TOKEN_B, "X-Chatwoot-Account-Id": "7", ...redirect });
    const plain = await connect(server.url, redirect);
    backend.reset();

    // the page number says which client made the call: A 1..40, B 101..140, the plain one 201..240
    const owners = [
      { client: a, first: 1, token: TOKEN_A, account: 1 },
      { client: b, first: 101, token: TOKEN_B, account: 7 },
      { client: plain, first: 201, token: TOKEN_ENV, account: 1 },
    ];
    const calls: Promise<{ owner: (typeof owners)[number]; result: CallToolResult & { text: string } }>[] = [];
    for (let i = 0; i < 40; i++) {
      for (const owner of owners) calls.push(call(owner.client, "list_contacts", { page: owner.first + i }).then((result) => ({ owner, result })));
    }
    const results = await Promise.all(calls);

    expect(backend.requests).toHaveLength(120);
    const seen = new Map<number, number>();
    for (const request of backend.requests) {
      const page = Number(new URLSearchParams(request.query).get("page"));
      const owner = owners.find((candidate) => page >= candidate.first && page < candidate.first + 40);
      expect(owner, `page ${page}`).toBeDefined();
      expect(request.token, `page ${page}`).toBe(owner!.token);
      expect(request.path).toBe(`/api/v1/accounts/${owner!.account}/contacts`);
      seen.set(page, (seen.get(page) ?? 0) + 1);
    }
    expect(seen.size).toBe(120);

    for (const { owner, result } of results) {
      if (owner.token === TOKEN_A) {
        expect(result.isError, result.text).toBeFalsy();
        expect(JSON.parse(result.text)).toHaveProperty("payload");
      } else {
        // the stand-in turned the other tokens away: proof they were sent, not A's
        expect(result.isError).toBe(true);
        expect(result.text).toMatch(/401/);
      }
    }

    expect(decoy.seen).toHaveLength(0);
    const everything = JSON.stringify(results.map(({ result }) => result)) + server.stderr();
    for (const token of [TOKEN_ENV, TOKEN_A, TOKEN_B]) expect(everything).not.toContain(token);
    expect(everything).not.toContain(decoy.url);
  });

  it("refuses an account id header that is not a number, before anything reaches Chatwoot", async () => {
    backend.reset();
    const answer = await rawRequest(server.url, { headers: { ...MCP_POST_HEADERS, "X-Chatwoot-Account-Id": "7; DROP" }, body: INITIALIZE });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/X-Chatwoot-Account-Id must be a positive whole number/);
    const toolCall = await rawRequest(server.url, { headers: { ...MCP_POST_HEADERS, "X-Chatwoot-Account-Id": "-1" }, body: rpc("tools/call", { name: "list_contacts", arguments: {} }) });
    expect(toolCall.status).toBe(400);
    expect(backend.requests).toHaveLength(0);
  });
});

describe("per-request tool selection", () => {
  let backend: DemoBackend;
  let everything: HttpServerProcess;
  let labelsOnly: HttpServerProcess;
  let discovery: HttpServerProcess;
  const env = (extra: Record<string, string>) => ({ CHATWOOT_API_ACCESS_TOKEN: DEMO_USER_TOKEN, CHATWOOT_ACCOUNT_ID: "1", CHATWOOT_BASE_URL: backend.url, ...extra });
  beforeAll(async () => {
    backend = await startDemoBackend();
    [everything, labelsOnly, discovery] = await Promise.all([
      spawnHttpServer({ env: env({ CHATWOOT_TOOLSETS: "all" }) }),
      spawnHttpServer({ env: env({ CHATWOOT_TOOLSETS: "labels", CHATWOOT_READ_ONLY: "true" }) }),
      spawnHttpServer({ env: env({}), args: ["--http", "--port", "0", "--discovery"] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([everything, labelsOnly, discovery].map((server) => server?.stop()));
    await backend.close();
  });
  const writesSeen = () => backend.requests.filter((request) => request.method !== "GET");

  it("X-MCP-Toolsets: labels lists only the label tools", async () => {
    const client = await connect(everything.url, { "X-MCP-Toolsets": "labels" });
    expect(await toolNames(client)).toEqual(namesOf((tool) => tool.toolset === "labels"));
    await expect(call(client, "list_conversations")).rejects.toThrow(/Unknown tool "list_conversations"/);
    // the same server, without the header, offers everything but platform (no platform token)
    const whole = await connect(everything.url);
    expect(await toolNames(whole)).toEqual(namesOf((tool) => tool.toolset !== "platform"));
  });

  it("X-MCP-Read-Only: true drops the writes and refuses a write call; without it the write goes through", async () => {
    const reader = await connect(everything.url, { "X-MCP-Read-Only": "true" });
    const listed = (await reader.listTools()).tools;
    expect(listed.map((tool) => tool.name).sort()).toEqual(namesOf((tool) => tool.toolset !== "platform" && tool.annotations.readOnlyHint));
    expect(listed.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);

    backend.reset();
    await expect(call(reader, "create_label", { title: "from-read-only" })).rejects.toThrow(/Unknown tool "create_label"/);
    expect(writesSeen()).toHaveLength(0);
    expect((await call(reader, "list_labels")).isError).toBeFalsy();

    const writer = await connect(everything.url, { "X-MCP-Toolsets": "labels" });
    const created = await call(writer, "create_label", { title: "from-writer" });
    expect(created.isError, created.text).toBeFalsy();
    expect(writesSeen().map((request) => `${request.method} ${request.path}`)).toEqual(["POST /api/v1/accounts/1/labels"]);
  });

  it("a header cannot add a toolset, a tool or a write the server does not offer", async () => {
    const offered = namesOf((tool) => tool.toolset === "labels" && tool.annotations.readOnlyHint);
    const asking = await connect(labelsOnly.url, { "X-MCP-Toolsets": "conversations" });
    const names = await toolNames(asking);
    expect(names.filter((name) => name.includes("conversation"))).toEqual([]);
    expect(names).toEqual([]);
    backend.reset();
    await expect(call(asking, "list_conversations")).rejects.toThrow(/Unknown tool/);

    const all = await connect(labelsOnly.url, { "X-MCP-Toolsets": "all", "X-MCP-Read-Only": "false" });
    expect(await toolNames(all)).toEqual(offered);
    await expect(call(all, "create_label", { title: "sneaked-in" })).rejects.toThrow(/Unknown tool "create_label"/);

    // a single tool from outside the offer is refused as unknown, not added
    const single = await rawRequest(labelsOnly.url, { headers: { ...MCP_POST_HEADERS, "X-MCP-Tools": "list_conversations" }, body: rpc("tools/list") });
    expect(single.status).toBe(400);
    expect(single.json.error.message).toMatch(/X-MCP-Tools names tools this server does not offer: list_conversations/);
    expect(backend.requests).toHaveLength(0);
  });

  it("discovery mode over HTTP: search, describe and call work, and headers narrow what they reach", async () => {
    const client = await connect(discovery.url);
    expect(await toolNames(client)).toEqual(["call_operation", "describe_operation", "search_operations"]);

    const found = await call(client, "search_operations", { query: "add a private note to a conversation" });
    expect(found.text).toMatch(/^create_message \(messages, write\)/m);
    const described = JSON.parse((await call(client, "describe_operation", { name: "list_labels" })).text) as { http: string; input_schema: { type: string } };
    expect(described.http).toBe("GET /api/v1/accounts/{account_id}/labels");
    expect(described.input_schema.type).toBe("object");

    backend.reset();
    const labels = await call(client, "call_operation", { name: "list_labels", arguments: {} });
    expect(labels.isError, labels.text).toBeFalsy();
    expect((JSON.parse(labels.text) as { payload: { title: string }[] }).payload.map((label) => label.title)).toEqual(createSampleDesk().labels.map((label) => label.title));
    expect(backend.requests.map((request) => `${request.method} ${request.path} ${request.token}`)).toEqual([`GET /api/v1/accounts/1/labels ${DEMO_USER_TOKEN}`]);

    const reader = await connect(discovery.url, { "X-MCP-Read-Only": "true" });
    const refused = await call(reader, "call_operation", { name: "create_label", arguments: { title: "nope" } });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/create_label is not offered by this server \(read-only mode: it writes\)/);

    const narrowed = await connect(discovery.url, { "X-MCP-Toolsets": "labels" });
    expect(await toolNames(narrowed)).toEqual(["call_operation", "describe_operation", "search_operations"]);
    expect((await call(narrowed, "search_operations", { query: "add a private note to a conversation" })).text).not.toMatch(/create_message/);
    expect((await call(narrowed, "call_operation", { name: "list_conversations", arguments: {} })).text).toMatch(/list_conversations is not offered/);
    expect(writesSeen()).toHaveLength(0);
    expect(backend.requests).toHaveLength(1);
  });
});
