/*
 * The listed tools load, pass the model APIs' schema rules, and run, through the libraries
 * people build agents with: the Vercel AI SDK (@ai-sdk/mcp), the OpenAI Agents SDK, the Google
 * Gen AI SDK (mcpToTool) and LangChain.js (@langchain/mcp-adapters). Each library starts its own
 * server over stdio, in each mode; the server talks to the demo backend on 127.0.0.1, and the
 * Gemini API is a stand-in on 127.0.0.1 too. Nothing leaves the machine.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PLATFORM_TOKEN, DEMO_USER_TOKEN, startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { spawnServer } from "../helpers/spawn-server.js";
import { LIBRARIES, type Call, type LoadedTools, type ServerLaunch } from "./libraries.js";
import { anthropicProblems, geminiDeclarationProblems, geminiSchemaProblems, openAiStrictProblems } from "./rules.js";
import { allTools, defaultTools } from "../../src/tools/index.js";

type Node = Record<string, unknown>;

interface Mode {
  name: string;
  env: Record<string, string>;
  args: string[];
  tools: number;
  /** three calls; the first sends null for every optional field it leaves unused */
  calls: (listed: Tool[]) => { call: Call; expect: RegExp; tool?: string }[];
}

/** Arguments with `null` for every optional field not given, as OpenAI strict-mode clients send them. */
function withNulls(listed: Tool[], name: string, given: Record<string, unknown>): Record<string, unknown> {
  const schema = listed.find((tool) => tool.name === name)?.inputSchema;
  if (!schema) throw new Error(`${name} is not listed`);
  const required = new Set(schema.required ?? []);
  const nulls = Object.keys(schema.properties ?? {}).filter((key) => !required.has(key) && !(key in given));
  expect(nulls.length, `${name} has optional fields to send as null`).toBeGreaterThan(2);
  return { ...Object.fromEntries(nulls.map((key) => [key, null])), ...given };
}

