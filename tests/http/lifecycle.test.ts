// Streamable HTTP mode (--http), end to end against the built server: how it starts (or refuses
// to), /healthz, shutting down on SIGTERM with calls in flight, and a client that goes away mid-call.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { connectHttpClient, INITIALIZE, MCP_POST_HEADERS, rawRequest, rpc, runHttpServerToExit, spawnHttpServer, type HttpServerProcess } from "../helpers/spawn-http-server.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
const AUTH_TOKEN = "lifecycle-test-token-0123456789abcdef";
const PROFILE = { id: 7, name: "Slow Sam", email: "sam@example.com", role: "agent", accounts: [{ id: 1, name: "Acme" }] };
const GET_PROFILE = rpc("tools/call", { name: "get_profile", arguments: {} });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` is true (polled every 10 ms); rejects after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The text of the first content part of a tools/call answer read with rawRequest. */
const resultText = (body: { result?: { content?: { text?: string }[] } }) => body.result?.content?.[0]?.text ?? "";

describe("--http: startup", () => {
  it("prints `listening on http://127.0.0.1:PORT/mcp` with the port that --port 0 picked, and answers there", async () => {
    const server = await spawnHttpServer();
    try {
      expect(server.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      expect(server.port).toBeGreaterThan(0);
      expect(server.stderr()).toMatch(new RegExp(`^chatwoot-mcp: listening on http://127\\.0\\.0\\.1:${server.port}/mcp$`, "m"));
      expect((await rawRequest(server.url, { headers: MCP_POST_HEADERS, body: INITIALIZE })).status).toBe(200);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  });

  it("reads the port and host from CHATWOOT_MCP_PORT and CHATWOOT_MCP_HOST", async () => {
    const server = await spawnHttpServer({ args: ["--http"], env: { CHATWOOT_MCP_PORT: "0", CHATWOOT_MCP_HOST: "127.0.0.1" } });
    try {
      expect(server.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      expect(server.port).not.toBe(3000); // the default, had the variable been ignored
    } finally {
      await server.stop();
    }
    // the host variable is read: a non-loopback host from it is refused without a token
    const refused = await runHttpServerToExit({ args: ["--http", "--port", "0"], env: { CHATWOOT_MCP_HOST: "127.0.0.2" } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("CHATWOOT_MCP_AUTH_TOKEN");
  });

  it("lets --port and --host win over the variables", async () => {
    const server = await spawnHttpServer({
      args: ["--http", "--port", "0", "--host", "127.0.0.1"],
      env: { CHATWOOT_MCP_PORT: "not-a-port", CHATWOOT_MCP_HOST: "127.0.0.2" },
    });
    try {
      expect(server.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    } finally {
      await server.stop();
    }
  });

  it.each([
    ["--port 70000", ["--http", "--port", "70000"], {}, "70000"],
    ["--port abc", ["--http", "--port", "abc"], {}, "abc"],
    ["--port -1", ["--http", "--port=-1"], {}, "-1"],
    ["CHATWOOT_MCP_PORT=3000x", ["--http"], { CHATWOOT_MCP_PORT: "3000x" }, "3000x"],
  ])("exits 2 and names the bad value for %s", async (_case, args, env, value) => {
    const result = await runHttpServerToExit({ args, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/port must be a number from 0 to 65535/);
    expect(result.stderr).toContain(`"${value}"`);
    expect(result.stderr).not.toContain("listening on");
  });

  it("refuses --host 127.0.0.2 (not loopback by name) without CHATWOOT_MCP_AUTH_TOKEN: exit 2 and the reason", async () => {
    const result = await runHttpServerToExit({ args: ["--http", "--port", "0", "--host", "127.0.0.2"] });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to listen on 127\.0\.0\.2 without CHATWOOT_MCP_AUTH_TOKEN/);
    expect(result.stderr).not.toContain("listening on http");
  });

  it("starts on --host 127.0.0.2 (not loopback by name) with CHATWOOT_MCP_AUTH_TOKEN", async () => {
    // no traffic is sent there: the Bearer rule itself is tested on 127.0.0.1 (security.test.ts)
    const server = await spawnHttpServer({ args: ["--http", "--port", "0", "--host", "127.0.0.2"], env: { CHATWOOT_MCP_AUTH_TOKEN: AUTH_TOKEN } });
    try {
      expect(server.printedUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/mcp$/);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  });
});

describe("--http: GET /healthz", () => {
  it("answers 200 {status: ok, version} with package.json's version, without the Bearer token", async () => {
    const server = await spawnHttpServer({ env: { CHATWOOT_MCP_AUTH_TOKEN: AUTH_TOKEN } });
    try {
      const res = await rawRequest(`${server.base}/healthz`);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.json).toEqual({ status: "ok", version: VERSION });
    } finally {
      await server.stop();
    }
  });
});

describe("--http: calls in flight", () => {
  let chatwoot: FaultServer;
  /** when the stand-in got each request, and when its socket closed (ms since epoch) */
  let timeline: { received: number; closed?: number; answered: boolean }[];

  /** The stand-in answers get_profile after `delayMs`, and notes when the request's socket closes. */
  function answerAfter(delayMs: number): void {
    chatwoot.behave((_req: IncomingMessage, res: ServerResponse) => {
      const entry = { received: Date.now(), closed: undefined as number | undefined, answered: false };
      timeline.push(entry);
      const timer = setTimeout(() => {
        entry.answered = true;
        json(res, 200, PROFILE);
      }, delayMs);
      res.once("close", () => {
        entry.closed = Date.now();
        clearTimeout(timer);
      });
    });
  }

  const spawnAgainstStandIn = (env: Record<string, string> = {}) =>
    spawnHttpServer({ env: { CHATWOOT_BASE_URL: chatwoot.url, CHATWOOT_API_ACCESS_TOKEN: "stand-in-token", CHATWOOT_MAX_RETRIES: "0", ...env } });

  /**
   * SIGTERM waits for calls in flight (up to CHATWOOT_TIMEOUT_MS, 30 s here): a prompt exit shows
   * that a call whose client went away no longer counts as in flight. A connection holding half a
   * request keeps the process alive meanwhile (it is closed only once the wait is over), so an
   * exit cannot come early from an empty event loop instead.
   */
  async function expectNothingInFlight(server: HttpServerProcess): Promise<void> {
    const socket = connect(server.port, "127.0.0.1");
    socket.on("error", () => {});
    await new Promise<void>((resolve) => socket.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n", () => resolve()));
    try {
      const signalled = Date.now();
      server.child.kill("SIGTERM");
      const exit = await Promise.race([server.exited, sleep(3_000).then(() => "still running after 3 s")]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(1_500);
    } finally {
      socket.destroy();
    }
  }

  beforeAll(async () => {
    chatwoot = await startFaultServer();
  });
  afterAll(async () => {
    await chatwoot.close();
  });
  beforeEach(() => {
    timeline = [];
  });

  it("on SIGTERM stops taking connections, finishes the call in flight with its result, and exits 0", async () => {
    answerAfter(800);
    const server = await spawnAgainstStandIn();
    try {
      const call = rawRequest(server.url, { headers: MCP_POST_HEADERS, body: GET_PROFILE });
      await until(() => timeline.length === 1, "the call to reach the stand-in");
      server.child.kill("SIGTERM");
      await until(() => server.stderr().includes("stopping"), "the server to say it is stopping");

      // a new connection is refused while the call is still running
      await expect(rawRequest(`${server.base}/healthz`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
      expect(timeline[0]!.answered).toBe(false);

      const res = await call;
      expect(res.status).toBe(200);
      expect(res.json.result.isError).toBeFalsy();
      expect(JSON.parse(resultText(res.json))).toMatchObject({ name: "Slow Sam" });
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      await server.stop();
    }
  });

  it("on SIGTERM exits 0 within CHATWOOT_TIMEOUT_MS (plus a margin) when the call in flight would take longer", async () => {
    const timeoutMs = 1_500;
    answerAfter(20_000);
    const server = await spawnAgainstStandIn({ CHATWOOT_TIMEOUT_MS: String(timeoutMs) });
    try {
      const call = rawRequest(server.url, { headers: MCP_POST_HEADERS, body: GET_PROFILE }).catch((error: Error) => error);
      await until(() => timeline.length === 1, "the call to reach the stand-in");
      const signalled = Date.now();
      server.child.kill("SIGTERM");
      const exit = await server.exited;
      const took = Date.now() - signalled;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(took).toBeLessThan(timeoutMs + 2_000);
      // the call ended with the timeout's error, not a dropped connection, and the stand-in's request was given up
      const res = await call;
      expect(res).not.toBeInstanceOf(Error);
      expect((res as Awaited<ReturnType<typeof rawRequest>>).json.result.isError).toBe(true);
      await until(() => timeline[0]!.closed !== undefined, "the stand-in's request to close");
      expect(timeline[0]!.answered).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it("aborts the Chatwoot request when the client's connection goes away mid-call", async () => {
    answerAfter(5_000);
    const server = await spawnAgainstStandIn();
    try {
      const abort = new AbortController();
      const call = rawRequest(server.url, { headers: MCP_POST_HEADERS, body: GET_PROFILE, signal: abort.signal }).catch((error: Error) => error);
      await until(() => timeline.length === 1, "the call to reach the stand-in");
      const aborted = Date.now();
      abort.abort();
      expect(await call).toBeInstanceOf(Error);
      await until(() => timeline[0]!.closed !== undefined, "the stand-in's request to close", 4_000);
      expect(timeline[0]!.answered).toBe(false);
      expect(timeline[0]!.closed! - aborted).toBeLessThan(1_500); // well before the 5 s answer
      // the server goes on serving, and logs the call as given up by the client (499), not as a 200
      expect((await rawRequest(`${server.base}/healthz`)).status).toBe(200);
      expect(server.stderr()).toMatch(/ POST \/mcp tools\/call get_profile 499 \d+ms\n/);
      await expectNothingInFlight(server);
    } finally {
      await server.stop();
    }
  });

  it("aborts the Chatwoot request when the SDK client closes its transport mid-call", async () => {
    answerAfter(5_000);
    const server = await spawnAgainstStandIn();
    try {
      const { client } = await connectHttpClient(server.url);
      const call = client.callTool({ name: "get_profile", arguments: {} }).catch((error: Error) => error);
      await until(() => timeline.length === 1, "the call to reach the stand-in");
      const closed = Date.now();
      await client.close();
      expect(await call).toBeInstanceOf(Error);
      await until(() => timeline[0]!.closed !== undefined, "the stand-in's request to close", 4_000);
      expect(timeline[0]!.answered).toBe(false);
      expect(timeline[0]!.closed! - closed).toBeLessThan(1_500);
      await expectNothingInFlight(server);
    } finally {
      await server.stop();
    }
  });
});
