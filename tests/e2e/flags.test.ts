// Flags and variables that choose the tools, through the real binary.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { defaultTools, defaultToolsets, allTools } from "../../src/tools/index.js";
import { SERVER_PATH, spawnServer } from "../helpers/spawn-server.js";

let backend: DemoBackend;
let env: Record<string, string>;
beforeAll(async () => {
  backend = await startDemoBackend({ userToken: "u", platformToken: "p" });
  env = { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: "u", CHATWOOT_PLATFORM_APP_TOKEN: "p", CHATWOOT_ACCOUNT_ID: "1", CHATWOOT_TOOLSETS: "" };
});
afterAll(() => backend.close());

async function listed(args: string[], extraEnv: Record<string, string> = {}): Promise<string[]> {
  const server = await spawnServer({ ...env, ...extraEnv }, args);
  try {
    return (await server.client.listTools()).tools.map((tool) => tool.name);
  } finally {
    await server.close();
  }
}

const expectedDefault = allTools.filter((tool) => defaultToolsets.includes(tool.toolset) || defaultTools.includes(tool.name)).map((tool) => tool.name);

describe("choosing tools", () => {
  it("offers the default set (at most 45 tools) when nothing is said", async () => {
    const names = await listed([]);
    expect(names).toEqual(expectedDefault);
    expect(names.length).toBeLessThanOrEqual(45);
    for (const name of ["list_conversations", "create_message", "search_contacts", "assign_conversation", "set_conversation_labels", "list_agents"]) expect(names).toContain(name);
  });

  it("--toolsets and CHATWOOT_TOOLSETS pick whole toolsets; --tools adds single tools", async () => {
    expect(await listed(["--toolsets", "labels", "--tools", "list_agents"])).toEqual(["list_labels", "create_label", "get_label", "update_label", "delete_label", "list_agents"]);
    expect(await listed([], { CHATWOOT_TOOLSETS: "labels" })).toHaveLength(5);
    expect((await listed(["--toolsets", "agents"], { CHATWOOT_TOOLSETS: "labels" })).sort()).toEqual(allTools.filter((tool) => tool.toolset === "agents").map((tool) => tool.name).sort());
  });

  it("all means every toolset, platform and public client included", async () => {
    expect(await listed(["--toolsets", "all"])).toHaveLength(allTools.length);
  });

  it("--exclude-tools wins over --toolsets and --tools", async () => {
    const names = await listed(["--toolsets", "labels", "--tools", "list_agents", "--exclude-tools", "delete_label,list_agents"]);
    expect(names).toEqual(["list_labels", "create_label", "get_label", "update_label"]);
    expect(await listed([], { CHATWOOT_TOOLSETS: "labels", CHATWOOT_EXCLUDE_TOOLS: "delete_label" })).not.toContain("delete_label");
  });

  it("--read-only and CHATWOOT_READ_ONLY win over everything, --tools included", async () => {
    const names = await listed(["--toolsets", "all", "--tools", "create_message", "--read-only"]);
    expect(names).not.toContain("create_message");
    const definitions = new Map(allTools.map((tool) => [tool.name, tool]));
    expect(names.every((name) => definitions.get(name)!.annotations.readOnlyHint)).toBe(true);
    expect(names.length).toBe(allTools.filter((tool) => tool.annotations.readOnlyHint).length);
    expect(await listed(["--tools", "create_message"], { CHATWOOT_READ_ONLY: "true" })).not.toContain("create_message");
  });

  it("platform tools appear only with a platform token; public client tools only when asked for", async () => {
    const withoutToken = await listed(["--toolsets", "all"], { CHATWOOT_PLATFORM_APP_TOKEN: "" });
    expect(withoutToken.some((name) => name.startsWith("platform_"))).toBe(false);
    expect((await listed([])).some((name) => name.startsWith("public_"))).toBe(false);
    expect((await listed(["--toolsets", "public_client"])).length).toBe(allTools.filter((tool) => tool.toolset === "public_client").length);
  });

  it("--discovery lists three tools, and refuses writes when read-only", async () => {
    const server = await spawnServer(env, ["--discovery", "--read-only"]);
    try {
      expect((await server.client.listTools()).tools.map((tool) => tool.name)).toEqual(["search_operations", "describe_operation", "call_operation"]);
      const refused = await server.call("call_operation", { name: "set_conversation_status", arguments: { conversation_id: 1, status: "resolved" } });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/read-only mode/);
      const read = await server.call("call_operation", { name: "get_conversation", arguments: { conversation_id: 1 } });
      expect(JSON.parse(read.text).id).toBe(1);
    } finally {
      await server.close();
    }
  });

  it.each([
    [["--toolsets", "conversation"], /Unknown toolset "conversation"\. Valid toolsets: default, all, discovery, conversations/],
    [["--tools", "close_conversation"], /Unknown tool "close_conversation" in --tools\. Valid tools: list_conversations/],
    [["--exclude-tools", "nope"], /Unknown tool "nope" in --exclude-tools/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--demo", "--toolsets", "reprots"], /Unknown toolset "reprots"/],
  ])("%j stops startup with the valid names", async (args, message) => {
    const child = spawn(process.execPath, [SERVER_PATH, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });
});
