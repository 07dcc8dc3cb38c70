import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Which credential an operation sends in the `api_access_token` header. */
export type AuthScheme = "user" | "platform" | "none";

/** Where a tool input field goes on the wire, and under which name. */
export type FieldBinding = readonly ["path" | "query" | "body", string];

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
  /** "text" when Chatwoot answers with a page rather than JSON */
  responseType?: "json" | "text";
  /** the JSON Schema clients are shown: made from `input` by listing.ts when generated */
  inputSchema: Tool["inputSchema"];
  /** builds the zod schema that validates a call; built on first use, not at startup */
  input: () => z.ZodObject;
}