const MODES: Mode[] = [
  {
    name: "all toolsets, platform token, no CHATWOOT_ACCOUNT_ID",
    env: { CHATWOOT_TOOLSETS: "all", CHATWOOT_PLATFORM_APP_TOKEN: DEMO_PLATFORM_TOKEN },
    args: [],
    tools: allTools.length,
    calls: (listed) => [
      { call: { name: "list_conversations", args: withNulls(listed, "list_conversations", { account_id: 1 }) }, expect: /"payload":\[\{.*"id":\d+/s, tool: "list_conversations" },
      { call: { name: "get_conversation", args: { account_id: 1, conversation_id: 1 } }, expect: /"id":1\b/, tool: "get_conversation" },
      { call: { name: "platform_get_account", args: { account_id: 1 } }, expect: /"id":1\b/, tool: "platform_get_account" },
    ],
  },
  {
    name: "default toolsets, CHATWOOT_ACCOUNT_ID=1",
    env: { CHATWOOT_ACCOUNT_ID: "1" },
    args: [],
    tools: defaultTools.length,
    calls: (listed) => [
      { call: { name: "list_conversations", args: withNulls(listed, "list_conversations", {}) }, expect: /"payload":\[\{.*"id":\d+/s, tool: "list_conversations" },
      { call: { name: "get_conversation", args: { conversation_id: 1 } }, expect: /"id":1\b/, tool: "get_conversation" },
      { call: { name: "search_contacts", args: { q: "Maria" } }, expect: /Maria Lopez/, tool: "search_contacts" },
    ],
  },
  {
    name: "discovery (--discovery), CHATWOOT_ACCOUNT_ID=1",
    env: { CHATWOOT_ACCOUNT_ID: "1" },
    args: ["--discovery"],
    tools: 3,
    calls: (listed) => [
      { call: { name: "search_operations", args: withNulls(listed, "search_operations", { query: "close a conversation" }) }, expect: /set_conversation_status/ },
      { call: { name: "describe_operation", args: { name: "list_conversations" } }, expect: /"input_schema"/ },
      { call: { name: "call_operation", args: { name: "get_conversation", arguments: JSON.stringify({ conversation_id: 1 }) } }, expect: /"id":1\b/, tool: "get_conversation" },
    ],
  },
];

let backend: DemoBackend;
beforeAll(async () => {
  backend = await startDemoBackend();
});
afterAll(() => backend?.close());

const problemsOf = (tools: { name: string; schema: Node }[], rules: (schema: Node, name: string) => string[]): string[] =>
  tools.flatMap((tool) => rules(tool.schema, tool.name).map((problem) => `${tool.name} ${problem}`));

describe.each(MODES)("$name", (mode) => {
  let listed: Tool[];
  const loaded = new Map<string, LoadedTools>();
  const launch = (): ServerLaunch => ({ env: { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: DEMO_USER_TOKEN, ...mode.env }, args: mode.args });

  beforeAll(async () => {
    // the plain MCP SDK client's list is the reference every library must reproduce
    const reference = await spawnServer({ CHATWOOT_TOOLSETS: "", ...launch().env }, mode.args);
    listed = (await reference.client.listTools()).tools;
    await reference.close();
    const results = await Promise.all(LIBRARIES.map(async (library) => [library.name, await library.load(launch())] as const));
    for (const [name, tools] of results) loaded.set(name, tools);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...loaded.values()].map((tools) => tools.close()));
  });

  it("every library loads every listed tool", () => {
    expect(listed).toHaveLength(mode.tools);
    const names = listed.map((tool) => tool.name).sort();
    for (const [library, tools] of loaded) expect(tools.tools.map((tool) => tool.name).sort(), library).toEqual(names);
  });

  it("OpenAI strict mode: the Agents SDK converts every tool to strict (no fallback), and the converted schemas pass OpenAI's rules", () => {
    const agents = loaded.get("OpenAI Agents SDK")!;
    expect(agents.notes.nonStrict, "tools the Agents SDK could not make strict").toEqual([]);
    expect(problemsOf(agents.tools, (schema) => openAiStrictProblems(schema))).toEqual([]);
  });

  it("Gemini: the function declarations @google/genai sends (mcpToTool), and the same schemas after its schema processing, pass Gemini's rules", () => {
    const genai = loaded.get("Google Gen AI SDK")!;
    expect(problemsOf(genai.tools, (schema) => geminiDeclarationProblems(schema))).toEqual([]);
    const processed = genai.notes.processed as { name: string; schema: Node }[];
    expect(processed).toHaveLength(mode.tools);
    expect(problemsOf(processed, (schema) => geminiSchemaProblems(schema))).toEqual([]);
  });

  it("Claude: the tools as listed, and as the AI SDK and LangChain hand them to a model, pass Anthropic's rules", () => {
    const asListed = listed.map((tool) => ({ name: tool.name, schema: tool.inputSchema as Node }));
    for (const tools of [asListed, loaded.get("Vercel AI SDK")!.tools, loaded.get("LangChain.js")!.tools]) {
      expect(problemsOf(tools, (schema, name) => anthropicProblems(name, schema))).toEqual([]);
    }
  });

  it.each(LIBRARIES.map((library) => library.name))("%s runs three calls through its own tool wrapper, one with explicit nulls", async (library) => {
    const tools = loaded.get(library)!;
    const plan = mode.calls(listed);
    let calls = plan.map((step) => step.call);
    if (library === "LangChain.js") {
      /*
       * LangChain validates every call against the listed JSON Schema (@cfworker/json-schema)
       * before it reaches the server, and a listed optional field does not take null: LangChain
       * refuses the nulls itself, so nothing is sent. The same call without the nulls runs.
       */
      const sent = backend.requests.length;
      const [refused] = await tools.run([calls[0]!]);
      expect(refused!.isError).toBe(true);
      expect(refused!.text).toMatch(/did not match expected schema/);
      expect(backend.requests.length).toBe(sent);
      calls = calls.map((call, index) => (index === 0 ? { ...call, args: Object.fromEntries(Object.entries(call.args).filter(([, value]) => value !== null)) } : call));
    }
    const from = backend.requests.length;
    const outcomes = await tools.run(calls);
    outcomes.forEach((outcome, index) => {
      const what = `${calls[index]!.name}: ${outcome.text.slice(0, 400)}`;
      expect(outcome.isError, what).toBe(false);
      expect(plan[index]!.expect.test(outcome.text), what).toBe(true);
    });
    const reached = backend.requests.slice(from);
    for (const step of plan) if (step.tool) expect(reached.map((request) => request.tool), step.tool).toContain(step.tool);
    // the nulls were dropped before sending: none reached Chatwoot as a value
    for (const request of reached) expect(`${request.query} ${JSON.stringify(request.body ?? {})}`).not.toMatch(/=null\b|:null\b/);
  });
});
