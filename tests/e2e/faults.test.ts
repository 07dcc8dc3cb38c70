// Every way Chatwoot (or the network) can fail, one by one, through the real stdio server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server.js";
import { allTools } from "../../src/tools/index.js";

const USER_TOKEN = "user-SECRET-5d1e9a";
const PLATFORM_TOKEN = "platform-SECRET-77c0b2";

let chatwoot: FaultServer;
let server: SpawnedServer;
const outputs: string[] = [];

beforeAll(async () => {
  chatwoot = await startFaultServer();
  server = await spawnServer({
    CHATWOOT_BASE_URL: chatwoot.url,
    CHATWOOT_API_ACCESS_TOKEN: USER_TOKEN,
    CHATWOOT_PLATFORM_APP_TOKEN: PLATFORM_TOKEN,
    // bounds the whole call, retries included: room for three attempts and a Retry-After of 1 s
    CHATWOOT_TIMEOUT_MS: "3000",
  });
});
afterAll(async () => {
  await server?.close();
  await chatwoot?.close();
});

async function call(name: string, args: Record<string, unknown>) {
  const result = await server.call(name, args);
  outputs.push(result.text);
  return result;
}

const getAgents = () => call("list_agents", { account_id: 1 });
const sendMessage = () => call("create_message", { account_id: 1, conversation_id: 1, content: "hello" });

