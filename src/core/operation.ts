import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Config } from "./config.js";
import { execute, TransportError } from "./executor.js";
import { listedTool } from "./listing.js";
import { dropUnmeaningfulNulls, keepLoneNulls } from "./nulls.js";
import { viewFileResult } from "./attachment-view.js";
import { FileSourceError } from "./file-source.js";
import { sentFilesNote, withUploads } from "./multipart.js";
import { buildRequest, missingTokenMessage, RequestBuildError } from "./request.js";
import { errorResult, httpErrorResult, successResult } from "./results.js";
import type { ToolDefinition } from "./tool-definition.js";
import { filterOperatorProblems, formatValidationError, parseJsonStrings, structuredFields } from "./validation.js";

/** A Chatwoot operation ready to serve: its listed definition, computed once; its validator, built on first call. */
export interface Operation {
  definition: ToolDefinition;
  readonly input: z.ZodObject;
  listed: Tool;
  /** top-level fields that take an object or an array */
  structured: Map<string, "object" | "array">;
}

// An operation depends on the configuration only through whether an account id is set, so each
// is prepared at most twice per process: an HTTP server builds a server for every request.
const prepared = new WeakMap<ToolDefinition, { withAccount?: Operation; withoutAccount?: Operation }>();

/** The operation for a tool under a configuration: computed once per tool and account-id setting, then shared. */
export function prepareOperation(definition: ToolDefinition, config: Config): Operation {
  const accountDefault = config.accountId !== undefined && definition.auth === "user" && "account_id" in definition.fields;
  let cache = prepared.get(definition);
  if (!cache) prepared.set(definition, (cache = {}));
  const key = accountDefault ? "withAccount" : "withoutAccount";
  return (cache[key] ??= buildOperation(definition, accountDefault));
}

function buildOperation(definition: ToolDefinition, accountDefault: boolean): Operation {
  const listed = listedTool(definition, accountDefault ? withoutAccountId(definition.inputSchema) : definition.inputSchema);
  let input: z.ZodObject | undefined;
  return {
    definition,
    listed,
    structured: structuredFields(listed.inputSchema),
    get input() {
      return (input ??= accountDefault ? optionalAccountId(definition.input()) : definition.input());
    },
  };
}

/** The one call path: validate, build the request, send it, shape the answer or the failure. */
export async function callOperation(operation: Operation, rawArgs: unknown, config: Config, signal?: AbortSignal): Promise<CallToolResult> {
  const { definition } = operation;
  const input = dropUnmeaningfulNulls(parseJsonStrings(rawArgs, operation.structured), operation.input);
  const parsed = operation.input.safeParse(input);
  if (!parsed.success) {
    // a missing token is told at once too, so the person fixing the setup restarts only once
    const token = missingTokenMessage(definition, config);
    return errorResult(formatValidationError(definition.name, parsed.error, operation.structured, config.accountIdSource, input) + (token ? `\nAlso: ${token}` : ""));
  }
  const filterProblem = filterOperatorProblems(definition, parsed.data);
  if (filterProblem) return errorResult(filterProblem);
  if (config.problems.length > 0) {
    return errorResult(`The server's configuration has problems; fix them in its environment and restart it:\n- ${config.problems.join("\n- ")}`);
  }
  const { args, dropped } = keepLoneNulls(parsed.data, definition.fields);
  try {
    const started = Date.now();
    const built = buildRequest(definition, args, config);
    const { request, sent } = built.uploads ? await withUploads(built, config, signal) : { request: built, sent: [] };
    // one deadline for the whole call: time spent reading files comes out of the request's share
    const timeoutMs = built.uploads ? config.timeoutMs - (Date.now() - started) : config.timeoutMs;
    if (timeoutMs <= 0) return errorResult(`${definition.name}: reading the files took all of CHATWOOT_TIMEOUT_MS (${config.timeoutMs} ms). Nothing was sent; send smaller files, or raise CHATWOOT_TIMEOUT_MS.`);
    const response = await execute(request, { timeoutMs, signal, retry: { retries: config.maxRetries } });
    if (definition.viewFile && response.status >= 200 && response.status < 300) {
      return await viewFileResult({ ...definition, viewFile: definition.viewFile }, response, args, config, signal);
    }
    return response.status >= 200 && response.status < 300
      ? [sentFilesNote(sent), queuedNote(definition, args), droppedNullsNote(dropped)].reduce(withNote, successResult(definition, response, { args, maxResultTokens: config.maxResultTokens }))
      : httpErrorResult(definition, response, config.tokenSources);
  } catch (error) {
    if (error instanceof RequestBuildError || error instanceof TransportError) return errorResult(error.message);
    if (error instanceof FileSourceError) return errorResult(`${definition.name}: ${error.message} Nothing was sent.`);
    return errorResult(`${definition.name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What a background job was asked to do, since Chatwoot's answer does not say (spec `x-queued`). */
function queuedNote(definition: ToolDefinition, args: Record<string, unknown>): string | undefined {
  if (!definition.queued) return undefined;
  const ids = args[definition.queued.ids];
  if (!Array.isArray(ids)) return undefined;
  const shown = ids.length > 20 ? `${ids.slice(0, 20).join(", ")}, ...` : ids.join(", ");
  return `Chatwoot queued this for ${ids.length} item${ids.length === 1 ? "" : "s"} (${shown}) and applies it in the background; its answer does not say what changed. Ids you cannot see are skipped. To confirm, read them back with ${definition.queued.check} in a few seconds.`;
}

function droppedNullsNote(dropped: string[]): string | undefined {
  if (dropped.length === 0) return undefined;
  const fields = dropped.map((name) => `${name}: null`).join(", ");
  return `Not sent: ${fields}, because other fields were given (a null sent with other values is taken as "not given"). To clear ${dropped.length > 1 ? "them" : "it"}, call again with only ${fields}.`;
}

function withNote(result: CallToolResult, note: string | undefined): CallToolResult {
  return note ? { ...result, content: [...result.content, { type: "text", text: note }] } : result;
}

/*
 * With CHATWOOT_ACCOUNT_ID set, account API tools do not list account_id (it costs tokens on
 * every tool) but still accept it, to reach another account.
 */
function withoutAccountId(schema: Tool["inputSchema"]): Tool["inputSchema"] {
  const { account_id: _hidden, ...properties } = schema.properties ?? {};
  const required = (schema.required ?? []).filter((name) => name !== "account_id");
  return { ...schema, properties, ...(schema.required ? { required } : {}) };
}

function optionalAccountId(input: z.ZodObject): z.ZodObject {
  return input.extend({ account_id: (input.shape["account_id"] as z.ZodType).optional() });
}
