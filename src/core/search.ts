import type { ToolDefinition } from "./tool-definition.js";

/** Words people use -> words Chatwoot's operations use. Expanded at query time. */
const SYNONYMS: Record<string, string[]> = {
  close: ["resolve", "status"],
  closed: ["resolved", "status"],
  reopen: ["open", "status"],
  snooze: ["snoozed", "status"],
  pending: ["status"],
  note: ["private", "message"],
  internal: ["private"],
  reply: ["message", "create"],
  answer: ["message", "create"],
  send: ["create", "message"],
  write: ["create"],
  hand: ["assign"],
  handover: ["assign"],
  transfer: ["assign"],
  escalate: ["assign", "team"],
  customer: ["contact"],
  customers: ["contact"],
  client: ["contact"],
  person: ["contact"],
  user: ["agent", "profile"],
  teammate: ["agent"],
  colleague: ["agent"],
  staff: ["agent"],
  tag: ["label", "set"],
  tags: ["label"],
  me: ["profile"],
  myself: ["profile"],
  who: ["profile"],
  ticket: ["conversation"],
  tickets: ["conversation"],
  chat: ["conversation"],
  thread: ["conversation", "message"],
  history: ["message", "list"],
  find: ["search", "filter"],
  lookup: ["search"],
  show: ["get", "list"],
  read: ["list", "get"],
  fetch: ["get", "list"],
  remove: ["delete"],
  erase: ["delete"],
  change: ["update", "set"],
  edit: ["update"],
  rename: ["update"],
  urgent: ["priority"],
  priority: ["priority"],
  template: ["canned"],
  snippet: ["canned"],
  saved: ["canned", "filter"],
  macro: ["canned", "automation"],
  kb: ["help", "center", "article", "portal"],
  faq: ["help", "center", "article"],
  knowledge: ["help", "center", "article"],
  stats: ["report", "summary"],
  statistics: ["report"],
  metrics: ["report", "metric"],
  channel: ["inbox"],
  channels: ["inbox"],
  typing: ["typing"],
  count: ["count", "counts", "meta"],
  unassigned: ["assignee", "list"],
};

const STOPWORDS = new Set(["a", "an", "the", "to", "of", "for", "in", "on", "and", "or", "with", "by", "is", "it", "this", "that", "my", "our", "its", "be", "as", "at", "from", "please", "can", "how", "do", "i", "am"]);

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !STOPWORDS.has(word))
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("es") && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

export interface SearchFilters {
  toolset?: string;
  access?: "read" | "write";
  limit?: number;
}

interface Indexed {
  tool: ToolDefinition;
  weights: Map<string, number>;
  length: number;
  nameTokens: string[];
}

const ACTION_WORDS = new Set(["create", "update", "delete", "set", "add", "remove", "assign", "merge", "send", "reply", "close", "resolve", "reopen", "snooze", "invite", "write", "change", "edit", "tag", "mark", "start", "hand", "transfer", "toggle"].map(stem));
/** How much a query that names every word of a tool's name lifts that tool. */
const NAME_COVERAGE_BONUS = 3;
/** With no action word in the query, the person most likely wants to see things: lift list_ tools. */
const LIST_BONUS = 0.5;

const FIELD_WEIGHTS = { name: 3, title: 2, description: 1 } as const;

/** A small BM25 index over the operations' names, titles and descriptions. */
export function createSearchIndex(tools: readonly ToolDefinition[]) {
  const documents: Indexed[] = tools.map((tool) => {
    const weights = new Map<string, number>();
    let length = 0;
    for (const [field, weight] of Object.entries(FIELD_WEIGHTS)) {
      for (const token of tokenize(tool[field as keyof typeof FIELD_WEIGHTS])) {
        weights.set(token, (weights.get(token) ?? 0) + weight);
        length += weight;
      }
    }
    return { tool, weights, length, nameTokens: tokenize(tool.name) };
  });
  const averageLength = documents.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, documents.length);
  const frequency = new Map<string, number>();
  for (const doc of documents) for (const token of doc.weights.keys()) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const idf = (token: string) => Math.log(1 + (documents.length - (frequency.get(token) ?? 0) + 0.5) / ((frequency.get(token) ?? 0) + 0.5));

  return {
    search(query: string, filters: SearchFilters = {}): { tool: ToolDefinition; score: number }[] {
      const words = tokenize(query);
      const terms = new Map<string, number>();
      for (const word of words) terms.set(word, (terms.get(word) ?? 0) + 1);
      for (const word of query.toLowerCase().split(/[^a-z0-9]+/)) {
        for (const synonym of SYNONYMS[word] ?? []) {
          const token = stem(synonym);
          if (!terms.has(token)) terms.set(token, 0.6);
        }
      }
      const asksForAction = words.some((word) => ACTION_WORDS.has(word));
      const k1 = 1.2;
      const b = 0.75;
      return documents
        .filter((doc) => (!filters.toolset || doc.tool.toolset === filters.toolset) &&
          (!filters.access || (filters.access === "read") === doc.tool.annotations.readOnlyHint))
        .map((doc) => {
          let score = 0;
          for (const [term, queryWeight] of terms) {
            const tf = doc.weights.get(term);
            if (!tf) continue;
            score += queryWeight * idf(term) * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.length) / averageLength)));
          }
          if (score > 0) {
            const covered = doc.nameTokens.filter((token) => terms.has(token)).length;
            score += NAME_COVERAGE_BONUS * (covered / doc.nameTokens.length) ** 2;
            if (!asksForAction && doc.nameTokens[0] === "list") score += LIST_BONUS;
          }
          return { tool: doc.tool, score };
        })
        .filter((hit) => hit.score > 0 || words.length === 0)
        .sort((a, c) => c.score - a.score)
        .slice(0, filters.limit ?? 8);
    },
  };
}
