import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

/**
 * Serves one MCP server over stdin/stdout (MCP spec, "Transports: stdio"): stdout carries
 * JSON-RPC only. The process exits 0 when the client closes stdin, the connection closes, or
 * SIGINT/SIGTERM arrive; `stopDemo` (the stand-in Chatwoot of --demo) is stopped first.
 */
export async function serveStdio(server: Server, stopDemo?: () => Promise<void>): Promise<void> {
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await stopDemo?.();
    process.exit(0);
  };
  server.onclose = () => void shutdown();
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  process.stdin.on("end", () => void shutdown());
  await server.connect(new StdioServerTransport());
}
