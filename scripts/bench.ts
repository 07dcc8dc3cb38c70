// npm run bench: prints the size, speed and memory figures of the server, measured on this
// machine in one run, against targets. Everything runs on 127.0.0.1.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { spawn } from "node:child_process";
import { once } from "node:events";
import ky from "ky";
import { z } from "zod";
import { allTools } from "../src/tools/index.js";
import { DEMO_PLATFORM_TOKEN, DEMO_USER_TOKEN } from "../src/demo/backend.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const SERVER = `${root}dist/server.js`;
const MINIMAL = `${root}bench/minimal-server.mjs`;
const FLOOR = `${root}bench/floor-server.mjs`;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);

const standIn = spawn(process.execPath, [`${root}bench/stand-in.mjs`], { stdio: ["pipe", "pipe", "inherit"] });
const [firstLine] = (await once(standIn.stdout, "data")) as [Buffer];
const backend = { url: firstLine.toString().trim(), close: () => standIn.stdin.end() };
const baseEnv = {
  PATH: process.env.PATH ?? "",
  CHATWOOT_BASE_URL: backend.url,
  CHATWOOT_API_ACCESS_TOKEN: DEMO_USER_TOKEN,
  CHATWOOT_PLATFORM_APP_TOKEN: DEMO_PLATFORM_TOKEN,
};

async function connect(args: string[], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({ command: process.execPath, args, env: { ...baseEnv, ...env }, stderr: "ignore" });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
const rows: [string, string, string, string][] = [];
const row = (what: string, value: string, target: string, met: boolean | undefined) => rows.push([what, value, target, met === undefined ? "" : met ? "met" : "NOT met"]);

// 1. Size of tools/list.
async function listing(label: string, args: string[], env: Record<string, string>, target: number | undefined) {
  const { client } = await connect([SERVER, ...args], env);
  const { tools } = await client.listTools();
  await client.close();
  const json = JSON.stringify({ tools });
  const tokens = encode(json).length;
  row(`tools/list ${label}: ${tools.length} tools`, `${tokens} tokens, ${json.length} bytes`, target ? `≤ ${target} tokens` : "", target ? tokens <= target : undefined);
}
await listing("default toolset", [], { CHATWOOT_ACCOUNT_ID: "1" }, 7000);
await listing("all toolsets", ["--toolsets", "all"], { CHATWOOT_ACCOUNT_ID: "1" }, 16000);
await listing("all toolsets, no CHATWOOT_ACCOUNT_ID", ["--toolsets", "all"], {}, undefined);
await listing("discovery mode", ["--discovery"], { CHATWOOT_ACCOUNT_ID: "1" }, 1000);

// 2. Spawn to tools/list, against a minimal two-tool SDK server in the same run.
async function startup(args: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const { client } = await connect(args, { CHATWOOT_ACCOUNT_ID: "1" });
    await client.listTools();
    times.push(performance.now() - started);
    await client.close();
  }
  return percentile(times, 50);
}
const minimal = await startup([MINIMAL]);
const full = await startup([SERVER, "--toolsets", "all"]);
row("spawn to tools/list, minimal 2-tool SDK server (p50)", ms(minimal), "", undefined);
row(`spawn to tools/list, all ${allTools.length} tools (p50)`, ms(full), "", undefined);
row("startup ratio (all tools / minimal)", (full / minimal).toFixed(2), "≤ 1.15", full / minimal <= 1.15);

// 3. memory, 4. tools/list alone, 5. added latency per call: one long-lived server.
const rss = (pid: number | null | undefined) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const { client, pid } = await connect([SERVER, "--toolsets", "all"], { CHATWOOT_ACCOUNT_ID: "1" });
await client.listTools();
const rssAfterList = rss(pid);
row("resident memory after tools/list, all tools", `${rssAfterList.toFixed(1)} MB`, "≤ 70 MB", rssAfterList <= 70);

