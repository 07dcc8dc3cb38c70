import { z } from "zod";

/**
 * Free-form maps (custom_attributes, settings...) cannot be described to OpenAI's strict mode or
 * Gemini as objects, which must list their keys. They are listed as a plain string whose
 * description ends with JSON_MAP_HINT (no `contentMediaType`: OpenAI strict mode refuses it), and
 * accepted either way: as that string or as a plain object.
 */
export const jsonMapSchemas = new WeakSet<z.ZodType>();

export const JSON_MAP_HINT = "JSON object as a string";

/** The value types a map may pin down (spec: `additionalProperties: {type: ...}`). */
export const JSON_MAP_VALUE_TYPES = ["integer", "number", "boolean", "string"] as const;
export type JsonMapValues = (typeof JSON_MAP_VALUE_TYPES)[number];

const VALUE_SCHEMAS: Record<JsonMapValues, () => z.ZodType> = {
  integer: () => z.number().int(),
  number: () => z.number(),
  boolean: () => z.boolean(),
  string: () => z.string(),
};

/** Whether a JSON Schema type name is one a map's values may be pinned to. */
export function isJsonMapValueType(type: unknown): type is JsonMapValues {
  return JSON_MAP_VALUE_TYPES.includes(type as JsonMapValues);
}

/** The hint a listed map's description ends with: "JSON object as a string", and ", values integer" when typed. */
function mapHint(values?: JsonMapValues): string {
  return values ? `${JSON_MAP_HINT}, values ${values}` : JSON_MAP_HINT;
}

/**
 * A free-form map: any keys; any values, or only `values` when given (then the listed hint says so:
 * "JSON object as a string, values integer").
 */
export function jsonMap(description?: string, values?: JsonMapValues): z.ZodType<Record<string, unknown>> {
  const hint = mapHint(values);
  const schema = z
    .preprocess(parseObjectString, z.record(z.string(), values ? VALUE_SCHEMAS[values]() : z.unknown(), { error: "expected a JSON object, or a string holding one" }))
    .describe(description ? `${description} (${hint})` : hint);
  jsonMapSchemas.add(schema);
  return schema as unknown as z.ZodType<Record<string, unknown>>;
}

/** Whether a listed JSON Schema node is a free-form map (a string holding a JSON object). */
export function isListedJsonMap(schema: { type?: unknown; description?: unknown }): boolean {
  return listedJsonMapValues(schema) !== undefined;
}

/** For a listed free-form map: the type its values must have ("any" when free), else undefined. */
export function listedJsonMapValues(schema: { type?: unknown; description?: unknown }): JsonMapValues | "any" | undefined {
  const { description } = schema;
  if (schema.type !== "string" || typeof description !== "string") return undefined;
  const hinted = (values?: JsonMapValues) => description === mapHint(values) || description.endsWith(`(${mapHint(values)})`);
  return hinted() ? "any" : JSON_MAP_VALUE_TYPES.find((values) => hinted(values));
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
