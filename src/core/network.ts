/**
 * How requests reach Chatwoot when the environment asks for more than Node's built-in fetch does:
 * a forward proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, used the way curl uses them) or
 * CHATWOOT_TLS_INSECURE. Without either, nothing here is loaded and the executor uses the global fetch.
 *
 * - `http://` targets go through the HTTP proxy as absolute-form requests
 *   (`GET http://host/path HTTP/1.1`), the way squid and every forward proxy expect them.
 * - `https://` targets go through a CONNECT tunnel to the HTTPS proxy, then TLS end to end.
 * - The proxy's user and password, when its URL has them, are sent as Proxy-Authorization.
 * - A refused or broken tunnel fails the request at once, with what the proxy answered.
 *
 * The requests are sent with undici's own fetch and a dispatcher of the same undici version: Node 20's
 * built-in fetch bundles an older undici whose dispatcher interface differs.
 */
import { STATUS_CODES } from "node:http";
import { BlockList, connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { Agent as UndiciAgent, Dispatcher, buildConnector as BuildConnector } from "undici";

type Env = Record<string, string | undefined>;

/** A fetch function with the signature ky expects. */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** A proxy taken from the environment. */
export interface ProxyChoice {
  /** the variable it came from, e.g. "HTTPS_PROXY" */
  variable: string;
  /** the parsed URL, credentials included: never print it, use `shown` */
  url?: URL;
  /** the proxy's address without credentials, for messages: "http://127.0.0.1:3128" */
  shown: string;
  /** why the value cannot be used, when it cannot */
  problem?: string;
}

/** The proxy settings of an environment, as curl reads them. */
export interface ProxySettings {
  /** for http:// targets: http_proxy, else HTTP_PROXY */
  http?: ProxyChoice;
  /** for https:// targets: https_proxy, else HTTPS_PROXY (never the HTTP proxy) */
  https?: ProxyChoice;
  /** no_proxy, else NO_PROXY ("" when neither is set) */
  noProxy: string;
}

/** Why a request could not go through its proxy. Its message names the proxy (never its credentials). */
export class ProxyError extends Error {
  /** not undici's UND_ERR_SOCKET: undici would otherwise reconnect forever instead of failing the request */
  readonly code = "CHATWOOT_PROXY";
  /** what to do about it, when there is more to say than "check the proxy settings" */
  readonly hint?: string;
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, { cause: options?.cause });
    this.name = "ProxyError";
    this.hint = options?.hint;
  }
}

/** Reads the proxy variables: lower-case first, as curl does; an empty value counts as unset. */
export function readProxySettings(env: Env = process.env): ProxySettings {
  const pick = (...names: string[]): ProxyChoice | undefined => {
    const name = names.find((candidate) => (env[candidate] ?? "").trim() !== "");
    return name === undefined ? undefined : parseProxy(name, env[name]!.trim());
  };
  const noProxy = ["no_proxy", "NO_PROXY"].map((name) => env[name] ?? "").find((value) => value.trim() !== "") ?? "";
  return { http: pick("http_proxy", "HTTP_PROXY"), https: pick("https_proxy", "HTTPS_PROXY"), noProxy: noProxy.trim() };
}

function parseProxy(variable: string, raw: string): ProxyChoice {
  // curl takes "proxy:3128" as http://proxy:3128
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { variable, shown: "(not a URL)", problem: `${variable} is not a proxy URL; use e.g. http://proxy.example.com:3128` };
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { variable, shown, problem: `${variable} uses ${url.protocol.replace(/:$/, "")}://, which this server does not support; use an http:// (or https://) proxy` };
  }
  return { variable, url, shown };
}

/**
 * The proxy a request to `target` goes through, or undefined when it goes direct: HTTP_PROXY for
 * http:// targets, HTTPS_PROXY for https:// targets, none when NO_PROXY matches the host.
 */
export function proxyFor(target: URL, settings: ProxySettings): ProxyChoice | undefined {
  const choice = target.protocol === "https:" ? settings.https : target.protocol === "http:" ? settings.http : undefined;
  if (!choice) return undefined;
  const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
  return noProxyMatches(settings.noProxy, target.hostname, port) ? undefined : choice;
}

