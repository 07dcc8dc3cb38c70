// requestScope (src/transports/http.ts): what one HTTP request gets. Its Chatwoot credentials
// replace the server's for that request only, and its X-MCP-* headers can narrow the server's
// offer but never widen it.
import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { selectTools, SelectionError, type SelectionOptions } from "../../src/core/tool-selection.js";
import * as catalogue from "../../src/tools/index.js";
import { buildRequest } from "../../src/core/request.js";
import { httpErrorResult } from "../../src/core/results.js";
import { RequestHeaderError, requestScope } from "../../src/transports/http.js";

const ENV = {
  CHATWOOT_BASE_URL: "https://chat.example.com",
  CHATWOOT_API_ACCESS_TOKEN: "env-api-token",
  CHATWOOT_ACCOUNT_ID: "3",
};

/** The server's own offer, chosen as src/server.ts does for --http (platform tools kept for requests with a token). */
function server(selection: Partial<SelectionOptions> = {}, env: Record<string, string> = ENV, discovery = false) {
  const config = loadConfig(env);
  const readOnly = selection.readOnly ?? false;
  const offer = selectTools({ ...catalogue, tools: catalogue.allTools }, { hasPlatformToken: true, ...selection });
  return { config, tools: offer.tools, discovery: discovery || offer.discovery, readOnly };
}

const DEFAULT = server();
const EVERYTHING = server({ toolsets: ["all"] });
const READ_ONLY = server({ toolsets: ["all"], readOnly: true });

const scope = (headers: IncomingHttpHeaders, options = DEFAULT) => requestScope({ headers }, options);
const names = (headers: IncomingHttpHeaders, options = DEFAULT) => scope(headers, options).tools.map((tool) => tool.name);
const offered = (options: typeof DEFAULT) => options.tools.map((tool) => tool.name);
/** the messages tools the default offer holds */
const DEFAULT_MESSAGES = offered(DEFAULT).filter((name) => catalogue.allTools.find((tool) => tool.name === name)!.toolset === "messages");
const isWrite = (name: string) => !catalogue.allTools.find((tool) => tool.name === name)!.annotations.readOnlyHint;

