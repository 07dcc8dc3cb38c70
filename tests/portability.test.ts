// Each listed tool must load in every major client: Claude, OpenAI (strict mode) and Gemini.
// The rules, with their sources, are in tests/compat/rules.ts; tests/compat/clients.test.ts
// checks the same through the agent libraries themselves, over stdio.
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { mcpToFunctionTool, type MCPServer } from "@openai/agents";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonMap, isListedJsonMap } from "../src/core/json-map.js";
import { listedInputSchema } from "../src/core/listing.js";
import { anthropicProblems, geminiDeclarationProblems, geminiSchemaProblems, openAiStrictProblems } from "./compat/rules.js";
import { listAllTools } from "./helpers/listing.js";
import { allTools } from "../src/tools/index.js";

type Node = Record<string, unknown>;

/** A tool's schema after the OpenAI Agents SDK's strict conversion (convertSchemasToStrict), or undefined when the SDK falls back to non-strict. */
function agentsStrictSchema(tool: Tool): Node | undefined {
  const converted = mcpToFunctionTool(tool as Parameters<typeof mcpToFunctionTool>[0], { name: "portability" } as MCPServer, true);
  return converted.strict ? (converted.parameters as unknown as Node) : undefined;
}

/** Every rule a listed tool breaks, as "path: problem" lines. */
export function portabilityProblems(tool: Tool): string[] {
  const root = tool.inputSchema as Node;
  const problems: string[] = [];
  // the project's own rules: short verb-first names, strict-ready objects, no token-wasting noise
  if (!/^[a-z0-9_]{1,40}$/.test(tool.name)) problems.push(`name: "${tool.name}" must match ^[a-z0-9_]{1,40}$`);
  const visit = (node: Node, path: string): void => {
    if ("$schema" in node) problems.push(`${path}: no $schema`);
    if (node.contentMediaType !== undefined) problems.push(`${path}: no contentMediaType (OpenAI strict)`);
    for (const key of ["minimum", "maximum"]) if (Math.abs(node[key] as number) === Number.MAX_SAFE_INTEGER) problems.push(`${path}: ±2^53 bound adds tokens and no meaning`);
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (node.type === undefined && !Array.isArray(node.anyOf)) problems.push(`${path}: needs a type`);
    if (types.includes("object")) {
      if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false (OpenAI strict)`);
      for (const [name, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) visit(child, `${path}.${name}`);
    }
    if (node.items && typeof node.items === "object") visit(node.items as Node, `${path}[]`);
    for (const child of (node.anyOf as Node[] | undefined) ?? []) visit(child, `${path}|`);
  };
  visit(root, "input");
  problems.push(...anthropicProblems(tool.name, root).map((problem) => `${problem} (Claude)`));
  problems.push(...geminiDeclarationProblems(root).map((problem) => `${problem} (Gemini)`));
  const strict = agentsStrictSchema(tool);
  if (!strict) problems.push("input: the OpenAI Agents SDK falls back to non-strict (OpenAI strict)");
  else problems.push(...openAiStrictProblems(strict).map((problem) => `${problem} (OpenAI strict, after the Agents SDK's conversion)`));
  return problems;
}

describe.each([
  ["without CHATWOOT_ACCOUNT_ID", {}],
  ["with CHATWOOT_ACCOUNT_ID", { CHATWOOT_ACCOUNT_ID: "1" }],
])("portable input schemas, %s", (_label, env) => {
  let tools: Tool[];
  beforeAll(async () => {
    tools = await listAllTools(env);
  });

  it("every tool passes Claude's, OpenAI strict mode's and Gemini's rules", () => {
    expect(tools).toHaveLength(allTools.length);
    const problems = tools.flatMap((tool) => portabilityProblems(tool).map((problem) => `${tool.name} ${problem}`));
    expect(problems).toEqual([]);
  });
});

describe("the rule checks", () => {
  it("catch each kind of problem", () => {
    const bad: Tool = {
      name: "Bad-Name",
      inputSchema: {
        type: "object",
        anyOf: [],
        properties: {
          a: {},
          b: { type: "array" },
          c: { type: "object", properties: {} },
          d: { type: "integer", minimum: -9007199254740991 },
          e: { $ref: "#/x", type: "string" },
          f: { type: "string", contentMediaType: "application/json" },
          g: { type: "number", enum: [0, 1, 2] },
          h: { type: "number", const: 0 },
          i: { type: "string", format: "uri" },
        },
      } as Tool["inputSchema"],
    };
    const found = portabilityProblems(bad).join("\n");
    for (const expected of [
      "name:", "no anyOf at the root", "input.a: needs a type", "input.b: array needs items", "input.c: additionalProperties", "input.d: ±2^53",
      "input.e: no $ref", "input: additionalProperties", "input.f: no contentMediaType", "input.f|anyOf[0]: keyword contentMediaType is not supported (OpenAI strict",
      "input.g: enum values must be strings", "input.h: no const (Gemini)", "input.i: format uri is not supported (Gemini)", "input.i|anyOf[0]: format uri is not supported (OpenAI strict",
    ]) {
      expect(found).toContain(expected);
    }
  });

  it("fail a tool the OpenAI Agents SDK cannot make strict (it falls back to non-strict)", () => {
    const open: Tool = { name: "open_object", inputSchema: { type: "object", properties: { filter: { properties: { x: { type: "string" } } } } } as Tool["inputSchema"] };
    expect(portabilityProblems(open)).toContain("input: the OpenAI Agents SDK falls back to non-strict (OpenAI strict)");
  });

  it("OpenAI strict: optional fields must be required, every object closed, only documented keywords and formats", () => {
    const problems = openAiStrictProblems({
      type: "object",
      properties: { a: { type: "string", minLength: 1 }, b: { type: "object", properties: { c: { type: "string", format: "uuid" } }, required: ["c"] }, d: { type: "string", format: "email" } },
      required: ["b", "d"],
      additionalProperties: false,
    }).join("\n");
    expect(problems).toContain("input.a: must be required");
    expect(problems).toContain("input.a: keyword minLength is not supported");
    expect(problems).toContain("input.b: additionalProperties must be false");
    expect(problems).not.toContain("format uuid");
    expect(problems).not.toContain("format email");
  });

  it("Gemini's Schema object: no fields outside it, a Gemini type on every node", () => {
    const problems = geminiSchemaProblems({ type: "OBJECT", properties: { a: { type: "STRING", additionalProperties: false }, b: { type: "TYPE_UNSPECIFIED" }, c: { description: "no type" } } }).join("\n");
    expect(problems).toContain("input.a: Schema has no field additionalProperties");
    expect(problems).toContain('input.b: type "TYPE_UNSPECIFIED" is not a Gemini type');
    expect(problems).toContain("input.c: needs a type");
  });
});

describe("the listing post-pass", () => {
  const listed = (shape: z.ZodRawShape) => listedInputSchema(z.strictObject(shape)).properties as Record<string, Node>;

  it("lists numeric enums and consts as integers, the values in the description unless it names them; zod still validates them", () => {
    const properties = listed({
      status: z.union([z.literal(0), z.literal(1), z.literal(2)]).describe("0 draft, 1 published, 2 archived").optional(),
      level: z.literal([3, 5]).optional(),
      kind: z.literal(0).describe("0 = webhook").optional(),
      mode: z.literal("fixed").optional(),
      rate: z.literal([0.5, 1]).nullable().optional(),
    });
    expect(properties.status).toEqual({ type: "integer", description: "0 draft, 1 published, 2 archived" });
    expect(properties.level).toEqual({ type: "integer", description: "one of 3, 5" });
    expect(properties.kind).toEqual({ type: "integer", description: "0 = webhook" });
    expect(properties.mode).toEqual({ type: "string", enum: ["fixed"] });
    const rate = JSON.stringify(properties.rate);
    expect(rate).not.toContain("enum");
    expect(rate).toContain('"type":"number"');
    expect(rate).toContain("one of 0.5, 1");
    expect(z.strictObject({ level: z.literal([3, 5]) }).safeParse({ level: 4 }).success).toBe(false);
  });

  it("keeps date-time, drops other string formats and names them in the description unless the field's name does", () => {
    const properties = listed({
      when: z.iso.datetime().optional(),
      hook: z.url().describe("Receives events").optional(),
      media_url: z.url().optional(),
      token: z.uuid().optional(),
      contact_email: z.email().optional(),
    });
    expect(properties.when).toEqual({ type: "string", format: "date-time" });
    expect(properties.hook).toEqual({ type: "string", description: "Receives events (URL)" });
    expect(properties.media_url).toEqual({ type: "string" });
    expect(properties.token).toEqual({ type: "string", description: "UUID" });
    expect(properties.contact_email).toEqual({ type: "string" });
  });

  it("lists free-form maps as a plain string described as a JSON object", () => {
    const properties = listed({ custom_attributes: jsonMap("Keys from list_custom_attribute_definitions.").optional(), settings: jsonMap().optional() });
    expect(properties.custom_attributes).toEqual({ type: "string", description: "Keys from list_custom_attribute_definitions. (JSON object as a string)" });
    expect(properties.settings).toEqual({ type: "string", description: "JSON object as a string" });
    expect(isListedJsonMap(properties.custom_attributes!)).toBe(true);
    expect(isListedJsonMap(properties.settings!)).toBe(true);
    expect(isListedJsonMap({ type: "string", description: "A name" })).toBe(false);
  });

  it("lists nullable fields in forms the libraries read as nullable: a type array, or anyOf with null for enums", () => {
    const properties = listed({
      assignee_id: z.number().int().nullable().optional(),
      minutes: z.number().int().min(10).max(999).describe("null turns it off").nullable().optional(),
      priority: z.enum(["low", "high"]).nullable(),
    });
    expect(properties.assignee_id).toEqual({ type: ["integer", "null"] });
    expect(properties.minutes).toEqual({ type: ["integer", "null"], minimum: 10, maximum: 999, description: "null turns it off" });
    expect(properties.priority).toEqual({ anyOf: [{ type: "string", enum: ["low", "high"] }, { type: "null" }] });
  });
});
