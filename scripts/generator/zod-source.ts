import { isJsonMapValueType } from "../../src/core/json-map.js";
import type { JsonObject } from "./load-spec.js";

/**
 * Writes zod 4 source for the JSON Schema subset spec/ uses. Objects with declared properties
 * are strict (unknown keys are reported to the model); free-form maps accept any keys.
 */
export function zodSource(schema: JsonObject, indent = ""): string {
  if (isFile(schema)) return `fileSource(${description(schema) ? JSON.stringify(description(schema)) : ""})`;
  if (isFreeFormMap(schema)) {
    const valueType = (schema.additionalProperties as JsonObject | undefined)?.type;
    const values = isJsonMapValueType(valueType) ? valueType : undefined;
    const args = [description(schema) ? JSON.stringify(description(schema)) : values ? "undefined" : "", values ? JSON.stringify(values) : ""].filter(Boolean);
    return `jsonMap(${args.join(", ")})`;
  }
  const base = baseSource(schema, indent);
  return withDescription(isNullable(schema) ? `${base}.nullable()` : base, schema);
}

/**
 * A field where Chatwoot gives `null` a meaning (unassign, clear): its type lists "null", or its
 * enum holds null. Every other optional field takes `null` as "not given" (see src/core/nulls.ts).
 */
export function isNullable(schema: JsonObject): boolean {
  return (Array.isArray(schema.type) && schema.type.includes("null")) || (Array.isArray(schema.enum) && schema.enum.includes(null));
}

/** A file upload (`type: string, format: binary`): taken as data, url or path (src/core/file-source.ts). */
export function isFile(schema: JsonObject): boolean {
  return primaryType(schema) === "string" && schema.format === "binary";
}

/** An object whose keys are not known in advance: listed as a JSON string (see src/core/json-map.ts). */
function isFreeFormMap(schema: JsonObject): boolean {
  return primaryType(schema) === "object" && Object.keys((schema.properties as JsonObject | undefined) ?? {}).length === 0;
}

function baseSource(schema: JsonObject, indent: string): string {
  const type = primaryType(schema);
  const values = (schema.enum as unknown[] | undefined)?.filter((value) => value !== null);
  if (values && values.length > 0) {
    return values.every((value) => typeof value === "string")
      ? `z.enum(${JSON.stringify(values)})`
      : `z.literal(${JSON.stringify(values)})`;
  }
  switch (type) {
    case "string":
      return `${STRING_FORMATS[schema.format as string] ?? "z.string()"}${bound(".min", schema.minLength)}${bound(".max", schema.maxLength)}${typeof schema.pattern === "string" ? `.regex(new RegExp(${JSON.stringify(schema.pattern)}))` : ""}`;
    case "integer":
      return `z.number().int()${bound(".min", schema.minimum)}${bound(".max", schema.maximum)}`;
    case "number":
      return `z.number()${bound(".min", schema.minimum)}${bound(".max", schema.maximum)}`;
    case "boolean":
      return "z.boolean()";
    case "array":
      return `z.array(${zodSource((schema.items as JsonObject | undefined) ?? {}, indent)})${bound(".min", schema.minItems)}`;
    case "object":
      return objectSource(schema, indent);
    default:
      return "z.unknown()";
  }
}

/** String formats that are checked, not just named. */
const STRING_FORMATS: Record<string, string> = {
  "date-time": "z.iso.datetime({ offset: true })",
  date: "z.iso.date()",
  uuid: "z.uuid()",
  uri: "z.url({ protocol: /^https?$/ })",
  email: "z.email()",
};

/** An object schema: its properties, each optional unless required. */
export function objectSource(schema: JsonObject, indent: string): string {
  const properties = (schema.properties as Record<string, JsonObject> | undefined) ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) return "z.strictObject({})";
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const inner = `${indent}  `;
  const lines = names.map((name) => `${inner}${propertyKey(name)}: ${zodSource(properties[name] as JsonObject, inner)}${required.has(name) ? "" : ".optional()"},`);
  // Declared objects are strict even where Chatwoot takes more keys: strict-mode clients need
  // every key listed, so any key a tool should send must be declared in spec/.
  return `z.strictObject({\n${lines.join("\n")}\n${indent}})`;
}

export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function primaryType(schema: JsonObject): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((entry) => entry !== "null") as string | undefined;
  if (typeof type === "string") return type;
  if (schema.properties) return "object";
  return undefined;
}

function bound(method: string, value: unknown): string {
  return typeof value === "number" ? `${method}(${value})` : "";
}

function description(schema: JsonObject): string {
  return typeof schema.description === "string" ? schema.description.trim().replace(/\s+/g, " ") : "";
}

function withDescription(source: string, schema: JsonObject): string {
  return description(schema) ? `${source}.describe(${JSON.stringify(description(schema))})` : source;
}
