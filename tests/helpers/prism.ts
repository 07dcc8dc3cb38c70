import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpec } from "../../scripts/generator/load-spec.js";

export const SPEC_DIR = fileURLToPath(new URL("../../spec", import.meta.url));

/** The Prism CLI's entry script, run with this Node (no npx, no network). */
const PRISM_ENTRY = createRequire(import.meta.url).resolve("@stoplight/prism-cli");

const HOST = "127.0.0.1";
/** Bytes of Prism's output kept for diagnostics (the tail). */
const LOG_LIMIT = 64 * 1024;

export interface PrismMock {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  port: number;
  /** the tail of Prism's stdout and stderr */
  output(): string;
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  /** spec folder to merge (default: the project's spec/) */
  specDir?: string;
  /** how long to wait for Prism to accept requests (default 60 s) */
  startTimeoutMs?: number;
}

/** A free TCP port on 127.0.0.1: bind port 0, read the port, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}

/**
 * Starts `prism mock` on the merged spec (spec/openapi.yaml + spec/paths/*.yaml, written as JSON
 * to a temporary folder), listening on 127.0.0.1 only, and waits until it answers HTTP.
 */
export async function startPrism(options: StartPrismOptions = {}): Promise<PrismMock> {
  const dir = mkdtempSync(join(tmpdir(), "chatwoot-mcp-prism-"));
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(withoutLocalParameters(loadSpec(options.specDir ?? SPEC_DIR)), null, 2));

  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString("utf8");
    if (log.length > LOG_LIMIT * 2) log = log.slice(-LOG_LIMIT);
  };
  const output = () => log.slice(-LOG_LIMIT);

  // A free port can be taken between the probe and Prism's bind; try a few ports.
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [PRISM_ENTRY, "mock", file, "-h", HOST, "-p", String(port), "--no-multiprocess", "--no-cors"],
      {
        cwd: dir,
        // Its own process group, so stop() can end Prism and anything it forked, and nothing else.
        detached: process.platform !== "win32",
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", FORCE_COLOR: "0", NO_COLOR: "1" },
      },
    );
    child.stdout!.on("data", append);
    child.stderr!.on("data", append);
    const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
    child.once("error", (error) => append(Buffer.from(`\n[spawn error] ${error.message}\n`)));

    const url = `http://${HOST}:${port}`;
    try {
      await waitUntilReady(url, exited, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      lastError = error;
      await killTree(child);
      if (/EADDRINUSE|address already in use/i.test(log) && attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}\n--- Prism output (tail) ---\n${output()}`);
    }

    let stopped = false;
    return {
      url,
      port,
      output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await killTree(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`Prism did not start: ${String(lastError)}\n--- Prism output (tail) ---\n${output()}`);
}

/** Polls until Prism answers any HTTP request (a 404 for an unknown path is fine). */
async function waitUntilReady(url: string, exited: Promise<number | string | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | null | undefined;
  void exited.then((code) => (exitedWith = code ?? "unknown"));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`Prism exited (${exitedWith}) before it accepted requests`);
    if (await answers(`${url}/__prism_ready_probe`)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Prism did not accept requests at ${url} within ${timeoutMs} ms`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: "GET", timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}

/** Ends Prism's process group (SIGTERM, then SIGKILL after 5 s) and waits for the exit. */
async function killTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (process.platform === "win32") child.kill(name);
      else process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  signal("SIGKILL"); // anything the leader left behind in its group
}

/** One exchange seen by the recording proxy. */
export interface RecordedExchange {
  method: string;
  /** path and query as sent by the client */
  url: string;
  /** the api_access_token header, if any */
  token?: string;
  requestBody: string;
  /** Prism's status, or 0 when Prism could not be reached */
  status: number;
  /** Prism's sl-violations header (JSON), if any */
  violations?: string;
  contentType: string;
  /** Prism's response body (first 16 KB) */
  responseBody: string;
}

