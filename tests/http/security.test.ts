// Streamable HTTP mode (--http), end to end against the built server: who may talk to /mcp
// (Bearer token, Origin, Host), what it refuses (size, method, path, body), and what it logs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { connectHttpClient, INITIALIZE, MCP_POST_HEADERS, rawRequest, rpc, spawnHttpServer, type HttpServerProcess } from "../helpers/spawn-http-server.js";

const MAX_BODY_BYTES = 1024 * 1024;
// distinctive values: none of them may ever show up in the server's stderr
const AUTH_TOKEN = "mcp-auth-5ecret-Qw7Zp3";
const WRONG_TOKEN = "wrong-auth-5ecret-Lk2Vb8";
const API_TOKEN = "api-5ecret-Hx9Tn4";
const PLATFORM_TOKEN = "platform-5ecret-Rm6Jc1";
const COOKIE_SECRET = "cookie-5ecret-Fd3Yu5";
const QUERY_SECRET = "query-5ecret-Ps8Ge2";
const ARGUMENT_SECRET = "argument-5ecret-Wa4Ko9";
const SECRETS = [AUTH_TOKEN, WRONG_TOKEN, API_TOKEN, PLATFORM_TOKEN, COOKIE_SECRET, QUERY_SECRET, ARGUMENT_SECRET];

const BEARER = { authorization: `Bearer ${AUTH_TOKEN}` };
const AUTHED = { ...MCP_POST_HEADERS, ...BEARER };

let backend: DemoBackend;
let server: HttpServerProcess;

beforeAll(async () => {
  // the stand-in Chatwoot accepts only the secrets; the server's env holds no Chatwoot token,
  // so a call that works got its token from the request's headers
  backend = await startDemoBackend({ userToken: API_TOKEN, platformToken: PLATFORM_TOKEN });
  server = await spawnHttpServer({
    env: {
      CHATWOOT_BASE_URL: backend.url,
      CHATWOOT_TOOLSETS: "all",
      CHATWOOT_MCP_AUTH_TOKEN: AUTH_TOKEN,
      CHATWOOT_MCP_ALLOWED_ORIGINS: "https://n8n.example.com",
    },
  });
});

afterAll(async () => {
  const exit = await server?.stop();
  await backend?.close();
  expect(exit?.code).toBe(0);
});

describe("--http: Bearer token (CHATWOOT_MCP_AUTH_TOKEN)", () => {
  it("answers 401 with WWW-Authenticate: Bearer to a request without Authorization", async () => {
    const res = await rawRequest(server.url, { headers: MCP_POST_HEADERS, body: INITIALIZE });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer\b/);
    expect(res.json.error.message).toContain("Authorization: Bearer");
  });

  it.each([
    ["a wrong token", `Bearer ${WRONG_TOKEN}`],
    ["the right token with one character more", `Bearer ${AUTH_TOKEN}x`],
    ["a prefix of the right token", `Bearer ${AUTH_TOKEN.slice(0, -1)}`],
    ["the right token in another scheme", `Basic ${AUTH_TOKEN}`],
    ["the right token without a scheme", AUTH_TOKEN],
  ])("answers 401 to %s", async (_case, authorization) => {
    const res = await rawRequest(server.url, { headers: { ...MCP_POST_HEADERS, authorization }, body: INITIALIZE });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer\b/);
  });

  it("lets the SDK's client in with the right token, and calls a tool with the request's Chatwoot token", async () => {
    const { client } = await connectHttpClient(server.url, { Authorization: `Bearer ${AUTH_TOKEN}`, "X-Chatwoot-Api-Access-Token": API_TOKEN });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("get_profile");
      backend.requests.length = 0;
      const result = await client.callTool({ name: "get_profile", arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(backend.requests.map((request) => [request.path, request.token])).toEqual([["/api/v1/profile", API_TOKEN]]);
    } finally {
      await client.close();
    }
  });

  it("offers the platform tools only to a request that brings a platform token", async () => {
    const list = async (headers: Record<string, string>) => {
      const res = await rawRequest(server.url, { headers: { ...AUTHED, ...headers }, body: rpc("tools/list") });
      expect(res.status).toBe(200);
      return (res.json.result.tools as { name: string }[]).map((tool) => tool.name);
    };
    expect((await list({})).filter((name) => name.startsWith("platform_"))).toEqual([]);
    expect((await list({ "x-chatwoot-platform-app-token": PLATFORM_TOKEN })).filter((name) => name.startsWith("platform_")).length).toBeGreaterThan(5);
  });
});

