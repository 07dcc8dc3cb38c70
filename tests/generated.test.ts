import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generate } from "../scripts/generator/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("generated files", () => {
  const files = generate(`${root}spec`);

  it("src/tools/ and docs/tools.md are current with spec/ (run npm run generate)", () => {
    for (const [path, content] of files) expect(readFileSync(`${root}${path}`, "utf8"), `${path} is stale: run npm run generate`).toBe(content);
  });

  it("src/tools/ holds nothing but generated files", () => {
    const onDisk = readdirSync(`${root}src/tools`).map((name) => `src/tools/${name}`).sort();
    expect(onDisk).toEqual([...files.keys()].filter((path) => path.startsWith("src/tools/")).sort());
  });

  it("is deterministic", () => {
    expect(generate(`${root}spec`)).toEqual(files);
  });
});
