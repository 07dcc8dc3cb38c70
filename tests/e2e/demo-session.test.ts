// `npm run demo` is one of the README's two commands: the scripted session must run to the end.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const SESSION = fileURLToPath(new URL("../../dist/demo/session.js", import.meta.url));

describe("npm run demo", () => {
  it("works the sample conversation and reports every step succeeded", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [SESSION], { env: { PATH: process.env.PATH ?? "" }, timeout: 60_000 });
    expect(stdout).not.toMatch(/✗|failed/);
    expect(stdout.trim().split("\n").at(-1)).toBe("Demo finished: every step succeeded.");
  }, 70_000);
});
