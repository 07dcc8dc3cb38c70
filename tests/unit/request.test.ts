import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/core/config.js";
import { buildRequest, RequestBuildError } from "../../src/core/request.js";
import { fakeTool } from "../helpers/tool.js";

const config = loadConfig({ CHATWOOT_BASE_URL: "https://chat.example.com/", CHATWOOT_API_ACCESS_TOKEN: "u-token", CHATWOOT_PLATFORM_APP_TOKEN: "p-token" });

describe("buildRequest", () => {
  it("joins the base URL and the path without doubling slashes", () => {
    const request = buildRequest(fakeTool(), { account_id: 3, thing_id: "42" }, config);
    expect(request.url).toBe("https://chat.example.com/api/v1/accounts/3/things/42");
    expect(request.token).toBe("u-token");
    expect(request.body).toBeUndefined();
  });

  it.each([
    ["../1", "..%2F1"],
    ["1/../../platform", "1%2F..%2F..%2Fplatform"],
    ["1?x=1", "1%3Fx%3D1"],
    ["1#x", "1%23x"],
    ["%2e%2e", "%252e%252e"],
    ["...", "..."],
  ])("keeps the id %s inside its path segment", (id, encoded) => {
    const request = buildRequest(fakeTool(), { account_id: 3, thing_id: id }, config);
    expect(request.url).toBe(`https://chat.example.com/api/v1/accounts/3/things/${encoded}`);
    expect(new URL(request.url).pathname).toBe(`/api/v1/accounts/3/things/${encoded}`);
  });

  it.each([".", ".."])("refuses the id %j, which no URL can keep as a segment", (id) => {
    expect(() => buildRequest(fakeTool(), { account_id: 3, thing_id: id }, config)).toThrow(/is not a valid thing_id/);
  });

  it("refuses a path value with a lone surrogate, naming the field", () => {
    expect(() => buildRequest(fakeTool(), { account_id: 3, thing_id: "ab\ud800" }, config)).toThrow(/thing_id contains a broken character/);
  });

  it("refuses a body too deep to serialise instead of blaming the network", () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const tool = fakeTool({ method: "POST", fields: { account_id: ["path", "account_id"], thing_id: ["path", "thing_id"], data: ["body", "data"] } });
    expect(() => buildRequest(tool, { account_id: 1, thing_id: "1", data: deep }, config)).toThrow(/cannot be sent as JSON/);
  });

  it("sends arrays as repeated Rails-style keys, scalars once, and fixed query values", () => {
    const tool = fakeTool({
      path: "/api/v1/accounts/{account_id}/things",
      fields: { account_id: ["path", "account_id"], labels: ["query", "labels[]"], page: ["query", "page"] },
      fixedQuery: { type: "agent" },
      input: () => z.strictObject({}),
    });
    const request = buildRequest(tool, { account_id: 1, labels: ["vip", "a b"], page: 2 }, config);
    expect(request.url).toBe("https://chat.example.com/api/v1/accounts/1/things?labels%5B%5D=vip&labels%5B%5D=a+b&page=2&type=agent");
  });

  it("puts body fields under their wire names", () => {
    const tool = fakeTool({
      method: "POST",
      path: "/api/v1/accounts/{account_id}/inbox_members",
      fields: { account_id: ["path", "account_id"], body_inbox_id: ["body", "inbox_id"], user_ids: ["body", "user_ids"] },
    });
    const request = buildRequest(tool, { account_id: 1, body_inbox_id: 5, user_ids: [1, 2] }, config);
    expect(JSON.parse(request.body as string)).toEqual({ inbox_id: 5, user_ids: [1, 2] });
  });

  it("uses CHATWOOT_ACCOUNT_ID for the account API only, never for the platform API", () => {
    const withAccount = loadConfig({ CHATWOOT_API_ACCESS_TOKEN: "u", CHATWOOT_PLATFORM_APP_TOKEN: "p", CHATWOOT_ACCOUNT_ID: "7" });
    expect(buildRequest(fakeTool(), { thing_id: "1" }, withAccount).url).toBe("https://app.chatwoot.com/api/v1/accounts/7/things/1");
    expect(buildRequest(fakeTool(), { account_id: 9, thing_id: "1" }, withAccount).url).toContain("/accounts/9/");
    const platform = fakeTool({ auth: "platform", path: "/platform/api/v1/accounts/{account_id}", fields: { account_id: ["path", "account_id"] } });
    expect(() => buildRequest(platform, {}, withAccount)).toThrow(/needs account_id\.$/);
  });

  it("names the missing token's variable and sends nothing for the public API", () => {
    const empty = loadConfig({});
    expect(() => buildRequest(fakeTool(), { account_id: 1, thing_id: "1" }, empty)).toThrow(RequestBuildError);
    expect(() => buildRequest(fakeTool(), { account_id: 1, thing_id: "1" }, empty)).toThrow(/CHATWOOT_API_ACCESS_TOKEN/);
    expect(() => buildRequest(fakeTool({ auth: "platform" }), { account_id: 1, thing_id: "1" }, empty)).toThrow(/CHATWOOT_PLATFORM_APP_TOKEN/);
    const publicTool = fakeTool({ auth: "none", path: "/public/api/v1/inboxes/{thing_id}", fields: { thing_id: ["path", "thing_id"] } });
    expect(buildRequest(publicTool, { thing_id: "abc" }, config).token).toBeUndefined();
  });

  it("does not send false where Chatwoot tests a parameter's presence (x-omit-false)", () => {
    const messages = fakeTool({ fields: { account_id: ["path", "account_id"], thing_id: ["path", "thing_id"], filter_internal_messages: ["query", "filter_internal_messages"] }, omitFalse: ["filter_internal_messages"] });
    expect(buildRequest(messages, { account_id: 1, thing_id: "2", filter_internal_messages: false }, config).url).not.toContain("?");
    expect(buildRequest(messages, { account_id: 1, thing_id: "2", filter_internal_messages: true }, config).url).toMatch(/\?filter_internal_messages=true$/);
  });
});
