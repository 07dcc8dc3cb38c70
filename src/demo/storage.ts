import { crc32, deflateSync } from "node:zlib";

/**
 * The demo's file storage, standing in for Chatwoot's ActiveStorage: uploads are kept by blob id,
 * and every blob link (`/rails/active_storage/blobs/redirect/<signed id>/<name>`, as
 * Attachmentable#file_url makes) redirects, as Rails does, to a `/rails/active_storage/disk/...`
 * link that serves the bytes. Sample blobs that were never uploaded are drawn on the fly: a PNG
 * for images, a few CSV lines for files.
 */
export interface UploadedFile {
  filename: string;
  content_type: string;
  /** bytes */
  size: number;
}

/** The upload's bytes ride along without showing up in recorded request bodies. */
export function uploadedFile(filename: string, contentType: string, bytes: Uint8Array): UploadedFile {
  const file = { filename, content_type: contentType, size: bytes.byteLength };
  Object.defineProperty(file, "bytes", { value: bytes, enumerable: false });
  return file;
}

export function bytesOf(file: UploadedFile): Uint8Array | undefined {
  return (file as UploadedFile & { bytes?: Uint8Array }).bytes;
}

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface DemoStorage {
  put(blobId: number, file: UploadedFile): void;
  /** a response for a storage path, or undefined when the path is not a storage link */
  answer(path: string): StoredAnswer | undefined;
  clear(): void;
}

export function createDemoStorage(): DemoStorage {
  const blobs = new Map<number, UploadedFile>();
  return {
    put: (blobId, file) => void blobs.set(blobId, file),
    clear: () => blobs.clear(),
    answer(path): StoredAnswer | undefined {
      const redirect = /^\/rails\/active_storage\/(blobs|representations)\/redirect\/([^/]+)\/(?:[^/]+\/)?([^/]+)$/.exec(path);
      if (redirect) {
        const blobId = blobIdOf(redirect[2]!);
        if (blobId === undefined) return { status: 404, headers: {} };
        const thumb = redirect[1] === "representations" ? "?variant=thumb" : "";
        return { status: 302, headers: { location: `/rails/active_storage/disk/${blobId}/${redirect[3]}${thumb}` } };
      }
      const disk = /^\/rails\/active_storage\/disk\/(\d+)\/([^/?]+)(\?variant=thumb)?$/.exec(path);
      if (!disk) return undefined;
      const stored = blobs.get(Number(disk[1]));
      const name = decodeURIComponent(disk[2]!);
      const bytes = stored ? bytesOf(stored) : /\.(png|jpe?g|gif)$/i.test(name) ? samplePng(Number(disk[1]), disk[3] ? 40 : 120) : sampleCsv(name);
      const type = stored?.content_type ?? (/\.csv$/i.test(name) ? "text/csv" : "image/png");
      if (!bytes) return { status: 404, headers: {} };
      return { status: 200, headers: { "content-type": type, "content-length": String(bytes.byteLength) }, body: bytes };
    },
  };
}

/** The blob id inside an ActiveStorage signed id: base64 of {"_rails":{"data":<id>,...}}, then "--" and a digest. */
function blobIdOf(signed: string): number | undefined {
  try {
    const data = (JSON.parse(Buffer.from(decodeURIComponent(signed).split("--")[0]!, "base64").toString("utf8")) as { _rails?: { data?: unknown } })._rails?.data;
    return typeof data === "number" ? data : undefined;
  } catch {
    return undefined;
  }
}

function sampleCsv(name: string): Uint8Array {
  return new TextEncoder().encode(`order,amount,status\n1001,49.00,paid\n1002,12.50,refunded\n# ${name}\n`);
}

/** A small deterministic PNG (a screenshot-like pattern), `width` pixels wide and 2/3 as high. */
export function samplePng(seed: number, width: number): Uint8Array {
  const height = Math.round((width * 2) / 3);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const bar = y < height / 6;
      const line = !bar && y % 12 < 3 && x > width / 10 && x < width * (0.5 + ((seed * 7 + y) % 40) / 100);
      const [r, g, b] = bar ? [31, 147, 255] : line ? [90, 90, 90] : [246, 247, 249];
      rows.push(r, g, b);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]));
}
