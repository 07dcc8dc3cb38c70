import { describe, expect, it } from "vitest";
import type { HttpResponse } from "../../src/core/executor.js";
import { httpErrorResult, successResult } from "../../src/core/results.js";
import { fakeTool } from "../helpers/tool.js";

const response = (status: number, text: string, extra: Partial<HttpResponse> = {}): HttpResponse => ({
  status, statusText: "", contentType: "application/json", text, ...extra,
});
const textOf = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("successResult", () => {
  it("returns compact JSON", () => {
    const result = successResult(fakeTool(), response(200, '{\n  "id": 1,\n  "name": "x"\n}'));
    expect(textOf(result)).toBe('{"id":1,"name":"x"}');
    expect(result.isError).toBeUndefined();
  });
  it("says an empty body means success for a write (Chatwoot answers most deletes so)", () => {
    const remove = fakeTool({ method: "DELETE", annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } });
    expect(textOf(successResult(remove, response(200, "")))).toMatch(/"ok":true/);
    expect(textOf(successResult(remove, response(204, "")))).toMatch(/"status":204/);
  });
  it("treats an empty body as a fault for a read, which must return data", () => {
    const result = successResult(fakeTool(), response(200, ""));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/empty body where data was expected/);
  });
  it("refuses a non-JSON body with a hint about the base URL", () => {
    const result = successResult(fakeTool(), response(200, "<html><title>Sign in</title></html>", { contentType: "text/html" }));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTML page titled "Sign in".*CHATWOOT_BASE_URL/s);
  });
});

