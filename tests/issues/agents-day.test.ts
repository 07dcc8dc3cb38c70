// The agent's day (issue 10): the kinds of work it names, each asserting the request that reaches
// the stand-in Chatwoot or the result the model reads, through the built server over stdio.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_FILES } from "../../scripts/generator/sample.js";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { samplePng } from "../../src/demo/storage.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server.js";

const TOKEN = "agent-day-token-31c7";
let backend: DemoBackend;
let server: SpawnedServer;
let noUploads: SpawnedServer;
let root: string;
let outbox: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "chatwoot-mcp-day-"));
  outbox = join(root, "outbox");
  mkdirSync(outbox);
  mkdirSync(join(root, "home"));
  writeFileSync(join(outbox, "invoice.pdf"), "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
  writeFileSync(join(outbox, "screenshot.png"), samplePng(3, 64));
  writeFileSync(join(root, "home", "id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n");
  backend = await startDemoBackend({ userToken: TOKEN });
  const env = { CHATWOOT_BASE_URL: backend.url, CHATWOOT_API_ACCESS_TOKEN: TOKEN, CHATWOOT_ACCOUNT_ID: "1" };
  [server, noUploads] = await Promise.all([spawnServer({ ...env, CHATWOOT_UPLOAD_DIRS: outbox }), spawnServer(env)]);
});
afterAll(async () => {
  await Promise.all([server?.close(), noUploads?.close()]);
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => backend.reset());

const last = () => backend.requests.at(-1)!;

describe("issue 10: the whole of an agent's day", () => {
  it("sends a reply with two files from an allowed folder as one multipart upload, and says what was sent", async () => {
    const result = await server.call("create_message", {
      conversation_id: 1, content: "Your invoice and the screen you asked about.",
      attachments: [{ path: join(outbox, "invoice.pdf") }, { path: join(outbox, "screenshot.png"), filename: "settings.png" }],
    });
    expect(result.isError, result.text).toBeFalsy();
    expect(last()).toMatchObject({ method: "POST", path: "/api/v1/accounts/1/conversations/1/messages" });
    expect(last().body).toEqual({
      content: "Your invoice and the screen you asked about.",
      attachments: [
        { filename: "invoice.pdf", content_type: "application/pdf", size: 48 },
        { filename: "settings.png", content_type: "image/png", size: samplePng(3, 64).byteLength },
      ],
    });
    expect(result.notes).toContain(`Uploaded 2 files: invoice.pdf (application/pdf, 48 bytes), settings.png (image/png, ${samplePng(3, 64).byteLength} bytes).`);
    const message = JSON.parse(result.text) as { attachments: { file_type: string }[] };
    expect(message.attachments.map((attachment) => attachment.file_type)).toEqual(["file", "image"]);
  });

  it("never reads a file outside CHATWOOT_UPLOAD_DIRS, and sends nothing", async () => {
    const result = await server.call("create_message", { conversation_id: 1, content: "as the customer asked", attachments: [{ path: join(root, "home", "id_rsa") }] });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/attachments\[0\]: .*id_rsa is not under a folder of CHATWOOT_UPLOAD_DIRS/);
    expect(result.text).toMatch(/Nothing was sent\.$/);
    expect(backend.requests).toEqual([]);
  });

  it("reads no local file at all when CHATWOOT_UPLOAD_DIRS is unset, and names the variable", async () => {
    const result = await noUploads.call("create_message", { conversation_id: 1, content: "x", attachments: [{ path: join(outbox, "invoice.pdf") }] });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/reading local files is off.*CHATWOOT_UPLOAD_DIRS.*data \(base64\) or url/);
    expect(backend.requests).toEqual([]);
  });

  it("fetches a URL only over https and only from a public address", async () => {
    for (const [url, why] of [
      ["http://files.example.com/a.png", /Only https URLs are fetched/],
      ["https://127.0.0.1/a.png", /127\.0\.0\.1 is not a public address/],
      ["https://169.254.169.254/latest/meta-data/", /169\.254\.169\.254 is not a public address/],
      ["https://localhost/a.png", /localhost resolves to 127\.0\.0\.1, which is not a public address/],
    ] as const) {
      const result = await server.call("create_message", { conversation_id: 1, content: "x", attachments: [{ url }] });
      expect(result.isError, url).toBe(true);
      expect(result.text, url).toMatch(why);
    }
    expect(backend.requests).toEqual([]);
  });

  it("replaces a contact's avatar from base64 data, refusing a type Chatwoot does not take", async () => {
    const ok = await server.call("update_contact", { contact_id: 3, avatar: { data: SAMPLE_FILES.png.data } });
    expect(ok.isError, ok.text).toBeFalsy();
    expect(last()).toMatchObject({ method: "PUT", path: "/api/v1/accounts/1/contacts/3", body: { avatar: { filename: "file.png", content_type: "image/png", size: 70 } } });
    const refused = await server.call("update_contact", { contact_id: 3, avatar: { data: SAMPLE_FILES.csv.data, filename: "list.csv" } });
    expect(refused.text).toMatch(/avatar: Chatwoot takes image\/jpeg, image\/png, image\/gif here; this file is text\/csv/);
  });

  it("shows a customer's screenshot as an image block, fetched without the token", async () => {
    const message = backend.desk.messages.find((candidate) => candidate.attachments.some((attachment) => attachment.file_type === "image"))!;
    const attachment = message.attachments.find((candidate) => candidate.file_type === "image")!;
    const result = await server.call("view_attachment", { conversation_id: message.conversation_id, attachment_id: attachment.id });
    expect(result.isError, result.text).toBeFalsy();
    expect(result.text).toMatch(new RegExp(`^Attachment ${attachment.id} of message ${message.id} \\(image, .*\\)\\. Shown below \\(image/png, `));
    const image = result.content.find((part) => part.type === "image");
    expect(image).toMatchObject({ type: "image", mimeType: "image/png" });
    // the list came with the token; the file itself (a redirect, then the bytes) did not
    expect(backend.requests).toMatchObject([{ path: `/api/v1/accounts/1/conversations/${message.conversation_id}/attachments/`, token: TOKEN }]);
    expect(backend.fileRequests.map((request) => request.path.split("/")[3])).toEqual(["blobs", "disk"]);
    expect(backend.fileRequests.every((request) => request.token === undefined)).toBe(true);
  });

  it("says which attachment ids exist when asked for one the conversation does not hold", async () => {
    const result = await server.call("view_attachment", { conversation_id: 1, attachment_id: 999 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/no attachment 999 in this conversation \(its attachments: \d+.*\)\. list_messages shows/);
  });

  it("searches messages across the account", async () => {
    const result = await server.call("search_messages", { q: "refund" });
    expect(result.isError, result.text).toBeFalsy();
    expect(last()).toMatchObject({ method: "GET", path: "/api/v1/accounts/1/search/messages", query: "q=refund" });
    const found = (JSON.parse(result.text) as { payload: { messages: { content: string }[] } }).payload.messages;
    expect(found.length).toBeGreaterThan(0);
    for (const message of found) expect(message.content.toLowerCase()).toContain("refund");
  });

  it("acts on many conversations at once and says how many were queued, since Chatwoot's answer does not", async () => {
    const result = await server.call("bulk_update_conversations", { ids: [3, 4, 9], fields: { status: "resolved" }, labels: { add: ["billing"] } });
    expect(result.isError, result.text).toBeFalsy();
    expect(last()).toMatchObject({ method: "POST", path: "/api/v1/accounts/1/bulk_actions", query: "type=Conversation", body: { ids: [3, 4, 9], fields: { status: "resolved" }, labels: { add: ["billing"] } } });
    expect(result.notes.join("\n")).toMatch(/Chatwoot queued this for 3 items \(3, 4, 9\) and applies it in the background.*get_conversation/);
  });

  it("replies to an e-mail with people in copy and an HTML body", async () => {
    const result = await server.call("create_message", { conversation_id: 2, content: "Hello", cc_emails: "boss@example.com", bcc_emails: "audit@example.com", email_html_content: "<p>Hello</p>", echo_id: "draft-7" });
    expect(result.isError, result.text).toBeFalsy();
    expect(last().body).toEqual({ content: "Hello", cc_emails: "boss@example.com", bcc_emails: "audit@example.com", email_html_content: "<p>Hello</p>", echo_id: "draft-7" });
  });

  it("refuses an empty message before sending: content or attachments", async () => {
    const result = await server.call("create_message", { conversation_id: 1 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/needs at least one of content, attachments/);
    expect(backend.requests).toEqual([]);
  });

  it("reads a report an admin downloads as CSV, as a compact table", async () => {
    const result = await server.call("export_agents_report", { since: 1763000000, until: 1763600000 });
    expect(result.isError, result.text).toBeFalsy();
    expect(result.text.split("\n")[0]).toMatch(/^Agent name,Conversations count,/);
    expect(last()).toMatchObject({ path: "/api/v2/accounts/1/reports/agents", query: "since=1763000000&until=1763600000" });
  });
});
