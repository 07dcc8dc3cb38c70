import { describe, expect, it } from "vitest";
import { paginationNote } from "../../src/core/pagination.js";
import type { Paging } from "../../src/core/tool-definition.js";
import { fakeTool } from "../helpers/tool.js";

const items = (count: number, from = 1) => Array.from({ length: count }, (_, index) => ({ id: from + index }));
const lister = (paging: Paging | undefined, fields: Record<string, readonly ["query", string]> = { page: ["query", "page"] }) =>
  fakeTool({ name: "list_things", paging, fields: { account_id: ["path", "account_id"], ...fields } });

describe("paging notes follow how the route pages (x-paging)", () => {
  const cases: [string, Paging | undefined, Record<string, unknown>, unknown, string | undefined][] = [
    ["a total that says more remain", { style: "pages", perPage: 25, total: "data.meta.all_count" }, { page: 2 },
      { data: { meta: { all_count: 60 }, payload: items(25) } }, "Page 2: 25 items of 60 in all. For more, call list_things again with page: 3."],
    ["a total reached on the last page", { style: "pages", perPage: 25, total: "data.meta.all_count" }, { page: 3 },
      { data: { meta: { all_count: 60 }, payload: items(10) } }, "Page 3: 10 items of 60 in all; this is the last page."],
    ["everything on page 1", { style: "pages", perPage: 15, total: "meta.count" }, {},
      { meta: { count: 2 }, payload: items(2) }, "All 2 items; there are no more pages."],
    // a count that is not a total (a search page) is not declared, so a full page never claims to be the last
    ["a full page without a total", { style: "pages", perPage: 15 }, {},
      { meta: { count: 15 }, payload: items(15) }, "Page 1: 15 items (a full page of 15). For more, call list_things again with page: 2; an empty page means there are no more."],
    ["a short page without a total", { style: "pages", perPage: 15 }, { page: 2 },
      { payload: items(4) }, "Page 2: 4 items; this is the last page."],
    ["an empty later page", { style: "pages", perPage: 15 }, { page: 4 }, [], "Page 4: no items; there are no more pages."],
    ["a route that returns everything offers no page", { style: "all" }, {}, items(12), "All 12 items: this list has no pages."],
    ["a capped route says how to narrow", { style: "capped", limit: 15, narrow: ["q"] }, {},
      { payload: items(15) }, "15 items: Chatwoot returns at most 15 here and has no further pages. To reach others, narrow with q."],
    ["a capped route under its cap", { style: "capped", limit: 15 }, {}, { payload: items(3) }, "All 3 matching items."],
    ["not a list", { style: "pages", perPage: 25 }, {}, { id: 1 }, undefined],
  ];
  it.each(cases)("%s", (_name, paging, args, value, expected) => {
    expect(paginationNote(lister(paging), args, value)).toBe(expected);
  });

  it("message cursors point at older messages until a short answer shows there are none", () => {
    const messages = lister({ style: "cursor", perPage: 20 }, { before: ["query", "before"] });
    expect(paginationNote(messages, {}, { payload: items(20, 40) })).toBe("20 items, ids 40 to 59. For older ones, call list_things again with before: 40.");
    expect(paginationNote(messages, { before: 40 }, { payload: items(3, 2) })).toBe("3 items, ids 2 to 4; there are no older ones.");
  });
});

describe("a total picked by an argument", () => {
  it("list_conversations takes the count of the assignee set it lists", () => {
    const tool = lister({ style: "pages", perPage: 25, total: { by: "assignee_type", default: "all", paths: { me: "data.meta.mine_count", all: "data.meta.all_count" } } });
    const value = { data: { meta: { mine_count: 3, all_count: 80 }, payload: items(3) } };
    expect(paginationNote(tool, { assignee_type: "me" }, value)).toBe("All 3 items; there are no more pages.");
    expect(paginationNote(tool, {}, { data: { meta: { mine_count: 3, all_count: 80 }, payload: items(25) } })).toBe("Page 1: 25 items of 80 in all. For more, call list_things again with page: 2.");
  });
});