/**
 * Whether NO_PROXY exempts host:port, as curl reads it: a comma- (or space-) separated list where
 * `*` alone matches everything; `example.com`, `.example.com` and `*.example.com` match the
 * domain and every host under it; an IP address matches itself, and `10.0.0.0/8` a range;
 * `host:port` (IPv6 as `[::1]:8080`) matches that port only. Case does not matter.
 */
export function noProxyMatches(noProxy: string, hostname: string, port: number): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    let entryPort: number | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const withPort = /^([^:]+):(\d+)$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
    } else if (withPort) {
      entry = withPort[1]!;
      entryPort = Number(withPort[2]);
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(host) !== 0) {
      if (ipMatches(entry, host)) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, "").replace(/\.$/, "");
    if (domain !== "" && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

function ipMatches(entry: string, host: string): boolean {
  const family = isIP(host) === 6 ? "ipv6" : "ipv4";
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  const address = cidr ? cidr[1]! : entry;
  if (isIP(address) === 0) return false;
  const list = new BlockList();
  try {
    if (cidr) list.addSubnet(address, Number(cidr[2]), isIP(address) === 6 ? "ipv6" : "ipv4");
    else list.addAddress(address, isIP(address) === 6 ? "ipv6" : "ipv4");
  } catch {
    return false; // a prefix length out of range
  }
  return list.check(host, family);
}

/** Plain words for the error codes of sockets and TLS. */
export const SOCKET_ERROR_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "the connection was refused: nothing is listening at that address",
  ECONNRESET: "the connection was reset by the server or a proxy",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved right now",
  ETIMEDOUT: "connecting timed out",
  EHOSTUNREACH: "the host cannot be reached from this machine",
  ENETUNREACH: "the network cannot be reached from this machine",
  UND_ERR_SOCKET: "the connection closed before a complete answer",
  UND_ERR_CONNECT_TIMEOUT: "connecting timed out",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain has an untrusted self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate is not signed by a trusted authority",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate does not match the host name",
};

function socketWords(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && SOCKET_ERROR_WORDS[code]) return `${SOCKET_ERROR_WORDS[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

const isTlsCode = (code: unknown): boolean => typeof code === "string" && /CERT|TLS|SELF_SIGNED|LEAF/.test(code);

export interface NetworkOptions {
  /** skip TLS certificate checks of Chatwoot (and of an https:// proxy) */
  tlsInsecure: boolean;
  /** CHATWOOT_TIMEOUT_MS: the longest a proxy may take to set up a tunnel, in ms (default 30000) */
  timeoutMs?: number;
  /** CHATWOOT_BASE_URL, to say in the startup notes whether it goes through a proxy */
  baseUrl?: string;
  /** configuration problems: with one about CHATWOOT_BASE_URL, `baseUrl` is only the default and is not mentioned */
  problems?: string[];
}

interface ActiveNetwork {
  fetch: FetchLike;
  settings: ProxySettings;
}
let active: ActiveNetwork | undefined;

/**
 * Sets up how requests leave this process, from HTTP(S)_PROXY, NO_PROXY and `tlsInsecure`, and
 * returns lines for the startup log (which proxy the base URL goes through, warnings). With no
 * proxy and TLS checks on, nothing changes: the executor keeps the global fetch. A second call
 * replaces the setup.
 */
export async function configureNetwork(options: NetworkOptions, env: Env = process.env): Promise<string[]> {
  active = undefined;
  const settings = readProxySettings(env);
  if (!settings.http && !settings.https && !options.tlsInsecure) return [];
  // undici is loaded only when needed: it is a large module and most setups use neither option
  const undici = await import("undici");
  const dispatcher = createDispatcher(undici, settings, options);
  active = { settings, fetch: undiciFetch(undici, dispatcher) };

  const notes: string[] = [];
  for (const choice of [settings.http, settings.https]) {
    if (choice?.problem) notes.push(`WARNING: ${choice.problem}; requests that need it fail until it is fixed.`);
  }
  if (settings.http || settings.https) {
    const used = [
      settings.http && !settings.http.problem ? `http:// via ${settings.http.shown} (${settings.http.variable})` : undefined,
      settings.https && !settings.https.problem ? `https:// via ${settings.https.shown} (${settings.https.variable})` : undefined,
    ].filter(Boolean);
    let base = "";
    const baseProblem = options.problems?.some((problem) => problem.startsWith("CHATWOOT_BASE_URL")) ?? false;
    if (options.baseUrl && !baseProblem && safeUrl(options.baseUrl)) {
      const target = new URL(options.baseUrl);
      const route = proxyFor(target, settings);
      const scheme = target.protocol === "https:" ? settings.https : settings.http;
      base = route
        ? `; ${options.baseUrl} goes through ${route.shown}`
        : `; ${options.baseUrl} goes direct (${scheme ? "NO_PROXY matches it" : `no proxy is set for ${target.protocol}// targets`})`;
    }
    notes.push(`using the proxy settings: ${used.join(", ") || "none usable"}${settings.noProxy ? `, NO_PROXY=${settings.noProxy}` : ""}${base}`);
  }
  if (options.tlsInsecure) notes.push("WARNING: CHATWOOT_TLS_INSECURE=true: TLS certificates are NOT checked; anyone on the network path can read and change the traffic. Prefer NODE_EXTRA_CA_CERTS for a private certificate authority.");
  return notes;
}

