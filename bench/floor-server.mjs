// The floor for a tool call's cost: a minimal MCP server on the same SDK whose one tool makes the
// same single request chatwoot-mcp's get_label makes (token header, JSON text back), with Node's
// fetch, or with ky when FLOOR_CLIENT=ky (the HTTP client chatwoot-mcp is built on, called the
// cheapest way: no hooks, no retry, no timeout, no signal). Whatever chatwoot-mcp adds per call
// beyond the fetch floor is the price of its call path; the ky floor shows how much of that ky takes.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import ky from "ky";
import { z } from "zod";

const base = process.env.CHATWOOT_BASE_URL;
const token = process.env.CHATWOOT_API_ACCESS_TOKEN;
const headers = { api_access_token: token, accept: "application/json" };
const get = process.env.FLOOR_CLIENT === "ky"
  ? (url) => ky(url, { headers, timeout: false, retry: 0, throwHttpErrors: false })
  : (url) => fetch(url, { headers });
const server = new McpServer({ name: "floor", version: "1.0.0" });
server.registerTool("get_label", { description: "Read one label.", inputSchema: { label_id: z.number().int() } }, async ({ label_id }) => {
  const response = await get(`${base}/api/v1/accounts/1/labels/${label_id}`);
  return { content: [{ type: "text", text: await response.text() }] };
});
await server.connect(new StdioServerTransport());
