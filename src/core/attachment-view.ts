import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { formatBytes } from "./bytes.js";
import type { Config } from "./config.js";
import type { HttpResponse } from "./executor.js";
import { networkFetch } from "./network.js";
import { errorResult } from "./results.js";
import type { ToolDefinition, ViewFile } from "./tool-definition.js";

/** Image types every client that shows images accepts (MCP ImageContent, Claude's and OpenAI's vision inputs). */
const SHOWN_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

type Item = Record<string, unknown>;

/**
 * The answer of a tool with `x-view-file` (spec/README.md): from Chatwoot's list of a
 * conversation's attachments (app/views/api/v1/accounts/conversations/attachments.json.jbuilder,
 * Attachment#push_event_data), the one whose id the model asked for, fetched and returned as an
 * MCP image content block (MCP spec, "Tool result: image content") when it is an image of at most
 * `maxBytes`; a larger image falls back to its 250-pixel thumbnail; any other file is described
 * with its link. The file is fetched without the Chatwoot token, through src/core/safe-fetch.ts:
 * Chatwoot's own origin is trusted (its ActiveStorage links are signed), any other host (the
 * storage service a link redirects to, an external link) must be public https.
 */
export async function viewFileResult(tool: ToolDefinition & { viewFile: ViewFile }, response: HttpResponse, args: Record<string, unknown>, config: Config, signal?: AbortSignal): Promise<CallToolResult> {
  const { viewFile } = tool;
  let items: Item[] = [];
  try {
    const parsed = JSON.parse(response.text) as Record<string, unknown>;
    const list = parsed[viewFile.list];
    if (Array.isArray(list)) items = list as Item[];
  } catch {
    return errorResult(`${tool.name}: Chatwoot's list of attachments is not JSON; check CHATWOOT_BASE_URL.`);
  }
  const wanted = args[viewFile.id];
  const item = items.find((candidate) => candidate.id === wanted);
  if (!item) {
    const known = items.map((candidate) => candidate.id).filter((id) => id !== undefined).slice(0, 20);
    return errorResult(`${tool.name}: no attachment ${String(wanted)} in this conversation${known.length > 0 ? ` (its attachments: ${known.join(", ")})` : " (it has none)"}. list_messages shows each message's attachments with their ids.`);
  }
  const facts = describe(item);
  const url = typeof item[viewFile.url] === "string" ? (item[viewFile.url] as string) : "";
  if (!url) return { content: [{ type: "text", text: `${facts} It has no file to fetch.` }] };
  if (item.file_type !== undefined && item.file_type !== "image") {
    return { content: [{ type: "text", text: `${facts} It is not an image, so it is not shown; its link: ${url}` }] };
  }

  const { safeFetch, SafeFetchError } = await import("./safe-fetch.js");
  const { fileTypeFromBuffer } = await import("file-type");
  const origin = new URL(config.baseUrl).origin;
  const fetchOne = (link: string) => safeFetch(link, {
    maxBytes: viewFile.maxBytes, timeoutMs: config.timeoutMs, signal, trustedOrigin: origin, trustedFetch: (networkFetch() as typeof fetch | undefined) ?? fetch,
  });
  let note = "";
  let file;
  try {
    file = await fetchOne(url);
  } catch (error) {
    if (!(error instanceof SafeFetchError)) throw error;
    const thumb = viewFile.thumb && typeof item[viewFile.thumb] === "string" ? (item[viewFile.thumb] as string) : "";
    if (!error.tooLarge || !thumb) return errorResult(`${tool.name}: ${error.message} The file's link: ${url}`);
    try {
      file = await fetchOne(thumb);
      note = ` The full image is larger than ${formatBytes(viewFile.maxBytes)}; this is its thumbnail.`;
    } catch (thumbError) {
      if (!(thumbError instanceof SafeFetchError)) throw thumbError;
      return errorResult(`${tool.name}: ${error.message} The file's link: ${url}`);
    }
  }
  const type = (await fileTypeFromBuffer(file.bytes))?.mime;
  if (!type || !SHOWN_TYPES.has(type)) {
    return { content: [{ type: "text", text: `${facts} Its bytes are ${type ?? "not a known image type"}, so it is not shown; its link: ${url}` }] };
  }
  return {
    content: [
      { type: "text", text: `${facts} Shown below (${type}, ${formatBytes(file.bytes.byteLength)}).${note}` },
      { type: "image", data: Buffer.from(file.bytes).toString("base64"), mimeType: type },
    ],
  };
}

function describe(item: Item): string {
  const parts = [`Attachment ${String(item.id)}`];
  if (item.message_id !== undefined) parts.push(`of message ${String(item.message_id)}`);
  if (typeof item.file_type === "string") parts.push(`(${item.file_type}${typeof item.file_size === "number" ? `, ${formatBytes(item.file_size)}` : ""}${typeof item.width === "number" && typeof item.height === "number" ? `, ${item.width}×${item.height}` : ""})`);
  return `${parts.join(" ")}.`;
}
