import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSearchIndex } from "../../src/core/search.js";
import { allTools } from "../../src/tools/index.js";

const queries = JSON.parse(readFileSync(new URL("./queries.json", import.meta.url), "utf8")) as { query: string; expect: string }[];

describe.each([
  ["every operation", allTools],
  ["what discovery mode searches by default (no public client API)", allTools.filter((tool) => tool.toolset !== "public_client")],
])("operation search over %s, on plain-words requests", (label, tools) => {
  const index = createSearchIndex(tools);

  it("every expected operation exists", () => {
    const names = new Set(allTools.map((tool) => tool.name));
    for (const { expect: name } of queries) expect(names.has(name), name).toBe(true);
    expect(queries.length).toBeGreaterThanOrEqual(40);
  });

  it("ranks the expected operation first or in the top three", () => {
    let first = 0;
    let topThree = 0;
    const misses: string[] = [];
    for (const { query, expect: name } of queries) {
      const ranked = index.search(query, { limit: 3 }).map((hit) => hit.tool.name);
      if (ranked[0] === name) first++;
      else misses.push(`"${query}" -> ${ranked.join(", ")} (wanted ${name})`);
      if (ranked.includes(name)) topThree++;
    }
    console.log(`search over ${label}: ${first}/${queries.length} first, ${topThree}/${queries.length} in the top three${misses.length ? `\nnot first:\n  ${misses.join("\n  ")}` : ""}`);
    expect(topThree / queries.length).toBeGreaterThanOrEqual(0.9);
    expect(first / queries.length).toBeGreaterThanOrEqual(0.7);
  });

  it("filters by toolset and by read or write", () => {
    expect(index.search("conversation", { toolset: "reports" }).every((hit) => hit.tool.toolset === "reports")).toBe(true);
    expect(index.search("contact", { access: "read" }).every((hit) => hit.tool.annotations.readOnlyHint)).toBe(true);
    expect(index.search("contact", { access: "write" }).every((hit) => !hit.tool.annotations.readOnlyHint)).toBe(true);
  });
});
