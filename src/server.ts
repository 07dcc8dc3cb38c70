#!/usr/bin/env node
import { loadConfig, type Config } from "./core/config.js";
import { configureNetwork } from "./core/network.js";
import { parseCliArgs, UsageError, type CliArgs } from "./cli-args.js";
import { selectTools, SelectionError } from "./core/tool-selection.js";
import type { ToolDefinition } from "./core/tool-definition.js";
import { createServer } from "./create-server.js";
import { serveStdio } from "./transports/stdio.js";
import * as catalogue from "./tools/index.js";
import { VERSION } from "./version.js";

// stdout carries JSON-RPC only: everything for people goes to stderr.
const log = (line: string): void => void process.stderr.write(`chatwoot-mcp: ${line}\n`);

const USAGE = `chatwoot-mcp ${VERSION}: MCP server for the Chatwoot API (stdio, or Streamable HTTP).
Usage: chatwoot-mcp [options]
       chatwoot-mcp --http [--port N] [--host H] [options]
       chatwoot-mcp doctor
  --toolsets a,b        toolsets to offer: default, all, discovery or names such as
                        conversations, contacts, reports, platform (CHATWOOT_TOOLSETS)
  --tools a,b           single tools to add (CHATWOOT_TOOLS)
  --exclude-tools a,b   tools to leave out; wins over the above (CHATWOOT_EXCLUDE_TOOLS)
  --read-only           offer no tool that writes; wins over everything (CHATWOOT_READ_ONLY)
  --discovery           three tools (search, describe, call) instead of one per operation
  --demo                serve against a built-in stand-in Chatwoot with sample data
  --http                serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio
  --port N, --host H    where --http listens (CHATWOOT_MCP_PORT, default 3000; 0 picks a
                        free port; CHATWOOT_MCP_HOST, default 127.0.0.1; any other host needs
                        CHATWOOT_MCP_AUTH_TOKEN)
  --version             print the version
  doctor                check the configuration against your Chatwoot (one line per check on
                        stdout; exit code 0 when every check that applies passes) and exit
Environment: CHATWOOT_BASE_URL, CHATWOOT_API_ACCESS_TOKEN, CHATWOOT_PLATFORM_APP_TOKEN,
             CHATWOOT_ACCOUNT_ID, CHATWOOT_TIMEOUT_MS, CHATWOOT_MCP_AUTH_TOKEN and more (see README).`;

/** `chatwoot-mcp doctor`: not an MCP session, so its report goes to stdout. */
async function doctor(): Promise<void> {
  const config = loadConfig();
  const networkNotes = await configureNetwork(config);
  const { runDoctor } = await import("./doctor.js");
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  write(`chatwoot-mcp ${VERSION} doctor`);
  process.exitCode = (await runDoctor(config, write, { networkNotes })) ? 0 : 1;
}

