// npm run generate: spec/ -> src/tools/ and docs/tools.md. With --check, writes nothing and
// exits 1 when any generated file is stale or missing.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generator/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const files = generate(join(root, "spec"));

const stale: string[] = [];
for (const [path, content] of files) {
  const target = join(root, path);
  const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
  if (current === content) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
for (const name of readdirSync(join(root, "src/tools"))) {
  const path = `src/tools/${name}`;
  if (files.has(path)) continue;
  stale.push(`${path} (not generated any more)`);
  if (!check) rmSync(join(root, path));
}

if (check && stale.length > 0) {
  process.stderr.write(`Generated files are stale; run npm run generate:\n  ${stale.join("\n  ")}\n`);
  process.exit(1);
}
process.stderr.write(check ? "Generated files are current.\n" : `Generated ${files.size} files (${stale.length} changed).\n`);
