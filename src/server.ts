#!/usr/bin/env node
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadConfig, type Config } from "./core/config.js";
import { configureNetwork } from "./core/network.js";
import { createServer } from "./create-server.js";
import { startDemoBackend, DEMO_ACCOUNT_ID, DEMO_PLATFORM_TOKEN, DEMO_USER_TOKEN } from "./demo/backend.js";
import { VERSION } from "./version.js";

// stdout carries JSON-RPC only: everything for people goes to stderr.
const log = (line: string): void => void process.stderr.write(`chatwoot-mcp: ${line}\n`);

const USAGE = `chatwoot-mcp ${VERSION}: MCP server (stdio) for the Chatwoot API.
Usage: chatwoot-mcp [--demo] [--help] [--version]
  --demo     serve against a built-in stand-in Chatwoot with sample data (no account needed)
Environment: CHATWOOT_BASE_URL, CHATWOOT_API_ACCESS_TOKEN, CHATWOOT_PLATFORM_APP_TOKEN,
             CHATWOOT_ACCOUNT_ID, CHATWOOT_TIMEOUT_MS (see README).`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) return void process.stderr.write(`${USAGE}\n`);
  if (argv.includes("--version")) return void process.stderr.write(`${VERSION}\n`);
  const unknown = argv.filter((arg) => !["--demo"].includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`chatwoot-mcp: unknown argument ${unknown.join(" ")}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }

  let config: Config;
  let instructions: string | undefined;
  let stopDemo: (() => Promise<void>) | undefined;
  if (argv.includes("--demo")) {
    const demo = await startDemoBackend();
    stopDemo = () => demo.close();
    config = {
      ...loadConfig({}),
      baseUrl: demo.url,
      apiAccessToken: DEMO_USER_TOKEN,
      platformAppToken: DEMO_PLATFORM_TOKEN,
      accountId: DEMO_ACCOUNT_ID,
    };
    instructions = "DEMO MODE: connected to a built-in stand-in Chatwoot with sample data (demo data, not a real support desk). Nothing reaches a real Chatwoot.";
    log(`DEMO MODE: serving sample data from a stand-in Chatwoot at ${demo.url}`);
  } else {
    config = loadConfig();
    for (const problem of config.problems) log(`configuration problem: ${problem}`);
    for (const note of configureNetwork(config)) log(note);
    if (!config.apiAccessToken && !config.platformAppToken) {
      log("no token set: tools are listed, and calls explain which variable to set (CHATWOOT_API_ACCESS_TOKEN or CHATWOOT_PLATFORM_APP_TOKEN).");
    }
  }

  const server = createServer({ config, instructions });
  const transport = new StdioServerTransport();
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
  await server.connect(transport);
}

process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));
main(process.argv.slice(2)).catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