/** The fetch set up by configureNetwork, or undefined for the global fetch. */
export function networkFetch(): FetchLike | undefined {
  return active?.fetch;
}

/** The proxy a request to `url` goes through under the current setup, or undefined when it goes direct. */
export function activeProxyFor(url: string): ProxyChoice | undefined {
  return active && safeUrl(url) ? proxyFor(new URL(url), active.settings) : undefined;
}

function safeUrl(url: string): boolean {
  return URL.canParse(url);
}

type Undici = typeof import("undici");

/** ky hands fetch a Request of Node's bundled undici; undici's own fetch gets its parts instead. */
function undiciFetch(undici: Undici, dispatcher: Dispatcher): FetchLike {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body ? await request.arrayBuffer() : undefined;
    const response = await undici.fetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body,
      signal: request.signal,
      redirect: request.redirect,
      dispatcher,
    });
    return response as unknown as Response;
  };
}

function createDispatcher(undici: Undici, settings: ProxySettings, options: NetworkOptions): Dispatcher {
  const rejectUnauthorized = !options.tlsInsecure;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const toProxy = new Map<ProxyChoice, UndiciAgent>();

  /** http:// targets: a pool of plain connections to the proxy; a failure to connect names the proxy */
  const forwarding = (proxy: ProxyChoice): UndiciAgent => {
    let agent = toProxy.get(proxy);
    if (!agent) {
      const base = undici.buildConnector({ rejectUnauthorized });
      const connect: BuildConnector.connector = (opts, callback) => {
        base(opts, (error, socket) => {
          if (error) callback(new ProxyError(`could not connect to the proxy at ${proxy.shown} (${proxy.variable}): ${socketWords(error)}`, { cause: error }), null);
          else callback(null, socket!);
        });
      };
      agent = new undici.Agent({ connect });
      toProxy.set(proxy, agent);
    }
    return agent;
  };
  /** a proxy variable that cannot be used: every request that needs it fails, naming it */
  const unusable = (proxy: ProxyChoice): UndiciAgent => {
    let agent = toProxy.get(proxy);
    if (!agent) {
      const error = new ProxyError(proxy.problem ?? `${proxy.variable} cannot be used`);
      agent = new undici.Agent({ connect: (_opts, callback) => callback(error, null) });
      toProxy.set(proxy, agent);
    }
    return agent;
  };
  /** https:// targets: connections made by tunnelling through the proxy */
  const tunnelling = (proxy: ProxyChoice): UndiciAgent => {
    let agent = toProxy.get(proxy);
    if (!agent) {
      agent = new undici.Agent({ connect: tunnelConnector(proxy, rejectUnauthorized, timeoutMs) });
      toProxy.set(proxy, agent);
    }
    return agent;
  };

  class ProxyRouter extends undici.Agent {
    override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      const origin = new URL(String(opts.origin));
      const proxy = proxyFor(origin, settings);
      if (!proxy) return super.dispatch(opts, handler);
      if (proxy.problem || !proxy.url) return unusable(proxy).dispatch(opts, handler);
      if (origin.protocol === "https:") return tunnelling(proxy).dispatch(opts, handler);
      // absolute-form through the proxy: the request line carries the target, Host names it too
      const headers = headerPairs(opts.headers);
      if (!headers.some(([name]) => name.toLowerCase() === "host")) headers.push(["host", origin.host]);
      const authorization = proxyAuthorization(proxy.url);
      if (authorization) headers.push(["proxy-authorization", authorization]);
      return forwarding(proxy).dispatch({ ...opts, origin: proxy.url.origin, path: `${origin.origin}${opts.path}`, headers: headers.flat() }, failOn407(handler, proxy));
    }
  }
  // direct requests go through the router itself, an Agent with the TLS options
  return new ProxyRouter({ connect: { rejectUnauthorized } });
}

