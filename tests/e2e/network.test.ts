// Networks people really have: a forward proxy, a private certificate authority, cancelled calls, hostile ids.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { json, startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { startForwardProxy, type ForwardProxy, type ForwardProxyOptions } from "../helpers/forward-proxy.js";
import { spawnServer } from "../helpers/spawn-server.js";
import { allTools } from "../../src/tools/index.js";

const TOKEN = "net-user-token";
const tlsDir = fileURLToPath(new URL("../fixtures/tls/", import.meta.url));

let backend: DemoBackend;
beforeAll(async () => {
  backend = await startDemoBackend({ userToken: TOKEN });
});
afterAll(() => backend.close());

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const stop = (server: Server) => new Promise<void>((resolve) => {
  server.closeAllConnections?.();
  server.close(() => resolve());
});

const agentsPath = "/api/v1/accounts/1/agents";
const TOKEN_HEADERS = ["api_access_token", "api-access-token"];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Runs one list_agents call through a freshly spawned server; returns the result, the time the call took (ms) and stderr. */
async function callOnce(env: Record<string, string>) {
  const server = await spawnServer({ CHATWOOT_API_ACCESS_TOKEN: TOKEN, ...env });
  try {
    const started = Date.now();
    const result = await server.call("list_agents", { account_id: 1 });
    return { result, elapsed: Date.now() - started, stderr: server.stderr() };
  } finally {
    await server.close();
  }
}

describe("an http:// Chatwoot behind a forward proxy (HTTP_PROXY)", () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await startForwardProxy();
  });
  afterAll(() => proxy.close());

  it("goes through the proxy as absolute-form requests, both token headers included, never CONNECT", async () => {
    proxy.requests.length = 0;
    const { result, stderr } = await callOnce({ CHATWOOT_BASE_URL: backend.url, HTTP_PROXY: proxy.url });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.text)).toEqual(expect.arrayContaining([expect.objectContaining({ id: expect.any(Number) })]));
    expect(proxy.requests.map((request) => `${request.method} ${request.target} ${request.answer}`)).toEqual([`GET ${backend.url}${agentsPath} 200`]);
    for (const name of TOKEN_HEADERS) expect(proxy.requests[0]!.headers[name]).toBe(TOKEN);
    expect(stderr).toMatch(new RegExp(`using the proxy settings: http:// via ${escape(proxy.url)} \\(HTTP_PROXY\\).*${escape(backend.url)} goes through`));
  });

  it("HTTPS_PROXY alone does not apply to an http:// target (as curl)", async () => {
    proxy.requests.length = 0;
    const { result } = await callOnce({ CHATWOOT_BASE_URL: backend.url, HTTPS_PROXY: proxy.url });
    expect(result.isError).toBeFalsy();
    expect(proxy.requests).toHaveLength(0);
  });

  it.each([
    ["the host", () => "127.0.0.1", 0],
    ["host:port", () => `127.0.0.1:${new URL(backend.url).port}`, 0],
    ["*", () => "*", 0],
    ["a list with a suffix", () => "example.com, .0.0.1", 1], // an IP address matches only as a whole (as curl)
    ["another port only", () => "127.0.0.1:1", 1],
  ])("NO_PROXY with %s", async (_name, noProxy, proxied) => {
    proxy.requests.length = 0;
    const { result } = await callOnce({ CHATWOOT_BASE_URL: backend.url, HTTP_PROXY: proxy.url, NO_PROXY: noProxy() });
    expect(result.isError).toBeFalsy();
    expect(proxy.requests).toHaveLength(proxied);
  });

  it("a proxy that cannot be reached is named as such", async () => {
    const closed = createHttpServer();
    const address = await listen(closed);
    await stop(closed);
    const { result } = await callOnce({ CHATWOOT_BASE_URL: backend.url, HTTP_PROXY: `http://${address}`, CHATWOOT_MAX_RETRIES: "0" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`could not connect to the proxy at ${escape(`http://${address}`)} \\(HTTP_PROXY\\): the connection was refused`));
  });
});

describe("proxy credentials in the proxy URL", () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await startForwardProxy({ credentials: { user: "agent", password: "pr0xy@pass" } });
  });
  afterAll(() => proxy.close());
  const withCredentials = (password: string) => proxy.url.replace("http://", `http://agent:${encodeURIComponent(password)}@`);

  it("are sent as Proxy-Authorization", async () => {
    proxy.requests.length = 0;
    const { result, stderr } = await callOnce({ CHATWOOT_BASE_URL: backend.url, HTTP_PROXY: withCredentials("pr0xy@pass") });
    expect(result.isError).toBeFalsy();
    expect(proxy.requests[0]).toMatchObject({ method: "GET", answer: 200 });
    expect(stderr).not.toContain("pr0xy");
  });

  it("wrong ones are reported as the proxy's 407, without printing them", async () => {
    const { result, stderr } = await callOnce({ CHATWOOT_BASE_URL: backend.url, HTTP_PROXY: withCredentials("wrong-secret") });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`the proxy at ${escape(proxy.url)} \\(HTTP_PROXY\\) answered 407 Proxy Authentication Required`));
    for (const text of [result.text, stderr]) expect(text).not.toMatch(/wrong-secret|agent:/);
  });
});

