import { loadSpec } from "./load-spec.js";
import { emitAll } from "./emit.js";
import { toOperations } from "./operations.js";

/** spec/ in, every generated file out (path from the project root -> content). Pure and deterministic. */
export function generate(specDir: string): Map<string, string> {
  const doc = loadSpec(specDir);
  const operations = toOperations(doc);
  return emitAll(operations, (doc.tags ?? []).map((tag) => tag.name));
}
