// Each listed tool must load in every major client: Claude, OpenAI (strict mode) and Gemini.
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import { listAllTools } from "./helpers/listing.js";

type Node = Record<string, unknown>;

/** Every rule a listed input schema breaks, as "path: problem" lines. */
export function portabilityProblems(tool: Tool): string[] {
  const problems: string[] = [];
  const root = tool.inputSchema as Node;
  if (!/^[a-z0-9_]{1,40}$/.test(tool.name)) problems.push(`name: "${tool.name}" must match ^[a-z0-9_]{1,40}$`);
  if (root.type !== "object") problems.push("root: type must be object (Claude)");
  for (const key of ["oneOf", "anyOf", "allOf", "not", "enum"]) if (key in root) problems.push(`root: no ${key} at the root (Claude)`);
  const visit = (node: Node, path: string): void => {
    for (const key of ["$ref", "$defs", "definitions", "$schema"]) if (key in node) problems.push(`${path}: no ${key} (Gemini)`);
    if (typeof node.type !== "string") problems.push(`${path}: needs a single type (OpenAI strict, Gemini)`);
    for (const key of ["minimum", "maximum"]) if (Math.abs(node[key] as number) === Number.MAX_SAFE_INTEGER) problems.push(`${path}: ±2^53 bound adds tokens and no meaning`);
    if (node.type === "object") {
      if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false (OpenAI strict)`);
      for (const [name, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) visit(child, `${path}.${name}`);
    }
    if (node.type === "array") {
      if (!node.items || typeof node.items !== "object") problems.push(`${path}: array needs items (Gemini)`);
      else visit(node.items as Node, `${path}[]`);
    }
  };
  visit(root, "input");
  return problems;
}

describe.each([
  ["without CHATWOOT_ACCOUNT_ID", {}],
  ["with CHATWOOT_ACCOUNT_ID", { CHATWOOT_ACCOUNT_ID: "1" }],
])("portable input schemas, %s", (_label, env) => {
  let tools: Tool[];
  beforeAll(async () => {
    tools = await listAllTools(env);
  });

  it("every one of the 143 tools passes Claude's, OpenAI strict mode's and Gemini's rules", () => {
    expect(tools).toHaveLength(143);
    const problems = tools.flatMap((tool) => portabilityProblems(tool).map((problem) => `${tool.name} ${problem}`));
    expect(problems).toEqual([]);
  });

  it("the checker itself catches each kind of problem", () => {
    const bad: Tool = {
      name: "Bad-Name",
      inputSchema: { type: "object", anyOf: [], properties: { a: {}, b: { type: "array" }, c: { type: "object", properties: {} }, d: { type: "integer", minimum: -9007199254740991 }, e: { $ref: "#/x", type: "string" } } } as Tool["inputSchema"],
    };
    const found = portabilityProblems(bad).join("\n");
    for (const expected of ["name:", "root: no anyOf", "input.a: needs a single type", "input.b: array needs items", "input.c: additionalProperties", "input.d: ±2^53", "input.e: no $ref", "input: additionalProperties"]) {
      expect(found).toContain(expected);
    }
  });
});
