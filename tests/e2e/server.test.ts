import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { SERVER_PATH, spawnServer } from "../helpers/spawn-server.js";
import { allTools } from "../../src/tools/index.js";

let backend: DemoBackend;
beforeAll(async () => {
  backend = await startDemoBackend({ userToken: "right-token", platformToken: "platform-token" });
});
afterAll(() => backend.close());

/** Raw JSON-RPC over the process's pipes, to see every byte written to stdout. */
async function rawSession(env: Record<string, string>, messages: object[]): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_PATH], { env: { PATH: process.env.PATH ?? "", CHATWOOT_TOOLSETS: "all", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const expected = messages.filter((message) => "id" in message).length;
  for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; stdout so far: ${stdout.slice(0, 500)}`)), 10_000);
    const check = () => {
      if (stdout.split("\n").filter(Boolean).length >= expected) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", check);
  });
  child.stdin.end();
  await new Promise((resolve) => child.on("exit", resolve));
  return { stdout, stderr };
}

const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
const initialized = { jsonrpc: "2.0", method: "notifications/initialized" };

describe("the stdio server", () => {
  it("writes nothing but JSON-RPC to stdout, logs to stderr, and exits when stdin closes", async () => {
    const { stdout, stderr } = await rawSession({ CHATWOOT_BASE_URL: "not a url", CHATWOOT_PLATFORM_APP_TOKEN: "p" }, [
      initialize,
      initialized,
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_agents", arguments: { account_id: 1 } } },
      { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "no_such_tool", arguments: {} } },
    ]);
    const lines = stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    const [, list, call, unknown] = lines.map((line) => JSON.parse(line)).sort((a, b) => a.id - b.id);
    expect(list.result.tools).toHaveLength(allTools.length);
    expect(call.result.isError).toBe(true);
    expect(call.result.content[0].text).toMatch(/CHATWOOT_BASE_URL is not a valid URL/);
    expect(unknown.error.message).toMatch(/Unknown tool "no_such_tool"/);
    expect(stderr).toMatch(/configuration problem: CHATWOOT_BASE_URL/);
  });

  it("reports each configuration problem by variable at startup and in every call, without crashing", async () => {
    const { stdout, stderr } = await rawSession(
      { CHATWOOT_API_ACCESS_TOKEN: "secret-4f2 9a1", CHATWOOT_ACCOUNT_ID: "acct-7", CHATWOOT_BASE_URL: backend.url },
      [initialize, initialized, { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_agents", arguments: { account_id: 1 } } }],
    );
    expect(stderr).toMatch(/configuration problem: CHATWOOT_API_ACCESS_TOKEN contains whitespace/);
    expect(stderr).toMatch(/configuration problem: CHATWOOT_ACCOUNT_ID must be a positive whole number/);
    const call = stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line)).find((message) => message.id === 2);
    expect(call.result.isError).toBe(true);
    expect(call.result.content[0].text).toMatch(/CHATWOOT_API_ACCESS_TOKEN contains whitespace/);
    expect(call.result.content[0].text).toMatch(/CHATWOOT_ACCOUNT_ID must be a positive whole number/);
    expect(stdout + stderr).not.toContain("secret-4f2");
  });

  it("never writes a token to stdout or stderr, even when Chatwoot rejects it", async () => {
    const { stdout, stderr } = await rawSession(
      { CHATWOOT_API_ACCESS_TOKEN: "wrong-SECRET-77ab", CHATWOOT_PLATFORM_APP_TOKEN: "platform-SECRET-19cd", CHATWOOT_BASE_URL: backend.url },
      [
        initialize,
        initialized,
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_agents", arguments: { account_id: 1 } } },
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "platform_get_account", arguments: { account_id: 1 } } },
        { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "get_contact", arguments: { account_id: 1, contact_id: "x" } } },
      ],
    );
    expect(stdout).toMatch(/HTTP 401/);
    expect(stdout + stderr).not.toMatch(/SECRET/);
  });

  it("starts and lists tools without credentials; a call names the variable to set", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: backend.url });
    try {
      // without a platform token the platform tools are not offered, and stderr says why
      const { tools } = await server.client.listTools();
      expect(tools).toHaveLength(allTools.filter((tool) => !tool.name.startsWith("platform_")).length);
      expect(tools.some((tool) => tool.name.startsWith("platform_"))).toBe(false);
      expect(server.stderr()).toMatch(/platform tools are left out: set CHATWOOT_PLATFORM_APP_TOKEN/);
      const user = await server.call("list_conversations", { account_id: 1 });
      expect(user.isError).toBe(true);
      expect(user.text).toMatch(/needs CHATWOOT_API_ACCESS_TOKEN/);
      // with no account id either, both are told at once: one restart fixes the setup
      const both = await server.call("list_conversations", {});
      expect(both.text).toMatch(/- account_id: required, missing .*CHATWOOT_ACCOUNT_ID[\s\S]*\nAlso: list_conversations needs CHATWOOT_API_ACCESS_TOKEN/);
      const publicCall = await server.call("public_get_inbox", { inbox_identifier: "abc" });
      expect(publicCall.isError).toBeFalsy();
      expect(server.stderr()).toMatch(/no token set/);
    } finally {
      await server.close();
    }
  });

  it("CHATWOOT_ACCOUNT_ID makes account_id optional in the account API only", async () => {
    backend.reset();
    const server = await spawnServer({ CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: "right-token", CHATWOOT_PLATFORM_APP_TOKEN: "platform-token", CHATWOOT_ACCOUNT_ID: "1" });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.find((tool) => tool.name === "list_conversations")!.inputSchema.required ?? []).not.toContain("account_id");
      expect(tools.find((tool) => tool.name === "platform_get_account")!.inputSchema.required).toContain("account_id");
      const result = await server.call("get_conversation", { conversation_id: 2 });
      expect(result.isError).toBeFalsy();
      expect(backend.requests.at(-1)!.path).toBe("/api/v1/accounts/1/conversations/2");
      expect((await server.call("platform_get_account", {})).text).toMatch(/account_id: .*expected number/i);
    } finally {
      await server.close();
    }
  });

  it("answers bad arguments with isError naming the field and the expected type, without calling Chatwoot", async () => {
    backend.reset();
    const server = await spawnServer({ CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: "right-token" });
    try {
      const wrongType = await server.call("get_conversation", { account_id: 1, conversation_id: "seven" });
      expect(wrongType.isError).toBe(true);
      expect(wrongType.text).toMatch(/conversation_id: .*expected number, received string/i);
      const badEnum = await server.call("set_conversation_status", { account_id: 1, conversation_id: 1, status: "closed" });
      expect(badEnum.text).toMatch(/status: .*"open"\|"resolved"/);
      const extra = await server.call("get_conversation", { account_id: 1, conversation_id: 1, bogus: true });
      expect(extra.text).toMatch(/bogus/);
      expect(backend.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("turns a Chatwoot 401 into advice about the token, without echoing it", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: "wrong-token-c0ffee" });
    try {
      const result = await server.call("list_agents", { account_id: 1 });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/HTTP 401/);
      expect(result.text).toMatch(/CHATWOOT_API_ACCESS_TOKEN/);
      expect(result.text + server.stderr()).not.toContain("wrong-token-c0ffee");
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable Chatwoot in plain words and keeps serving", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: "http://127.0.0.1:9", CHATWOOT_API_ACCESS_TOKEN: "t", CHATWOOT_PLATFORM_APP_TOKEN: "p" });
    try {
      const result = await server.call("list_agents", { account_id: 1 });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/Could not reach Chatwoot/);
      expect((await server.client.listTools()).tools).toHaveLength(allTools.length);
    } finally {
      await server.close();
    }
  });

  it("--demo serves the sample desk without any configuration", async () => {
    const server = await spawnServer({}, ["--demo"]);
    try {
      const profile = await server.call("get_profile", {});
      expect(profile.isError).toBeFalsy();
      expect(profile.text).toContain("Demo Support Desk (sample data)");
      const conversations = await server.call("list_conversations", { status: "open" });
      expect(JSON.parse(conversations.text).data.payload.length).toBeGreaterThan(0);
      expect(server.client.getInstructions()).toMatch(/DEMO MODE/);
      expect(server.stderr()).toMatch(/DEMO MODE/);
    } finally {
      await server.close();
    }
  });
});
