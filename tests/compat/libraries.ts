/**
 * The server loaded through each agent library's own MCP client and tool wrapper, the way an
 * application built on that library would load it: each spawns its own server process over
 * stdio. For each library: the tools as the library hands them to a model (name and the JSON
 * Schema it sends), and a way to run calls through the library's own wrapper.
 */
import { createRequire } from "node:module";
import { createMCPClient } from "@ai-sdk/mcp";
import { Experimental_StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";
import { GoogleGenAI, mcpToTool } from "@google/genai";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { Agent, getAllMcpTools, MCPServerStdio, RunContext, type FunctionTool } from "@openai/agents";
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { SERVER_PATH } from "../helpers/spawn-server.js";
import { startFakeGemini } from "./fake-gemini.js";

type Node = Record<string, unknown>;

/** How to start the server: its environment (PATH is added) and its flags. */
export interface ServerLaunch {
  env: Record<string, string>;
  args: string[];
}

export interface Call {
  name: string;
  args: Record<string, unknown>;
}

/** What a call gave back through the library: whether the library or the server saw an error, and the text. */
export interface CallOutcome {
  isError: boolean;
  text: string;
}

export interface LoadedTools {
  library: string;
  /** every tool as the library presents it to a model */
  tools: { name: string; schema: Node }[];
  /** extra views of the same tools, by label (e.g. the Agents SDK's strict flag) */
  notes: Record<string, unknown>;
  /** runs the calls through the library's own tool wrapper, in order */
  run(calls: Call[]): Promise<CallOutcome[]>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
/** A package's installed version, read from its package.json. */
export function versionOf(name: string): string {
  const main = require.resolve(name);
  const root = main.slice(0, main.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
  return (require(`${root}package.json`) as { version: string }).version;
}

const processEnv = (launch: ServerLaunch): Record<string, string> => ({ PATH: process.env.PATH ?? "", ...launch.env });
const textOf = (content: unknown): string =>
  (Array.isArray(content) ? content : [content]).map((part) => (typeof part === "string" ? part : (part as { text?: string })?.text ?? "")).join("\n");

// ------------------------------------------------------------------ Vercel AI SDK (@ai-sdk/mcp + ai)

/**
 * @ai-sdk/mcp's own MCP client and its `tools()` wrapper, driven by `generateText` with a mock
 * model: the model receives the tools as the AI SDK prepares them for any provider, answers
 * with tool calls, and the AI SDK runs them through the MCP tools' `execute`.
 */
export async function loadAiSdk(launch: ServerLaunch): Promise<LoadedTools> {
  const client = await createMCPClient({
    transport: new Experimental_StdioMCPTransport({ command: process.execPath, args: [SERVER_PATH, ...launch.args], env: processEnv(launch), stderr: "ignore" }),
  });
  const tools = await client.tools();
  // one generateText to see the tools as the provider receives them
  let prepared: { name: string; inputSchema: Node }[] = [];
  const probe = new MockLanguageModelV3({
    doGenerate: async (options) => {
      prepared = (options.tools ?? []).flatMap((tool) => (tool.type === "function" ? [{ name: tool.name, inputSchema: tool.inputSchema as Node }] : []));
      return { content: [{ type: "text", text: "ok" }], finishReason: { unified: "stop", raw: undefined }, usage: usage(), warnings: [] };
    },
  });
  await generateText({ model: probe, tools, prompt: "list the tools" });
  return {
    library: `ai ${versionOf("ai")} + @ai-sdk/mcp ${versionOf("@ai-sdk/mcp")}`,
    tools: prepared.map((tool) => ({ name: tool.name, schema: tool.inputSchema })),
    notes: {},
    async run(calls) {
      const model = new MockLanguageModelV3({
        doGenerate: async () => ({
          content: calls.map((call, index) => ({ type: "tool-call" as const, toolCallId: `call-${index}`, toolName: call.name, input: JSON.stringify(call.args) })),
          finishReason: { unified: "tool-calls", raw: undefined },
          usage: usage(),
          warnings: [],
        }),
      });
      const result = await generateText({ model, tools, prompt: "run the calls" });
      return calls.map((_call, index) => {
        const id = `call-${index}`;
        const failed = result.steps[0]?.content.find((part) => part.type === "tool-error" && part.toolCallId === id);
        if (failed && failed.type === "tool-error") return { isError: true, text: String(failed.error) };
        const done = result.toolResults.find((part) => part.toolCallId === id);
        if (!done) return { isError: true, text: `no result for ${id}` };
        const output = done.output as { isError?: boolean; content?: unknown };
        return { isError: output.isError === true, text: textOf(output.content) };
      });
    },
    close: () => client.close(),
  };
}

function usage() {
  return {
    inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 1, text: 1, reasoning: undefined },
  };
}

// ------------------------------------------------------------------ OpenAI Agents SDK

/**
 * @openai/agents' MCPServerStdio and getAllMcpTools with `convertSchemasToStrict: true` (what
 * `mcpConfig: { convertSchemasToStrict: true }` on an Agent does): each MCP tool becomes a
 * function tool, strict when the SDK's conversion succeeds, non-strict when it falls back.
 */
export async function loadOpenAiAgents(launch: ServerLaunch): Promise<LoadedTools> {
  const server = new MCPServerStdio({ name: "chatwoot", command: process.execPath, args: [SERVER_PATH, ...launch.args], env: processEnv(launch), errorFunction: null });
  await server.connect();
  const agent = new Agent({ name: "compat" });
  const runContext = new RunContext({});
  const tools = (await getAllMcpTools({ mcpServers: [server], convertSchemasToStrict: true, runContext, agent })) as FunctionTool[];
  return {
    library: `@openai/agents ${versionOf("@openai/agents")}`,
    tools: tools.map((tool) => ({ name: tool.name, schema: tool.parameters as unknown as Node })),
    notes: { nonStrict: tools.filter((tool) => tool.strict !== true).map((tool) => tool.name) },
    async run(calls) {
      const outcomes: CallOutcome[] = [];
      for (const call of calls) {
        const tool = tools.find((candidate) => candidate.name === call.name);
        if (!tool) {
          outcomes.push({ isError: true, text: `${call.name} is not loaded` });
          continue;
        }
        try {
          // the model's arguments arrive as JSON text; the SDK parses them (dropping the nulls strict mode made it send for optional fields) and calls the server
          const output = await tool.invoke(runContext, JSON.stringify(call.args));
          outcomes.push({ isError: false, text: textOf(output) });
        } catch (error) {
          outcomes.push({ isError: true, text: error instanceof Error ? error.message : String(error) });
        }
      }
      return outcomes;
    },
    close: () => server.close(),
  };
}

// ------------------------------------------------------------------ Google Gen AI SDK

/**
 * @google/genai's mcpToTool over the MCP SDK's client, used by `generateContent` against a
 * stand-in Gemini API on 127.0.0.1: the function declarations are read off the request the SDK
 * sends; the calls are the model's function calls, run by the SDK's automatic function calling.
 * `notes.processed` holds the same schemas after the SDK's schema processing for `parameters`
 * (processJsonSchema), read off a second request.
 */
export async function loadGoogleGenAi(launch: ServerLaunch): Promise<LoadedTools> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVER_PATH, ...launch.args], env: processEnv(launch), stderr: "ignore" });
  const client = new Client({ name: "compat-genai", version: "1.0.0" });
  await client.connect(transport);
  const gemini = await startFakeGemini();
  const ai = new GoogleGenAI({ apiKey: "compat-test-key", httpOptions: { baseUrl: gemini.url } });
  const model = "gemini-compat-test";
  const tool = mcpToTool(client);

  await ai.models.generateContent({ model, contents: "list the tools", config: { tools: [tool] } });
  const declarations = (gemini.requests.at(-1)?.tools?.[0]?.functionDeclarations ?? []) as { name: string; parametersJsonSchema: Node }[];
  await ai.models.generateContent({
    model,
    contents: "list the tools",
    config: { tools: [{ functionDeclarations: declarations.map((declaration) => ({ name: declaration.name, parameters: structuredClone(declaration.parametersJsonSchema) })) }] },
  });
  const processed = ((gemini.requests.at(-1)?.tools?.[0]?.functionDeclarations ?? []) as { name: string; parameters: Node }[]).map((declaration) => ({
    name: declaration.name,
    schema: declaration.parameters,
  }));

  return {
    library: `@google/genai ${versionOf("@google/genai")}`,
    tools: declarations.map((declaration) => ({ name: declaration.name, schema: declaration.parametersJsonSchema })),
    notes: { processed },
    async run(calls) {
      gemini.script.push(calls.map((call) => ({ functionCall: { name: call.name, args: call.args } })));
      const before = gemini.requests.length;
      await ai.models.generateContent({ model, contents: "run the calls", config: { tools: [tool] } });
      // the request after the function calls carries their responses, in order
      const answer = gemini.requests[before + 1];
      const responses = ((answer?.contents ?? []) as { parts?: { functionResponse?: { name: string; response: Record<string, any> } }[] }[])
        .flatMap((content) => content.parts ?? [])
        .flatMap((part) => (part.functionResponse ? [part.functionResponse] : []));
      return calls.map((call, index) => {
        const response = responses[index];
        if (!response || response.name !== call.name) return { isError: true, text: `no function response for ${call.name}` };
        const result = (response.response.error ?? response.response) as { isError?: boolean; content?: unknown };
        return { isError: "error" in response.response || result.isError === true, text: textOf(result.content) };
      });
    },
    async close() {
      await client.close();
      await gemini.close();
    },
  };
}

