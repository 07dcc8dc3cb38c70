/**
 * The Claude Desktop bundle (.mcpb) as Claude Desktop gets it: built by scripts/bundle.ts (what
 * `npm run bundle` runs) from the packed npm package, its manifest checked by the mcpb tool's own
 * `validate`, unpacked by its own `unpack`, and the server started exactly as the unpacked
 * manifest's mcp_config says, with the values put in by mcpb's own substitution
 * (getMcpConfigForManifest, the code Claude Desktop uses), against the demo stand-in Chatwoot on
 * 127.0.0.1. Needs dist/ built (`npm test` builds it first). Logs the bundle's size.
 */
import { getMcpConfigForManifest, type McpbManifestAny } from "@anthropic-ai/mcpb/browser";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, MANIFEST_SOURCE, runMcpb, type BuiltBundle } from "../../scripts/bundle.js";
import { installedPackageDirs, packageNameOf, ROOT, walkDependencies } from "../../scripts/packaging.js";
import { loadConfig } from "../../src/core/config.js";
import { DEMO_ACCOUNT_ID, DEMO_USER_TOKEN, startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { allTools, defaultTools } from "../../src/tools/index.js";

interface UserConfigOption {
  type: string;
  required?: boolean;
  sensitive?: boolean;
  default?: unknown;
}
interface Manifest {
  name: string;
  version: string;
  server: { type: string; entry_point: string; mcp_config: { command: string; args?: string[]; env?: Record<string, string> } };
  tools?: { name: string }[];
  user_config?: Record<string, UserConfigOption>;
  compatibility?: { runtimes?: { node?: string } };
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; engines: { node: string } };
const sourceManifest = JSON.parse(readFileSync(MANIFEST_SOURCE, "utf8")) as Manifest;

let work: string;
let bundle: BuiltBundle;
let unpacked: string;
let manifest: Manifest;
let backend: DemoBackend;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "chatwoot-mcp-bundle-test-"));
  bundle = buildBundle({ outDir: join(work, "out") });
  unpacked = join(work, "unpacked");
  const result = runMcpb(["unpack", bundle.path, unpacked]);
  if (result.status !== 0) throw new Error(`mcpb unpack failed:\n${result.output}`);
  manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")) as Manifest;
  backend = await startDemoBackend();
  console.log(`Claude Desktop bundle: ${bundle.size} bytes (${bundle.path.split(sep).pop()})`);
}, 180_000);
afterAll(async () => {
  await backend?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The server's environment and command line as Claude Desktop would make them from `userConfig`. */
async function launchConfig(userConfig: Record<string, string | number | boolean>): Promise<Manifest["server"]["mcp_config"]> {
  const config = await getMcpConfigForManifest({
    manifest: manifest as unknown as McpbManifestAny,
    extensionPath: unpacked,
    systemDirs: {},
    userConfig,
    pathSeparator: sep,
  });
  if (!config) throw new Error("mcpb reports required configuration missing");
  return config as Manifest["server"]["mcp_config"];
}

/** Starts the unpacked server as the manifest says (Claude Desktop runs "node" with its own Node). */
async function startBundled(userConfig: Record<string, string | number | boolean>): Promise<{ client: Client; stderr: () => string }> {
  const config = await launchConfig(userConfig);
  expect(config.command).toBe("node");
  const transport = new StdioClientTransport({ command: process.execPath, args: config.args ?? [], env: config.env ?? {}, cwd: work, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "chatwoot-mcp-bundle-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe("the bundle's manifest", () => {
  it("passes the mcpb tool's own validate as unpacked (the repository's copy is the same, and `mcpb pack` validated it)", () => {
    const result = runMcpb(["validate", join(unpacked, "manifest.json")]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("Manifest schema validation passes!");
    expect(result.output).not.toMatch(/ERROR/);
  });

  it("agrees with package.json on name and version and with its engines on Node", () => {
    expect(manifest).toEqual(sourceManifest);
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(bundle.path.endsWith(`chatwoot-mcp-${pkg.version}.mcpb`)).toBe(true);
    expect(manifest.compatibility?.runtimes?.node).toBe(pkg.engines.node);
    expect(manifest.server.type).toBe("node");
    expect(manifest.server.mcp_config.args).toEqual([`\${__dirname}/${manifest.server.entry_point}`]);
  });

  it("asks for the token as a secret and maps each setting to the server's variable", () => {
    const options = manifest.user_config ?? {};
    expect(options.api_access_token).toMatchObject({ type: "string", sensitive: true, required: true });
    expect(Object.entries(options).filter(([, option]) => option.sensitive).map(([key]) => key)).toEqual(["api_access_token"]);
    expect(manifest.server.mcp_config.env).toEqual({
      CHATWOOT_BASE_URL: "${user_config.base_url}",
      CHATWOOT_API_ACCESS_TOKEN: "${user_config.api_access_token}",
      CHATWOOT_ACCOUNT_ID: "${user_config.account_id}",
      CHATWOOT_TOOLSETS: "${user_config.toolsets}",
      CHATWOOT_READ_ONLY: "${user_config.read_only}",
    });
    // an optional setting without a default would reach the server as the literal "${user_config.x}"
    for (const [key, option] of Object.entries(options)) expect(option.required === true || option.default !== undefined, key).toBe(true);
  });

  it("lists only tools the server has, all of them in the default toolset", () => {
    const names = (manifest.tools ?? []).map((tool) => tool.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !defaultTools.includes(name) || !allTools.some((tool) => tool.name === name))).toEqual([]);
  });

  it("gives the server only values its configuration accepts, whatever Claude Desktop substitutes", async () => {
    const required = { base_url: "https://chat.example.com/", api_access_token: "abc123", account_id: 42 };
    const cases: [Record<string, string | number | boolean>, Partial<ReturnType<typeof loadConfig>>][] = [
      [required, { baseUrl: "https://chat.example.com", accountId: 42, readOnly: false, toolsets: ["default"] }],
      [{ ...required, toolsets: "", read_only: true }, { readOnly: true, toolsets: undefined }],
      [{ ...required, toolsets: "conversations, contacts", read_only: false }, { readOnly: false, toolsets: ["conversations", "contacts"] }],
    ];
    for (const [userConfig, expected] of cases) {
      const env = (await launchConfig(userConfig)).env ?? {};
      expect(Object.values(env).filter((value) => value.includes("${")), JSON.stringify(userConfig)).toEqual([]);
      const config = loadConfig(env);
      expect(config.problems, JSON.stringify(userConfig)).toEqual([]);
      expect(config).toMatchObject({ apiAccessToken: "abc123", ...expected });
    }
  });
});

describe("the bundle's contents", () => {
  it("hold the server's runtime dependencies and nothing else", () => {
    const walk = walkDependencies(unpacked, unpacked);
    expect(walk.missing).toEqual([]);
    expect(installedPackageDirs(join(unpacked, "node_modules")).filter((dir) => !walk.reached.has(dir)).map(packageNameOf)).toEqual([]);
  });
});

describe("the unpacked server, started as the manifest says", () => {
  it("offers the default tools and reaches Chatwoot with the configured token and account", async () => {
    const { client, stderr } = await startBundled({ base_url: backend.url, api_access_token: DEMO_USER_TOKEN, account_id: DEMO_ACCOUNT_ID });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...defaultTools].sort());
      const before = backend.requests.length;
      const result = (await client.callTool({ name: "list_labels", arguments: {} })) as CallToolResult;
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      const requests = backend.requests.slice(before);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ method: "GET", path: `/api/v1/accounts/${DEMO_ACCOUNT_ID}/labels`, token: DEMO_USER_TOKEN });
      expect(stderr()).not.toMatch(/configuration problem/);
    } finally {
      await client.close();
    }
  });

  it("offers only reading tools when read-only is on, with the toolsets field left empty", async () => {
    const { client } = await startBundled({ base_url: backend.url, api_access_token: DEMO_USER_TOKEN, account_id: DEMO_ACCOUNT_ID, toolsets: "", read_only: true });
    try {
      const { tools } = await client.listTools();
      const reading = defaultTools.filter((name) => allTools.find((tool) => tool.name === name)?.annotations.readOnlyHint);
      expect(reading.length).toBeGreaterThan(0);
      expect(tools.map((tool) => tool.name).sort()).toEqual([...reading].sort());
    } finally {
      await client.close();
    }
  });
});
