import { readAtMost } from "./bytes.js";
import { activeProxyFor, networkFetch, ProxyError, SOCKET_ERROR_WORDS } from "./network.js";
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
    /** timeout: CHATWOOT_TIMEOUT_MS passed; proxy: the proxy refused or broke the connection (never retried); blocked_port: fetch will not connect to that port (never retried) */
    readonly kind: "timeout" | "aborted" | "network" | "proxy" | "too_large" | "blocked_port",
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
  /** deadline for the whole call, retries and waits included, in ms */
  timeoutMs: number;
  /** the client's cancellation */
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
}

// Only methods whose repetition cannot duplicate data are retried: a retried POST could send a
// customer the same message twice.
const RETRY_METHODS = new Set(["GET", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/**
 * The one HTTP executor: sends a built request to Chatwoot, retrying only where that is safe (GET,
 * PUT and DELETE, on 429, 502, 503, 504 and network errors; never POST or PATCH).
 *
 * `options.timeoutMs` (ms) bounds the whole call, retries and waits between them included: a wait
 * or a retry that would not finish before that deadline is not started, and the last answer (or
 * error) is returned instead. Resolves with the answer, whatever its status, and how many attempts
 * it took; rejects with a TransportError when no usable answer came back.
 */
export async function execute(request: HttpRequest, options: ExecuteOptions): Promise<HttpResponse> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const retries = RETRY_METHODS.has(request.method) ? policy.retries : 0;
  // One deadline for the whole call, answer bodies included: a server that drips bytes or keeps
  // answering 503 cannot hold a call longer. A plain controller rather than AbortSignal.any,
  // whose signals Node 20 keeps alive.
  const deadline = Date.now() + options.timeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const cancel = () => controller.abort();
  options.signal?.addEventListener("abort", cancel, { once: true });
  if (options.signal?.aborted) controller.abort();
  /** whether a wait of `ms`, then an attempt as long as the last one, still ends before the deadline */
  const fits = (ms: number, lastAttemptMs: number) => Date.now() + ms + lastAttemptMs < deadline;
  let attempt = 0;
  try {
    for (;;) {
      attempt++;
      const started = Date.now();
      let response: HttpResponse;
      try {
        response = await sendOnce(request, controller.signal);
      } catch (error) {
        if (options.signal?.aborted) throw cancelled();
        if (timedOut) throw timeoutError(options.timeoutMs, attempt);
        const failure = error instanceof TransportError ? error : networkError(error, request.url);
        if (failure.kind === "network" && attempt <= retries) {
          const wait = backoff(policy, attempt);
          if (fits(wait, Date.now() - started)) {
            await sleep(wait, controller.signal);
            continue;
          }
        }
        if (failure.kind === "network" && attempt > 1) {
          throw new TransportError("network", `${failure.message.replace(/\.$/, "")}, after ${attempt} attempts.`);
        }
        throw failure;
      }
      if (attempt <= retries && RETRY_STATUSES.has(response.status)) {
        const wait = retryDelay(policy, attempt, response.retryAfter);
        if (wait !== undefined && fits(wait, Date.now() - started)) {
          await sleep(wait, controller.signal);
          continue;
        }
      }
      return { ...response, attempts: attempt };
    }
  } catch (error) {
    // a wait cut short: by the client, or (should a timer fire late) by the deadline
    if (error instanceof TransportError && error.kind === "aborted" && !options.signal?.aborted && timedOut) throw timeoutError(options.timeoutMs, attempt);
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
  }
}

function timeoutError(timeoutMs: number, attempts: number): TransportError {
  const made = attempts > 1 ? `${attempts} attempts were made, retries included` : "1 attempt was made";
  return new TransportError("timeout", `Chatwoot did not answer within ${timeoutMs} ms (CHATWOOT_TIMEOUT_MS), the limit for the whole call: ${made}. It may be overloaded; try again, or narrow the request.`);
}

/** Both spellings of the token header: nginx drops `api_access_token` by default (underscores_in_headers off). */
export const TOKEN_HEADERS = ["api_access_token", "api-access-token"] as const;

/** One request and its whole answer; the caller's signal carries the deadline and cancellation. */
async function sendOnce(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  const { default: ky } = await loadKy();
  const headers: Record<string, string> = { accept: request.accept };
  if (request.token !== undefined) for (const name of TOKEN_HEADERS) headers[name] = request.token;
  if (request.uploads) throw new Error("the request's files were not read before sending");
  if (request.body !== undefined) headers["content-type"] = request.contentType ?? "application/json";
  const fetch = networkFetch();
  const response = await ky(request.url, {
    method: request.method,
    headers,
    body: request.body,
    timeout: false,
    retry: 0,
    throwHttpErrors: false,
    signal,
    ...(fetch ? { fetch } : {}),
  });
  const text = await readLimited(response);
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get("content-type") ?? "",
    retryAfter: response.headers.get("retry-after") ?? undefined,
    text,
  };
}

async function readLimited(response: Response): Promise<string> {
  const bytes = await readAtMost(response, MAX_RESPONSE_BYTES);
  if (!bytes) throw tooLarge();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function tooLarge(): TransportError {
  return new TransportError(
    "too_large",
    `Chatwoot's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB. Narrow the request (filters, a smaller page, a date range) and call again.`,
  );
}

/** The first error in `error`'s cause chain (fetch wraps the real one) that has a code or is a ProxyError. */
function rootCause(error: unknown): { code?: string; message?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof ProxyError) return current;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && depth > 0) return current as { code: string; message?: string };
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
}

function networkError(error: unknown, url: string): TransportError {
  const cause = rootCause(error);
  if (cause instanceof ProxyError) {
    return new TransportError("proxy", `Could not reach Chatwoot: ${cause.message}. ${cause.hint ?? "Check the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), then try again."}`);
  }
  // the Fetch standard's "bad port" list (e.g. 9, 25, 6000): no connection is even tried
  if (cause?.message === "bad port") {
    const port = URL.canParse(url) ? new URL(url).port : "";
    return new TransportError("blocked_port", `Could not reach Chatwoot: fetch refuses to connect to port ${port || "(this one)"}, which is on the Fetch standard's list of blocked ports. Serve Chatwoot on another port (or put a proxy in front) and set CHATWOOT_BASE_URL to it; trying again will not help.`);
  }
  const code = cause?.code;
  // fetch gives no words at all for an answer it will not pass on, such as a proxy's 407
  const words = (code && SOCKET_ERROR_WORDS[code]) || cause?.message || (error instanceof Error && error.message !== "fetch failed" ? error.message : "")
    || "fetch refused the answer without saying why (a proxy on the way may have asked for credentials: 407)";
  const tls = code !== undefined && /CERT|TLS|SELF_SIGNED|LEAF/.test(code);
  const proxy = activeProxyFor(url);
  const next = tls
    ? " For a private certificate authority set NODE_EXTRA_CA_CERTS to its PEM file (or, for testing only, CHATWOOT_TLS_INSECURE=true)."
    : ` Check CHATWOOT_BASE_URL, the network and any proxy (${proxy ? `this request went through ${proxy.shown}, from ${proxy.variable}` : "HTTPS_PROXY"}), then try again.`;
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
