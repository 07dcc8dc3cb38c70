/**
 * Keeps a result inside the model's budget. A result over the budget is cut on JSON element
 * boundaries (whole array items first, then the tail of the longest strings) so it stays valid
 * JSON, and a note says what was cut and how to narrow the request. Never cut silently.
 */

/** A rough, deliberately low figure for JSON: better to cut a little early than to overflow. */
export const CHARS_PER_TOKEN = 3.5;
export const DEFAULT_MAX_RESULT_TOKENS = 20_000;

export interface Fitted {
  text: string;
  /** what was cut, for the model; absent when nothing was */
  note?: string;
  /** arrays that lost items: their path (`result.data.payload`) and the ids of the items left out, in order */
  omitted?: { path: string; ids: (number | string)[] }[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function fitToBudget(value: Json, maxTokens: number): Fitted {
  const maxChars = Math.floor(maxTokens * CHARS_PER_TOKEN);
  let text = JSON.stringify(value);
  if (text.length <= maxChars) return { text };

  const copy = JSON.parse(text) as Json;
  const cuts: string[] = [];
  // each cut array (live, in `copy`) with its items before the first cut: the ids left out follow
  const originals = new Map<string, { array: Json[]; before: Json[] }>();
  for (let round = 0; round < 100 && text.length > maxChars; round++) {
    const array = largest(copy, "result", (node) => Array.isArray(node) && node.length > 1);
    if (array) {
      const items = array.node as Json[];
      const total = items.length;
      const over = text.length - maxChars;
      const size = JSON.stringify(items).length;
      // drop whole items from the end: at least enough to cover the excess, on average
      const keep = Math.max(1, Math.min(total - 1, Math.floor(total * (1 - over / size)) - 1));
      if (!originals.has(array.path)) originals.set(array.path, { array: items, before: [...items] });
      items.length = keep;
      cuts.push(`${array.path} shows ${keep} of ${total} items`);
    } else {
      const string = largest(copy, "result", (node) => typeof node === "string" && node.length > 200);
      if (!string) break;
      const over = text.length - maxChars;
      const original = string.node as string;
      const keep = Math.max(100, original.length - over - 40);
      string.set(`${original.slice(0, keep)}…[cut ${original.length - keep} characters]`);
      cuts.push(`${string.path} is cut after ${keep} characters`);
    }
    text = JSON.stringify(copy);
  }
  const merged = mergeCuts(cuts);
  const omitted = [...originals].map(([path, { array, before }]) => ({ path, ids: idsOf(before.slice(array.length)) })).filter((entry) => entry.ids.length > 0);
  const named = omitted.map((entry) => ` ${entry.path} left out ids ${entry.ids.join(", ")}.`).join("");
  return {
    text,
    note: `Result cut to fit about ${maxTokens} tokens (CHATWOOT_MAX_RESULT_TOKENS): ${merged.join("; ")}.${named} ` +
      "To see the rest, fetch those items by id, or narrow the request (filters, a date range).",
    ...(omitted.length > 0 ? { omitted } : {}),
  };
}

interface Found {
  node: Json;
  path: string;
  set(value: Json): void;
}

/** The node matching `test` whose JSON is longest, with its path. */
function largest(root: Json, rootPath: string, test: (node: Json) => boolean): Found | undefined {
  let best: Found | undefined;
  let bestSize = -1;
  const visit = (node: Json, path: string, set: (value: Json) => void): void => {
    if (test(node)) {
      const size = JSON.stringify(node).length;
      if (size > bestSize) {
        best = { node, path, set };
        bestSize = size;
      }
    }
    if (Array.isArray(node)) node.forEach((child, index) => visit(child, `${path}[${index}]`, (value) => (node[index] = value)));
    else if (node && typeof node === "object") {
      for (const key of Object.keys(node)) visit(node[key]!, `${path}.${key}`, (value) => (node[key] = value));
    }
  };
  visit(root, rootPath, () => {});
  return best;
}

/** The ids of items that have one (`{id: ...}`), in order. */
function idsOf(items: Json[]): (number | string)[] {
  return items.map((item) => (item && typeof item === "object" && !Array.isArray(item) ? item.id : undefined))
    .filter((id): id is number | string => typeof id === "number" || typeof id === "string");
}

/** One entry per path: the last cut of an array is the one that stands. */
function mergeCuts(cuts: string[]): string[] {
  const byPath = new Map<string, string>();
  for (const cut of cuts) byPath.set(cut.split(" ")[0]!, cut);
  return [...byPath.values()];
}