describe("an https:// Chatwoot behind a forward proxy (HTTPS_PROXY, CONNECT)", () => {
  let https: Server;
  let base: string;
  let httpsPort: number;
  const seenHeaders: Record<string, string | string[] | undefined>[] = [];
  beforeAll(async () => {
    https = createHttpsServer({ key: readFileSync(`${tlsDir}key.pem`), cert: readFileSync(`${tlsDir}cert.pem`) }, (req, res) => {
      seenHeaders.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" }).end('[{"id":1,"name":"TLS agent"}]');
    });
    base = `https://${await listen(https)}`;
    httpsPort = Number(new URL(base).port);
  });
  afterAll(() => stop(https));

  /** a squid-like proxy whose "SSL ports" include the test server's ephemeral port */
  async function withProxy<T>(options: ForwardProxyOptions, run: (proxy: ForwardProxy) => Promise<T>): Promise<T> {
    const proxy = await startForwardProxy({ sslPorts: [443, httpsPort], ...options });
    try {
      return await run(proxy);
    } finally {
      await proxy.close();
    }
  }

  it("tunnels with CONNECT and trusts the private CA from NODE_EXTRA_CA_CERTS; both token headers arrive", () => withProxy({}, async (proxy) => {
    seenHeaders.length = 0;
    const { result } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: `${tlsDir}cert.pem` });
    expect(result.text).toContain("TLS agent");
    expect(proxy.requests.map((request) => `${request.method} ${request.target} ${request.answer}`)).toEqual([`CONNECT 127.0.0.1:${httpsPort} 200`]);
    for (const name of TOKEN_HEADERS) expect(seenHeaders[0]?.[name]).toBe(TOKEN);
  }));

  it("tunnels with CHATWOOT_TLS_INSECURE=true, and with the proxy's credentials", () => withProxy({ credentials: { user: "u", password: "p" } }, async (proxy) => {
    const { result } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url.replace("http://", "http://u:p@"), CHATWOOT_TLS_INSECURE: "true" });
    expect(result.text).toContain("TLS agent");
    expect(proxy.requests.map((request) => `${request.method} ${request.answer}`)).toEqual(["CONNECT 200"]);
  }));

  it("an untrusted certificate behind the tunnel gets the NODE_EXTRA_CA_CERTS hint", () => withProxy({}, async (proxy) => {
    const { result } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url, CHATWOOT_MAX_RETRIES: "0" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/certificate[\s\S]*NODE_EXTRA_CA_CERTS/);
  }));

  it("a refused CONNECT (squid's default: SSL ports only) is reported at once with the proxy's answer", () => withProxy({ sslPorts: [443] }, async (proxy) => {
    const { result, elapsed } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url, CHATWOOT_TLS_INSECURE: "true", CHATWOOT_TIMEOUT_MS: "10000" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`the proxy at ${escape(proxy.url)} \\(HTTPS_PROXY\\) refused the tunnel to 127\\.0\\.0\\.1:${httpsPort}: 403 Forbidden`));
    expect(result.text).toMatch(/allow port \d+.*NO_PROXY/);
    expect(result.text).not.toMatch(/: 0\b/);
    expect(proxy.requests).toHaveLength(1); // not retried: the proxy would say the same again
    expect(elapsed).toBeLessThan(2000);
    console.log(`refused CONNECT reported in ${elapsed} ms`);
  }));

  it("a CONNECT without the proxy's credentials names the 407", () => withProxy({ credentials: { user: "u", password: "p" } }, async (proxy) => {
    const { result } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url, CHATWOOT_TLS_INSECURE: "true" });
    expect(result.text).toMatch(/refused the tunnel to .*: 407 Proxy Authentication Required\. .*http:\/\/user:password@proxy:port/);
  }));

  it.each(["close", "established-then-close"] as const)("a tunnel the proxy closes (%s) fails well within the timeout", (connect) => withProxy({ connect }, async (proxy) => {
    const { result, elapsed } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url, CHATWOOT_TLS_INSECURE: "true", CHATWOOT_TIMEOUT_MS: "10000" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`the proxy at ${escape(proxy.url)} \\(HTTPS_PROXY\\) .*closed`));
    expect(elapsed).toBeLessThan(3000);
    console.log(`tunnel closed (${connect}) reported in ${elapsed} ms`);
  }));

  it("NO_PROXY sends it direct", () => withProxy({}, async (proxy) => {
    const { result } = await callOnce({ CHATWOOT_BASE_URL: base, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1", NODE_EXTRA_CA_CERTS: `${tlsDir}cert.pem` });
    expect(result.text).toContain("TLS agent");
    expect(proxy.requests).toHaveLength(0);
  }));
});

