import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/core/config.js";
import { listedInputSchema } from "../src/core/listing.js";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { allTools, defaultTools, toolsetNames } from "../src/tools/index.js";
import { connectInProcess } from "./helpers/in-process.js";

let tools: Tool[];
beforeAll(async () => {
  const client = await connectInProcess(loadConfig({}));
  tools = (await client.listTools()).tools;
});

const byName = new Map(allTools.map((tool) => [tool.name, tool]));

describe("the default toolset", () => {
  it("stays small: at most 45 tools and 7,000 listed tokens (o200k, with CHATWOOT_ACCOUNT_ID set)", async () => {
    const defaults = allTools.filter((tool) => defaultTools.includes(tool.name));
    const client = await connectInProcess(loadConfig({ CHATWOOT_ACCOUNT_ID: "1" }), { tools: defaults });
    const listed = (await client.listTools()).tools;
    expect(listed.length).toBeLessThanOrEqual(45);
    expect(encode(JSON.stringify({ tools: listed })).length).toBeLessThanOrEqual(7000);
  });
});

describe("invariants across every listed tool", () => {
  it("lists every operation once, under unique valid names", () => {
    expect(tools).toHaveLength(allTools.length);
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(allTools.length);
    for (const tool of tools) expect(tool.name).toMatch(/^[a-z0-9_]{1,40}$/);
  });

  it("names start with a verb, platform_ or public_", () => {
    const verbs = /^(platform_|public_)?(list|get|create|update|delete|add|remove|set|search|filter|merge|assign|resolve|send|mute|unmute|mark|retry|translate|execute|import|export|snooze|submit|view|count|bulk|reset|sync|register|archive|reorder|link|analyze|copy)_/;
    for (const tool of tools) expect(tool.name).toMatch(verbs);
  });

  it("every tool has a title, a description and all four hints", () => {
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe("boolean");
      }
      if (tool.annotations?.readOnlyHint) expect(tool.annotations.destructiveHint, tool.name).toBe(false);
    }
  });

  it("GET tools are read-only and DELETE tools destructive (the verb default holds unless the spec says otherwise)", () => {
    for (const tool of tools) {
      const method = byName.get(tool.name)!.method;
      if (method === "DELETE") expect(tool.annotations?.destructiveHint, tool.name).toBe(true);
      if (method === "GET") expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    }
  });

  // zod-to-json-schema returns {} for zod 4 schemas; this fails if any conversion comes out empty.
  it("no input schema is empty: each lists exactly the tool's fields", () => {
    for (const tool of tools) {
      const schema = tool.inputSchema as Record<string, unknown>;
      expect(schema.type, tool.name).toBe("object");
      expect(schema.additionalProperties, tool.name).toBe(false);
      expect(Object.keys(schema.properties as object).sort(), tool.name).toEqual(Object.keys(byName.get(tool.name)!.fields).sort());
    }
    const withInput = tools.filter((tool) => Object.keys(tool.inputSchema.properties ?? {}).length > 0);
    expect(withInput.length).toBeGreaterThan(130);
  });

  it("the listed schema is exactly what zod's toJSONSchema makes of the validating schema (no drift)", () => {
    for (const definition of allTools) expect(listedInputSchema(definition.input()), definition.name).toEqual(definition.inputSchema);
  });

  it("schemas are flat objects: no root combinators, no $ref, no $schema", () => {
    for (const tool of tools) {
      const text = JSON.stringify(tool.inputSchema);
      for (const key of ["oneOf", "anyOf", "allOf"]) expect(tool.inputSchema, tool.name).not.toHaveProperty(key);
      expect(text, tool.name).not.toContain('"$ref"');
      expect(tool.inputSchema, tool.name).not.toHaveProperty("$schema");
    }
  });

  it("every tool belongs to a known toolset and every path parameter is a required field", () => {
    for (const definition of allTools) {
      expect(toolsetNames).toContain(definition.toolset);
      const pathParams = [...definition.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const required = (tools.find((tool) => tool.name === definition.name)!.inputSchema.required ?? []) as string[];
      for (const param of pathParams) {
        const field = Object.entries(definition.fields).find(([, [location, wire]]) => location === "path" && wire === param)?.[0];
        expect(field, `${definition.name} {${param}}`).toBeDefined();
        expect(required, `${definition.name} ${field}`).toContain(field);
      }
    }
  });

  it("the public client API sends no token; the platform API never uses the account API token", () => {
    for (const definition of allTools) {
      if (definition.path.startsWith("/public/") || definition.path.startsWith("/survey/")) expect(definition.auth, definition.name).toBe("none");
      if (definition.path.startsWith("/platform/")) expect(definition.auth, definition.name).toBe("platform");
      if (definition.path.startsWith("/api/")) expect(definition.auth, definition.name).toBe("user");
    }
  });
});

describe("descriptions", () => {
  it("name only tools that exist", () => {
    const names = new Set(allTools.map((tool) => tool.name));
    const mention = /\b((?:platform_|public_)?(?:list|get|create|update|delete|add|remove|set|search|filter|merge|assign|resolve)_[a-z_]+)\b/g;
    for (const tool of allTools) {
      for (const [, name] of tool.description.matchAll(mention)) expect(names.has(name!), `${tool.name} mentions ${name}`).toBe(true);
    }
  });
});
