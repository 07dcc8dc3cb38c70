import { z } from "zod";

/**
 * Free-form maps (custom_attributes, settings...) cannot be described to OpenAI's strict mode or
 * Gemini as objects, which must list their keys. They are listed as a plain string whose
 * description ends with JSON_MAP_HINT (no `contentMediaType`: OpenAI strict mode refuses it), and
 * accepted either way: as that string or as a plain object.
 */
export const jsonMapSchemas = new WeakSet<z.ZodType>();

export const JSON_MAP_HINT = "JSON object as a string";

export function jsonMap(description?: string): z.ZodType<Record<string, unknown>> {
  const schema = z
    .preprocess(parseObjectString, z.record(z.string(), z.unknown(), { error: "expected a JSON object, or a string holding one" }))
    .describe(description ? `${description} (${JSON_MAP_HINT})` : JSON_MAP_HINT);
  jsonMapSchemas.add(schema);
  return schema as unknown as z.ZodType<Record<string, unknown>>;
}

/** Whether a listed JSON Schema node is a free-form map (a string holding a JSON object). */
export function isListedJsonMap(schema: { type?: unknown; description?: unknown }): boolean {
  return schema.type === "string" && typeof schema.description === "string" && (schema.description === JSON_MAP_HINT || schema.description.endsWith(`(${JSON_MAP_HINT})`));
}

function parseObjectString(value: unknown): unknown {
  return typeof value === "string" ? parseJsonOfKind(value, "object") ?? value : value;
}

/** What a JSON string holds, if it parses to an object or an array as asked; otherwise undefined. */
export function parseJsonOfKind(text: string, kind: "object" | "array"): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const actual = Array.isArray(parsed) ? "array" : parsed !== null && typeof parsed === "object" ? "object" : undefined;
  return actual === kind ? parsed : undefined;
}
