import { formatBytes } from "./bytes.js";
import type { Config } from "./config.js";
import type { ResolvedFile } from "./files.js";
import type { HttpRequest } from "./request.js";

/** What one uploaded file became, for the note that tells the model what was sent. */
export interface SentFile {
  field: string;
  filename: string;
  contentType: string;
  /** bytes */
  size: number;
}

/**
 * Reads a request's pending files (src/core/files.ts) and encodes them with its other body fields
 * as one multipart/form-data body, the way Rails reads nested parameters: `key[sub]` for objects,
 * `key[]` for arrays (so a list of files goes as `attachments[]`). The encoding is the platform's
 * own (FormData serialised by the Fetch API's Response), not hand-written. Input: a request from
 * buildRequest with `uploads`; output: the same request with `body` (bytes) and `contentType`,
 * and the list of files sent. Rejects with a FileSourceError when a file cannot be read.
 */
export async function withUploads(request: HttpRequest, config: Config, signal?: AbortSignal): Promise<{ request: HttpRequest; sent: SentFile[] }> {
  const { uploads, ...rest } = request;
  if (!uploads) return { request, sent: [] };
  const { resolveFile } = await import("./files.js");
  const form = new FormData();
  for (const [key, value] of Object.entries(uploads.fields)) appendField(form, key, value);
  const sent: SentFile[] = [];
  for (const { field, wire, sources, rules } of uploads.files) {
    for (const [index, source] of sources.entries()) {
      const label = rules.multiple ? `${field}[${index}]` : field;
      const file: ResolvedFile = await resolveFile(source, label, rules, { uploadDirs: config.uploadDirs, uploadDirsProblem: config.uploadDirsProblem, timeoutMs: config.timeoutMs, signal });
      form.append(rules.multiple ? `${wire}[]` : wire, new Blob([file.bytes], { type: file.contentType }), file.filename);
      sent.push({ field: label, filename: file.filename, contentType: file.contentType, size: file.bytes.byteLength });
    }
  }
  const encoded = new Response(form);
  return {
    request: { ...rest, body: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! },
    sent,
  };
}

function appendField(form: FormData, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendField(form, `${key}[]`, item);
  } else if (typeof value === "object") {
    for (const [name, item] of Object.entries(value)) appendField(form, `${key}[${name}]`, item);
  } else {
    form.append(key, String(value));
  }
}

/** "Uploaded 2 files: a.png (image/png, 12 KB), b.pdf (application/pdf, 1.2 MB)." */
export function sentFilesNote(sent: SentFile[]): string | undefined {
  if (sent.length === 0) return undefined;
  const list = sent.map((file) => `${file.filename} (${file.contentType}, ${formatBytes(file.size)})`).join(", ");
  return `Uploaded ${sent.length === 1 ? "1 file" : `${sent.length} files`}: ${list}.`;
}
