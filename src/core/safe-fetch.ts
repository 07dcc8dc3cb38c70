import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { formatBytes, readAtMost } from "./bytes.js";
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from "undici";

/**
 * Fetching a file the model named (an upload given as a URL) or that Chatwoot pointed to (an
 * attachment's data_url), without letting either reach into the user's network: a message a
 * customer wrote may ask the agent to "attach http://169.254.169.254/...".
 *
 * Rules: https only; every address a host name resolves to must be a public unicast address
 * (ipaddr.js `range() === "unicast"`: no loopback, private, link-local, carrier-grade NAT,
 * unique-local, 6to4, mapped or reserved ranges), checked at connection time so a DNS answer
 * cannot change between check and use; redirects are followed by hand (at most 5), each hop under
 * the same rules; no credentials or Chatwoot token are ever sent; the body is read up to
 * `maxBytes`. The one exception is `trustedOrigin` (Chatwoot's own origin, which the user
 * configured and may well be on a private network): hops there use the ordinary network stack.
 */
export interface SafeFetchOptions {
  /** largest body accepted, in bytes */
  maxBytes: number;
  /** deadline for the whole fetch, redirects included, in ms */
  timeoutMs: number;
  signal?: AbortSignal;
  /** an origin (`https://chat.example.com`) whose hops skip the public-address rule */
  trustedOrigin?: string;
  /** fetch used for hops to trustedOrigin (the configured proxy and TLS settings) */
  trustedFetch?: typeof fetch;
  /** for tests: which addresses count as public, and extra TLS trust */
  allowAddress?: (address: string) => boolean;
  ca?: string;
}

export interface FetchedFile {
  bytes: Uint8Array<ArrayBuffer>;
  /** the Content-Type header, without parameters; "" when absent */
  contentType: string;
  /** the URL the bytes finally came from */
  finalUrl: string;
}

/** A fetch refused or failed; the message says what went wrong and what to send instead. */
export class SafeFetchError extends Error {
  constructor(message: string, /** the file was larger than `maxBytes` (a smaller version may do) */ readonly tooLarge = false) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;

export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "unicast";
}

let publicAgent: Agent | undefined;

/** The agent for a rule: every connection it opens goes only to addresses the rule allows. */
function guardedAgent(allow: (address: string) => boolean, ca: string | undefined): Agent {
  if (allow === isPublicAddress && ca === undefined) return (publicAgent ??= makeAgent(allow, undefined));
  return makeAgent(allow, ca);
}

function makeAgent(allow: (address: string) => boolean, ca: string | undefined): Agent {
  type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
  return new Agent({
    connect: {
      ...(ca ? { ca } : {}),
      // checked where the connection is made, so the address used is the address checked
      lookup: (hostname: string, options: object, callback: Callback) => {
        dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
          if (error) return callback(error, "");
          const refused = addresses.find((entry) => !allow(entry.address));
          if (refused) {
            return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which is not a public address`), { code: "ENOTPUBLIC" }), "");
          }
          if ((options as { all?: boolean }).all) return callback(null, addresses);
          const first = addresses[0]!;
          callback(null, first.address, first.family);
        });
      },
    },
  });
}

/** Fetches `url` under the rules above; rejects with a SafeFetchError whose message is for the model. */
export async function safeFetch(url: string, options: SafeFetchOptions): Promise<FetchedFile> {
  const allow = options.allowAddress ?? isPublicAddress;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const cancel = () => controller.abort();
  options.signal?.addEventListener("abort", cancel, { once: true });
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let target: URL;
      try {
        target = new URL(current);
      } catch {
        throw new SafeFetchError(`"${current.slice(0, 200)}" is not a valid URL.`);
      }
      const trusted = options.trustedOrigin !== undefined && target.origin === options.trustedOrigin;
      if (!trusted) checkPublicUrl(target, allow);
      let response: Response;
      try {
        const init = { method: "GET", redirect: "manual", signal: controller.signal, headers: { accept: "*/*" } } as const;
        response = trusted
          ? await (options.trustedFetch ?? fetch)(target.href, init)
          : ((await undiciFetch(target.href, { ...init, dispatcher: guardedAgent(allow, options.ca) } as UndiciRequestInit)) as unknown as Response);
      } catch (error) {
        if (options.signal?.aborted) throw new SafeFetchError("The call was cancelled before the file was fetched.");
        if (controller.signal.aborted) throw new SafeFetchError(`Fetching ${target.host} took longer than ${options.timeoutMs} ms; try a smaller file or send it as data.`);
        throw new SafeFetchError(`Could not fetch ${target.host}: ${causeText(error)}.`);
      }
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => {});
        current = new URL(location, target).href;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new SafeFetchError(`${target.host} answered ${response.status} ${response.statusText} for the file; check the URL.`);
      }
      const bytes = await readCapped(response, options.maxBytes, target.host);
      return { bytes, contentType: (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase(), finalUrl: target.href };
    }
    throw new SafeFetchError(`The file's URL redirected more than ${MAX_REDIRECTS} times; give the final URL.`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
  }
}

function checkPublicUrl(target: URL, allow: (address: string) => boolean): void {
  if (target.protocol !== "https:") {
    throw new SafeFetchError(`Only https URLs are fetched (got ${target.protocol.replace(/:$/, "")}); give an https URL, or send the file as data (base64).`);
  }
  if (target.username || target.password) throw new SafeFetchError("URLs with credentials are not fetched; give a public URL.");
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host) && !allow(host)) {
    throw new SafeFetchError(`${host} is not a public address; only files on public hosts are fetched. Send the file as data (base64) instead.`);
  }
}

async function readCapped(response: Response, maxBytes: number, host: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readAtMost(response, maxBytes);
  if (!bytes) throw new SafeFetchError(`The file at ${host} is larger than ${formatBytes(maxBytes)}, the most this upload takes.`, true);
  return bytes;
}

function causeText(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === "ENOTPUBLIC" && typeof message === "string") return `${message}; only files on public hosts are fetched`;
    if (typeof code === "string" && depth > 0) return `${typeof message === "string" ? message : code}`;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}
