import ky, { TimeoutError } from "ky";
import type { HttpRequest } from "./request.js";

/** Largest response body read into memory; anything larger is refused, not truncated silently. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface HttpResponse {
  status: number;
  statusText: string;
  contentType: string;
  retryAfter?: string;
  text: string;
}

/** Why no usable HTTP response came back. Messages never contain headers or tokens. */
export class TransportError extends Error {
  constructor(
    readonly kind: "timeout" | "aborted" | "network" | "too_large",
    message: string,
  ) {
    super(message);
  }
}

export interface ExecuteOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The one HTTP executor: sends a built request to Chatwoot and reads the whole answer. */
export async function execute(request: HttpRequest, options: ExecuteOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.token !== undefined) headers["api_access_token"] = request.token;
  let response: Response;
  try {
    response = await ky(request.url, {
      method: request.method,
      headers,
      json: request.body,
      timeout: options.timeoutMs,
      signal: options.signal,
      retry: 0,
      throwHttpErrors: false,
    });
  } catch (error) {
    throw toTransportError(error, options);
  }
  const text = await readLimited(response, options);
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get("content-type") ?? "",
    retryAfter: response.headers.get("retry-after") ?? undefined,
    text,
  };
}

async function readLimited(response: Response, options: ExecuteOptions): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_RESPONSE_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    throw toTransportError(error, options);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(): TransportError {
  return new TransportError(
    "too_large",
    `Chatwoot's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB. Narrow the request (filters, a smaller page, a date range) and call again.`,
  );
}

function toTransportError(error: unknown, options: ExecuteOptions): TransportError {
  if (error instanceof TransportError) return error;
  if (error instanceof TimeoutError) {
    return new TransportError("timeout", `Chatwoot did not answer within ${options.timeoutMs} ms (CHATWOOT_TIMEOUT_MS).`);
  }
  if (options.signal?.aborted) return new TransportError("aborted", "The call was cancelled by the client before Chatwoot answered.");
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new TransportError("network", `Could not reach Chatwoot (${detail}).`);
}
