import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Config } from "../../src/core/config.js";
import { createServer, type ServerOptions } from "../../src/create-server.js";

/** Client and server linked in memory: for tests of listing and validation that need no process. */
export async function connectInProcess(config: Config, options: Omit<ServerOptions, "config"> = {}): Promise<Client> {
  const server = createServer({ config, ...options });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: "in-process-test", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}