describe("httpErrorResult", () => {
  it("401 names the variable that holds the token", () => {
    const text = textOf(httpErrorResult(fakeTool(), response(401, '{"error":"Invalid Access Token"}')));
    expect(text).toContain("HTTP 401: Invalid Access Token");
    expect(text).toContain("CHATWOOT_API_ACCESS_TOKEN");
    expect(textOf(httpErrorResult(fakeTool({ auth: "platform" }), response(401, "")))).toContain("CHATWOOT_PLATFORM_APP_TOKEN");
  });
  it("404 names the tool that lists valid ids", () => {
    expect(textOf(httpErrorResult(fakeTool(), response(404, '{"error":"Resource could not be found"}')))).toMatch(/thing_id from list_things/);
  });
  it("401 from a bot token on a user-only route says to use a user token, not that the token is wrong", () => {
    const text = textOf(httpErrorResult(fakeTool({ name: "list_agents" }), response(401, '{"error":"Access to this endpoint is not authorized for bots"}')));
    expect(text).toContain("HTTP 401: Access to this endpoint is not authorized for bots");
    expect(text).toMatch(/Next: CHATWOOT_API_ACCESS_TOKEN holds an agent bot's token.*list_agents needs a user's access token/);
    expect(text).not.toMatch(/token was rejected/);
  });
  it("401 asking to sign in mentions a proxy dropping underscore headers", () => {
    const text = textOf(httpErrorResult(fakeTool(), response(401, '{"errors":["You need to sign in or sign up before continuing."]}')));
    expect(text).toMatch(/underscores_in_headers/);
    expect(text).toMatch(/Api-Access-Token/);
  });
  it("401 from Chatwoot's policy check names the missing role", () => {
    const text = textOf(httpErrorResult(fakeTool({ method: "POST" }), response(401, '{"error":"You are not authorized to do this action"}')));
    expect(text).toMatch(/administrator role/);
    expect(text).toMatch(/do not retry with the same token/);
  });
  it("404, 403 or 402 from an Enterprise-edition operation says this Chatwoot lacks the feature, not that the ids are wrong", () => {
    const enterprise = fakeTool({ name: "list_companies", edition: "enterprise" });
    for (const status of [404, 403, 402]) {
      const text = textOf(httpErrorResult(enterprise, response(status, status === 404 ? "<html><title>Not found</title></html>" : '{"error":"x"}', { contentType: status === 404 ? "text/html" : "application/json" })));
      expect(text).toMatch(/list_companies is a feature of Chatwoot's Enterprise edition/);
      expect(text).toMatch(/do not retry/);
    }
    expect(textOf(httpErrorResult(fakeTool(), response(404, "")))).not.toMatch(/Enterprise edition/);
  });
  it("402 says the plan or edition lacks the feature", () => {
    const text = textOf(httpErrorResult(fakeTool({ method: "POST" }), response(402, '{"error":"Email transcript is not available on your plan"}')));
    expect(text).toContain("not available on your plan");
    expect(text).toMatch(/plan, licence or edition does not allow this/);
  });
  it("422 names the fields Chatwoot's record validation lists", () => {
    const body = JSON.stringify({ message: "Email has already been taken", attributes: ["email"] });
    const text = textOf(httpErrorResult(fakeTool({ method: "POST" }), response(422, body)));
    expect(text).toContain("HTTP 422: Email has already been taken");
    expect(text).toContain("Next: Fix email as Chatwoot says above");
  });
  it("422 shows Chatwoot's validation messages", () => {
    const body = JSON.stringify({ message: "Validation failed", errors: [{ field: "email", message: "has already been taken" }] });
    const text = textOf(httpErrorResult(fakeTool({ method: "POST" }), response(422, body)));
    expect(text).toContain("Validation failed; email: has already been taken");
    expect(text).toMatch(/Next: Fix the values/);
  });
  it("429 passes on Retry-After", () => {
    expect(textOf(httpErrorResult(fakeTool(), response(429, "", { retryAfter: "12" })))).toContain("wait 12 seconds");
  });
  it("5xx on a write warns that the change may have landed", () => {
    expect(textOf(httpErrorResult(fakeTool({ method: "POST" }), response(502, "")))).toMatch(/may or may not have been made/);
  });
  it("an HTML error page is described, not dumped", () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${"x".repeat(5000)}</body></html>`;
    const text = textOf(httpErrorResult(fakeTool(), response(502, page, { contentType: "text/html" })));
    expect(text).toContain('an HTML page titled "502 Bad Gateway"');
    expect(text.length).toBeLessThan(500);
  });
});

describe("list results", () => {
  const lister = fakeTool({ name: "list_things", fields: { account_id: ["path", "account_id"], page: ["query", "page"] } });
  const notes = (result: { content: unknown[] }) => result.content.slice(1).map((part) => (part as { text: string }).text);

  it("a page cut by the budget names the left-out items before offering the next page", () => {
    const lister = fakeTool({ name: "list_things", fields: { page: ["query", "page"] }, paging: { style: "pages", perPage: 25, total: "data.meta.all_count" } });
    const payload = Array.from({ length: 25 }, (_, index) => ({ id: index + 1, text: "a very long conversation ".repeat(60) }));
    const result = successResult(lister, response(200, JSON.stringify({ data: { meta: { all_count: 28 }, payload } })), { maxResultTokens: 3000 });
    const shown = JSON.parse((result.content[0] as { text: string }).text).data.payload.map((item: { id: number }) => item.id);
    expect(shown.length).toBeLessThan(25);
    const leftOut = payload.map((item) => item.id).filter((id) => !shown.includes(id));
    const [pageNote, budgetNote] = notes(result);
    expect(pageNote).toBe(`This page's items with ids ${leftOut.join(", ")} were left out for size: fetch them by id, or narrow the request, before going on. Page 1: 25 items of 28 in all. For more, call list_things again with page: 2.`);
    expect(budgetNote).toContain(`result.data.payload left out ids ${leftOut.join(", ")}.`);
  });

  it("a result over the budget is cut with a note, never silently", () => {
    const body = JSON.stringify({ payload: Array.from({ length: 2000 }, (_, id) => ({ id, content: "a long customer message ".repeat(4) })) });
    const result = successResult(lister, response(200, body), { maxResultTokens: 1000 });
    expect(JSON.parse((result.content[0] as { text: string }).text).payload.length).toBeLessThan(2000);
    expect(notes(result).join()).toMatch(/Result cut to fit about 1000 tokens \(CHATWOOT_MAX_RESULT_TOKENS\): result\.payload shows \d+ of 2000 items/);
  });
});
