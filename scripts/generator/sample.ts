import { FILE_SOURCE_DESCRIPTION } from "../../src/core/file-source.js";
import { listedJsonMapValues } from "../../src/core/json-map.js";

/** Files for file fields (src/core/file-source.ts), as base64 data: a 1x1 PNG, and a CSV where the field asks for CSV. */
export const SAMPLE_FILES = {
  png: { data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", filename: "pixel.png", content_type: "image/png", size: 70 },
  csv: { data: Buffer.from("name,email\nAnna,anna@example.com\n").toString("base64"), filename: "contacts.csv", content_type: "text/csv", size: 33 },
} as const;

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
      if (/^(since|until)$/.test(name)) return 1763800000;
      return typeof schema.minimum === "number" && schema.minimum > 1 ? schema.minimum : 1;
    case "boolean":
      return true;
    case "array": {
      if (depth > 6) return [];
      const count = typeof schema.minItems === "number" ? Math.max(1, schema.minItems) : 1;
      return Array.from({ length: count }, () => sampleValue((schema.items as Record<string, unknown>) ?? {}, name, depth + 1));
    }
    case "object": {
      if (typeof schema.description === "string" && schema.description.includes(FILE_SOURCE_DESCRIPTION)) {
        const file = schema.description.includes("CSV") ? SAMPLE_FILES.csv : SAMPLE_FILES.png;
        return { data: file.data, filename: file.filename };
      }
      if (depth > 6) return {};
      const properties = (schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {};
      return Object.fromEntries(Object.entries(properties).map(([key, prop]) => [key, sampleValue(prop, key, depth + 1)]));
    }
    default:
      return "sample";
  }
}

/** A value for each `pattern` spec/ uses; a new pattern needs its sample here. */
const PATTERN_SAMPLES: Record<string, string> = {
  "^(contact|agent):[0-9]+$": "contact:12",
};

function sampleString(schema: Record<string, unknown>, name: string): string {
  if (typeof schema.pattern === "string") {
    const sample = PATTERN_SAMPLES[schema.pattern];
    if (sample === undefined) throw new Error(`no sample for the pattern ${schema.pattern}: add one to PATTERN_SAMPLES in scripts/generator/sample.ts`);
    return sample;
  }
  const mapValues = listedJsonMapValues(schema);
  if (schema.contentMediaType === "application/json" || mapValues) {
    return JSON.stringify({ 1: mapValues === "integer" || mapValues === "number" ? 1 : mapValues === "boolean" ? true : "sample value" });
  }
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