// Round trip of tools/list as the server serves it; the SDK client's own zod check of the
// 100 kB answer is measured separately, since it is the client's cost, not the server's.
const passThrough = z.looseObject({});
const rawTimes: number[] = [];
const validatedTimes: number[] = [];
for (let i = 0; i < 50; i++) {
  let started = performance.now();
  await client.request({ method: "tools/list", params: {} }, passThrough);
  rawTimes.push(performance.now() - started);
  started = performance.now();
  await client.listTools();
  validatedTimes.push(performance.now() - started);
}
row("tools/list alone, all tools, JSON-RPC round trip (p50)", ms(percentile(rawTimes, 50)), "≤ 3 ms", percentile(rawTimes, 50) <= 3);
row("tools/list with the SDK client's schema check (p50)", ms(percentile(validatedTimes, 50)), "", undefined);

// The floors: a minimal SDK server whose get_label makes the same one request, with fetch and
// with ky. Calls to both, to chatwoot-mcp and direct requests are interleaved so that drift in the
// machine's speed hits all four.
const floor = await connect([FLOOR]);
const kyFloor = await connect([FLOOR], { FLOOR_CLIENT: "ky" });
const viaMcp: number[] = [];
const viaFloor: number[] = [];
const viaKyFloor: number[] = [];
const direct: number[] = [];
const url = `${backend.url}/api/v1/accounts/1/labels/1`;
const getLabel = { name: "get_label", arguments: { label_id: 1 } };
for (let i = 0; i < 30; i++) {
  await client.callTool(getLabel);
  await floor.client.callTool(getLabel);
  await kyFloor.client.callTool(getLabel);
}
const timed = async (times: number[], run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  times.push(performance.now() - started);
};
for (let i = 0; i < CALLS; i++) {
  await timed(direct, () => fetch(url, { headers: { api_access_token: DEMO_USER_TOKEN, accept: "application/json" } }).then((response) => response.text()));
  await timed(viaMcp, () => client.callTool(getLabel));
  await timed(viaFloor, () => floor.client.callTool(getLabel));
  await timed(viaKyFloor, () => kyFloor.client.callTool(getLabel));
}
await floor.client.close();
await kyFloor.client.close();
const noop = await connect([MINIMAL]);
const noopTimes: number[] = [];
for (let i = 0; i < CALLS; i++) await timed(noopTimes, () => noop.client.callTool({ name: "noop", arguments: {} }));
await noop.client.close();
const added50 = percentile(viaMcp, 50) - percentile(direct, 50);
const added95 = percentile(viaMcp, 95) - percentile(direct, 95);
row("direct fetch to the stand-in (p50 / p95)", `${ms(percentile(direct, 50))} / ${ms(percentile(direct, 95))}`, "", undefined);
row("get_label over MCP stdio (p50 / p95)", `${ms(percentile(viaMcp, 50))} / ${ms(percentile(viaMcp, 95))}`, "", undefined);
row("no-op SDK tool round trip (p50)", ms(percentile(noopTimes, 50)), "", undefined);
row("added latency per call (p50 / p95)", `${ms(added50)} / ${ms(added95)}`, "≤ 0.8 ms p50", added50 <= 0.8);
const floorAdded = percentile(viaFloor, 50) - percentile(direct, 50);
const kyFloorAdded = percentile(viaKyFloor, 50) - percentile(direct, 50);
row("get_label through the fetch floor server (p50): same request, minimal SDK server", ms(percentile(viaFloor, 50)), "", undefined);
row("call overhead ratio: added latency, chatwoot-mcp / fetch floor (p50)", `${(added50 / floorAdded).toFixed(2)} (${ms(added50)} / ${ms(floorAdded)})`, "≤ 1.2", added50 / floorAdded <= 1.2);
row("ky floor / fetch floor (p50): the same minimal server with ky in place of fetch", `${(kyFloorAdded / floorAdded).toFixed(2)} (${ms(kyFloorAdded)} / ${ms(floorAdded)})`, "", undefined);
row("chatwoot-mcp / ky floor (p50): the call path beyond ky's own cost", `${(added50 / kyFloorAdded).toFixed(2)}`, "", undefined);

row(`resident memory after ${2 * CALLS} more calls`, `${rss(pid).toFixed(1)} MB`, "", undefined);
await client.close();

