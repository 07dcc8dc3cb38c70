import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonMap } from "../../src/core/json-map.js";
import { dropUnmeaningfulNulls } from "../../src/core/nulls.js";

// Shaped as the generator writes them: `.nullable()` only where spec/ lists "null" in the type.
const input = z.strictObject({
  conversation_id: z.number().int(),
  assignee_id: z.number().int().nullable().describe("null unassigns").optional(),
  status: z.enum(["open", "resolved"]).optional(),
  custom_attributes: jsonMap().optional(),
  message: z.strictObject({ content: z.string(), private: z.boolean().optional() }).optional(),
  payload: z.array(z.strictObject({ attribute_key: z.string(), query_operator: z.enum(["and", "or"]).optional() })).optional(),
});

describe("null on an optional field means not given, unless Chatwoot gives it a meaning", () => {
  it("drops nulls on plain optional fields, at any depth", () => {
    const args = { conversation_id: 7, status: null, custom_attributes: null, message: { content: "hi", private: null }, payload: [{ attribute_key: "status", query_operator: null }] };
    const cleaned = dropUnmeaningfulNulls(args, input);
    expect(cleaned).toEqual({ conversation_id: 7, message: { content: "hi" }, payload: [{ attribute_key: "status" }] });
    expect(input.safeParse(cleaned).success).toBe(true);
    expect(args.status).toBeNull(); // the caller's object is not changed
  });
  it("keeps null where it has a meaning (assignee_id: null unassigns)", () => {
    expect(dropUnmeaningfulNulls({ conversation_id: 7, assignee_id: null }, input)).toEqual({ conversation_id: 7, assignee_id: null });
  });
  it("keeps null on a required field, for validation to report", () => {
    const cleaned = dropUnmeaningfulNulls({ conversation_id: null }, input);
    expect(cleaned).toEqual({ conversation_id: null });
    expect(input.safeParse(cleaned).success).toBe(false);
  });
  it("returns the same object when there is nothing to drop", () => {
    const args = { conversation_id: 7, status: "open" };
    expect(dropUnmeaningfulNulls(args, input)).toBe(args);
    expect(dropUnmeaningfulNulls("not an object", input)).toBe("not an object");
  });
});
