import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { execute, TransportError } from "../../src/core/executor.js";
import { configureNetwork, networkFetch, noProxyMatches, proxyFor, readProxySettings } from "../../src/core/network.js";

describe("which proxy a request goes through (as curl decides)", () => {
  const target = (url: string) => new URL(url);

  it("HTTP_PROXY serves http:// targets and HTTPS_PROXY https:// targets, never the other", () => {
    const settings = readProxySettings({ HTTP_PROXY: "http://plain:3128", HTTPS_PROXY: "http://secure:3128" });
    expect(proxyFor(target("http://chat.example.com"), settings)?.shown).toBe("http://plain:3128");
    expect(proxyFor(target("https://chat.example.com"), settings)?.shown).toBe("http://secure:3128");
    expect(proxyFor(target("https://chat.example.com"), readProxySettings({ HTTP_PROXY: "http://plain:3128" }))).toBeUndefined();
    expect(proxyFor(target("http://chat.example.com"), readProxySettings({ HTTPS_PROXY: "http://secure:3128" }))).toBeUndefined();
  });

  it("lower-case variables win over upper-case; empty values count as unset", () => {
    const settings = readProxySettings({ https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2", http_proxy: " ", HTTP_PROXY: "http://upper:3", no_proxy: "", NO_PROXY: "example.com" });
    expect(settings.https).toMatchObject({ variable: "https_proxy", shown: "http://lower:1" });
    expect(settings.http).toMatchObject({ variable: "HTTP_PROXY", shown: "http://upper:3" });
    expect(settings.noProxy).toBe("example.com");
  });

  it("a proxy without a scheme is http://; credentials never show; other schemes are refused", () => {
    expect(readProxySettings({ HTTPS_PROXY: "proxy.local:3128" }).https?.shown).toBe("http://proxy.local:3128");
    const withCredentials = readProxySettings({ HTTPS_PROXY: "http://user:s%40cret@proxy.local:3128" }).https!;
    expect(withCredentials.shown).toBe("http://proxy.local:3128");
    expect(withCredentials.url?.password).toBe("s%40cret");
    expect(readProxySettings({ HTTPS_PROXY: "socks5://proxy.local:1080" }).https?.problem).toMatch(/HTTPS_PROXY uses socks5/);
  });

  it("NO_PROXY exempts matching hosts", () => {
    const settings = readProxySettings({ HTTPS_PROXY: "http://p:3128", NO_PROXY: "internal.example.com, 10.0.0.0/8" });
    expect(proxyFor(target("https://chat.internal.example.com"), settings)).toBeUndefined();
    expect(proxyFor(target("https://10.1.2.3"), settings)).toBeUndefined();
    expect(proxyFor(target("https://app.chatwoot.com"), settings)).toBeDefined();
  });
});

describe("NO_PROXY matching", () => {
  it.each([
    ["*", "anything.example.com", 443, true],
    ["example.com", "example.com", 443, true],
    ["example.com", "chat.example.com", 443, true],
    ["example.com", "badexample.com", 443, false],
    [".example.com", "example.com", 443, true],
    [".example.com", "chat.example.com", 443, true],
    ["*.example.com", "chat.example.com", 443, true],
    ["EXAMPLE.com", "Chat.Example.COM", 443, true],
    ["chat.example.com", "example.com", 443, false],
    ["a.test, b.test", "b.test", 80, true],
    ["a.test b.test", "b.test", 80, true],
    ["example.com:8443", "chat.example.com", 8443, true],
    ["example.com:8443", "chat.example.com", 443, false],
    ["127.0.0.1", "127.0.0.1", 8080, true],
    ["127.0.0.1:8080", "127.0.0.1", 8080, true],
    ["127.0.0.1:8080", "127.0.0.1", 9090, false],
    ["127.0.0.2", "127.0.0.1", 80, false],
    ["192.168.0.0/16", "192.168.4.5", 80, true],
    ["192.168.0.0/16", "192.169.4.5", 80, false],
    ["::1", "[::1]", 80, true],
    ["[::1]:8080", "[::1]", 8080, true],
    ["[::1]:8080", "[::1]", 80, false],
    ["example.com", "127.0.0.1", 80, false],
    ["", "example.com", 80, false],
  ] as const)("%j vs %s:%i -> %s", (noProxy, host, port, expected) => {
    expect(noProxyMatches(noProxy, host, port)).toBe(expected);
  });
});

describe("configureNetwork", () => {
  afterEach(() => configureNetwork({ tlsInsecure: false }, {}));

  it("changes nothing without a proxy or CHATWOOT_TLS_INSECURE: the global fetch stays", async () => {
    expect(await configureNetwork({ tlsInsecure: false, baseUrl: "https://chat.example.com" }, { NO_PROXY: "*" })).toEqual([]);
    expect(networkFetch()).toBeUndefined();
  });

  it("says where the base URL goes, and never prints the proxy's credentials", async () => {
    const notes = await configureNetwork({ tlsInsecure: false, baseUrl: "https://chat.example.com" }, { HTTPS_PROXY: "http://me:s3cret@proxy.local:3128", NO_PROXY: "internal" });
    expect(notes.join("\n")).toMatch(/https:\/\/ via http:\/\/proxy\.local:3128 \(HTTPS_PROXY\), NO_PROXY=internal; https:\/\/chat\.example\.com goes through http:\/\/proxy\.local:3128/);
    expect(notes.join("\n")).not.toMatch(/s3cret|me:/);
    const direct = await configureNetwork({ tlsInsecure: false, baseUrl: "http://chat.example.com" }, { HTTPS_PROXY: "http://proxy.local:3128" });
    expect(direct.join("\n")).toMatch(/http:\/\/chat\.example\.com goes direct \(no proxy is set for http:\/\/ targets\)/);
  });

  it("a proxy variable it cannot use fails the requests that need it, naming the variable", async () => {
    let reached = 0;
    const server = createServer((_req, res) => {
      reached++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const notes = await configureNetwork({ tlsInsecure: false }, { HTTP_PROXY: "socks5://127.0.0.1:1" });
      expect(notes.join("\n")).toMatch(/WARNING: HTTP_PROXY uses socks5/);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      const error = await execute({ method: "GET", url, accept: "application/json" }, { timeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).kind).toBe("proxy");
      expect((error as Error).message).toMatch(/HTTP_PROXY uses socks5/);
      expect(reached).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
