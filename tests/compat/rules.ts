/**
 * The schema rules of the model APIs, each with the document it comes from. Every function
 * returns the problems it finds as "path: problem" lines (empty when the schema passes).
 */

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

/** Children of a schema node with their paths: properties, items, anyOf/oneOf/allOf, $defs. */
function children(node: Node, path: string): [Node, string][] {
  const out: [Node, string][] = [];
  for (const [name, child] of Object.entries(isNode(node.properties) ? node.properties : {})) if (isNode(child)) out.push([child, `${path}.${name}`]);
  if (isNode(node.items)) out.push([node.items, `${path}[]`]);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((child, index) => isNode(child) && out.push([child, `${path}|${key}[${index}]`]));
  }
  for (const key of ["$defs", "definitions"]) {
    for (const [name, child] of Object.entries(isNode(node[key]) ? (node[key] as Node) : {})) if (isNode(child)) out.push([child, `${path}.${key}.${name}`]);
  }
  return out;
}

function walk(root: Node, visit: (node: Node, path: string, depth: number) => void): void {
  const go = (node: Node, path: string, depth: number): void => {
    visit(node, path, depth);
    for (const [child, childPath] of children(node, path)) go(child, childPath, depth + (isNode(node.properties) ? 1 : 0));
  };
  go(root, "input", 0);
}

// ------------------------------------------------------------------------------------ OpenAI

/*
 * OpenAI strict mode ("strict": true on a function tool), as documented in
 * https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 * (the function-calling guide, https://platform.openai.com/docs/guides/function-calling#strict-mode,
 * says strict function parameters follow the same rules):
 * - "Root objects must not be anyOf and must be an object";
 * - "All fields must be required" (optional ones are written as a union with null);
 * - "additionalProperties: false must always be set in objects";
 * - supported types: string, number, boolean, integer, object, array, enum, anyOf (and null);
 * - supported properties: strings `pattern`, `format`; numbers `multipleOf`, `maximum`,
 *   `exclusiveMaximum`, `minimum`, `exclusiveMinimum`; arrays `minItems`, `maxItems`; plus
 *   `description`, `title`, `enum`, `const`, `$defs`/`$ref`. Anything else (contentMediaType,
 *   minLength, default...) is refused;
 * - supported string formats: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid;
 * - "up to 5000 object properties total, with up to 10 levels of nesting"; "up to 1000 enum values
 *   across all enum properties".
 */
const OPENAI_KEYWORDS = new Set([
  "type", "description", "title", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$defs", "$ref",
  "pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "minItems", "maxItems",
]);
const OPENAI_TYPES = new Set(["string", "number", "boolean", "integer", "object", "array", "null"]);
const OPENAI_FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);

export function openAiStrictProblems(root: Node): string[] {
  const problems: string[] = [];
  if (root.type !== "object") problems.push("input: root must be type object");
  if ("anyOf" in root) problems.push("input: root must not be anyOf");
  let properties = 0;
  let enumValues = 0;
  walk(root, (node, path, depth) => {
    for (const key of Object.keys(node)) if (!OPENAI_KEYWORDS.has(key)) problems.push(`${path}: keyword ${key} is not supported`);
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const type of types) if (!OPENAI_TYPES.has(type as string)) problems.push(`${path}: type ${JSON.stringify(type)} is not supported`);
    if (types.length === 0 && !("anyOf" in node) && !("$ref" in node) && !("enum" in node) && !("const" in node)) problems.push(`${path}: needs a type`);
    if (types.includes("object") || isNode(node.properties)) {
      if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
      const keys = Object.keys(isNode(node.properties) ? node.properties : {});
      properties += keys.length;
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      for (const key of keys) if (!required.has(key)) problems.push(`${path}.${key}: must be required`);
    }
    if (types.includes("array") && !isNode(node.items)) problems.push(`${path}: array needs items`);
    if (typeof node.format === "string" && !OPENAI_FORMATS.has(node.format)) problems.push(`${path}: format ${node.format} is not supported`);
    if (Array.isArray(node.enum)) enumValues += node.enum.length;
    if (depth > 10) problems.push(`${path}: nested deeper than 10 levels`);
  });
  if (properties > 5000) problems.push(`input: ${properties} object properties (at most 5000)`);
  if (enumValues > 1000) problems.push(`input: ${enumValues} enum values (at most 1000)`);
  return problems;
}