describe("CHATWOOT_TIMEOUT_MS bounds the whole call", () => {
  let chatwoot: FaultServer;
  beforeAll(async () => {
    chatwoot = await startFaultServer();
  });
  afterAll(() => chatwoot.close());

  it("a Chatwoot that answers 503 slowly: retries stop at the deadline", async () => {
    chatwoot.behave((_req, res) => void setTimeout(() => json(res, 503, { error: "busy" }), 500));
    const { result, elapsed } = await callOnce({ CHATWOOT_BASE_URL: chatwoot.url, CHATWOOT_TIMEOUT_MS: "1500", CHATWOOT_MAX_RETRIES: "5" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/HTTP 503|did not answer within 1500 ms/);
    expect(chatwoot.seen.length).toBeGreaterThanOrEqual(2);
    // with a fresh deadline per attempt this took six answers of 500 ms plus the waits
    expect(elapsed).toBeLessThan(2000);
    console.log(`slow 503 through the server, CHATWOOT_TIMEOUT_MS=1500: ${chatwoot.seen.length} attempts, ${elapsed} ms`);
  });
});

describe("self-hosted Chatwoot with a private certificate", () => {
  let https: Server;
  let base: string;
  beforeAll(async () => {
    https = createHttpsServer({ key: readFileSync(`${tlsDir}key.pem`), cert: readFileSync(`${tlsDir}cert.pem`) }, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('[{"id":1,"name":"TLS agent"}]');
    });
    base = `https://${await listen(https)}`;
  });
  afterAll(() => stop(https));

  it("refuses an untrusted certificate and says how to trust it", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: base, CHATWOOT_API_ACCESS_TOKEN: TOKEN, CHATWOOT_MAX_RETRIES: "0" });
    const result = await server.call("list_agents", { account_id: 1 });
    await server.close();
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/certificate[\s\S]*NODE_EXTRA_CA_CERTS/);
  });

  it("trusts the private CA given in NODE_EXTRA_CA_CERTS", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: base, CHATWOOT_API_ACCESS_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: `${tlsDir}cert.pem` });
    const result = await server.call("list_agents", { account_id: 1 });
    await server.close();
    expect(result.text).toContain("TLS agent");
  });

  it("CHATWOOT_TLS_INSECURE=true skips the check, with a warning on stderr at startup", async () => {
    const server = await spawnServer({ CHATWOOT_BASE_URL: base, CHATWOOT_API_ACCESS_TOKEN: TOKEN, CHATWOOT_TLS_INSECURE: "true" });
    const result = await server.call("list_agents", { account_id: 1 });
    await server.close();
    expect(result.text).toContain("TLS agent");
    expect(server.stderr()).toMatch(/WARNING: CHATWOOT_TLS_INSECURE=true/);
  });
});

describe("cancellation", () => {
  let chatwoot: FaultServer;
  beforeAll(async () => {
    chatwoot = await startFaultServer();
  });
  afterAll(() => chatwoot.close());

  it("a call cancelled by the client aborts its request to Chatwoot", async () => {
    chatwoot.behave(() => {}); // never answers
    const server = await spawnServer({ CHATWOOT_BASE_URL: chatwoot.url, CHATWOOT_API_ACCESS_TOKEN: TOKEN, CHATWOOT_PLATFORM_APP_TOKEN: "p" });
    try {
      const controller = new AbortController();
      const pending = server.client.callTool({ name: "list_agents", arguments: { account_id: 1 } }, undefined, { signal: controller.signal });
      await expect.poll(() => chatwoot.seen.length).toBe(1);
      controller.abort();
      await expect(pending).rejects.toThrow();
      await expect.poll(() => chatwoot.abandoned, { timeout: 3000 }).toBe(1);
      expect((await server.client.listTools()).tools).toHaveLength(allTools.length);
    } finally {
      await server.close();
    }
  });
});

describe("ids stay inside their path segment", () => {
  it.each([
    ["../1", "..%2F1"],
    ["1/../../platform", "1%2F..%2F..%2Fplatform"],
    ["1?x=1", "1%3Fx%3D1"],
    ["1#x", "1%23x"],
    ["%2e%2e", "%252e%252e"],
  ])("%s", async (id, encoded) => {
    backend.reset();
    const server = await spawnServer({ CHATWOOT_BASE_URL: backend.url });
    try {
      await server.call("public_get_contact", { inbox_identifier: id, contact_identifier: "c" });
      const dots = await server.call("public_get_contact", { inbox_identifier: "..", contact_identifier: "c" });
      expect(dots.text).toMatch(/is not a valid inbox_identifier/);
    } finally {
      await server.close();
    }
    expect(backend.requests.map((request) => request.path)).toEqual([`/public/api/v1/inboxes/${encoded}/contacts/c`]);
    expect(backend.requests[0]!.query).toBe("");
  });
});
