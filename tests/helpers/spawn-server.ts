import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SERVER_PATH = fileURLToPath(new URL("../../dist/server.js", import.meta.url));

export interface SpawnedServer {
  client: Client;
  stderr: () => string;
  /** `text` is the first content part (the JSON or the error), `notes` the parts after it */
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult & { text: string; notes: string[] }>;
  close(): Promise<void>;
}

/**
 * The built server (dist/server.js) spawned over stdio and connected with the SDK's client.
 * It offers every toolset (CHATWOOT_TOOLSETS=all) unless `env` says otherwise.
 */
export async function spawnServer(env: Record<string, string>, args: string[] = []): Promise<SpawnedServer> {
  if (!existsSync(SERVER_PATH)) throw new Error("dist/server.js is missing: run npm run build (npm test does it first)");
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_PATH, ...args],
    env: { PATH: process.env.PATH ?? "", CHATWOOT_TOOLSETS: "all", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "chatwoot-mcp-tests", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    async call(name, callArgs) {
      const result = (await client.callTool({ name, arguments: callArgs })) as CallToolResult;
      const [text = "", ...notes] = result.content.map((part) => (part.type === "text" ? part.text : ""));
      return Object.assign(result, { text, notes });
    },
    close: () => client.close(),
  };
}
