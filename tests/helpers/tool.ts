import { z } from "zod";
import type { ToolDefinition } from "../../src/core/tool-definition.js";

/** A small synthetic tool for unit tests of the machinery (not one of the generated ones). */
export function fakeTool(overrides: Partial<ToolDefinition> = {}): ToolDefinition {
  return {
    name: "get_thing",
    title: "Get a thing",
    description: "Test tool.",
    toolset: "conversations",
    method: "GET",
    path: "/api/v1/accounts/{account_id}/things/{thing_id}",
    auth: "user",
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    fields: { account_id: ["path", "account_id"], thing_id: ["path", "thing_id"] },
    idSources: { thing_id: "list_things" },
    inputSchema: {
      type: "object",
      properties: { account_id: { type: "integer" }, thing_id: { type: "string" } },
      required: ["account_id", "thing_id"],
      additionalProperties: false,
    },
    input: () => z.strictObject({ account_id: z.number().int(), thing_id: z.string() }),
    ...overrides,
  };
}
