// One snapshot per tool of exactly what clients are shown. A change to any listed definition
// fails here until it is announced with `npm run toolsnaps:update` and committed.
import { readdirSync } from "node:fs";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import { allTools } from "../src/tools/index.js";
import { listAllTools } from "./helpers/listing.js";

const directory = new URL("./__toolsnaps__/", import.meta.url);
let tools: Tool[];
beforeAll(async () => {
  tools = await listAllTools();
});

describe("tool snapshots", () => {
  it.each(allTools.map((tool) => tool.name))("%s", async (name) => {
    const tool = tools.find((candidate) => candidate.name === name);
    await expect(`${JSON.stringify(tool, null, 2)}\n`).toMatchFileSnapshot(new URL(`${name}.json`, directory).pathname);
  });

  it("has no snapshot of a tool that no longer exists", () => {
    const names = new Set(allTools.map((tool) => `${tool.name}.json`));
    const stale = readdirSync(directory).filter((file) => file.endsWith(".json") && !names.has(file));
    expect(stale, "remove these with npm run toolsnaps:update after deleting the files").toEqual([]);
  });
});
