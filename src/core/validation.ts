import type { z } from "zod";
import { parseJsonOfKind } from "./json-map.js";
import type { ToolDefinition } from "./tool-definition.js";

type JsonType = "object" | "array";

/** Which top-level fields take an object or an array, read off a tool's listed input schema. */
export function structuredFields(inputSchema: { properties?: Record<string, unknown> }): Map<string, JsonType> {
  const fields = new Map<string, JsonType>();
  for (const [name, schema] of Object.entries(inputSchema.properties ?? {})) {
    const type = (schema as { type?: unknown }).type;
    if (type === "object" || type === "array") fields.set(name, type);
  }
  return fields;
}

/**
 * Some clients send an object or array argument as a JSON string ("{\"plan\":\"pro\"}"). Such a
 * string is replaced by what it parses to when that is of the expected kind; anything else is
 * left alone for validation to reject.
 */
export function parseJsonStrings(args: unknown, fields: Map<string, JsonType>): unknown {
  if (fields.size === 0 || typeof args !== "object" || args === null || Array.isArray(args)) return args;
  let copy: Record<string, unknown> | undefined;
  for (const [name, type] of fields) {
    const value = (args as Record<string, unknown>)[name];
    const parsed = typeof value === "string" ? parseJsonOfKind(value, type) : undefined;
    if (parsed !== undefined) (copy ??= { ...(args as Record<string, unknown>) })[name] = parsed;
  }
  return copy ?? args;
}

/** Lists each invalid field with what was expected, so the model can fix the call itself. */
export function formatValidationError(toolName: string, error: z.ZodError, fields: Map<string, JsonType> = new Map(), accountIdSource = "CHATWOOT_ACCOUNT_ID in the server's environment", args?: unknown): string {
  const lines = error.issues.slice(0, 10).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map((part) => clip(String(part))).join(".") : "(arguments)";
    const top = issue.path.length === 1 ? fields.get(String(issue.path[0])) : undefined;
    const hint = top && /received string/.test(issue.message) ? ` (a JSON string is accepted only if it parses to an ${top})` : "";
    // zod words a missing field as "expected number, received undefined", or a missing enum as "Invalid option"
    const absent = args !== undefined && issue.path.length > 0 && valueAt(args, issue.path) === undefined;
    if (/received undefined$/.test(issue.message) || (absent && issue.code === "invalid_value")) {
      const where = issue.path.length === 1 && issue.path[0] === "account_id" ? ` (or set it with ${accountIdSource}; get_profile lists your accounts)` : "";
      const expected = /expected (one of .*|[^,]+)/.exec(issue.message)?.[0];
      return `- ${field}: required, missing${expected ? ` (${expected})` : ""}${where}`;
    }
    return `- ${field}: ${clip(issue.message, 300)}${hint}`;
  });
  if (error.issues.length > 10) lines.push(`- …and ${error.issues.length - 10} more`);
  return `Invalid arguments for ${toolName}:\n${lines.join("\n")}\nFix these fields (see the tool's input schema) and call again.`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Field names and messages can echo what the caller sent; keep them short. */
function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Checks each condition of a filter payload against the operators Chatwoot allows on its
 * standard attribute (the tool's `filterOperators`, from Chatwoot's lib/filters/filter_keys.yml).
 * Conditions are `{attribute_key, filter_operator, ...}` as Chatwoot's filter services read
 * them; keys not in the table (custom attributes) are left to Chatwoot. Returns the message for
 * the model, or undefined when every condition passes.
 */
export function filterOperatorProblems(tool: ToolDefinition, args: Record<string, unknown>): string | undefined {
  const lines: string[] = [];
  for (const [field, table] of Object.entries(tool.filterOperators ?? {})) {
    const conditions = args[field];
    if (!Array.isArray(conditions)) continue;
    conditions.forEach((condition: { attribute_key?: unknown; filter_operator?: unknown }, index) => {
      const allowed = typeof condition?.attribute_key === "string" ? table[condition.attribute_key] : undefined;
      if (allowed && !allowed.includes(condition.filter_operator as string)) {
        lines.push(`- ${field}.${index}: ${condition.attribute_key} takes ${allowed.join(", ")} (not ${clip(String(condition.filter_operator))})`);
      }
    });
  }
  return lines.length > 0 ? `Invalid arguments for ${tool.name}:\n${lines.join("\n")}\nUse an operator its attribute takes and call again.` : undefined;
}