// 6. Load: 200 concurrent calls from 20 clients over Streamable HTTP (one server), and the
// same calls over stdio (20 clients, each with its own server process, as stdio works).
const LOAD_CLIENTS = 20;
const LOAD_CALLS = 10;
async function load(clients: Client[]): Promise<{ answered: number; times: number[] }> {
  const times: number[] = [];
  let answered = 0;
  await Promise.all(clients.flatMap((loadClient) => Array.from({ length: LOAD_CALLS }, async (_, i) => {
    const started = performance.now();
    const result = await loadClient.callTool({ name: "get_label", arguments: { label_id: 1 + (i % 3) } });
    times.push(performance.now() - started);
    if (!result.isError) answered++;
  })));
  return { answered, times };
}
const httpServer = spawn(process.execPath, [SERVER, "--http", "--port", "0", "--toolsets", "all"], { env: { ...baseEnv, CHATWOOT_ACCOUNT_ID: "1" }, stdio: ["ignore", "ignore", "pipe"] });
const endpoint = await new Promise<string>((resolve, reject) => {
  let stderr = "";
  httpServer.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    const found = /listening on (http:\/\/\S+)/.exec(stderr);
    if (found) resolve(found[1]!);
  });
  httpServer.once("exit", () => reject(new Error(`HTTP server exited: ${stderr}`)));
});
const httpClients = await Promise.all(Array.from({ length: LOAD_CLIENTS }, async () => {
  const httpClient = new Client({ name: "bench-http", version: "1.0.0" });
  await httpClient.connect(new StreamableHTTPClientTransport(new URL(endpoint)));
  return httpClient;
}));
const overHttp = await load(httpClients);
await Promise.all(httpClients.map((httpClient) => httpClient.close()));
httpServer.kill("SIGTERM");
const stdioClients = await Promise.all(Array.from({ length: LOAD_CLIENTS }, async () => (await connect([SERVER, "--toolsets", "all"], { CHATWOOT_ACCOUNT_ID: "1" })).client));
const overStdio = await load(stdioClients);
await Promise.all(stdioClients.map((stdioClient) => stdioClient.close()));
const total = LOAD_CLIENTS * LOAD_CALLS;
row(`HTTP load: ${total} concurrent calls from ${LOAD_CLIENTS} clients, one server (p50 / p99)`, `${overHttp.answered}/${total} answered, ${ms(percentile(overHttp.times, 50))} / ${ms(percentile(overHttp.times, 99))}`, `all answered`, overHttp.answered === total);
row(`stdio: the same calls, ${LOAD_CLIENTS} clients, a server each (p50 / p99)`, `${overStdio.answered}/${total} answered, ${ms(percentile(overStdio.times, 50))} / ${ms(percentile(overStdio.times, 99))}`, "", undefined);