describe("--http: DNS rebinding (Origin and Host)", () => {
  it.each(["http://evil.example", "http://localhost.evil.example", "https://localhost:5173", "https://n8n.example.com:8443", "null"])(
    "answers 403 to Origin %s, even with the right token",
    async (origin) => {
      const res = await rawRequest(server.url, { headers: { ...AUTHED, origin }, body: INITIALIZE });
      expect(res.status).toBe(403);
      expect(res.json.error.message).toMatch(/Origin/);
    },
  );

  it.each(["http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000", "http://localhost", "https://n8n.example.com"])(
    "serves Origin %s (loopback on any port, and CHATWOOT_MCP_ALLOWED_ORIGINS)",
    async (origin) => {
      const res = await rawRequest(server.url, { headers: { ...AUTHED, origin }, body: INITIALIZE });
      expect(res.status).toBe(200);
      expect(res.json.result.serverInfo.name).toBe("chatwoot-mcp");
    },
  );

  it.each(["evil.example", "evil.example:80", "127.0.0.1.evil.example"])("answers 403 to Host: %s when bound to loopback", async (host) => {
    const res = await rawRequest(server.url, { headers: { ...AUTHED, host }, body: INITIALIZE });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/Host/);
  });

  it.each(["localhost", "127.0.0.1"])("serves Host: %s:PORT", async (name) => {
    const res = await rawRequest(server.url, { headers: { ...AUTHED, host: `${name}:${server.port}` }, body: INITIALIZE });
    expect(res.status).toBe(200);
  });
});

