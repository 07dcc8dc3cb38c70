import type { HttpRequest } from "./request.js";

// Loaded on the first call, not at startup: listing tools never needs it.
let kyModule: Promise<typeof import("ky")> | undefined;
const loadKy = () => (kyModule ??= import("ky"));

/** Largest response body read into memory; anything larger is refused, not truncated silently. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface HttpResponse {
  status: number;
  statusText: string;
  contentType: string;
  retryAfter?: string;
  text: string;
  /** how many requests were sent (1 + retries) */
  attempts?: number;
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

export interface RetryPolicy {
  /** extra attempts after the first */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** a longer Retry-After is not waited for: the 429 goes back to the model, which can decide */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 20_000 };

export interface ExecuteOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
}

// Only methods whose repetition cannot duplicate data are retried: a retried POST could send a
// customer the same message twice.
const RETRY_METHODS = new Set(["GET", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** The one HTTP executor: sends a built request to Chatwoot, retrying only where that is safe. */
export async function execute(request: HttpRequest, options: ExecuteOptions): Promise<HttpResponse> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const retries = RETRY_METHODS.has(request.method) ? policy.retries : 0;
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse;
    try {
      response = await sendOnce(request, options);
    } catch (error) {
      if (error instanceof TransportError && error.kind === "network" && attempt <= retries) {
        await sleep(backoff(policy, attempt), options.signal);
        continue;
      }
      if (error instanceof TransportError && error.kind === "network" && attempt > 1) {
        throw new TransportError("network", `${error.message.replace(/\.$/, "")}, after ${attempt} attempts.`);
      }
      throw error;
    }
    if (attempt <= retries && RETRY_STATUSES.has(response.status)) {
      const wait = retryDelay(policy, attempt, response.retryAfter);
      if (wait !== undefined) {
        await sleep(wait, options.signal);
        continue;
      }
    }
    return { ...response, attempts: attempt };
  }
}

async function sendOnce(request: HttpRequest, options: ExecuteOptions): Promise<HttpResponse> {
  const { default: ky } = await loadKy();
  const headers: Record<string, string> = { accept: request.accept };
  if (request.token !== undefined) headers["api_access_token"] = request.token;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  // One deadline for the whole exchange, body included: a server that drips bytes cannot hang a
  // call. A plain controller rather than AbortSignal.any, whose signals Node 20 keeps alive.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const cancel = () => controller.abort();
  options.signal?.addEventListener("abort", cancel, { once: true });
  if (options.signal?.aborted) controller.abort();
  const signal = controller.signal;
  try {
    const response = await ky(request.url, {
      method: request.method,
      headers,
      body: request.body,
      timeout: false,
      retry: 0,
      throwHttpErrors: false,
      signal,
    });
    const text = await readLimited(response);
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get("content-type") ?? "",
      retryAfter: response.headers.get("retry-after") ?? undefined,
      text,
    };
  } catch (error) {
    if (error instanceof TransportError) throw error;
    if (options.signal?.aborted) throw cancelled();
    if (timedOut) throw new TransportError("timeout", `Chatwoot did not answer within ${options.timeoutMs} ms (CHATWOOT_TIMEOUT_MS). It may be overloaded; try again, or narrow the request.`);
    throw networkError(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
  }
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
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
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(): TransportError {
  return new TransportError(
    "too_large",
    `Chatwoot's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB. Narrow the request (filters, a smaller page, a date range) and call again.`,
  );
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "the connection was refused: nothing is listening at that address",
  ECONNRESET: "the connection was reset by the server or a proxy",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved right now",
  ETIMEDOUT: "connecting timed out",
  UND_ERR_SOCKET: "the connection closed before a complete answer",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain has an untrusted self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate is not signed by a trusted authority",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate does not match the host name",
};

function networkError(error: unknown): TransportError {
  const cause = (error as { cause?: { code?: string; message?: string; cause?: { code?: string } } } | undefined)?.cause;
  const code = cause?.code ?? cause?.cause?.code;
  const words = (code && NETWORK_WORDS[code]) ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  const tls = code !== undefined && /CERT|TLS|SELF_SIGNED|LEAF/.test(code);
  const next = tls
    ? " For a private certificate authority set NODE_EXTRA_CA_CERTS to its PEM file (or, for testing only, CHATWOOT_TLS_INSECURE=true)."
    : " Check CHATWOOT_BASE_URL, the network and any proxy (HTTPS_PROXY), then try again.";
  return new TransportError("network", `Could not reach Chatwoot: ${words}${code && !words.includes(code) ? ` (${code})` : ""}.${next}`);
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return exponential / 2 + Math.random() * (exponential / 2);
}

/** Delay before retrying an answer, or undefined when the server asks for a longer wait than the cap. */
function retryDelay(policy: RetryPolicy, attempt: number, retryAfter: string | undefined): number | undefined {
  if (retryAfter === undefined) return backoff(policy, attempt);
  const seconds = Number(retryAfter);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
  if (Number.isNaN(ms)) return backoff(policy, attempt);
  return ms > policy.maxRetryAfterMs ? undefined : Math.max(0, ms);
}

function cancelled(): TransportError {
  return new TransportError("aborted", "The call was cancelled by the client before Chatwoot answered.");
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(cancelled());
    }, { once: true });
  });
}
