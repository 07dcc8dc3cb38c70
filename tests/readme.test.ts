// The README is what a new user copies from: every JSON snippet must parse, every variable it
// names must be one the server reads, every flag in a client command must be one the server
// accepts, and every in-page link must lead to a heading.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/cli-args.js";

const root = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, text: match[2]! }));
const jsonBlocks = blocks.filter((block) => block.lang === "json");

/** Every source file's text, to check that a variable the README names is read somewhere. */
function sourceText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? sourceText(join(dir, entry.name)) : entry.name.endsWith(".ts") ? readFileSync(join(dir, entry.name), "utf8") : ""))
    .join("\n");
}
const source = sourceText(join(root, "src"));
// variables that belong to Node, npm or the client, not to this server
const NOT_OURS = new Set(["NODE_EXTRA_CA_CERTS", "NODE_OPTIONS", "PATH"]);

type ServerEntry = { command?: string; args?: string[]; env?: Record<string, string> };
const serverEntries = jsonBlocks.flatMap((block) => {
  const parsed = JSON.parse(block.text) as { mcpServers?: Record<string, ServerEntry>; servers?: Record<string, ServerEntry> };
  return Object.values({ ...parsed.mcpServers, ...parsed.servers });
});

describe("README", () => {
  it("has JSON snippets, and every one parses", () => {
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(3);
    for (const block of jsonBlocks) expect(() => JSON.parse(block.text), block.text.slice(0, 80)).not.toThrow();
  });

  it("names only environment variables the server reads", () => {
    const named = new Set([...readme.matchAll(/\b(CHATWOOT_[A-Z_]+|HTTPS?_PROXY|NO_PROXY)\b/g)].map((match) => match[1]!));
    for (const entry of serverEntries) for (const name of Object.keys(entry.env ?? {})) named.add(name);
    expect(named.size).toBeGreaterThan(10);
    const unknown = [...named].filter((name) => !NOT_OURS.has(name) && !source.includes(`"${name}"`) && !source.includes(`'${name}'`) && !source.includes(`.${name}`));
    expect(unknown).toEqual([]);
  });

  it("starts the server in every client snippet with arguments it accepts", () => {
    expect(serverEntries.length).toBeGreaterThanOrEqual(3);
    for (const entry of serverEntries) {
      const args = entry.args ?? [];
      const at = entry.command === "npx" ? args.indexOf("chatwoot-mcp") : args.findIndex((arg) => arg.endsWith("dist/server.js"));
      expect(at, JSON.stringify(entry)).toBeGreaterThanOrEqual(0);
      expect(() => parseCliArgs(args.slice(at + 1))).not.toThrow();
    }
    // the shell snippets too: `npx -y chatwoot-mcp ...` and `node dist/server.js ...`
    const commands = blocks.filter((block) => block.lang === "sh").flatMap((block) => [...block.text.replace(/\\\n/g, " ").matchAll(/(?:npx -y chatwoot-mcp|node dist\/server\.js)([^\n|&;#]*)/g)]);
    expect(commands.length).toBeGreaterThan(3);
    for (const command of commands) {
      const args = command[1]!.trim().split(/\s+/).filter(Boolean);
      expect(() => parseCliArgs(args), command[0]).not.toThrow();
    }
  });

  it("links only to headings that exist", () => {
    const anchors = new Set(
      [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]!.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-")),
    );
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  });
});