describe("Chatwoot errors become isError results with the status, Chatwoot's words and a next step", () => {
  it.each([
    [400, { error: "Bad params" }, /HTTP 400.*Bad params[\s\S]*Next: Fix the values/],
    [401, { error: "Invalid Access Token" }, /HTTP 401.*Invalid Access Token[\s\S]*CHATWOOT_API_ACCESS_TOKEN/],
    [403, { error: "You are not authorized" }, /HTTP 403.*not authorized[\s\S]*administrator role/],
    [404, { error: "Resource could not be found" }, /HTTP 404.*could not be found[\s\S]*account_id from get_profile/],
    [422, { message: "Validation failed", errors: ["Content can't be blank"] }, /HTTP 422.*Content can't be blank[\s\S]*Fix the values/],
    [500, { error: "Internal Server Error" }, /HTTP 500.*Internal Server Error[\s\S]*failed on its side/],
  ])("HTTP %i", async (status, body, pattern) => {
    chatwoot.behave((_req, res) => json(res, status, body));
    const result = await getAgents();
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(pattern);
    expect(chatwoot.seen).toHaveLength(1);
  });

  it("422 on a write shows Chatwoot's validation message", async () => {
    chatwoot.behave((_req, res) => json(res, 422, { message: "Validation failed: Email has already been taken" }));
    const result = await call("create_contact", { account_id: 1, inbox_id: 1, name: "x", email: "a@b.c" });
    expect(result.text).toMatch(/HTTP 422.*Email has already been taken/);
  });

  it("an HTML error page is described, not dumped", async () => {
    chatwoot.behave((_req, res) => res.writeHead(500, { "content-type": "text/html" }).end(`<!doctype html><html><head><title>We're sorry, but something went wrong</title></head><body>${"<p>x</p>".repeat(2000)}</body></html>`));
    const result = await getAgents();
    expect(result.text).toMatch(/HTTP 500[^:]*: an HTML page titled "We're sorry, but something went wrong"/);
    expect(result.text.length).toBeLessThan(600);
  });

  it("an HTML page with 200 (a login page or proxy) points at CHATWOOT_BASE_URL", async () => {
    chatwoot.behave((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><title>Sign in</title></html>"));
    const result = await getAgents();
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/not JSON.*Sign in.*CHATWOOT_BASE_URL/s);
  });

  it("malformed JSON", async () => {
    chatwoot.behave((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"payload": [1, 2'));
    const result = await getAgents();
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/HTTP 200 but the body is not JSON/);
  });

  it("an empty 200 or 204 is a fault for a read and a success for a write", async () => {
    chatwoot.behave((_req, res) => res.writeHead(200).end());
    expect((await getAgents()).text).toMatch(/empty body where data was expected/);
    chatwoot.behave((_req, res) => res.writeHead(204).end());
    const read = await getAgents();
    expect(read.isError).toBe(true);
    const write = await call("delete_label", { account_id: 1, label_id: 3 });
    expect(write.isError).toBeFalsy();
    expect(JSON.parse(write.text)).toMatchObject({ ok: true, status: 204 });
  });

  it("a connection reset is reported in plain words (after the safe retries of a GET)", async () => {
    chatwoot.behave((req) => req.socket.destroy());
    const result = await getAgents();
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/Could not reach Chatwoot: .*(reset|closed).*after 3 attempts/);
    expect(chatwoot.seen).toHaveLength(3);
  });

  it("a response slower than CHATWOOT_TIMEOUT_MS times out and is not retried", async () => {
    chatwoot.behave((_req, res) => setTimeout(() => json(res, 200, {}), 1500));
    const quick = await spawnServer({ CHATWOOT_BASE_URL: chatwoot.url, CHATWOOT_API_ACCESS_TOKEN: USER_TOKEN, CHATWOOT_TIMEOUT_MS: "400" });
    try {
      const started = Date.now();
      const result = await quick.call("list_agents", { account_id: 1 });
      outputs.push(result.text, quick.stderr());
      expect(result.text).toMatch(/did not answer within 400 ms \(CHATWOOT_TIMEOUT_MS\)/);
      expect(Date.now() - started).toBeLessThan(1400);
      expect(chatwoot.seen).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });

  it("a body far larger than any sensible result is refused", async () => {
    chatwoot.behave((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = `"${"x".repeat(1024 * 1024)}",`;
      res.write("[");
      for (let i = 0; i < 10; i++) res.write(chunk);
      res.end('""]');
    });
    const result = await getAgents();
    expect(result.text).toMatch(/larger than 8 MB.*Narrow the request/);
  });
});

describe("retries", () => {
  it.each([429, 502, 503, 504])("a GET is retried on %i, twice at most, and the final answer is reported", async (status) => {
    chatwoot.behave((_req, res) => json(res, status, { error: "try later" }));
    const result = await getAgents();
    expect(chatwoot.seen).toHaveLength(3);
    expect(result.text).toMatch(new RegExp(`HTTP ${status}[^(]* \\(after 3 attempts\\)`));
  });

  it("a GET that recovers returns the data", async () => {
    chatwoot.behave((_req, res, attempt) => (attempt < 2 ? json(res, 503, {}) : json(res, 200, [{ id: 1 }])));
    const result = await getAgents();
    expect(result.isError).toBeFalsy();
    expect(result.text).toBe('[{"id":1}]');
    expect(chatwoot.seen).toHaveLength(2);
  });

  it.each([
    ["POST", sendMessage],
    ["multipart POST", () => call("create_message", { account_id: 1, conversation_id: 1, content: "see file", attachments: [{ data: Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64"), filename: "a.pdf" }] })],
    ["PATCH", () => call("update_label", { account_id: 1, label_id: 1, title: "x" })],
  ])("a %s is never retried (it may have landed)", async (_method, send) => {
    chatwoot.behave((_req, res) => json(res, 503, { error: "busy" }));
    const result = await send();
    expect(chatwoot.seen).toHaveLength(1);
    expect(result.text).toMatch(/may or may not have been made/);
    chatwoot.behave((req) => req.socket.destroy());
    await send();
    expect(chatwoot.seen).toHaveLength(1);
  });

  it("Retry-After is honoured up to the cap", async () => {
    chatwoot.behave((_req, res, attempt) => (attempt === 1 ? json(res, 429, {}, { "retry-after": "1" }) : json(res, 200, [])));
    const started = Date.now();
    const result = await getAgents();
    expect(result.isError).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(chatwoot.seen).toHaveLength(2);
  });

  it("a Retry-After beyond the cap is not waited for: the model is told how long to wait", async () => {
    chatwoot.behave((_req, res) => json(res, 429, { error: "Rate limit exceeded" }, { "retry-after": "3600" }));
    const result = await getAgents();
    expect(chatwoot.seen).toHaveLength(1);
    expect(result.text).toMatch(/HTTP 429.*Rate limit exceeded[\s\S]*wait 3600 seconds/);
  });
});

describe("after all the faults", () => {
  it("the server still lists its tools and printed nothing but JSON-RPC", async () => {
    expect((await server.client.listTools()).tools).toHaveLength(allTools.length);
    expect(server.stderr()).not.toMatch(/at .*\.js:\d+/); // no stack traces
  });

  it("no token appears in any result or log line", () => {
    const everything = outputs.join("\n") + server.stderr();
    for (const secret of [USER_TOKEN, PLATFORM_TOKEN, "SECRET"]) expect(everything).not.toContain(secret);
    expect(chatwoot.seen.length).toBeGreaterThan(0);
  });
});
