import { isListedJsonMap } from "../../src/core/json-map.js";

/**
 * A deterministic value that satisfies a JSON Schema: used for the demo backend's answers to
 * operations it keeps no state for, and by tests to call every tool with valid arguments.
 */
export function sampleValue(schema: Record<string, unknown>, name = "", depth = 0): unknown {
  if ("const" in schema) return schema.const;
  const branch = ((schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined)?.find((option) => option.type !== "null");
  if (branch) return sampleValue({ ...branch, ...(schema.description ? { description: schema.description } : {}) }, name, depth);
  const values = (schema.enum as unknown[] | undefined)?.filter((value) => value !== null);
  if (values && values.length > 0) return values[0];
  if (schema.example !== undefined) return schema.example;
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== "null") : schema.type ?? (schema.properties ? "object" : undefined);
  switch (type) {
    case "string":
      return sampleString(schema, name);
    case "integer":
    case "number":
      return typeof schema.minimum === "number" && schema.minimum > 1 ? schema.minimum : 1;
    case "boolean":
      return true;
    case "array": {
      if (depth > 6) return [];
      const count = typeof schema.minItems === "number" ? Math.max(1, schema.minItems) : 1;
      return Array.from({ length: count }, () => sampleValue((schema.items as Record<string, unknown>) ?? {}, name, depth + 1));
    }
    case "object": {
      if (depth > 6) return {};
      const properties = (schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {};
      return Object.fromEntries(Object.entries(properties).map(([key, prop]) => [key, sampleValue(prop, key, depth + 1)]));
    }
    default:
      return "sample";
  }
}

function sampleString(schema: Record<string, unknown>, name: string): string {
  if (schema.contentMediaType === "application/json" || isListedJsonMap(schema)) return '{"sample_key":"sample value"}';
  if (schema.format === "date-time") return "2026-01-15T10:00:00Z";
  if (schema.format === "date") return "2026-01-15";
  if (schema.format === "uuid" || /uuid$/.test(name)) return "6f1c1a52-3f5e-4a8e-9d0b-2a1f4f0e9c11";
  if (schema.format === "uri" || /url$/.test(name)) return "https://example.com/hook";
  if (schema.format === "email" || /email/.test(name)) return "someone@example.com";
  if (/^(since|until)$/.test(name)) return "1763800000";
  const value = name ? `sample ${name}` : "sample";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  return value.padEnd(min, "x");
}