// 7. Result tokens: a support task through the built server (compact views, the default), each
// answer (every text part, notes included) against the body the stand-in Chatwoot sends for the
// same request, built by the server's own request builder; and whether every field issue 11
// names for a conversation, message or contact is there.
{
  const { loadConfig } = await import("../src/core/config.js");
  const { buildRequest } = await import("../src/core/request.js");
  const { T0 } = await import("../src/demo/sample-desk.js");
  type Json = Record<string, any>;
  const task = await connect([SERVER, "--toolsets", "all"], { CHATWOOT_ACCOUNT_ID: "1" });
  const config = loadConfig({ ...baseEnv, CHATWOOT_ACCOUNT_ID: "1" });
  const tools = new Map(allTools.map((tool) => [tool.name, tool]));
  const has = (value: unknown, path: string) => path.split(".").every((key) => {
    const found = value !== null && typeof value === "object" && key in (value as Json);
    value = found ? (value as Json)[key] : undefined;
    return found;
  });
  const missing = (value: unknown, paths: string[], where: string) => paths.filter((path) => !has(value, path)).map((path) => `${where}.${path}`);
  const conversation = (c: Json, where: string) => [
    ...missing(c, ["id", "status", "priority", "inbox.id", "inbox.channel", "contact.id", "contact.name", "contact.email", "contact.phone_number", "assignee", "team", "labels", "unread_count", "waiting_since", "last_activity_at", "last_message"], where),
    ...(c.last_message ? missing(c.last_message, ["sender_type", "created_at", "content"], `${where}.last_message`) : []),
  ];
  const message = (m: Json, raw: Json) => [
    ...missing(m, ["id", "sender", "created_at", "private", "message_type", "content"], `message ${raw.id}`),
    ...(raw.sender ? missing(m.sender, ["type", "name"], `message ${raw.id}.sender`) : []),
    ...(raw.attachments ?? []).flatMap((_: unknown, i: number) => missing(m.attachments?.[i], ["type", "name", "size", "url"], `message ${raw.id}.attachments[${i}]`)),
  ];
  const contact = (c: Json, raw: Json) => missing(c, [
    "id", "name", "email", "phone_number", "identifier",
    ...(raw.additional_attributes?.company_name ? ["company_name"] : []), ...(raw.additional_attributes?.city ? ["city"] : []),
    ...["labels", "last_activity_at", "conversations_count"].filter((key) => key in raw),
  ], `contact ${raw.id}`);
  const sameLength = (compact: unknown[], raw: unknown[], what: string) => (compact.length === raw.length ? [] : [`${what}: ${compact.length} of ${raw.length} items`]);
  let resultSum = 0;
  let rawSum = 0;
  const step = async (name: string, args: Record<string, unknown>, check: (compact: Json, raw: Json) => string[]): Promise<Json> => {
    const result = (await task.client.callTool({ name, arguments: args })) as { content: { type: string; text?: string }[]; isError?: boolean };
    const texts = result.content.map((part) => part.text ?? "");
    const request = buildRequest(tools.get(name)!, args, config);
    const rawText = await ky(request.url, {
      method: request.method, retry: 0, body: request.body as string | undefined,
      headers: { api_access_token: request.token ?? "", accept: request.accept, ...(request.body ? { "content-type": "application/json" } : {}) },
    }).text();
    const resultTokens = texts.reduce((sum, text) => sum + encode(text).length, 0);
    const rawTokens = encode(rawText).length;
    resultSum += resultTokens;
    rawSum += rawTokens;
    const compact = result.isError ? {} : (JSON.parse(texts[0]!) as Json);
    const problems = result.isError ? [texts[0]!] : check(compact, JSON.parse(rawText) as Json);
    row(`result tokens: ${name}`, `${resultTokens} of ${rawTokens} raw (${((100 * resultTokens) / rawTokens).toFixed(1)}%)${problems.length ? `; missing ${problems.slice(0, 3).join(", ")}` : ""}`, "fields of issue 11 present", problems.length === 0);
    return compact;
  };
  const open = await step("list_conversations", { status: "open" }, (c, raw) => [
    ...sameLength(c.data.payload, raw.data.payload, "payload"), ...missing(c, ["data.meta.all_count"], "list"), ...c.data.payload.flatMap((item: Json) => conversation(item, `conversation ${item.id}`)),
  ]);
  const id = open.data?.payload?.[0]?.id ?? 1;
  await step("get_conversation", { conversation_id: id }, (c) => conversation(c, `conversation ${id}`));
  await step("list_messages", { conversation_id: id }, (c, raw) => [
    ...sameLength(c.payload, raw.payload, "payload"), ...c.payload.flatMap((item: Json, i: number) => message(item, raw.payload[i])),
  ]);
  const contacts = await step("list_contacts", {}, (c, raw) => [...sameLength(c.payload, raw.payload, "payload"), ...c.payload.flatMap((item: Json, i: number) => contact(item, raw.payload[i]))]);
  const first = contacts.payload?.[0] ?? { id: 1, name: "Maria" };
  await step("get_contact", { contact_id: first.id }, (c, raw) => contact(c.payload, raw.payload));
  await step("search_contacts", { q: String(first.name).split(" ")[0] }, (c, raw) => [...sameLength(c.payload, raw.payload, "payload"), ...c.payload.flatMap((item: Json, i: number) => contact(item, raw.payload[i]))]);
  // no compact view: a handful of figures, all kept
  await step("get_report_summary", { type: "account", since: T0 - 30 * 86400, until: T0 }, (c, raw) => missing(c, Object.keys(raw), "summary"));
  await task.client.close();
  const ratio = resultSum / rawSum;
  row("result tokens: the whole support task (7 steps)", `${resultSum} of ${rawSum} raw tokens (${(100 * ratio).toFixed(1)}%)`, "≤ 15% of raw", ratio <= 0.15);
}
await backend.close();

const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((r) => r[column]!.length), 6));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
process.stdout.write(`chatwoot-mcp bench (node ${process.version}, ${RUNS} startups, ${CALLS} calls per series)\n\n`);
process.stdout.write(`${line(["figure", "value", "target", "result"])}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows.map(line).join("\n")}\n`);
