import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { selectTools } from "../../src/core/tool-selection.js";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import * as catalogue from "../../src/tools/index.js";
import { connectInProcess } from "../helpers/in-process.js";

let backend: DemoBackend;
let client: Client;
let readOnlyClient: Client;

const textOf = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

beforeAll(async () => {
  backend = await startDemoBackend({ userToken: "t" });
  const config = loadConfig({ CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: "t", CHATWOOT_ACCOUNT_ID: "1" });
  const all = selectTools({ ...catalogue, tools: catalogue.allTools }, { toolsets: ["discovery"], hasPlatformToken: false });
  client = await connectInProcess(config, { tools: all.tools, discovery: true });
  const reads = selectTools({ ...catalogue, tools: catalogue.allTools }, { toolsets: ["discovery"], readOnly: true, hasPlatformToken: false });
  readOnlyClient = await connectInProcess(config, { tools: reads.tools, discovery: true, readOnly: true });
});
afterAll(() => backend.close());

describe("discovery mode", () => {
  it("lists three tools in at most 1,000 tokens", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["search_operations", "describe_operation", "call_operation"]);
    const tokens = encode(JSON.stringify({ tools })).length;
    console.log(`discovery tools/list: ${tokens} tokens`);
    expect(tokens).toBeLessThanOrEqual(1000);
  });

  it("search finds an operation from plain words, compactly", async () => {
    const result = await client.callTool({ name: "search_operations", arguments: { query: "close a conversation", limit: 3 } });
    expect(textOf(result).split("\n")[0]).toMatch(/^set_conversation_status \(conversations, write\): /);
    expect(textOf(result).length).toBeLessThan(1200);
    const reads = await client.callTool({ name: "search_operations", arguments: { query: "contact", access: "read" } });
    expect(textOf(reads)).not.toMatch(/, write\)/);
  });

  it("describe shows the input schema and effects", async () => {
    const described = JSON.parse(textOf(await client.callTool({ name: "describe_operation", arguments: { name: "set_conversation_status" } })));
    expect(described.input_schema.required).toEqual(["conversation_id", "status"]);
    expect(described.annotations.readOnlyHint).toBe(false);
    expect(described.http).toBe("POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status");
  });

  it("call validates with the direct tool's zod schema and runs the operation", async () => {
    backend.reset();
    const ok = await client.callTool({ name: "call_operation", arguments: { name: "get_conversation", arguments: { conversation_id: 2 } } });
    expect(ok.isError).toBeFalsy();
    expect(JSON.parse(textOf(ok)).id).toBe(2);
    const asString = await client.callTool({ name: "call_operation", arguments: { name: "get_conversation", arguments: '{"conversation_id":3}' } });
    expect(JSON.parse(textOf(asString)).id).toBe(3);
    const bad = await client.callTool({ name: "call_operation", arguments: { name: "get_conversation", arguments: { conversation_id: "two" } } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/Invalid arguments for get_conversation:\n- conversation_id: .*expected number/);
    const unknown = await client.callTool({ name: "call_operation", arguments: { name: "close_everything", arguments: {} } });
    expect(textOf(unknown)).toMatch(/No operation is called "close_everything"/);
  });

  it("read-only mode refuses writes through call_operation too", async () => {
    backend.reset();
    const { tools } = await readOnlyClient.listTools();
    expect(tools.find((tool) => tool.name === "call_operation")!.annotations!.readOnlyHint).toBe(true);
    const refused = await readOnlyClient.callTool({ name: "call_operation", arguments: { name: "create_message", arguments: { conversation_id: 1, content: "hi" } } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/create_message is not offered by this server \(read-only mode: it writes\)/);
    expect(backend.requests).toHaveLength(0);
    const read = await readOnlyClient.callTool({ name: "call_operation", arguments: { name: "list_labels", arguments: {} } });
    expect(read.isError).toBeFalsy();
  });
});
