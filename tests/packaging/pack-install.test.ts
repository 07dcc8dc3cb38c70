/**
 * The npm package as a user gets it: `npm pack` once, the tarball's file list checked against
 * what may ship, then the tarball installed into an empty folder outside the repository (runtime
 * dependencies only, from the npm registry or npm's cache) and the installed bin run from there:
 * --version, --help, and --demo driven by the SDK's client over stdio. Needs dist/ built
 * (`npm test` builds it first). Logs the tarball's size and the installed size.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  folderSize,
  importedPackages,
  installedPackageDirs,
  installTarball,
  packageNameOf,
  packTarball,
  ROOT,
  walkDependencies,
  type PackedTarball,
} from "../../scripts/packaging.js";
import { defaultTools } from "../../src/tools/index.js";

const run = promisify(execFile);
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

interface Manifest {
  version: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const repoManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;
/** the repository's dev tooling: devDependencies that are not also dependencies */
const devOnly = Object.keys(repoManifest.devDependencies ?? {}).filter((name) => !(name in (repoManifest.dependencies ?? {})));
/** files the package ships beside dist/ (npm adds package.json, README and LICENSE by itself) */
const TOP_LEVEL = ["package.json", "README.md", "LICENSE", "CHANGELOG.md"];

let work: string;
let packed: PackedTarball;
let installDir: string;
let packageDir: string;
let installed: Manifest;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "chatwoot-mcp-pack-"));
  packed = packTarball(join(work, "pack"));
  installDir = join(work, "install");
  packageDir = installTarball(packed.path, installDir);
  installed = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;
  console.log(`npm tarball: ${packed.size} bytes (${packed.unpackedSize} bytes unpacked, ${packed.files.length} files); installed node_modules: ${folderSize(join(installDir, "node_modules"))} bytes`);
}, 180_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the npm tarball", () => {
  it("holds the built server's .js files and the named top-level files, nothing else", () => {
    const outside = packed.files.filter((file) => !(file.startsWith("dist/") && file.endsWith(".js")) && !TOP_LEVEL.includes(file));
    expect(outside).toEqual([]);
    expect([...TOP_LEVEL, "dist/server.js"].filter((file) => !packed.files.includes(file))).toEqual([]);
    expect(readFileSync(join(packageDir, "dist", "server.js"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(installed.bin).toEqual({ "chatwoot-mcp": "dist/server.js" });
  });

  it("ships no leftover of a deleted source: every dist/ file has its src/ .ts", () => {
    const stale = packed.files
      .filter((file) => file.startsWith("dist/"))
      .filter((file) => !existsSync(join(ROOT, "src", file.slice("dist/".length).replace(/\.js$/, ".ts"))));
    expect(stale).toEqual([]);
  });
});

describe("the installed package", () => {
  it("declares exactly the packages its code imports, and none of the repository's dev tooling", () => {
    const declared = Object.keys(installed.dependencies ?? {}).sort();
    expect(declared).toEqual([...importedPackages(join(packageDir, "dist"))].sort());
    expect(declared.filter((name) => devOnly.includes(name))).toEqual([]);
  });

  it("has every runtime dependency installed and nothing more; dev tooling only where a runtime dependency needs it", () => {
    const walk = walkDependencies(packageDir, installDir);
    expect(walk.missing).toEqual([]);
    const everything = installedPackageDirs(join(installDir, "node_modules"));
    expect(everything.filter((dir) => !walk.reached.has(dir)).map(packageNameOf)).toEqual([]);
    const reachedNames = new Set([...walk.reached].map(packageNameOf));
    const leaked = devOnly.filter((name) => existsSync(join(installDir, "node_modules", name)) && !reachedNames.has(name));
    expect(leaked).toEqual([]);
    // the heavy tooling of this repository is absent outright
    for (const tool of ["typescript", "vitest", "tsx", "@anthropic-ai/mcpb"]) expect(existsSync(join(installDir, "node_modules", tool))).toBe(false);
  });

  it("prints exactly the package version on stdout for `npx chatwoot-mcp --version`", async () => {
    const { stdout } = await run(NPX, ["--no-install", "chatwoot-mcp", "--version"], { cwd: installDir, encoding: "utf8" });
    expect(stdout).toBe(`${repoManifest.version}\n`);
  });

  it("prints its usage for `npx chatwoot-mcp --help`", async () => {
    const { stdout } = await run(NPX, ["--no-install", "chatwoot-mcp", "--help"], { cwd: installDir, encoding: "utf8" });
    expect(stdout).toContain(`chatwoot-mcp ${repoManifest.version}`);
    expect(stdout).toMatch(/^Usage: chatwoot-mcp \[options\]$/m);
    expect(stdout).toContain("--demo");
  });

  it("serves --demo over stdio: tools/list offers the default tools and a call answers with sample data", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(packageDir, installed.bin["chatwoot-mcp"]!), "--demo"],
      cwd: installDir,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const client = new Client({ name: "chatwoot-mcp-pack-test", version: "1.0.0" });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...defaultTools].sort());
      const result = (await client.callTool({ name: "list_conversations", arguments: {} })) as CallToolResult;
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      const first = result.content[0];
      const body = JSON.parse(first?.type === "text" ? first.text : "{}") as { data?: { payload?: { id: number }[] } };
      expect(body.data?.payload?.length).toBeGreaterThan(0);
      expect(stderr).toContain("DEMO MODE");
    } finally {
      await client.close();
    }
  });
});
