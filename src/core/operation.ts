import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Config } from "./config.js";
import { execute, TransportError } from "./executor.js";
import { listedTool } from "./listing.js";
import { buildRequest, RequestBuildError } from "./request.js";
import { errorResult, httpErrorResult, successResult } from "./results.js";
import type { ToolDefinition } from "./tool-definition.js";
import { formatValidationError, parseJsonStrings, structuredFields } from "./validation.js";

/** A Chatwoot operation ready to serve: its validator, its listed definition, computed once. */
export interface Operation {
  definition: ToolDefinition;
  input: z.ZodObject;
  listed: Tool;
  /** top-level fields that take an object or an array */
  structured: Map<string, "object" | "array">;
}

export function prepareOperation(definition: ToolDefinition, config: Config): Operation {
  const { input, shown } = effectiveInput(definition, config);
  const listed = listedTool(definition, shown);
  return { definition, input, listed, structured: structuredFields(listed.inputSchema) };
}

/** The one call path: validate, build the request, send it, shape the answer or the failure. */
export async function callOperation(operation: Operation, rawArgs: unknown, config: Config, signal?: AbortSignal): Promise<CallToolResult> {
  const { definition } = operation;
  const parsed = operation.input.safeParse(parseJsonStrings(rawArgs, operation.structured));
  if (!parsed.success) return errorResult(formatValidationError(definition.name, parsed.error, operation.structured));
  if (config.problems.length > 0) {
    return errorResult(`The server's configuration has problems; fix them in its environment and restart it:\n- ${config.problems.join("\n- ")}`);
  }
  try {
    const request = buildRequest(definition, parsed.data, config);
    const response = await execute(request, { timeoutMs: config.timeoutMs, signal, retry: { retries: config.maxRetries } });
    return response.status >= 200 && response.status < 300
      ? successResult(definition, response, { args: parsed.data, maxResultTokens: config.maxResultTokens })
      : httpErrorResult(definition, response);
  } catch (error) {
    if (error instanceof RequestBuildError || error instanceof TransportError) return errorResult(error.message);
    return errorResult(`${definition.name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * With CHATWOOT_ACCOUNT_ID set, account API tools do not list account_id (it costs tokens on
 * every tool) but still accept it, to reach another account.
 */
function effectiveInput(definition: ToolDefinition, config: Config): { input: z.ZodObject; shown: z.ZodObject } {
  const accountField = definition.input.shape["account_id"];
  if (config.accountId === undefined || definition.auth !== "user" || !accountField) return { input: definition.input, shown: definition.input };
  return {
    input: definition.input.extend({ account_id: (accountField as z.ZodType).optional() }),
    shown: definition.input.omit({ account_id: true }),
  };
}