// ------------------------------------------------------------------ LangChain.js

/**
 * @langchain/mcp-adapters' MultiServerMCPClient: each MCP tool becomes a DynamicStructuredTool
 * whose JSON Schema LangChain validates every call against (@cfworker/json-schema) before the
 * call reaches the server. `schema` is what ChatOpenAI and the other chat models are handed
 * (convertToOpenAITool).
 */
export async function loadLangChain(launch: ServerLaunch): Promise<LoadedTools> {
  const client = new MultiServerMCPClient({
    mcpServers: { chatwoot: { transport: "stdio", command: process.execPath, args: [SERVER_PATH, ...launch.args], env: processEnv(launch), stderr: "ignore" } },
    throwOnLoadError: true,
  });
  const tools = await client.getTools();
  return {
    library: `@langchain/mcp-adapters ${versionOf("@langchain/mcp-adapters")} + @langchain/core ${versionOf("@langchain/core")}`,
    tools: tools.map((tool) => ({ name: tool.name, schema: convertToOpenAITool(tool).function.parameters as Node })),
    notes: {},
    async run(calls) {
      const outcomes: CallOutcome[] = [];
      for (const [index, call] of calls.entries()) {
        const tool = tools.find((candidate) => candidate.name === call.name);
        if (!tool) {
          outcomes.push({ isError: true, text: `${call.name} is not loaded` });
          continue;
        }
        try {
          const message = await tool.invoke({ type: "tool_call", id: `call-${index}`, name: call.name, args: call.args });
          const status = (message as { status?: string }).status;
          outcomes.push({ isError: status === "error", text: textOf((message as { content: unknown }).content) });
        } catch (error) {
          outcomes.push({ isError: true, text: error instanceof Error ? error.message : String(error) });
        }
      }
      return outcomes;
    },
    close: () => client.close(),
  };
}

export const LIBRARIES = [
  { name: "Vercel AI SDK", load: loadAiSdk },
  { name: "OpenAI Agents SDK", load: loadOpenAiAgents },
  { name: "Google Gen AI SDK", load: loadGoogleGenAi },
  { name: "LangChain.js", load: loadLangChain },
] as const;