/**
 * fetch turns a 407 into a network error without a word; the proxy's refusal is reported instead.
 * The handler is changed in place, as undici's own proxy wrapper does.
 */
function failOn407(handler: Dispatcher.DispatchHandler, proxy: ProxyChoice): Dispatcher.DispatchHandler {
  const { onConnect, onHeaders } = handler;
  let abort: ((error?: Error) => void) | undefined;
  handler.onConnect = function (this: unknown, ...args: Parameters<NonNullable<typeof onConnect>>) {
    abort = args[0];
    return onConnect?.apply(this, args);
  };
  handler.onHeaders = function (this: unknown, ...args: Parameters<NonNullable<typeof onHeaders>>) {
    if (args[0] === 407 && abort) {
      const credentials = proxy.url?.username ? "it did not accept the user and password in its URL" : "it wants a user and password";
      abort(new ProxyError(`the proxy at ${proxy.shown} (${proxy.variable}) answered 407 Proxy Authentication Required: ${credentials}`, {
        hint: "Put the proxy's user and password in the proxy URL (http://user:password@proxy:port, special characters percent-encoded).",
      }));
      return false;
    }
    return onHeaders ? onHeaders.apply(this, args) : true;
  };
  return handler;
}

/** undici passes headers as an object, a flat array or an iterable of pairs. */
function headerPairs(headers: Dispatcher.DispatchOptions["headers"]): [string, string][] {
  const pairs: [string, string][] = [];
  if (!headers) return pairs;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers as unknown as [string, string][]) pairs.push([name, value]);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), String(headers[i + 1])]);
    }
    return pairs;
  }
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const [name, value] of headers as Iterable<[string, string | string[] | undefined]>) {
      if (value !== undefined) pairs.push([name, Array.isArray(value) ? value.join(", ") : value]);
    }
    return pairs;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (value !== undefined) pairs.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  return pairs;
}

function proxyAuthorization(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
}

/** Longest CONNECT answer head read before the proxy is declared garbled. */
const MAX_CONNECT_HEAD = 16 * 1024;

/**
 * A connector for undici's Agent: opens a connection to the proxy (TLS when its URL is https://),
 * asks it for a tunnel with CONNECT host:port, and on "200" starts TLS with the target inside the
 * tunnel. Any other answer, a closed connection or no answer within `timeoutMs` (ms) fails with a
 * ProxyError that says what the proxy did. Certificate errors of the target pass through as they
 * are, so that the caller can point at NODE_EXTRA_CA_CERTS.
 */
