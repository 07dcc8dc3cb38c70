import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { jsonMapSchemas } from "./json-map.js";
import type { ToolDefinition } from "./tool-definition.js";

const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/** The one string format both OpenAI strict mode and Gemini function declarations take. */
const PORTABLE_FORMATS = new Set(["date-time"]);
/**
 * Keywords both OpenAI strict mode ("supported properties") and Gemini's Schema object take;
 * any other annotation or constraint (minLength, maxLength, default, contentMediaType...) is
 * dropped from the listing. Structure (oneOf, allOf, $ref, $defs) is never dropped silently:
 * it stays, for tests/compat to flag.
 */
const PORTABLE_KEYWORDS = new Set([
  "type", "description", "properties", "required", "additionalProperties", "items", "enum", "anyOf",
  "format", "pattern", "minimum", "maximum", "minItems", "maxItems",
  "oneOf", "allOf", "$ref", "$defs",
]);
/** What a dropped format is called in a description, when the field's name does not say it already. */
const FORMAT_WORDS: Record<string, string> = { uri: "URL", url: "URL", uuid: "UUID", email: "email", date: "YYYY-MM-DD" };

type Node = Record<string, unknown>;

/**
 * The JSON Schema a client sees, made from the tool's zod schema by zod's own toJSONSchema, then
 * reduced to the subset that Claude, OpenAI strict mode, Gemini and the agent libraries all load
 * (tests/compat/ checks it through each library):
 * - dropped because they cost tokens and say nothing: `$schema`, the ±2^53 bounds zod puts on
 *   every integer, and the regular expressions behind string formats;
 * - free-form maps are listed as a string holding a JSON object (see json-map.ts);
 * - enums and consts of numbers are listed as `integer` (Gemini takes string enums only, and no
 *   `const`), with the allowed values in the description unless it names them already;
 * - string formats other than `date-time` are dropped (Gemini takes `enum` and `date-time` only);
 *   the description says "URL", "UUID"... unless the field's name does;
 * - keywords outside what both take are dropped (minLength, maxLength, default...).
 * The zod schema still validates all of it at call time.
 */
export function listedInputSchema(input: z.ZodObject): Tool["inputSchema"] {
  const schema = jsonSchemaOf(input, false);
  portable(schema, "");
  return schema as Tool["inputSchema"];
}

/**
 * The whole of what the zod schema checks, as JSON Schema: formats, lengths, numeric enums and
 * consts kept, free-form maps marked `contentMediaType: application/json`. Not listed to
 * clients; for tests that generate valid and invalid arguments.
 */
export function validationInputSchema(input: z.ZodObject): Tool["inputSchema"] {
  return jsonSchemaOf(input, true) as Tool["inputSchema"];
}

function jsonSchemaOf(input: z.ZodObject, markMaps: boolean): Node {
  const schema = z.toJSONSchema(input, {
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      const record = jsonSchema as Node;
      if (jsonMapSchemas.has(zodSchema as unknown as z.ZodType)) {
        const description = record.description;
        for (const key of Object.keys(record)) delete record[key];
        Object.assign(record, { type: "string" }, markMaps ? { contentMediaType: "application/json" } : {}, description ? { description } : {});
        return;
      }
      for (const key of ["minimum", "maximum"]) if (SAFE_INTEGER_BOUNDS.has(record[key] as number)) delete record[key];
      // zod writes out the regular expression behind a format; the format name says the same in fewer tokens
      if (typeof record.format === "string") delete record.pattern;
    },
  }) as Node;
  delete schema.$schema;
  return schema;
}

/** Rewrites one schema node (and its children) in place into the portable subset. */
function portable(node: Node, name: string): void {
  // a union of literals (z.union([z.literal(0), z.literal(1)])) is an enum
  const branches = node.anyOf as Node[] | undefined;
  if (branches?.length && branches.every((branch) => "const" in branch && Object.keys(branch).every((key) => ["const", "type", "description"].includes(key)))) {
    const values = branches.map((branch) => branch.const);
    delete node.anyOf;
    node.enum = values;
    if (values.every((value) => typeof value === "string")) node.type = "string";
  }
  // nullable: anyOf [X, null] becomes X with type [X's type, "null"], which LangChain keeps (it
  // drops anyOf) and Gemini's SDK reads as nullable; an enum keeps anyOf (null is not one of its values)
  const nullBranch = branches?.length === 2 ? branches.findIndex((branch) => branch.type === "null" && Object.keys(branch).length === 1) : -1;
  const other = nullBranch >= 0 ? branches![1 - nullBranch]! : undefined;
  if (other && typeof other.type === "string" && !("enum" in other) && !("const" in other) && !("anyOf" in other)) {
    delete node.anyOf;
    const description = node.description ?? other.description;
    Object.assign(node, other, { type: [other.type, "null"] }, description === undefined ? {} : { description });
  }
  if ("const" in node) {
    const value = node.const;
    delete node.const;
    if (typeof value === "string") node.enum = [value];
    else setEnumValues(node, [value]);
  }
  if (Array.isArray(node.enum) && node.enum.some((value) => typeof value !== "string")) setEnumValues(node, node.enum);
  if (typeof node.format === "string" && !PORTABLE_FORMATS.has(node.format)) {
    const word = FORMAT_WORDS[node.format] ?? node.format;
    delete node.format;
    if (!mentions(`${name} ${String(node.description ?? "")}`, word)) node.description = appendNote(node.description, word);
  }
  for (const key of Object.keys(node)) if (!PORTABLE_KEYWORDS.has(key)) delete node[key];
  for (const [key, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) portable(child, key);
  if (node.items && typeof node.items === "object" && !Array.isArray(node.items)) portable(node.items as Node, name);
  for (const key of ["anyOf", "oneOf", "allOf"]) for (const child of (node[key] as Node[] | undefined) ?? []) portable(child, name);
}

/** An enum of numbers (or a single fixed number): listed as its type, the values in the description. */
function setEnumValues(node: Node, values: unknown[]): void {
  delete node.enum;
  const nullable = values.includes(null) || (Array.isArray(node.type) && node.type.includes("null"));
  values = values.filter((value) => value !== null);
  let type: string | undefined;
  if (values.every((value) => typeof value === "number")) type = values.every(Number.isInteger) ? "integer" : "number";
  else if (values.every((value) => typeof value === "boolean")) type = "boolean";
  if (type) node.type = nullable ? [type, "null"] : type;
  const text = String(node.description ?? "");
  if (!values.every((value) => mentions(text, String(value)))) {
    node.description = appendNote(node.description, values.length === 1 ? `always ${values[0]}` : `one of ${values.join(", ")}`);
  }
}

function mentions(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}($|[^A-Za-z0-9])`, "i").test(text.replace(/_/g, " "));
}

function appendNote(description: unknown, note: string): string {
  return typeof description === "string" && description !== "" ? `${description} (${note})` : note;
}

export function listedTool(definition: ToolDefinition, inputSchema: Tool["inputSchema"]): Tool {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema,
    annotations: { ...definition.annotations },
  };
}