// ------------------------------------------------------------------------------------ Gemini

/*
 * Gemini function declarations, https://ai.google.dev/api/caching#FunctionDeclaration and the
 * Schema object it uses, https://ai.google.dev/api/caching#Schema ("a select subset of an OpenAPI
 * 3.0 schema object"):
 * - `enum`: "Possible values of the element of Type.STRING with enum format": string values only;
 * - `format`: for STRING only "enum" and "date-time" are supported (NUMBER: float, double;
 *   INTEGER: int32, int64);
 * - `type` one of STRING, NUMBER, INTEGER, BOOLEAN, ARRAY, OBJECT (null only via `nullable`);
 *   `items` is the "Schema of the elements of Type.ARRAY";
 * - the Schema object has no `const`, `$ref`/`$defs`, `additionalProperties` or other JSON
 *   Schema keywords; an unknown field makes the API answer 400 "Unknown name".
 * `geminiDeclarationProblems` applies the value rules (string enums, no const, formats, no
 * $ref/$defs, items on arrays) to any schema the SDK sends (parametersJsonSchema included);
 * `geminiSchemaProblems` adds the Schema object's field list, for what @google/genai's schema
 * processing (processJsonSchema) sends as `parameters`.
 */
const GEMINI_STRING_FORMATS = new Set(["enum", "date-time"]);
const GEMINI_NUMBER_FORMATS: Record<string, Set<string>> = { number: new Set(["float", "double"]), integer: new Set(["int32", "int64"]) };
const GEMINI_SCHEMA_FIELDS = new Set([
  "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required", "minProperties",
  "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum",
]);
const GEMINI_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);

export function geminiDeclarationProblems(root: Node): string[] {
  const problems: string[] = [];
  walk(root, (node, path) => {
    for (const key of ["const", "$ref", "$defs", "definitions"]) if (key in node) problems.push(`${path}: no ${key}`);
    if (Array.isArray(node.enum) && node.enum.some((value) => typeof value !== "string")) problems.push(`${path}: enum values must be strings, got ${JSON.stringify(node.enum)}`);
    const types = (Array.isArray(node.type) ? node.type : [node.type]).map((type) => String(type).toLowerCase());
    if (typeof node.format === "string") {
      const allowed = types.includes("string") ? GEMINI_STRING_FORMATS : GEMINI_NUMBER_FORMATS[types.find((type) => type in GEMINI_NUMBER_FORMATS) ?? ""];
      if (!allowed?.has(node.format)) problems.push(`${path}: format ${node.format} is not supported`);
    }
    if (types.includes("array") && !isNode(node.items)) problems.push(`${path}: array needs items`);
  });
  return problems;
}

export function geminiSchemaProblems(root: Node): string[] {
  const problems = geminiDeclarationProblems(root);
  if (String(root.type).toLowerCase() !== "object") problems.push("input: parameters must be type OBJECT");
  walk(root, (node, path) => {
    for (const key of Object.keys(node)) if (!GEMINI_SCHEMA_FIELDS.has(key)) problems.push(`${path}: Schema has no field ${key}`);
    if (node.type !== undefined && !(typeof node.type === "string" && GEMINI_TYPES.has(node.type.toLowerCase()))) problems.push(`${path}: type ${JSON.stringify(node.type)} is not a Gemini type`);
    if (node.type === undefined && !("anyOf" in node)) problems.push(`${path}: needs a type`);
  });
  return problems;
}

// ------------------------------------------------------------------------------------ Anthropic

/*
 * Claude tool definitions, https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#specifying-client-tools:
 * - `name` "must match the regex ^[a-zA-Z0-9_-]{1,64}$";
 * - `input_schema` is "a JSON Schema object": the Messages API answers 400 for a root that is not
 *   `type: object` and for root combinators ("input_schema does not support oneOf, allOf, or
 *   anyOf at the top level").
 */
export function anthropicProblems(name: string, root: Node): string[] {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) problems.push(`name: "${name}" must match ^[a-zA-Z0-9_-]{1,64}$`);
  if (root.type !== "object") problems.push("input: root must be type object");
  for (const key of ["oneOf", "anyOf", "allOf"]) if (key in root) problems.push(`input: no ${key} at the root`);
  return problems;
}