describe("requestScope: credentials", () => {
  it("uses the server's credentials when the request sends none", () => {
    const { config } = scope({});
    expect(config).toMatchObject({ baseUrl: "https://chat.example.com", apiAccessToken: "env-api-token", accountId: 3 });
    expect(config.platformAppToken).toBeUndefined();
  });

  it("puts the request's token, platform token and account id in place of the server's", () => {
    const { config } = scope({ "x-chatwoot-api-access-token": "req-api-token", "x-chatwoot-platform-app-token": "req-platform-token", "x-chatwoot-account-id": "12" });
    expect(config).toMatchObject({ apiAccessToken: "req-api-token", platformAppToken: "req-platform-token", accountId: 12, baseUrl: "https://chat.example.com" });
  });

  it("changes them for that request only: the server's config and the next request keep the server's", () => {
    scope({ "x-chatwoot-api-access-token": "req-api-token", "x-chatwoot-account-id": "12" });
    expect(DEFAULT.config).toMatchObject({ apiAccessToken: "env-api-token", accountId: 3 });
    expect(scope({}).config).toMatchObject({ apiAccessToken: "env-api-token", accountId: 3 });
  });

  it("never takes the base URL from a request", () => {
    const { config } = scope({ "x-chatwoot-base-url": "http://evil.example", "x-chatwoot-api-access-token": "req-api-token" });
    expect(config.baseUrl).toBe("https://chat.example.com");
  });

  it("treats an empty header as not sent", () => {
    expect(scope({ "x-chatwoot-api-access-token": "  ", "x-chatwoot-account-id": "" }).config).toMatchObject({ apiAccessToken: "env-api-token", accountId: 3 });
  });

  it("trims the header values", () => {
    expect(scope({ "x-chatwoot-api-access-token": " req-api-token ", "x-chatwoot-account-id": " 12 " }).config).toMatchObject({ apiAccessToken: "req-api-token", accountId: 12 });
  });

  it.each(["abc", "0", "-1", "1.5", "1e3", "0x10", "12 13", "12345678901234567"])("rejects X-Chatwoot-Account-Id: %s, naming the header", (value) => {
    expect(() => scope({ "x-chatwoot-account-id": value })).toThrow(/X-Chatwoot-Account-Id must be a positive whole number/);
  });

  it.each(["x-chatwoot-api-access-token", "x-chatwoot-platform-app-token"])("rejects a %s with whitespace inside, without echoing it", (name) => {
    let message = "";
    try {
      scope({ [name]: "first-half second-half" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.toLowerCase()).toContain(name);
    expect(message).not.toContain("half");
  });
});

describe("requestScope: X-MCP-* narrow, never widen", () => {
  it("offers the server's whole offer when the request asks nothing", () => {
    expect(names({})).toEqual(offered(DEFAULT));
    expect(scope({}).readOnly).toBe(false);
  });

  it("X-MCP-Toolsets picks toolsets out of the offer", () => {
    const picked = names({ "x-mcp-toolsets": "messages" });
    expect(picked).toEqual(DEFAULT_MESSAGES);
    expect(picked).toEqual(expect.arrayContaining(["list_messages", "create_message", "delete_message"]));
  });

  it("X-MCP-Toolsets naming a toolset the server does not offer adds nothing", () => {
    expect(names({ "x-mcp-toolsets": "reports" })).toEqual([]);
    expect(names({ "x-mcp-toolsets": "messages,reports,platform" })).toEqual(DEFAULT_MESSAGES);
  });

  it("X-MCP-Toolsets: all is the server's offer, no more", () => {
    expect(names({ "x-mcp-toolsets": "all" })).toEqual(offered(DEFAULT));
  });

  it("X-MCP-Toolsets with an unknown toolset is an error that lists the valid ones", () => {
    expect(() => scope({ "x-mcp-toolsets": "everything" })).toThrow(SelectionError);
  });

  it("X-MCP-Tools naming a tool the server does not offer does not add it", () => {
    for (const headers of [{ "x-mcp-tools": "get_report" }, { "x-mcp-toolsets": "messages", "x-mcp-tools": "get_report" }]) {
      let picked: string[] = [];
      try {
        picked = names(headers);
      } catch (error) {
        expect(error).toBeInstanceOf(RequestHeaderError); // refused outright: fine, it is not added either
      }
      expect(picked).not.toContain("get_report");
    }
  });

  it("X-MCP-Tools alone gives exactly those tools (not the default set with them)", () => {
    expect(names({ "x-mcp-tools": "get_conversation, list_agents" }).sort()).toEqual(["get_conversation", "list_agents"]);
    expect(names({ "x-mcp-tools": "get_report" }, EVERYTHING)).toEqual(["get_report"]);
  });

  it("X-MCP-Tools with X-MCP-Toolsets adds offered tools to the toolsets", () => {
    expect(names({ "x-mcp-toolsets": "messages", "x-mcp-tools": "list_agents" }).sort()).toEqual([...DEFAULT_MESSAGES, "list_agents"].sort());
  });

  it("X-MCP-Exclude-Tools takes tools away", () => {
    const picked = names({ "x-mcp-exclude-tools": "create_message,delete_message" });
    expect(picked).toEqual(offered(DEFAULT).filter((name) => name !== "create_message" && name !== "delete_message"));
  });

  it.each(["true", "TRUE", "1", "yes"])("X-MCP-Read-Only: %s leaves only tools that do not write", (value) => {
    const narrowed = scope({ "x-mcp-read-only": value }, EVERYTHING);
    expect(narrowed.readOnly).toBe(true);
    expect(narrowed.tools.length).toBeGreaterThan(10);
    expect(narrowed.tools.filter((tool) => !tool.annotations.readOnlyHint)).toEqual([]);
  });

  it.each(["false", "0", "no", "maybe"])("X-MCP-Read-Only: %s on a read-only server keeps it read-only", (value) => {
    const narrowed = scope({ "x-mcp-read-only": value }, READ_ONLY);
    expect(narrowed.readOnly).toBe(true);
    // everything the read-only server offers (platform tools need a platform token)
    expect(narrowed.tools.map((tool) => tool.name)).toEqual(offered(READ_ONLY).filter((name) => !name.startsWith("platform_")));
    expect(narrowed.tools.filter((tool) => !tool.annotations.readOnlyHint)).toEqual([]);
  });

  it("a read-only server gives no write tool to a request that names one", () => {
    for (const headers of [{ "x-mcp-tools": "create_message" }, { "x-mcp-toolsets": "messages", "x-mcp-tools": "create_message", "x-mcp-read-only": "false" }]) {
      let picked: string[] = [];
      try {
        picked = names(headers, READ_ONLY);
      } catch (error) {
        expect(error).toBeInstanceOf(RequestHeaderError);
      }
      expect(picked.filter(isWrite)).toEqual([]);
    }
  });

  it("offers the platform tools only to a request with a platform token (its own or the server's)", () => {
    const platform = (headers: IncomingHttpHeaders, options = EVERYTHING) => names(headers, options).filter((name) => name.startsWith("platform_"));
    expect(platform({})).toEqual([]);
    expect(platform({ "x-chatwoot-platform-app-token": "req-platform-token" }).length).toBeGreaterThan(5);
    const withServerToken = server({ toolsets: ["all"] }, { ...ENV, CHATWOOT_PLATFORM_APP_TOKEN: "env-platform-token" });
    expect(platform({}, withServerToken).length).toBeGreaterThan(5);
  });

  it("keeps discovery mode on whatever the request asks", () => {
    const discovering = server({ toolsets: ["discovery"] });
    expect(discovering.discovery).toBe(true);
    expect(scope({}, discovering).discovery).toBe(true);
    expect(scope({ "x-mcp-toolsets": "conversations" }, discovering).discovery).toBe(true);
  });

  it.each([
    {},
    { "x-mcp-toolsets": "all" },
    { "x-mcp-toolsets": "default,reports" },
    { "x-mcp-toolsets": "discovery" },
    { "x-mcp-toolsets": "public_client" },
    { "x-mcp-toolsets": "conversations", "x-mcp-tools": "list_agents", "x-mcp-read-only": "false" },
    { "x-mcp-exclude-tools": "list_agents" },
    { "x-chatwoot-platform-app-token": "req-platform-token", "x-mcp-toolsets": "all" },
  ])("never offers a tool outside the server's offer: %j", (headers) => {
    for (const options of [DEFAULT, server({ toolsets: ["conversations", "reports"] }), READ_ONLY]) {
      let narrowed;
      try {
        narrowed = scope(headers, options);
      } catch (error) {
        // a header naming a tool this server does not offer is refused (400): nothing added either
        expect(error).toBeInstanceOf(RequestHeaderError);
        continue;
      }
      expect(narrowed.tools.map((tool) => tool.name).filter((name) => !offered(options).includes(name))).toEqual([]);
      if (options.readOnly) expect(narrowed.readOnly).toBe(true);
    }
  });
});

describe("requestScope: errors name where the token came from", () => {
  it("a 401 for a header token names the header, not the server's variable", () => {
    const { config } = scope({ "x-chatwoot-api-access-token": "header-token" });
    const text = (httpErrorResult(catalogue.allTools.find((tool) => tool.name === "list_labels")!, { status: 401, statusText: "", contentType: "application/json", text: '{"error":"Invalid Access Token"}' }, config.tokenSources).content[0] as { text: string }).text;
    expect(text).toMatch(/Check the X-Chatwoot-Api-Access-Token header/);
    expect(text).not.toMatch(/Check CHATWOOT_API_ACCESS_TOKEN/);
  });
  it("a missing token points at the header as well as the variable", () => {
    const { config } = scope({}, server({}, { CHATWOOT_BASE_URL: "https://chat.example.com" }));
    expect(() => buildRequest(catalogue.allTools.find((tool) => tool.name === "list_labels")!, { account_id: 1 }, config)).toThrow(/send it as the X-Chatwoot-Api-Access-Token header \(or CHATWOOT_API_ACCESS_TOKEN/);
  });
});

describe("requestScope: X-MCP-Read-Only fails closed", () => {
  it.each([["true", true], ["ture", true], ["on", true], ["false", false], ["0", false], ["no", false]])("%s -> read-only %s", (value, expected) => {
    const { tools, readOnly } = scope({ "x-mcp-read-only": value }, EVERYTHING);
    expect(readOnly).toBe(expected);
    expect(tools.some((tool) => isWrite(tool.name))).toBe(!expected);
  });
  it("names the header as people write it in a whitespace error", () => {
    expect(() => scope({ "x-chatwoot-api-access-token": "a b" })).toThrow(/^X-Chatwoot-Api-Access-Token contains whitespace/);
  });
});
