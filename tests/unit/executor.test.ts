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
  it("sends the token under both header spellings and a JSON body, even with DELETE", async () => {
    let seen: { method?: string; token?: string | string[]; dashed?: string | string[]; type?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, token: req.headers["api_access_token"], dashed: req.headers["api-access-token"], type: req.headers["content-type"], body };
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":1}');
    };
    const response = await execute({ method: "DELETE", url: `${base}/x`, token: "secret", body: '{"user_ids":[1]}', accept: "application/json" }, { timeoutMs: 2000 });
    expect(response).toMatchObject({ status: 200, text: '{"ok":1}' });
    // nginx drops api_access_token by default (underscores_in_headers off); Chatwoot reads either
    expect(seen).toEqual({ method: "DELETE", token: "secret", dashed: "secret", type: "application/json", body: '{"user_ids":[1]}' });
  });

  it("sends no token header when the request has no token", async () => {
    let names: string[] = [];
    handler = (req, res) => {
      names = Object.keys(req.headers);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    };
    await execute({ method: "GET", url: `${base}/public`, accept: "application/json" }, { timeoutMs: 2000 });
    expect(names.filter((name) => /access.token/i.test(name))).toEqual([]);
  });

  it("returns error statuses instead of throwing, with Retry-After", async () => {
    handler = (_req, res) => res.writeHead(429, { "retry-after": "3" }).end('{"error":"slow down"}');
    const response = await execute({ method: "GET", url: `${base}/x`, accept: "application/json" }, { timeoutMs: 2000 });
    expect(response).toMatchObject({ status: 429, retryAfter: "3", text: '{"error":"slow down"}' });
  });

  it("times out with a message naming CHATWOOT_TIMEOUT_MS and the attempts made", async () => {
    handler = () => {};
    await expect(execute({ method: "GET", url: `${base}/slow`, accept: "application/json" }, { timeoutMs: 150 })).rejects.toThrow(/within 150 ms \(CHATWOOT_TIMEOUT_MS\), the limit for the whole call: 1 attempt was made\./);
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

  it("says that a port fetch blocks (the Fetch standard's bad ports) cannot work, without retrying", async () => {
    const error = await execute({ method: "GET", url: "http://127.0.0.1:9/x", accept: "application/json" }, { timeoutMs: 5000, retry: { retries: 2, baseDelayMs: 1000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe("blocked_port");
    expect((error as Error).message).toMatch(/fetch refuses to connect to port 9, .*blocked ports.*trying again will not help/);
    expect((error as Error).message).not.toMatch(/attempts/); // a retried network error says how many were made
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

describe("CHATWOOT_TIMEOUT_MS bounds the whole call, retries and waits included", () => {
  const get = (path: string) => ({ method: "GET" as const, url: `${base}${path}`, accept: "application/json" });

  it("a server that answers 503 slowly: the call ends within the deadline, with the retries that fitted", async () => {
    let attempts = 0;
    handler = (_req, res) => {
      attempts++;
      setTimeout(() => res.writeHead(503, { "content-type": "application/json" }).end('{"error":"busy"}'), 500);
    };
    const started = Date.now();
    // five retries allowed: with a fresh deadline per attempt this took 6 x 500 ms plus the waits
    const response = await execute(get("/busy"), { timeoutMs: 1500, retry: { retries: 5 } });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(response.attempts).toBe(attempts);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(elapsed).toBeLessThan(1800);
    console.log(`slow 503, timeout 1500 ms: ${attempts} attempts, ${elapsed} ms`);
  });

  it("a retry cut by the deadline ends in a timeout that counts the attempts", async () => {
    let attempts = 0;
    handler = (_req, res) => {
      attempts++;
      if (attempts === 1) res.writeHead(503, { "content-type": "application/json" }).end("{}");
      // the retry never gets an answer
    };
    const started = Date.now();
    const error = await execute(get("/flaky"), { timeoutMs: 1500 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe("timeout");
    expect((error as Error).message).toMatch(/within 1500 ms \(CHATWOOT_TIMEOUT_MS\), the limit for the whole call: 2 attempts were made, retries included\./);
    expect(elapsed).toBeGreaterThanOrEqual(1450);
    expect(elapsed).toBeLessThan(1800);
    console.log(`503 then silence, timeout 1500 ms: ${elapsed} ms`);
  });

  it("a wait that would pass the deadline is not started: the answer comes back at once", async () => {
    let attempts = 0;
    handler = (_req, res) => {
      attempts++;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "2" }).end("{}");
    };
    const started = Date.now();
    const response = await execute(get("/limited"), { timeoutMs: 1000 });
    expect(response).toMatchObject({ status: 429, attempts: 1, retryAfter: "2" });
    expect(attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("network errors are retried within the deadline too", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const started = Date.now();
    const error = await execute({ method: "GET", url: `http://127.0.0.1:${port}/x`, accept: "application/json" }, { timeoutMs: 400, retry: { retries: 10, baseDelayMs: 300 } }).catch((e: unknown) => e);
    expect((error as TransportError).kind).toBe("network");
    expect(Date.now() - started).toBeLessThan(600);
  });

  it.each(["POST", "PATCH"] as const)("a %s is sent once, whatever the answer or the time left", async (method) => {
    let attempts = 0;
    handler = (_req, res) => {
      attempts++;
      res.writeHead(503, { "content-type": "application/json" }).end("{}");
    };
    const response = await execute({ method, url: `${base}/write`, token: "t", body: "{}", accept: "application/json" }, { timeoutMs: 5000, retry: { retries: 5, baseDelayMs: 1 } });
    expect(response).toMatchObject({ status: 503, attempts: 1 });
    expect(attempts).toBe(1);
  });
});
