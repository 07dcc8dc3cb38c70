import { describe, expect, it } from "vitest";
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, loadConfig } from "../../src/core/config.js";

describe("loadConfig", () => {
  it("defaults to Chatwoot Cloud and 30 s", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ baseUrl: DEFAULT_BASE_URL, timeoutMs: DEFAULT_TIMEOUT_MS, problems: [] });
    expect(config.apiAccessToken).toBeUndefined();
  });

  it.each([
    ["https://chat.example.com", "https://chat.example.com"],
    ["https://chat.example.com/", "https://chat.example.com"],
    ["https://example.com/chatwoot/", "https://example.com/chatwoot"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
  ])("normalises the base URL %s", (raw, expected) => {
    expect(loadConfig({ CHATWOOT_BASE_URL: raw }).baseUrl).toBe(expected);
  });

  it.each([
    ["CHATWOOT_BASE_URL", "chat.example.com", /CHATWOOT_BASE_URL is not a valid URL/],
    ["CHATWOOT_BASE_URL", "ftp://chat.example.com", /CHATWOOT_BASE_URL must start with http/],
    ["CHATWOOT_ACCOUNT_ID", "abc", /CHATWOOT_ACCOUNT_ID must be a positive whole number/],
    ["CHATWOOT_ACCOUNT_ID", "-3", /CHATWOOT_ACCOUNT_ID/],
    ["CHATWOOT_API_ACCESS_TOKEN", "abc def", /CHATWOOT_API_ACCESS_TOKEN contains whitespace/],
    ["CHATWOOT_PLATFORM_APP_TOKEN", "abc\n", /CHATWOOT_PLATFORM_APP_TOKEN contains whitespace/],
    ["CHATWOOT_TIMEOUT_MS", "soon", /CHATWOOT_TIMEOUT_MS/],
  ])("reports a bad %s (%j) by name instead of throwing", (name, value, pattern) => {
    const config = loadConfig({ [name]: value });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]).toMatch(pattern);
    expect(config.problems[0]).not.toContain("abc def");
  });

  it("reads the account id and tokens", () => {
    const config = loadConfig({ CHATWOOT_ACCOUNT_ID: "12", CHATWOOT_API_ACCESS_TOKEN: "tok", CHATWOOT_TIMEOUT_MS: "500" });
    expect(config).toMatchObject({ accountId: 12, apiAccessToken: "tok", timeoutMs: 500, problems: [] });
  });
});

describe("CHATWOOT_READ_ONLY fails closed", () => {
  it("an unclear value means read-only, and is reported", () => {
    const config = loadConfig({ CHATWOOT_READ_ONLY: "flase" });
    expect(config.readOnly).toBe(true);
    expect(config.problems.join()).toMatch(/CHATWOOT_READ_ONLY must be true or false; got "flase"/);
    expect(loadConfig({ CHATWOOT_READ_ONLY: "no" }).readOnly).toBe(false);
  });
});