/**
 * Works around a Prism CLI bug (prism-cli 5.14.2, dist/util/paths.js, createQueryUriTemplate):
 * when `prism mock` prints its route list at startup it sets `spec.name = encodeURI(spec.name)` on
 * the loaded operations themselves, so a query parameter named `labels[]` is afterwards looked
 * up as `labels%5B%5D`, never matches the decoded key `labels[]`, and is silently not validated.
 * This rewrites such keys (only keys that encodeURI changes) so that, once Prism decodes the
 * query, they read exactly as Prism's mangled parameter name; values are untouched. The contract
 * test checks that Prism does reject a bad `[]` parameter through the proxy, so a Prism fix shows up.
 */
export function prismQueryWorkaround(url: string): string {
  const mark = url.indexOf("?");
  if (mark < 0) return url;
  const params = new URLSearchParams(url.slice(mark + 1));
  const parts: string[] = [];
  for (const [key, value] of params) {
    const prismKey = encodeURI(key) === key ? key : encodeURI(key);
    parts.push(`${encodeURIComponent(prismKey)}=${encodeURIComponent(value)}`);
  }
  return `${url.slice(0, mark)}?${parts.join("&")}`;
}

export interface RecordingProxy {
  url: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

const RECORDED_BODY_LIMIT = 16 * 1024;

/**
 * A small HTTP proxy on 127.0.0.1 (ephemeral port) that forwards every request unchanged to
 * `target` (Prism, also on 127.0.0.1) and records what Prism answered: status, sl-violations, body.
 * The recorded url is the one the client sent; the forwarded one passes through `rewriteUrl`.
 */
export async function startRecordingProxy(target: string, rewriteUrl: (url: string) => string = prismQueryWorkaround): Promise<RecordingProxy> {
  const targetUrl = new URL(target);
  if (targetUrl.hostname !== HOST) throw new Error(`the recording proxy only forwards to ${HOST}, not ${targetUrl.hostname}`);
  const exchanges: RecordedExchange[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const requestBody = Buffer.concat(chunks);
      const token = req.headers["api_access_token"];
      const exchange: RecordedExchange = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        token: Array.isArray(token) ? token.join(",") : token,
        requestBody: requestBody.toString("utf8"),
        status: 0,
        contentType: "",
        responseBody: "",
      };
      exchanges.push(exchange);
      const headers: IncomingHttpHeaders = { ...req.headers, host: targetUrl.host, connection: "close" };
      const upstream = httpRequest(
        { host: HOST, port: targetUrl.port, method: req.method, path: rewriteUrl(req.url ?? "/"), headers },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => answerChunks.push(chunk));
          answer.on("end", () => {
            const body = Buffer.concat(answerChunks);
            const violations = answer.headers["sl-violations"];
            exchange.status = answer.statusCode ?? 0;
            exchange.violations = Array.isArray(violations) ? violations.join(",") : violations;
            exchange.contentType = answer.headers["content-type"] ?? "";
            exchange.responseBody = body.subarray(0, RECORDED_BODY_LIMIT).toString("utf8");
            const forwarded = { ...answer.headers };
            delete forwarded["transfer-encoding"];
            delete forwarded["connection"];
            forwarded["content-length"] = String(body.length);
            res.writeHead(answer.statusCode ?? 502, forwarded);
            res.end(body);
          });
        },
      );
      upstream.on("error", (error) => {
        exchange.responseBody = `proxy could not reach Prism: ${error.message}`;
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(exchange.responseBody);
      });
      upstream.end(requestBody);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${HOST}:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `x-local` parameters are read by chatwoot-mcp itself and never sent, so Prism must not expect them. */
function withoutLocalParameters<T>(spec: T): T {
  const paths = (spec as { paths: Record<string, Record<string, { parameters?: { "x-local"?: boolean }[] }>> }).paths;
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      if (Array.isArray(op?.parameters)) op.parameters = op.parameters.filter((param) => param["x-local"] !== true);
    }
  }
  return spec;
}
