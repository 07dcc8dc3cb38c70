// Scale: the HTTP mode is stateless, so replicas behind a load balancer can each answer any
// request of one client. Two replicas of the built server share one stand-in Chatwoot; a
// round-robin proxy sends each HTTP request to the next replica.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, DEMO_USER_TOKEN, type DemoBackend } from "../../src/demo/backend.js";
import { connectHttpClient, spawnHttpServer, type HttpServerProcess } from "../helpers/spawn-http-server.js";

interface RoundRobinProxy {
  url: string;
  /** how many requests went to each target, by index */
  forwarded: number[];
  close(): Promise<void>;
}

/**
 * A load balancer in miniature, on 127.0.0.1 and an ephemeral port: each request goes to the next
 * of `targets` (http://127.0.0.1:PORT) in turn, bodies streamed both ways.
 */
async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const forwarded = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next++ % targets.length;
    forwarded[index]!++;
    const target = new URL(req.url ?? "/", targets[index]);
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    forwarded,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The per-request log lines of a replica's stderr, e.g. "... POST /mcp tools/call list_labels 200 12ms". */
const requestLines = (stderr: string): string[] => stderr.split("\n").filter((line) => /^chatwoot-mcp: \d{4}-\d\d-\d\dT\S+Z (POST|GET|DELETE) \/mcp(?: \S+)* \d{3} \d+ms$/.test(line));

describe("replicas behind a round-robin proxy", () => {
  let backend: DemoBackend;
  let replicas: HttpServerProcess[] = [];
  let proxy: RoundRobinProxy;
  beforeAll(async () => {
    backend = await startDemoBackend();
    const env = { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: DEMO_USER_TOKEN, CHATWOOT_ACCOUNT_ID: "1" };
    replicas = await Promise.all([spawnHttpServer({ env }), spawnHttpServer({ env })]);
    proxy = await startRoundRobinProxy(replicas.map((replica) => replica.base));
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await backend?.close();
  });

  it("serves one client's session across both replicas, every call succeeding", async () => {
    const { client } = await connectHttpClient(proxy.url);
    expect(client.getServerVersion()?.name).toBe("chatwoot-mcp");
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("create_message");

    const results: CallToolResult[] = [];
    const call = async (name: string, args: Record<string, unknown> = {}): Promise<unknown> => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      results.push(result);
      const first = result.content[0];
      expect(result.isError, `${name}: ${first?.type === "text" ? first.text : ""}`).toBeFalsy();
      return JSON.parse(first?.type === "text" ? first.text : "null");
    };

    // one support workflow; writes made through one replica are read back through the other
    const listed = (await call("list_conversations", { status: "open" })) as { data: { payload: { id: number }[] } };
    const id = listed.data.payload[0]!.id;
    await call("get_conversation", { conversation_id: id });
    await call("create_message", { conversation_id: id, content: "replica note one", private: true });
    await call("create_message", { conversation_id: id, content: "replica note two", private: true });
    const thread = (await call("list_messages", { conversation_id: id })) as { payload: { content: string }[] };
    expect(thread.payload.map((message) => message.content)).toEqual(expect.arrayContaining(["replica note one", "replica note two"]));
    await call("set_conversation_labels", { conversation_id: id, labels: ["vip"] });
    expect(((await call("list_conversation_labels", { conversation_id: id })) as { payload: string[] }).payload).toEqual(["vip"]);
    await call("set_conversation_status", { conversation_id: id, status: "resolved" });
    expect(((await call("get_conversation", { conversation_id: id })) as { status: string }).status).toBe("resolved");
    await call("list_labels");
    await call("get_profile");
    expect(results).toHaveLength(11);
    await client.close();

    // stop both replicas first: they drain, so every log line is written
    const exits = await Promise.all(replicas.map((replica) => replica.stop()));
    for (const exit of exits) expect(exit.code).toBe(0);
    const lines = replicas.map((replica) => requestLines(replica.stderr()));
    const calls = lines.map((own) => own.filter((line) => / POST \/mcp tools\/call [a-z_]+ 200 \d+ms$/.test(line)).length);
    // both served calls, and between them every call and every request the proxy forwarded
    expect(calls[0]).toBeGreaterThan(0);
    expect(calls[1]).toBeGreaterThan(0);
    expect(calls[0]! + calls[1]!).toBe(11);
    expect(lines.map((own) => own.length)).toEqual(proxy.forwarded);
    expect(lines.flat().filter((line) => / POST \/mcp initialize 200 /.test(line))).toHaveLength(1);
    // the stand-in saw each write once
    expect(backend.requests.filter((request) => request.method === "POST" && request.path.endsWith("/messages"))).toHaveLength(2);
  });
});
