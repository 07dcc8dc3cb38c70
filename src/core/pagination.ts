import type { Paging, ToolDefinition, TotalCount } from "./tool-definition.js";

/**
 * For list results: which part of the list this is and how to get the rest, as the tool's
 * `paging` (spec/ `x-paging`, taken from the Chatwoot controller or finder) says the route pages.
 * Never offers a page where the route has none, and never says "no more pages" unless a total
 * count or a short page proves it. Returns undefined when the result is not a list.
 */
export function paginationNote(tool: ToolDefinition, args: Record<string, unknown>, value: unknown): string | undefined {
  const items = mainListOf(value)?.items;
  const paging: Paging | undefined = tool.paging ?? ("page" in tool.fields ? { style: "pages" } : undefined);
  if (!items || !paging) return undefined;
  switch (paging.style) {
    case "pages":
      return pagesNote(tool, paging, typeof args.page === "number" ? args.page : 1, items.length, paging.total ? countAt(value, totalPath(paging.total, args)) : undefined);
    case "cursor":
      return cursorNote(tool, items, paging.perPage);
    case "all":
      return `All ${count(items.length)}: this list has no pages.`;
    case "capped": {
      if (items.length < paging.limit) return `All ${count(items.length, "matching item")}.`;
      const narrow = paging.narrow?.length ? ` To reach others, narrow with ${paging.narrow.join(", ")}.` : "";
      return `${items.length} items: Chatwoot returns at most ${paging.limit} here and has no further pages.${narrow}`;
    }
  }
}

function pagesNote(tool: ToolDefinition, paging: { perPage?: number }, page: number, count: number, total: number | undefined): string {
  const items = (n: number) => `${n} item${n === 1 ? "" : "s"}`;
  const of = total !== undefined ? ` of ${total} in all` : "";
  const next = `For more, call ${tool.name} again with page: ${page + 1}`;
  if (count === 0) return page > 1 ? `Page ${page}: no items${of}; there are no more pages.` : `No items${of}.`;
  if (total !== undefined) {
    const seen = paging.perPage !== undefined ? (page - 1) * paging.perPage + count : undefined;
    if (page === 1 && count >= total) return `All ${items(total)}; there are no more pages.`;
    if (seen !== undefined && seen >= total) return `Page ${page}: ${items(count)}${of}; this is the last page.`;
    return `Page ${page}: ${items(count)}${of}. ${next}.`;
  }
  if (paging.perPage !== undefined) {
    return count < paging.perPage
      ? `Page ${page}: ${items(count)}; this is the last page.`
      : `Page ${page}: ${items(count)} (a full page of ${paging.perPage}). ${next}; an empty page means there are no more.`;
  }
  return `Page ${page}: ${items(count)}. ${next} (an empty page means there are no more).`;
}

function cursorNote(tool: ToolDefinition, items: unknown[], perPage: number | undefined): string | undefined {
  const ids = items.map((item) => (item as { id?: unknown })?.id).filter((id): id is number => typeof id === "number");
  if (ids.length === 0) return items.length === 0 ? "No items." : undefined;
  const oldest = Math.min(...ids);
  const range = `${items.length} items, ids ${oldest} to ${Math.max(...ids)}`;
  if (perPage !== undefined && items.length < perPage) return `${range}; there are no older ones.`;
  return `${range}. For older ones, call ${tool.name} again with before: ${oldest}.`;
}

function count(n: number, noun = "item"): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The list a result is about, and its path as the result budget names it: the value itself, its payload, or data.payload. */
export function mainListOf(value: unknown): { items: unknown[]; path: string } | undefined {
  if (Array.isArray(value)) return { items: value, path: "result" };
  const record = value as { payload?: unknown; data?: { payload?: unknown } } | null;
  if (Array.isArray(record?.payload)) return { items: record.payload, path: "result.payload" };
  if (Array.isArray(record?.data?.payload)) return { items: record.data.payload, path: "result.data.payload" };
  return undefined;
}

function totalPath(total: TotalCount, args: Record<string, unknown>): string {
  if (typeof total === "string") return total;
  const chosen = args[total.by];
  return total.paths[typeof chosen === "string" ? chosen : total.default] ?? total.paths[total.default]!;
}

/** The number at a dotted path of the response (`meta.count`), when there is one. */
function countAt(value: unknown, path: string): number | undefined {
  let current: unknown = value;
  for (const key of path.split(".")) current = (current as Record<string, unknown> | null | undefined)?.[key];
  return typeof current === "number" ? current : undefined;
}