function tunnelConnector(proxy: ProxyChoice, rejectUnauthorized: boolean, timeoutMs: number): BuildConnector.connector {
  const proxyUrl = proxy.url!;
  const where = `the proxy at ${proxy.shown} (${proxy.variable})`;
  return (opts, callback) => {
    const hostname = opts.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = Number(opts.port) || (opts.protocol === "https:" ? 443 : 80);
    const authority = `${isIP(hostname) === 6 ? `[${hostname}]` : hostname}:${port}`;
    let settled = false;
    let raw: Socket;
    let secure: TLSSocket | undefined;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure?.destroy();
      raw.destroy();
      callback(error, null);
    };
    const succeed = (socket: Socket | TLSSocket): void => {
      if (settled) {
        socket.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      callback(null, socket);
    };
    const timer = setTimeout(() => fail(new ProxyError(`${where} did not set up the tunnel to ${authority} within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();

    const proxyPort = Number(proxyUrl.port) || (proxyUrl.protocol === "https:" ? 443 : 80);
    const proxyHost = proxyUrl.hostname.replace(/^\[(.*)\]$/, "$1");
    raw = proxyUrl.protocol === "https:"
      ? tlsConnect({ host: proxyHost, port: proxyPort, servername: isIP(proxyHost) ? undefined : proxyHost, rejectUnauthorized })
      : netConnect({ host: proxyHost, port: proxyPort });
    raw.setNoDelay(true);
    raw.once(proxyUrl.protocol === "https:" ? "secureConnect" : "connect", () => {
      const authorization = proxyAuthorization(proxyUrl);
      raw.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${authorization ? `Proxy-Authorization: ${authorization}\r\n` : ""}\r\n`);
    });
    raw.on("error", (error) => {
      if (secure) return; // the TLS socket reports it
      fail(new ProxyError(`could not connect to ${where}: ${socketWords(error)}`, { cause: error }));
    });
    raw.once("close", () => {
      if (!secure) fail(new ProxyError(`${where} closed the connection without answering the tunnel request (CONNECT ${authority})`));
    });

    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > MAX_CONNECT_HEAD) fail(new ProxyError(`${where} answered the tunnel request with something that is not HTTP`));
        return;
      }
      raw.off("data", onData);
      raw.pause();
      const statusLine = head.subarray(0, end).toString("latin1").split("\r\n", 1)[0] ?? "";
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(statusLine.trim());
      if (!status) return fail(new ProxyError(`${where} answered the tunnel request with something that is not HTTP ("${statusLine.slice(0, 60)}")`));
      const code = Number(status[1]);
      if (code < 200 || code > 299) {
        const said = `${code} ${(status[2] ?? "").trim() || STATUS_CODES[code] || ""}`.trim();
        return fail(new ProxyError(`${where} refused the tunnel to ${authority}: ${said}`, { hint: refusalHint(code, port) }));
      }
      const rest = head.subarray(end + 4);
      if (rest.length > 0) raw.unshift(rest);
      if (opts.protocol !== "https:") return succeed(raw);
      secure = tlsConnect({
        socket: raw,
        host: hostname,
        servername: opts.servername || (isIP(hostname) ? undefined : hostname),
        rejectUnauthorized,
        ALPNProtocols: ["http/1.1"],
      });
      secure.once("secureConnect", () => succeed(secure!));
      secure.on("error", (error: Error & { code?: string }) => {
        if (isTlsCode(error.code)) return fail(error);
        fail(new ProxyError(`${where} opened the tunnel to ${authority} then closed it before TLS with Chatwoot was set up (${error.code ?? error.message})`, { cause: error }));
      });
    };
    raw.on("data", onData);
  };
}

function refusalHint(code: number, port: number): string | undefined {
  if (code === 407) return "The proxy wants credentials: put them in the proxy URL (http://user:password@proxy:port, special characters percent-encoded).";
  if (code === 403 && port !== 443) return `Proxies such as squid allow tunnels only to port 443 by default: ask the proxy's administrator to allow port ${port}, or add the host to NO_PROXY if Chatwoot can be reached without the proxy.`;
  if (code === 403) return "Ask the proxy's administrator to allow this host, or add it to NO_PROXY if Chatwoot can be reached without the proxy.";
  return undefined;
}
