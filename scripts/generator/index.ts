import { loadSpec } from "./load-spec.js";
import { emitAll } from "./emit.js";
import { toOperations } from "./operations.js";

/** spec/ in, every generated file out (path from the project root -> content). Pure and deterministic. */
export function generate(specDir: string): Map<string, string> {
  const doc = loadSpec(specDir);
  const operations = toOperations(doc);
  const defaults = { toolsets: (doc["x-default-toolsets"] as string[] | undefined) ?? [], tools: (doc["x-default-tools"] as string[] | undefined) ?? [] };
  const toolsets = (doc.tags ?? []).map((tag) => tag.name);
  for (const name of defaults.toolsets) if (!toolsets.includes(name)) throw new Error(`x-default-toolsets: unknown toolset ${name}`);
  for (const name of defaults.tools) if (!operations.some((op) => op.name === name)) throw new Error(`x-default-tools: unknown tool ${name}`);
  return emitAll(operations, toolsets, defaults);
}
