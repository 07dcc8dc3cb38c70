import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the Gemini API's generateContent on 127.0.0.1: it records each request body as
 * @google/genai sent it and answers with the next scripted model turn (function calls, then text).
 */
export interface FakeGemini {
  url: string;
  /** request bodies, in order */
  requests: Record<string, any>[];
  /** the model turns to answer with, in order; when none is left it answers with text */
  script: Record<string, unknown>[][];
  close(): Promise<void>;
}

export async function startFakeGemini(): Promise<FakeGemini> {
  const fake: FakeGemini = { url: "", requests: [], script: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      fake.requests.push(raw ? JSON.parse(raw) : {});
      const parts = fake.script.shift() ?? [{ text: "done" }];
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }], modelVersion: "fake" }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return fake;
}
