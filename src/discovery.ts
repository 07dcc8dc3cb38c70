import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Config } from "./core/config.js";
import { jsonMap } from "./core/json-map.js";
import { listedInputSchema } from "./core/listing.js";
import { callOperation, type Operation } from "./core/operation.js";
import { dropUnmeaningfulNulls } from "./core/nulls.js";
import { errorResult } from "./core/results.js";
import { createSearchIndex } from "./core/search.js";
import { formatValidationError } from "./core/validation.js";

/** A tool the server answers itself, without a Chatwoot operation behind it. */
export interface LocalTool {
  listed: Tool;
  run(args: unknown, signal?: AbortSignal): Promise<CallToolResult>;
}

export interface DiscoveryContext {
  /** the operations this server offers (already filtered by toolsets, exclusions and read-only) */
  operations: Map<string, Operation>;
  /** every operation name that exists, to tell "not offered" from "no such operation" */
  allNames: ReadonlySet<string>;
  readOnly: boolean;
  config: Config;
}

const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });

/**
 * Discovery mode: three small tools in place of the whole catalogue. The model searches the
 * operations, reads one's input schema, and calls it; the call is validated with the same zod
 * schema as the direct tool, and read-only mode refuses writes here too.
 */
export function discoveryTools(context: DiscoveryContext): LocalTool[] {
  const operations = [...context.operations.values()];
  const index = createSearchIndex(operations.map((operation) => operation.definition));
  const toolsets = [...new Set(operations.map((operation) => operation.definition.toolset))];

  const notOffered = (name: string): CallToolResult =>
    errorResult(context.allNames.has(name)
      ? `${name} is not offered by this server${context.readOnly ? " (read-only mode: it writes)" : " (its toolset is not enabled or it is excluded)"}.`
      : `No operation is called "${name}". Use search_operations to find the right name.`);

  const searchInput = z.strictObject({
    query: z.string().max(500).describe("What you want to do, in plain words, e.g. \"close a conversation\"."),
    toolset: z.enum(toolsets as [string, ...string[]]).optional(),
    access: z.enum(["read", "write"]).optional(),
    limit: z.number().int().min(1).max(20).optional(),
  });
  const describeInput = z.strictObject({ name: z.string().max(100).describe("Operation name from search_operations.") });
  const callInput = z.strictObject({
    name: z.string().max(100).describe("Operation name from search_operations."),
    arguments: jsonMap("The operation's arguments, as describe_operation shows").optional(),
  });

  const tool = (name: string, title: string, description: string, input: z.ZodObject, annotations: Tool["annotations"], run: (args: any, signal?: AbortSignal) => Promise<CallToolResult>): LocalTool => ({
    listed: { name, title, description, inputSchema: listedInputSchema(input), annotations },
    async run(raw, signal) {
      const parsed = input.safeParse(dropUnmeaningfulNulls(raw, input));
      return parsed.success ? run(parsed.data, signal) : errorResult(formatValidationError(name, parsed.error));
    },
  });
  const reading = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  return [
    tool("search_operations", "Search Chatwoot operations",
      "Find the Chatwoot operation for a task (conversations, messages, contacts, labels, reports...). Returns names for describe_operation and call_operation.",
      searchInput, reading,
      async ({ query, toolset, access, limit }) => {
        const hits = index.search(query, { toolset, access, limit: limit ?? 8 });
        if (hits.length === 0) return text(`No operation matches "${query}". Try other words, or drop the toolset filter.`);
        return text(hits.map(({ tool: found }) => `${found.name} (${found.toolset}, ${found.annotations.readOnlyHint ? "read" : "write"}): ${firstSentence(found.description)}`).join("\n"));
      }),
    tool("describe_operation", "Describe a Chatwoot operation",
      "Show one operation's description, input schema and effects, before calling it with call_operation.",
      describeInput, reading,
      async ({ name }) => {
        const operation = context.operations.get(name);
        if (!operation) return notOffered(name);
        const { listed, definition } = operation;
        return text(JSON.stringify({ name, description: listed.description, input_schema: listed.inputSchema, annotations: listed.annotations, http: `${definition.method} ${definition.path}` }));
      }),
    tool("call_operation", "Call a Chatwoot operation",
      "Run one operation by name with its arguments (see describe_operation).",
      callInput,
      context.readOnly ? reading : { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
      async ({ name, arguments: args }, signal) => {
        const operation = context.operations.get(name);
        if (!operation) return notOffered(name);
        if (context.readOnly && !operation.definition.annotations.readOnlyHint) return notOffered(name);
        return callOperation(operation, args ?? {}, context.config, signal);
      }),
  ];
}

/** The first sentence of a description; "e.g." and "i.e." do not end one. */
function firstSentence(text: string): string {
  return text.split(/(?<!\b(?:e\.g|i\.e)\.)(?<=\.)\s/)[0]!;
}
