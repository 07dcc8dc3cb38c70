// The MCP Inspector's CLI (a devDependency, run from node_modules/.bin: nothing is downloaded)
// against the built server in --http --demo mode, as a person checking the server would use it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDesk } from "../../src/demo/sample-desk.js";
import { connectHttpClient, spawnHttpServer, type HttpServerProcess } from "../helpers/spawn-http-server.js";

const INSPECTOR = fileURLToPath(new URL("../../node_modules/.bin/mcp-inspector", import.meta.url));

/**
 * `mcp-inspector --cli <url> --transport http ...args`; resolves with its stdout parsed as JSON.
 * The launcher starts its CLI with the `node` on PATH, so this test's node comes first there.
 */
function inspect(url: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(INSPECTOR, ["--cli", url, "--transport", "http", ...args], {
      env: { PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` },
      timeout: 20_000,
    }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`mcp-inspector ${args.join(" ")} failed: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`mcp-inspector printed no JSON:\n${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

describe("the MCP Inspector CLI against --http --demo", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await spawnHttpServer({ args: ["--http", "--port", "0", "--demo"] });
  });
  afterAll(() => server?.stop());

  it("is installed locally", () => {
    expect(existsSync(INSPECTOR), "npm install brings @modelcontextprotocol/inspector (devDependency)").toBe(true);
  });

  it("lists the tools the server offers", async () => {
    const listed = (await inspect(server.url, ["--method", "tools/list"])) as { tools: { name: string; inputSchema: { type: string } }[] };
    const { client } = await connectHttpClient(server.url);
    const expected = (await client.listTools()).tools.map((tool) => tool.name);
    await client.close();
    expect(listed.tools.map((tool) => tool.name)).toEqual(expected);
    expect(expected).toContain("list_labels");
    for (const tool of listed.tools) expect(tool.inputSchema.type).toBe("object");
    expect(server.stderr()).toMatch(/ POST \/mcp tools\/list 200 \d+ms/);
  });

  it("calls list_labels and gets the demo labels", async () => {
    const result = (await inspect(server.url, ["--method", "tools/call", "--tool-name", "list_labels"])) as { isError?: boolean; content: { type: string; text: string }[] };
    expect(result.isError).toBeFalsy();
    const labels = JSON.parse(result.content[0]!.text) as { payload: { title: string }[] };
    expect(labels.payload.map((label) => label.title)).toEqual(createSampleDesk().labels.map((label) => label.title));
    expect(result.content[1]?.text).toMatch(/All 7 items/);
    expect(server.stderr()).toMatch(/ POST \/mcp tools\/call list_labels 200 \d+ms/);
  });
});
