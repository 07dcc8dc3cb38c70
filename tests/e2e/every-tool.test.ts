import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { SAMPLE_FILES, sampleValue } from "../../scripts/generator/sample.js";
import { isListedJsonMap } from "../../src/core/json-map.js";
import type { ToolDefinition } from "../../src/core/tool-definition.js";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { allTools } from "../../src/tools/index.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server.js";

const USER_TOKEN = "test-user-token-7f3a";
const PLATFORM_TOKEN = "test-platform-token-91bc";

let backend: DemoBackend;
let server: SpawnedServer;
let listed: Tool[];

beforeAll(async () => {
  backend = await startDemoBackend({ userToken: USER_TOKEN, platformToken: PLATFORM_TOKEN });
  server = await spawnServer({
    CHATWOOT_BASE_URL: `${backend.url}/`,
    CHATWOOT_API_ACCESS_TOKEN: USER_TOKEN,
    CHATWOOT_PLATFORM_APP_TOKEN: PLATFORM_TOKEN,
  });
  listed = (await server.client.listTools()).tools;
});

afterAll(async () => {
  await server?.close();
  await backend?.close();
});

/** What the stand-in records for a sample file (scripts/generator/sample.ts gives file fields these). */
function sentFile(schema: Schema): { filename: string; content_type: string; size: number } {
  const { filename, content_type, size } = schema.description?.includes("CSV") ? SAMPLE_FILES.csv : SAMPLE_FILES.png;
  return { filename, content_type, size };
}

/**
 * Valid arguments for a tool: every listed property, each with a sample value of its schema (a real
 * file for file fields); a tool that shows one attachment gets one the sample desk holds.
 */
function argumentsFor(tool: Tool, definition: ToolDefinition): Record<string, unknown> {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const args: Record<string, unknown> = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, sampleValue(schema, name)]));
  if (definition.viewFile) {
    const message = backend.desk.messages.find((candidate) => candidate.attachments.some((attachment) => attachment.file_type === "image"))!;
    args.conversation_id = message.conversation_id;
    args[definition.viewFile.id] = message.attachments.find((attachment) => attachment.file_type === "image")!.id;
  }
  return args;
}

/** A value as Rails reads it from a multipart body: every scalar arrives as text. */
function asMultipart(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asMultipart);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asMultipart(item)]));
  return String(value);
}

type Schema = { type?: string; description?: string; properties?: Record<string, Schema>; items?: Schema };

/** A free-form map is listed as a JSON string and reaches Chatwoot as the object it holds. */
function onTheWire(value: unknown, schema: Schema): unknown {
  if (isListedJsonMap(schema) && typeof value === "string") return JSON.parse(value);
  if (Array.isArray(value) && schema.items) return value.map((item) => onTheWire(item, schema.items!));
  if (value && typeof value === "object" && schema.properties) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, onTheWire(item, schema.properties![key]!)]));
  }
  return value;
}

describe("every tool, end to end over stdio against the stand-in Chatwoot", () => {
  it("lists one tool per operation", () => {
    expect(listed.map((tool) => tool.name).sort()).toEqual(allTools.map((tool) => tool.name).sort());
    expect(listed).toHaveLength(allTools.length);
  });

  it.each(allTools.map((tool) => [tool.name, tool] as const))("%s sends the documented request", async (name, definition) => {
    backend.reset();
    const tool = listed.find((candidate) => candidate.name === name)!;
    const args = argumentsFor(tool, definition);
    const result = await server.call(name, args);

    expect(result.isError, result.text).toBeFalsy();
    expect(backend.requests).toHaveLength(1);
    const request = backend.requests[0]!;

    // Expected wire request, worked out here from the definition's data, independently of the executor.
    const expectedPath = definition.path.replace(/\{(\w+)\}/g, (_m, param: string) => {
      const field = Object.entries(definition.fields).find(([, [location, wire]]) => location === "path" && wire === param)![0];
      return encodeURIComponent(String(args[field]));
    });
    const expectedQuery: [string, string][] = [];
    const expectedBody: Record<string, unknown> = {};
    const listedProperties = (tool.inputSchema.properties ?? {}) as Record<string, Schema>;
    for (const [field, [location, wire]] of Object.entries(definition.fields)) {
      const value = onTheWire(args[field], listedProperties[field]!);
      if (location === "query") {
        for (const item of Array.isArray(value) ? value : [value]) expectedQuery.push([wire, String(item)]);
      } else if (location === "body") {
        const rules = definition.files?.[field];
        const multipart = Object.keys(definition.files ?? {}).length > 0;
        const schema = listedProperties[field]!;
        expectedBody[wire] = rules ? (rules.multiple ? [sentFile(schema.items!)] : sentFile(schema)) : multipart ? asMultipart(value) : value;
      }
    }
    for (const [wire, value] of Object.entries(definition.fixedQuery ?? {})) expectedQuery.push([wire, value]);

    expect(request.method).toBe(definition.method);
    expect(request.path).toBe(expectedPath);
    expect([...new URLSearchParams(request.query)].sort()).toEqual(expectedQuery.sort());
    expect(request.body).toEqual(Object.keys(expectedBody).length > 0 ? expectedBody : undefined);
    expect(request.token).toBe(definition.auth === "user" ? USER_TOKEN : definition.auth === "platform" ? PLATFORM_TOKEN : undefined);
    if (definition.responseType === "text") expect(result.text).toContain(definition.responseMediaType === "text/csv" ? "," : "<html>");
    else if (definition.viewFile) expect(result.content.some((block) => block.type === "image" && block.mimeType === "image/png")).toBe(true);
    else expect(() => JSON.parse(result.text)).not.toThrow();
  });
});
