import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../../src/core/config.js";
import { connectInProcess } from "./in-process.js";

/** Every tool as a client lists it, with the given environment (all toolsets). */
export async function listAllTools(env: Record<string, string> = {}): Promise<Tool[]> {
  const client = await connectInProcess(loadConfig(env));
  const { tools } = await client.listTools();
  await client.close();
  return tools;
}
