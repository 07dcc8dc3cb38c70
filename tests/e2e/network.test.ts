// Networks people really have: a forward proxy, a private certificate authority, cancelled calls, hostile ids.
import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { spawnServer } from "../helpers/spawn-server.js";

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

/** A forward proxy on 127.0.0.1 that relays CONNECT tunnels and absolute-URI requests, and counts them. */
async function startProxy() {
  const counts = { relayed: 0 };
  const proxy = createHttpServer((req, res) => {
    counts.relayed++;
    const target = new URL(req.url!);
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on("connect", (req, socket, head) => {
    counts.relayed++;
    const [host, port] = req.url!.split(":");
    const upstream = connect(Number(port), host!, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  const address = await listen(proxy);
  return { url: `http://${address}`, counts, close: () => stop(proxy) };
}

describe("HTTP(S)_PROXY and NO_PROXY", () => {
  it("sends requests through the proxy, and straight when NO_PROXY matches", async () => {
    const proxy = await startProxy();
    const env = { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: TOKEN, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
    try {
      const proxied = await spawnServer({ ...env, NO_PROXY: "" });
      const result = await proxied.call("list_agents", { account_id: 1 });
      await proxied.close();
      expect(result.isError).toBeFalsy();
      expect(proxy.counts.relayed).toBeGreaterThan(0);
      expect(proxied.stderr()).toMatch(/using the proxy/);

      proxy.counts.relayed = 0;
      const direct = await spawnServer({ ...env, NO_PROXY: "127.0.0.1" });
      expect((await direct.call("list_agents", { account_id: 1 })).isError).toBeFalsy();
      await direct.close();
      expect(proxy.counts.relayed).toBe(0);
    } finally {
      await proxy.close();
    }
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
      expect((await server.client.listTools()).tools).toHaveLength(143);
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
