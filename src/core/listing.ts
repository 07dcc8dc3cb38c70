import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { jsonMapSchemas } from "./json-map.js";
import type { ToolDefinition } from "./tool-definition.js";

const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * The JSON Schema a client sees, made from the tool's zod schema by zod's own toJSONSchema.
 * Dropped because they cost tokens and say nothing: `$schema`, and the ±2^53 bounds zod puts on
 * every integer, and the regular expressions behind string formats. Free-form maps are listed as JSON strings (see json-map.ts).
 */
export function listedInputSchema(input: z.ZodObject): Tool["inputSchema"] {
  const schema = z.toJSONSchema(input, {
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      const record = jsonSchema as Record<string, unknown>;
      if (jsonMapSchemas.has(zodSchema as unknown as z.ZodType)) {
        const description = record.description;
        for (const key of Object.keys(record)) delete record[key];
        Object.assign(record, { type: "string", contentMediaType: "application/json" }, description ? { description } : {});
        return;
      }
      for (const key of ["minimum", "maximum"]) if (SAFE_INTEGER_BOUNDS.has(record[key] as number)) delete record[key];
      // zod writes out the regular expression behind a format; the format name says the same in fewer tokens
      if (typeof record.format === "string") delete record.pattern;
    },
  }) as Record<string, unknown>;
  delete schema.$schema;
  return schema as Tool["inputSchema"];
}

export function listedTool(definition: ToolDefinition, inputSchema: Tool["inputSchema"]): Tool {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema,
    annotations: { ...definition.annotations },
  };
}
