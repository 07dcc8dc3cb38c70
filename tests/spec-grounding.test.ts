import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../scripts/generator/load-spec.js";
import { toOperations, type OperationModel } from "../scripts/generator/operations.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const operations = toOperations(loadSpec(`${root}spec`));

/** Whether the documented success answer is a list: an array, or one under payload or data.payload. */
function answersWithList(op: OperationModel): boolean {
  const schema = op.responseSchema as { type?: unknown; properties?: Record<string, { type?: unknown; properties?: Record<string, { type?: unknown }> }> } | undefined;
  if (!schema) return false;
  return schema.type === "array" || schema.properties?.payload?.type === "array" || schema.properties?.data?.properties?.payload?.type === "array";
}

describe("spec/ is grounded in Chatwoot's source (spec/README.md)", () => {
  it("every operation names the Chatwoot files its behaviour comes from (x-chatwoot-source), controller first", () => {
    const missing = operations.filter((op) => op.sources.length === 0).map((op) => op.name);
    expect(missing, `operations without x-chatwoot-source`).toEqual([]);
    const notController = operations.filter((op) => !/controllers\/.+_controller\.rb#\w+/.test(op.sources[0] ?? "")).map((op) => `${op.name}: ${op.sources[0]}`);
    expect(notController, "the first x-chatwoot-source entry is the controller#action").toEqual([]);
  });

  it("every operation that answers with a list says how the route pages (x-paging; a tool that shows one file of a list answers with that file)", () => {
    const missing = operations.filter((op) => answersWithList(op) && !op.viewFile && op.paging === undefined).map((op) => op.name);
    expect(missing).toEqual([]);
  });

  it("a page offer always comes with the page size the route uses", () => {
    const unsized = operations.filter((op) => op.paging?.style === "pages" && op.paging.perPage === undefined).map((op) => op.name);
    expect(unsized).toEqual([]);
  });
});
