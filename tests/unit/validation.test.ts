import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatValidationError, parseJsonStrings, structuredFields } from "../../src/core/validation.js";

const schema = z.strictObject({ custom_attributes: z.record(z.string(), z.unknown()).optional(), labels: z.array(z.string()).optional(), name: z.string().optional() });
const fields = structuredFields(z.toJSONSchema(schema) as { properties: Record<string, unknown> });

describe("arguments sent as JSON strings", () => {
  it("finds the object and array fields", () => {
    expect([...fields]).toEqual([["custom_attributes", "object"], ["labels", "array"]]);
  });
  it("accepts a string that parses to the expected kind", () => {
    const args = parseJsonStrings({ custom_attributes: '{"plan":"pro"}', labels: '["vip"]', name: '{"not":"parsed"}' }, fields);
    expect(schema.parse(args)).toEqual({ custom_attributes: { plan: "pro" }, labels: ["vip"], name: '{"not":"parsed"}' });
  });
  it("rejects a string of the wrong kind or not JSON, saying why", () => {
    for (const bad of [{ labels: '{"a":1}' }, { labels: "vip" }, { custom_attributes: "[1]" }, { custom_attributes: "null" }]) {
      const result = schema.safeParse(parseJsonStrings(bad, fields));
      expect(result.success).toBe(false);
      const message = formatValidationError("t", result.error!, fields);
      expect(message).toMatch(/expected (array|record|object), received string \(a JSON string is accepted only if it parses to an (array|object)\)/);
    }
  });
  it("leaves non-object arguments for validation to reject", () => {
    expect(parseJsonStrings("x", fields)).toBe("x");
    expect(parseJsonStrings(null, fields)).toBeNull();
  });
});
