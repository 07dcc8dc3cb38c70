import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveFile, type FileContext } from "../../src/core/files.js";
import { sentFilesNote, withUploads } from "../../src/core/multipart.js";
import { isPublicAddress, safeFetch } from "../../src/core/safe-fetch.js";
import { loadConfig } from "../../src/core/config.js";
import { SAMPLE_FILES } from "../../scripts/generator/sample.js";

const PNG = Buffer.from(SAMPLE_FILES.png.data, "base64");
const ATTACHMENT = { maxBytes: 40 * 1024 * 1024, multiple: true };
const AVATAR = { maxBytes: 15 * 1024 * 1024, contentTypes: ["image/jpeg", "image/png", "image/gif"] };

let root: string;
let allowed: string;
let outside: string;
const context = (overrides: Partial<FileContext> = {}): FileContext => ({ uploadDirs: [allowed], timeoutMs: 2_000, ...overrides });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "chatwoot-mcp-files-"));
  allowed = join(root, "outbox");
  outside = join(root, "private");
  mkdirSync(allowed);
  mkdirSync(outside);
  writeFileSync(join(allowed, "receipt.png"), PNG);
  writeFileSync(join(allowed, "notes.txt"), "plain text\n");
  writeFileSync(join(outside, "secrets.env"), "TOKEN=do-not-send\n");
  symlinkSync(join(outside, "secrets.env"), join(allowed, "innocent.txt"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("resolveFile: a file given as data, path or url", () => {
  it("decodes base64 data and reads the type from the bytes, not the name", async () => {
    const file = await resolveFile({ data: SAMPLE_FILES.png.data, filename: "shot.jpg" }, "attachments[0]", ATTACHMENT, context());
    expect(file).toMatchObject({ filename: "shot.jpg", contentType: "image/png" });
    expect(file.bytes.byteLength).toBe(70);
  });

  it("takes a data: URL, and names a nameless file from its type", async () => {
    const file = await resolveFile({ data: `data:image/png;base64,${SAMPLE_FILES.png.data}` }, "avatar", AVATAR, context());
    expect(file).toMatchObject({ filename: "file.png", contentType: "image/png" });
  });

  it("asks for exactly one of data, url or path", async () => {
    await expect(resolveFile({}, "avatar", AVATAR, context())).rejects.toThrow(/avatar: give exactly one of data \(base64\), url \(https\) or path/);
    await expect(resolveFile({ data: "aGk=", path: "/tmp/x" }, "avatar", AVATAR, context())).rejects.toThrow(/not data and path/);
  });

  it("refuses data that is not base64, an empty file, and a file over the field's limit", async () => {
    await expect(resolveFile({ data: "this is not base64!" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/data is not base64/);
    await expect(resolveFile({ data: "" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/exactly one of/);
    await expect(resolveFile({ data: PNG.toString("base64") }, "avatar", { maxBytes: 50 }, context())).rejects.toThrow(/larger than 50 bytes/);
  });

  it("refuses a type the field does not take, naming the ones it does", async () => {
    await expect(resolveFile({ data: Buffer.from("a,b\n1,2\n").toString("base64"), filename: "x.csv" }, "avatar", AVATAR, context()))
      .rejects.toThrow(/Chatwoot takes image\/jpeg, image\/png, image\/gif here; this file is text\/csv/);
  });

  it("gives a one-type field (a CSV import) its type when neither bytes nor name say otherwise", async () => {
    const file = await resolveFile({ data: Buffer.from("name,email\n").toString("base64") }, "import_file", { maxBytes: 1000, contentTypes: ["text/csv"] }, context());
    expect(file).toMatchObject({ filename: "file.csv", contentType: "text/csv" });
  });
});

describe("resolveFile: local paths only under CHATWOOT_UPLOAD_DIRS", () => {
  it("reads a file under an allowed folder, named after it", async () => {
    const file = await resolveFile({ path: join(allowed, "receipt.png") }, "attachments[0]", ATTACHMENT, context());
    expect(file).toMatchObject({ filename: "receipt.png", contentType: "image/png" });
  });

  it("says what is wrong with CHATWOOT_UPLOAD_DIRS when a path is refused, and nothing else is refused for it", async () => {
    const config = loadConfig({ CHATWOOT_UPLOAD_DIRS: "relative/dir" });
    expect(config.problems).toEqual([]);
    await expect(resolveFile({ path: join(allowed, "receipt.png") }, "attachments[0]", ATTACHMENT, context({ uploadDirs: config.uploadDirs, uploadDirsProblem: config.uploadDirsProblem })))
      .rejects.toThrow(/reading local files is off \(CHATWOOT_UPLOAD_DIRS must hold absolute folder paths separated by ":"; "relative\/dir" is not absolute and is ignored\.\)/);
  });

  it("is off by default, and says which variable turns it on", async () => {
    await expect(resolveFile({ path: join(allowed, "receipt.png") }, "attachments[0]", ATTACHMENT, context({ uploadDirs: [] })))
      .rejects.toThrow(/reading local files is off.*CHATWOOT_UPLOAD_DIRS.*data \(base64\) or url/);
  });

  it("refuses files outside the folders, through .. or a symbolic link, and relative paths", async () => {
    await expect(resolveFile({ path: join(outside, "secrets.env") }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/is not under a folder of CHATWOOT_UPLOAD_DIRS/);
    await expect(resolveFile({ path: join(allowed, "..", "private", "secrets.env") }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/is not under a folder/);
    await expect(resolveFile({ path: join(allowed, "innocent.txt") }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/innocent\.txt, which leads \(through a symbolic link\) to .*secrets\.env, is not under a folder/);
    await expect(resolveFile({ path: "outbox/receipt.png" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/path must be absolute/);
    await expect(resolveFile({ path: join(allowed, "missing.png") }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/no file at/);
    await expect(resolveFile({ path: allowed }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/outbox is a folder; give a file in it/);
  });
});

describe("resolveFile and safeFetch: URLs only over https, from public addresses", () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/to-private") res.writeHead(302, { location: "https://10.0.0.7/secret.png" }).end();
      else if (req.url === "/to-metadata-name") res.writeHead(302, { location: "https://localhost/latest/meta-data" }).end();
      else if (req.url === "/big") res.writeHead(200, { "content-type": "image/png", "content-length": "999999" }).end();
      else res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("knows public from private, loopback, link-local, shared and mapped addresses", () => {
    expect(["8.8.8.8", "2001:4860:4860::8888"].map(isPublicAddress)).toEqual([true, true]);
    const privateOnes = ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "2002:7f00:1::1", "not an ip"];
    expect(privateOnes.filter(isPublicAddress)).toEqual([]);
  });

  it("refuses http and private address literals before connecting", async () => {
    await expect(resolveFile({ url: "http://example.com/a.png" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/Only https URLs are fetched/);
    await expect(resolveFile({ url: "https://127.0.0.1/a.png" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/127\.0\.0\.1 is not a public address/);
    await expect(resolveFile({ url: "https://[::1]/a.png" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/::1 is not a public address/);
    await expect(resolveFile({ url: "https://169.254.169.254/latest/meta-data" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/not a public address/);
    await expect(resolveFile({ url: "https://user:pw@example.com/a.png" }, "attachments[0]", ATTACHMENT, context())).rejects.toThrow(/credentials/);
  });

  it("checks every redirect hop by the same rules", async () => {
    // the trusted origin (Chatwoot's own) may be private and plain http; where it redirects may not
    const options = { maxBytes: 1_000_000, timeoutMs: 2_000, trustedOrigin: origin };
    expect((await safeFetch(`${origin}/ok.png`, options)).bytes.byteLength).toBe(70);
    await expect(safeFetch(`${origin}/to-private`, options)).rejects.toThrow(/10\.0\.0\.7 is not a public address/);
    await expect(safeFetch(`${origin}/to-metadata-name`, options)).rejects.toThrow(/localhost resolves to 127\.0\.0\.1, which is not a public address/);
  });

  it("refuses a body over the cap without reading it", async () => {
    await expect(safeFetch(`${origin}/big`, { maxBytes: 1000, timeoutMs: 2_000, trustedOrigin: origin })).rejects.toThrow(/larger than 1000 bytes/);
  });

  it("checks names where the connection is made: a name that resolves to a private address is refused", async () => {
    await expect(resolveFile({ url: `https://localhost:${new URL(origin).port}/a.png` }, "attachments[0]", ATTACHMENT, context()))
      .rejects.toThrow(/localhost resolves to 127\.0\.0\.1, which is not a public address; only files on public hosts are fetched/);
  });
});

describe("withUploads: one multipart body, the way Rails reads nested parameters", () => {
  it("sends fields as key[sub] and key[], files as parts with name and type, and reports what was sent", async () => {
    const config = { ...loadConfig({}), uploadDirs: [allowed] };
    const { request, sent } = await withUploads({
      method: "POST", url: "http://chat.example/api", accept: "application/json",
      uploads: {
        fields: { content: "See attached", private: false, content_attributes: { in_reply_to: 12 }, cc_emails: "a@example.com" },
        files: [{ field: "attachments", wire: "attachments", sources: [{ data: SAMPLE_FILES.png.data }, { path: join(allowed, "notes.txt") }], rules: ATTACHMENT }],
      },
    }, config);
    expect(request.uploads).toBeUndefined();
    expect(request.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(request.body, { headers: { "content-type": request.contentType! } }).formData();
    expect([...form.keys()]).toEqual(["content", "private", "content_attributes[in_reply_to]", "cc_emails", "attachments[]", "attachments[]"]);
    expect(form.get("private")).toBe("false");
    const files = form.getAll("attachments[]") as File[];
    expect(files.map((file) => [file.name, file.type, file.size])).toEqual([["file.png", "image/png", 70], ["notes.txt", "text/plain", 11]]);
    expect(sentFilesNote(sent)).toBe("Uploaded 2 files: file.png (image/png, 70 bytes), notes.txt (text/plain, 11 bytes).");
  });
});