describe("--http: refusals", () => {
  const padded = (size: number) => {
    const text = JSON.stringify(INITIALIZE);
    return text + " ".repeat(size - Buffer.byteLength(text)); // trailing whitespace is still valid JSON
  };

  it("reads a body of exactly 1 MB", async () => {
    const res = await rawRequest(server.url, { headers: AUTHED, body: padded(MAX_BODY_BYTES) });
    expect(res.status).toBe(200);
  });

  it("answers 413 to a body one byte over 1 MB (Content-Length declared)", async () => {
    const res = await rawRequest(server.url, { headers: AUTHED, body: padded(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.json.error.message).toContain(String(MAX_BODY_BYTES));
  });

  it("answers 413 to a chunked body over 1 MB (no Content-Length)", async () => {
    const res = await rawRequest(server.url, { headers: { ...AUTHED, "transfer-encoding": "chunked" }, body: padded(2 * MAX_BODY_BYTES) });
    expect(res.status).toBe(413);
  });

  it.each(["GET", "DELETE"])("answers 405 with Allow: POST to %s /mcp", async (method) => {
    const res = await rawRequest(server.url, { method, headers: { ...BEARER, accept: "text/event-stream" } });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("POST");
  });

  it.each(["/", "/mcp/", "/mcp/extra", "/sse", "/healthz/x"])("answers 404 to %s", async (path) => {
    const res = await rawRequest(`${server.base}${path}`, { headers: AUTHED, body: INITIALIZE });
    expect(res.status).toBe(404);
  });

  it("answers 400 with a JSON-RPC parse error to a body that is not JSON", async () => {
    const res = await rawRequest(server.url, { headers: AUTHED, body: '{"jsonrpc": "2.0", "id": 1, "method": ' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 }, id: null });
  });

  it.each(["abc", "0", "-3", "1.5", "12345678901234567"])("answers 400 to X-Chatwoot-Account-Id: %s, naming the header", async (accountId) => {
    const res = await rawRequest(server.url, { headers: { ...AUTHED, "x-chatwoot-account-id": accountId }, body: rpc("tools/list") });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("X-Chatwoot-Account-Id");
  });
});

describe("--http: log lines", () => {
  const LINE = /^chatwoot-mcp: (\S+) (GET|POST|DELETE) (\/\S*)(?: ([\w/]+))?(?: ([a-z0-9_]+))? (\d{3})(?: (isError))? (\d+)ms$/;

  /** Where stderr ends once the lines of earlier requests are in (a line is written when the response closes, after the client has it). */
  async function quietOffset(): Promise<number> {
    let length = -1;
    while (length !== server.stderr().length) {
      length = server.stderr().length;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return length;
  }

  /** The request log lines written since `offset`, once there are `count` of them (a line is written when the response closes). */
  async function logLinesSince(offset: number, count: number): Promise<RegExpExecArray[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const lines = linesSince(offset);
      if (lines.length >= count || Date.now() > deadline) return lines;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  function linesSince(offset: number): RegExpExecArray[] {
    return server.stderr().slice(offset).split("\n").map((line) => LINE.exec(line)).filter((match) => match !== null);
  }

  it("writes one line per request: ISO time, method, path, JSON-RPC method, tool, status, isError for a failed call, and ms", async () => {
    const offset = await quietOffset();
    const before = Date.now();
    const headers = { ...AUTHED, "x-chatwoot-api-access-token": API_TOKEN };
    expect((await rawRequest(server.url, { headers, body: INITIALIZE })).status).toBe(200);
    const call = await rawRequest(server.url, { headers, body: rpc("tools/call", { name: "get_profile", arguments: {} }) });
    expect(call.status).toBe(200);
    expect(call.json.result.isError).toBeFalsy();
    const failing = await rawRequest(server.url, { headers, body: rpc("tools/call", { name: "get_label", arguments: { label_id: "not-a-number" } }) });
    expect(failing.json.result.isError).toBe(true);
    expect((await rawRequest(server.url, { headers: MCP_POST_HEADERS, body: INITIALIZE })).status).toBe(401);
    expect((await rawRequest(`${server.base}/healthz`)).status).toBe(200);
    expect((await rawRequest(`${server.base}/nowhere`)).status).toBe(404);

    const lines = await logLinesSince(offset, 6);
    // a tool call that failed is still HTTP 200 (the failure is in the result); the line says isError
    expect(lines.map((match) => match.slice(2, 8))).toEqual([
      ["POST", "/mcp", "initialize", undefined, "200", undefined],
      ["POST", "/mcp", "tools/call", "get_profile", "200", undefined],
      ["POST", "/mcp", "tools/call", "get_label", "200", "isError"],
      ["POST", "/mcp", undefined, undefined, "401", undefined],
      ["GET", "/healthz", undefined, undefined, "200", undefined],
      ["GET", "/nowhere", undefined, undefined, "404", undefined],
    ]);
    for (const match of lines) {
      const time = Date.parse(match[1]!);
      expect(new Date(time).toISOString()).toBe(match[1]);
      expect(time).toBeGreaterThanOrEqual(before - 1_000);
      expect(time).toBeLessThanOrEqual(Date.now() + 1_000);
      expect(Number(match[8])).toBeLessThan(10_000);
    }
    // one line per request, no more
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(linesSince(offset)).toHaveLength(6);
  });

  it("never writes a token, a header value, a query string or a tool argument", async () => {
    const offset = await quietOffset();
    const secretHeaders = {
      "x-chatwoot-api-access-token": API_TOKEN,
      "x-chatwoot-platform-app-token": PLATFORM_TOKEN,
      "x-chatwoot-account-id": "1",
      cookie: `session=${COOKIE_SECRET}`,
    };
    const sent = [
      await rawRequest(`${server.url}?token=${QUERY_SECRET}`, { headers: { ...AUTHED, ...secretHeaders }, body: INITIALIZE }),
      await rawRequest(server.url, { headers: { ...AUTHED, ...secretHeaders }, body: rpc("tools/call", { name: "search_contacts", arguments: { q: ARGUMENT_SECRET } }) }),
      await rawRequest(server.url, { headers: { ...MCP_POST_HEADERS, ...secretHeaders, authorization: `Bearer ${WRONG_TOKEN}` }, body: INITIALIZE }),
      await rawRequest(server.url, { headers: { ...AUTHED, ...secretHeaders, "x-chatwoot-api-access-token": `${API_TOKEN} x` }, body: rpc("tools/list") }),
      await rawRequest(server.url, { method: "GET", headers: { ...BEARER, ...secretHeaders } }),
      await rawRequest(`${server.base}/other?key=${QUERY_SECRET}`, { headers: { ...AUTHED, ...secretHeaders }, body: INITIALIZE }),
      await rawRequest(server.url, { headers: { ...AUTHED, ...secretHeaders, origin: `http://${COOKIE_SECRET}.example` }, body: INITIALIZE }),
    ];
    expect(sent.map((res) => res.status)).toEqual([200, 200, 401, 400, 405, 404, 403]);
    // the call reached the stand-in with the header's token: the secrets were in play
    expect(backend.requests.at(-1)).toMatchObject({ token: API_TOKEN });
    expect(await logLinesSince(offset, sent.length)).toHaveLength(sent.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(linesSince(offset)).toHaveLength(sent.length);

    const stderr = server.stderr();
    for (const secret of SECRETS) expect(stderr).not.toContain(secret);
    expect(stderr).not.toMatch(/5ecret/);
  });
});
