import { z } from "zod";

/**
 * How a model hands a file to a tool that uploads one (a message attachment, a contact's avatar,
 * a CSV import): exactly one of `data` (base64, or a `data:` URL), `path` (a local file under a
 * folder of CHATWOOT_UPLOAD_DIRS) or `url` (https, public hosts only), and optionally the file
 * name Chatwoot shows. Resolved into bytes by src/core/files.ts just before sending.
 *
 * Listed as a plain object with optional string properties, which Claude, OpenAI strict mode and
 * Gemini all accept; "exactly one of" is checked when the file is read, with a message that says
 * which to send.
 */
export interface FileSource {
  data?: string;
  path?: string;
  url?: string;
  filename?: string;
}

/** Why a file could not be read; the message names the field and what to send instead (thrown by src/core/files.ts). */
export class FileSourceError extends Error {}

export const FILE_SOURCE_DESCRIPTION = "A file: one of data (base64), url (public https) or path (absolute, under CHATWOOT_UPLOAD_DIRS); filename optional";

export function fileSource(description?: string): z.ZodType<FileSource> {
  return z
    .strictObject({
      data: z.string().optional(),
      url: z.string().optional(),
      path: z.string().optional(),
      filename: z.string().max(255).optional(),
    })
    .describe(description ? `${description} ${FILE_SOURCE_DESCRIPTION}.` : `${FILE_SOURCE_DESCRIPTION}.`);
}
