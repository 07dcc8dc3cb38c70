import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_FILES } from "../../scripts/generator/sample.js";
import { viewFileResult } from "../../src/core/attachment-view.js";
import { loadConfig } from "../../src/core/config.js";
import { allTools } from "../../src/tools/index.js";

const PNG = Buffer.from(SAMPLE_FILES.png.data, "base64");
const tool = allTools.find((candidate) => candidate.viewFile)!;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    // a full image over the 5 MB cap (refused on its Content-Length, never read) and its small thumbnail
    if (req.url === "/big.png") res.writeHead(200, { "content-type": "image/png", "content-length": String(6 * 1024 * 1024) }).end();
    else res.writeHead(200, { "content-type": "image/png" }).end(PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const answer = (item: Record<string, unknown>) => ({ status: 200, statusText: "OK", contentType: "application/json", text: JSON.stringify({ payload: [item] }) });

describe("view_attachment: an image larger than the cap", () => {
  it("shows its thumbnail instead, and says so", async () => {
    const item = { id: 5, message_id: 9, file_type: "image", data_url: `${origin}/big.png`, thumb_url: `${origin}/thumb.png` };
    const result = await viewFileResult({ ...tool, viewFile: tool.viewFile! }, answer(item), { attachment_id: 5 }, loadConfig({ CHATWOOT_BASE_URL: origin }));
    expect(result.isError).toBeFalsy();
    expect(result.content[0]).toMatchObject({ type: "text", text: expect.stringMatching(/The full image is larger than 5 MB; this is its thumbnail\.$/) });
    expect(result.content[1]).toMatchObject({ type: "image", mimeType: "image/png", data: SAMPLE_FILES.png.data });
  });

  it("gives its link when there is no thumbnail", async () => {
    const item = { id: 5, message_id: 9, file_type: "image", data_url: `${origin}/big.png`, thumb_url: "" };
    const result = await viewFileResult({ ...tool, viewFile: tool.viewFile! }, answer(item), { attachment_id: 5 }, loadConfig({ CHATWOOT_BASE_URL: origin }));
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(new RegExp(`larger than 5 MB.*The file's link: ${origin}/big\\.png$`));
  });
});
