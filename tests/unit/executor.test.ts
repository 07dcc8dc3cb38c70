import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute, MAX_RESPONSE_BYTES, TransportError } from "../../src/core/executor.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("execute (against a real local HTTP server)", () => {
  it("sends the token header and a JSON body, even with DELETE", async () => {
    let seen: { method?: string; token?: string | string[]; type?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, token: req.headers["api_access_token"], type: req.headers["content-type"], body };
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":1}');
    };
    const response = await execute({ method: "DELETE", url: `${base}/x`, token: "secret", body: '{"user_ids":[1]}', accept: "application/json" }, { timeoutMs: 2000 });
    expect(response).toMatchObject({ status: 200, text: '{"ok":1}' });
    expect(seen).toEqual({ method: "DELETE", token: "secret", type: "application/json", body: '{"user_ids":[1]}' });
  });

  it("returns error statuses instead of throwing, with Retry-After", async () => {
    handler = (_req, res) => res.writeHead(429, { "retry-after": "3" }).end('{"error":"slow down"}');
    const response = await execute({ method: "GET", url: `${base}/x`, accept: "application/json" }, { timeoutMs: 2000 });
    expect(response).toMatchObject({ status: 429, retryAfter: "3", text: '{"error":"slow down"}' });
  });

  it("times out with a message naming CHATWOOT_TIMEOUT_MS", async () => {
    handler = () => {};
    await expect(execute({ method: "GET", url: `${base}/slow`, accept: "application/json" }, { timeoutMs: 150 })).rejects.toThrow(/within 150 ms \(CHATWOOT_TIMEOUT_MS\)/);
  });

  it("reports an unreachable server as a network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await execute({ method: "GET", url: `http://127.0.0.1:${port}/x`, accept: "application/json" }, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe("network");
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it("refuses a body larger than the limit", async () => {
    const chunk = "x".repeat(1024 * 1024);
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i <= MAX_RESPONSE_BYTES / chunk.length; i++) res.write(chunk);
      res.end();
    };
    await expect(execute({ method: "GET", url: `${base}/big`, accept: "application/json" }, { timeoutMs: 5000 })).rejects.toThrow(/larger than 8 MB/);
  });

  it("aborts the request when the caller's signal fires", async () => {
    let closed = false;
    handler = (req) => req.socket.on("close", () => (closed = true));
    const controller = new AbortController();
    const pending = execute({ method: "GET", url: `${base}/hang`, accept: "application/json" }, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: "aborted" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });
});
