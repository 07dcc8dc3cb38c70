import type { ToolDefinition } from "./tool-definition.js";

/**
 * For list results: which page this is and how to get the next. Driven by the tool's fields:
 * a `page` field means numbered pages, a `before` field means message-id cursors.
 */
export function paginationNote(tool: ToolDefinition, args: Record<string, unknown>, value: unknown): string | undefined {
  const items = mainList(value);
  if (!items) return undefined;
  if ("page" in tool.fields) {
    const page = typeof args.page === "number" ? args.page : 1;
    const total = totalCount(value);
    const of = total !== undefined ? ` of ${total} in all` : "";
    if (items.length === 0) return `Page ${page}: no items${of}; there are no more pages.`;
    if (total !== undefined && page === 1 && items.length >= total) return `Page 1: all ${total} items; there are no more pages.`;
    return `Page ${page}: ${items.length} items${of}. For more, call ${tool.name} again with page: ${page + 1} (an empty page means there are no more).`;
  }
  if ("before" in tool.fields && items.length > 0) {
    const ids = items.map((item) => (item as { id?: unknown })?.id).filter((id): id is number => typeof id === "number");
    if (ids.length === 0) return undefined;
    return `${items.length} items, ids ${Math.min(...ids)} to ${Math.max(...ids)}. For older ones, call ${tool.name} again with before: ${Math.min(...ids)}.`;
  }
  return undefined;
}

/** The list a result is about: the value itself, or its payload, or data.payload. */
function mainList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const record = value as { payload?: unknown; data?: { payload?: unknown } } | null;
  if (Array.isArray(record?.payload)) return record.payload;
  if (Array.isArray(record?.data?.payload)) return record.data.payload;
  return undefined;
}

function totalCount(value: unknown): number | undefined {
  const meta = (value as { meta?: Record<string, unknown>; data?: { meta?: Record<string, unknown> } } | null);
  const source = meta?.meta ?? meta?.data?.meta;
  for (const key of ["count", "all_count", "total_count", "total"]) {
    if (typeof source?.[key] === "number") return source[key] as number;
  }
  return undefined;
}
