// The floor for a tool call's cost: a minimal MCP server on the same SDK whose one tool makes the
// same single request chatwoot-mcp's get_label makes (Node's fetch, token header, JSON text back).
// Whatever chatwoot-mcp adds per call beyond this is the price of its call path.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const base = process.env.CHATWOOT_BASE_URL;
const token = process.env.CHATWOOT_API_ACCESS_TOKEN;
const server = new McpServer({ name: "floor", version: "1.0.0" });
server.registerTool("get_label", { description: "Read one label.", inputSchema: { label_id: z.number().int() } }, async ({ label_id }) => {
  const response = await fetch(`${base}/api/v1/accounts/1/labels/${label_id}`, { headers: { api_access_token: token, accept: "application/json" } });
  return { content: [{ type: "text", text: await response.text() }] };
});
await server.connect(new StdioServerTransport());
