import { realpath, stat, readFile } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import mime from "mime-types";
import { FileSourceError, type FileSource } from "./file-source.js";
import { formatBytes } from "./bytes.js";
import { safeFetch, SafeFetchError, type SafeFetchOptions } from "./safe-fetch.js";
import type { FileRules } from "./tool-definition.js";

/** A file ready to upload: its bytes, the name Chatwoot will show, and the type read from its bytes. */
export interface ResolvedFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
}


export interface FileContext {
  /** CHATWOOT_UPLOAD_DIRS: absolute folders a `path` may lie under */
  uploadDirs: readonly string[];
  /** what is wrong with CHATWOOT_UPLOAD_DIRS, told when a path is refused */
  uploadDirsProblem?: string;
  /** deadline for fetching a `url`, in ms */
  timeoutMs: number;
  signal?: AbortSignal;
  /** for tests: address rule and TLS trust for `url` fetches */
  fetch?: Pick<SafeFetchOptions, "allowAddress" | "ca">;
}

/**
 * Reads one file a model gave as `data`, `path` or `url` (src/core/file-source.ts), under the
 * field's rules (spec `x-max-bytes`, `x-content-types`: Chatwoot's own limits, e.g. 40 MB for an
 * attachment in app/models/concerns/attachmentable.rb). The content type comes from the bytes
 * (file-type), else from the file name's extension (mime-types), else application/octet-stream.
 * Rejects with a FileSourceError.
 */
export async function resolveFile(source: FileSource, field: string, rules: FileRules, context: FileContext): Promise<ResolvedFile> {
  const given = (["data", "path", "url"] as const).filter((key) => typeof source[key] === "string" && source[key] !== "");
  if (given.length !== 1) {
    throw new FileSourceError(`${field}: give exactly one of data (base64), url (https) or path (a local file)${given.length > 1 ? `, not ${given.join(" and ")}` : ""}.`);
  }
  const fail = (problem: string) => new FileSourceError(`${field}: ${problem}`);
  let bytes: Uint8Array<ArrayBuffer>;
  let suggestedName: string | undefined;
  let declaredType: string | undefined;
  if (given[0] === "data") {
    ({ bytes, declaredType } = decodeData(source.data!, rules.maxBytes, fail));
  } else if (given[0] === "path") {
    bytes = await readAllowedFile(source.path!, rules.maxBytes, context, fail);
    suggestedName = basename(source.path!);
  } else {
    try {
      const fetched = await safeFetch(source.url!, { maxBytes: rules.maxBytes, timeoutMs: context.timeoutMs, signal: context.signal, ...context.fetch });
      bytes = fetched.bytes;
      declaredType = fetched.contentType || undefined;
      suggestedName = nameFromUrl(fetched.finalUrl);
    } catch (error) {
      throw error instanceof SafeFetchError ? fail(error.message) : error;
    }
  }
  if (bytes.byteLength === 0) throw fail("the file is empty.");
  const filename = cleanName(source.filename) ?? cleanName(suggestedName) ?? "file";
  const sniffed = (await fileTypeFromBuffer(bytes))?.mime;
  // a field that takes one type (a CSV import) gets it when neither the bytes nor the name say otherwise
  const only = rules.contentTypes?.length === 1 ? rules.contentTypes[0] : undefined;
  const contentType = sniffed ?? (mime.lookup(filename) || undefined) ?? declaredType ?? only ?? "application/octet-stream";
  if (rules.contentTypes && !rules.contentTypes.includes(contentType)) {
    throw fail(`Chatwoot takes ${rules.contentTypes.join(", ")} here; this file is ${contentType}.`);
  }
  const withExtension = filename.includes(".") || !mime.extension(contentType) ? filename : `${filename}.${mime.extension(contentType)}`;
  return { filename: withExtension, contentType, bytes };
}

function decodeData(raw: string, maxBytes: number, fail: (problem: string) => Error): { bytes: Uint8Array<ArrayBuffer>; declaredType?: string } {
  const dataUrl = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w-]+=[^;,]*)*;base64,/i.exec(raw);
  const text = (dataUrl ? raw.slice(dataUrl[0].length) : raw).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw fail("data is not base64; send the file's bytes in base64 (or use url or path).");
  if (Math.floor((text.length * 3) / 4) > maxBytes + 2) throw fail(`the file is larger than ${formatBytes(maxBytes)}, the most Chatwoot takes here.`);
  const bytes = new Uint8Array(Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64"));
  if (bytes.byteLength > maxBytes) throw fail(`the file is larger than ${formatBytes(maxBytes)}, the most Chatwoot takes here.`);
  return { bytes, ...(dataUrl?.[1] ? { declaredType: dataUrl[1].toLowerCase() } : {}) };
}

async function readAllowedFile(path: string, maxBytes: number, context: FileContext, fail: (problem: string) => Error): Promise<Uint8Array<ArrayBuffer>> {
  const { uploadDirs } = context;
  const problem = context.uploadDirsProblem ? ` (${context.uploadDirsProblem})` : "";
  if (uploadDirs.length === 0) {
    throw fail(`reading local files is off${problem}. The person running this server can allow folders by setting CHATWOOT_UPLOAD_DIRS (absolute paths) and restarting it; otherwise send the file as data (base64) or url.`);
  }
  if (!isAbsolute(path)) throw fail(`path must be absolute (under ${uploadDirs.join(", ")}).`);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw fail(`no file at ${path}.`);
  }
  // symbolic links are followed first, so a link inside an allowed folder cannot point outside it
  const allowed = await Promise.all(uploadDirs.map((dir) => realpath(dir).catch(() => undefined)));
  const info = await stat(real);
  if (info.isDirectory()) throw fail(`${path} is a folder; give a file in it.`);
  if (!allowed.some((dir) => dir !== undefined && isWithin(dir, real))) {
    const via = real !== resolve(path) ? `, which leads (through a symbolic link) to ${real},` : "";
    throw fail(`${path}${via} is not under a folder of CHATWOOT_UPLOAD_DIRS (${uploadDirs.join(", ")}); only files there can be sent.${problem}`);
  }
  if (!info.isFile()) throw fail(`${path} is not a regular file.`);
  if (info.size > maxBytes) throw fail(`${path} is ${formatBytes(info.size)}, more than the ${formatBytes(maxBytes)} Chatwoot takes here.`);
  return new Uint8Array(await readFile(real));
}

function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function nameFromUrl(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "") || undefined;
  } catch {
    return undefined;
  }
}

/** A file name safe to put in a multipart header: no folders, control characters or quotes. */
function cleanName(name: string | undefined): string | undefined {
  const cleaned = name?.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 255);
  return cleaned ? cleaned : undefined;
}
