import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { ViewMap } from "./compact.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Which credential an operation sends in the `api_access_token` header. */
export type AuthScheme = "user" | "platform" | "none";

/**
 * How a list is paged (spec/README.md, `x-paging`): numbered pages of `perPage` items with the
 * count of all matches at the dotted response path `total`; message-id cursors; everything at
 * once; or at most `limit` items with no pages, narrowed by the `narrow` fields.
 */
export type Paging =
  | { style: "pages"; perPage?: number; total?: TotalCount }
  | { style: "cursor"; perPage?: number }
  | { style: "all" }
  | { style: "capped"; limit: number; narrow?: string[] };

/**
 * Where a paged answer holds the count of all matches: one dotted path (`meta.count`), or one per
 * value of an argument where the route counts several sets at once (list_conversations counts
 * mine, unassigned, assigned and all in one answer; `assignee_type` picks which is the total).
 */
export type TotalCount = string | { by: string; default: string; paths: Record<string, string> };

/**
 * What Chatwoot takes in a file field (spec: a `format: binary` body property, with `x-max-bytes`
 * and `x-content-types`): the largest file in bytes, the accepted types (any when absent), and
 * whether the field takes a list of files.
 */
export interface FileRules {
  maxBytes: number;
  contentTypes?: readonly string[];
  multiple?: boolean;
}

/** Where a tool input field goes on the wire, and under which name; "local" fields are read by this server and never sent (spec `x-local`). */
export type FieldBinding = readonly ["path" | "query" | "body" | "local", string];

/**
 * spec `x-view-file`: the operation lists files; the tool returns the one whose id is in the
 * local field `id`, fetched from the item's `url` property (or `thumb` when the file is larger
 * than `maxBytes`) and shown as an image (src/core/attachment-view.ts).
 */
export interface ViewFile {
  /** the response property holding the list */
  list: string;
  /** the tool field holding the wanted item's id */
  id: string;
  url: string;
  thumb?: string;
  maxBytes: number;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * One Chatwoot operation as an MCP tool. Generated from spec/ into src/tools/; the single
 * source for registration, the HTTP executor, error hints and the docs catalogue.
 */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  toolset: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/v1/accounts/{account_id}/contacts/{contact_id} */
  path: string;
  auth: AuthScheme;
  /** true when an agent-bot token is accepted as well as a user token */
  agentBot?: boolean;
  annotations: ToolAnnotations;
  /** tool input field -> where it is sent */
  fields: Record<string, FieldBinding>;
  /** query parameters always sent with a fixed value (hidden from the tool input) */
  fixedQuery?: Record<string, string>;
  /** path parameter -> the tool that lists valid values, for "not found" hints */
  idSources?: Record<string, string>;
  /** fields whose `false` is not sent: Chatwoot tests their presence (spec/ `x-omit-false`) */
  omitFalse?: readonly string[];
  /** how Chatwoot pages the list this operation answers with (spec/ `x-paging`) */
  paging?: Paging;
  /** filter payload field -> standard attribute key -> operators Chatwoot allows on it (spec/ `x-filter-operators`, from Chatwoot's lib/filters/filter_keys.yml) */
  filterOperators?: Record<string, Record<string, readonly string[]>>;
  /**
   * file fields (spec: `multipart/form-data` bodies): when one is given, the body goes as a
   * multipart upload with the files' bytes; otherwise as JSON
   */
  files?: Record<string, FileRules>;
  /** the answer is one file of the listed ones, shown to the model (spec `x-view-file`) */
  viewFile?: ViewFile;
  /** Chatwoot runs the change as a background job on the ids in field `ids`; `check` reads one back (spec `x-queued`) */
  queued?: { ids: string; check: string };
  /** the tool exists to issue a credential, so its answer's tokens are shown (spec `x-reveals-secrets`; src/core/secrets.ts hides them elsewhere) */
  revealsSecrets?: boolean;
  /** only Chatwoot's Enterprise edition serves it (spec `x-edition`): a 404 or 403 says so */
  edition?: "enterprise";
  /**
   * compact views (spec `x-view`): response path (`$` for the whole answer) -> the shape of
   * src/core/compact.ts applied there, unless the call asks for `view: "full"`
   */
  view?: ViewMap;
  /** at least one of these fields must be given (spec `x-required-any`) */
  requiredAny?: readonly string[];
  /** "text" when Chatwoot answers with a page or a CSV file rather than JSON */
  responseType?: "json" | "text";
  /** the media type of a text answer: text/html, text/csv */
  responseMediaType?: string;
  /** the JSON Schema clients are shown: made from `input` by listing.ts when generated */
  inputSchema: Tool["inputSchema"];
  /** builds the zod schema that validates a call; built on first use, not at startup */
  input: () => z.ZodObject;
}