async function main(argv: string[]): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`chatwoot-mcp: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // --help and --version are not MCP sessions: their answers go to stdout, as every CLI's do
  if (args.command === "help") return void process.stdout.write(`${USAGE}\n`);
  if (args.command === "version") return void process.stdout.write(`${VERSION}\n`);
  if (args.command === "doctor") return doctor();

  let config: Config;
  let instructions: string | undefined;
  let stopDemo: (() => Promise<void>) | undefined;
  if (args.demo) {
    const { startDemoBackend, DEMO_ACCOUNT_ID, DEMO_PLATFORM_TOKEN, DEMO_USER_TOKEN } = await import("./demo/backend.js");
    const demo = await startDemoBackend({ acceptAnyUserToken: true });
    stopDemo = () => demo.close();
    // The demo answers for Chatwoot, so the connection variables are its own; everything else
    // (toolsets, tools, exclusions, read-only, timeouts, result budget) comes from the environment.
    const { CHATWOOT_BASE_URL: _url, CHATWOOT_API_ACCESS_TOKEN: _token, CHATWOOT_PLATFORM_APP_TOKEN: _platform, CHATWOOT_ACCOUNT_ID: _account, CHATWOOT_TLS_INSECURE: _tls, ...selection } = process.env;
    config = {
      ...loadConfig(selection),
      baseUrl: demo.url,
      apiAccessToken: DEMO_USER_TOKEN,
      platformAppToken: DEMO_PLATFORM_TOKEN,
      accountId: DEMO_ACCOUNT_ID,
    };
    instructions = "DEMO MODE: connected to a built-in stand-in Chatwoot with sample data (demo data, not a real support desk). Nothing reaches a real Chatwoot.";
    log(`DEMO MODE: serving sample data from a stand-in Chatwoot at ${demo.url}`);
  } else {
    config = loadConfig();
    for (const note of await configureNetwork(config)) log(note);
    if (!config.apiAccessToken && !config.platformAppToken) {
      log("no token set: tools are listed, and calls explain which variable to set (CHATWOOT_API_ACCESS_TOKEN or CHATWOOT_PLATFORM_APP_TOKEN).");
    }
  }

  for (const problem of config.problems) log(`configuration problem: ${problem}`);
  if (config.uploadDirsProblem) log(`configuration problem: ${config.uploadDirsProblem}`);
  const readOnly = args.readOnly || config.readOnly;
  let selection;
  try {
    selection = selectTools({ ...catalogue, tools: catalogue.allTools }, {
      toolsets: [...(args.toolsets ?? config.toolsets ?? []), ...(args.discovery ? ["discovery"] : [])],
      tools: args.tools ?? config.tools,
      excludeTools: args.excludeTools ?? config.excludeTools,
      readOnly,
      // over HTTP a request may bring its own platform token; requests without one lose these tools
      hasPlatformToken: config.platformAppToken !== undefined || args.http,
    });
  } catch (error) {
    if (!(error instanceof SelectionError)) throw error;
    log(`cannot start: ${error.message}`);
    process.exitCode = 2;
    // the demo's stand-in is already listening, and would keep the process alive
    return void (await stopDemo?.());
  }
  for (const note of selection.notes) log(note);
  log(`offering ${selection.discovery ? `discovery mode over ${selection.tools.length} operations` : `${selection.tools.length} tools`}${readOnly ? " (read-only)" : ""}`);
  if (args.http) return serveOverHttp(args, config, { tools: selection.tools, discovery: selection.discovery, readOnly, instructions }, stopDemo);
  const server = createServer({ config, tools: selection.tools, discovery: selection.discovery, readOnly, instructions });
  await serveStdio(server, stopDemo);
}

/** `--http`: Streamable HTTP on HOST:PORT; SIGTERM and SIGINT drain in-flight calls, then exit 0. */
async function serveOverHttp(args: CliArgs, config: Config, offer: { tools: ToolDefinition[]; discovery: boolean; readOnly: boolean; instructions?: string }, stopDemo?: () => Promise<void>): Promise<void> {
  const { serveHttp } = await import("./transports/http.js");
  const host = args.host ?? config.http.host ?? "127.0.0.1";
  const portText = args.port ?? config.http.port ?? "3000";
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
    log(`cannot start: the port must be a number from 0 to 65535 (0 picks a free port); got "${portText.slice(0, 20)}" (--port or CHATWOOT_MCP_PORT).`);
    process.exitCode = 2;
    return void (await stopDemo?.());
  }
  // The handlers come before the "listening on" line: whoever reads that line may signal at once.
  let server: Awaited<ReturnType<typeof serveHttp>> | undefined;
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    log("stopping: no new requests; waiting for calls in flight");
    await server?.close(config.timeoutMs);
    await stopDemo?.();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  try {
    server = await serveHttp({ host, port: Number(portText), config, ...offer, log });
  } catch (error) {
    // HttpStartError (no token beyond loopback), or the port taken or not allowed
    log(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    await stopDemo?.();
    return void process.exit(2);
  }
  if (closing) return void (await server.close(0));
  log(`listening on ${server.url}`);
}

process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));
main(process.argv.slice(2)).catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
