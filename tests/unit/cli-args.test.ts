import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../src/cli-args.js";

describe("parseCliArgs", () => {
  it("reads the selection flags as lists", () => {
    expect(parseCliArgs(["--toolsets", "default, reports", "--tools", "list_agents", "--exclude-tools", "a,b", "--read-only", "--discovery"])).toEqual({
      command: "serve", demo: false, toolsets: ["default", "reports"], tools: ["list_agents"], excludeTools: ["a", "b"], readOnly: true, discovery: true, http: false,
    });
  });
  it("knows doctor, --help, --version and --demo", () => {
    expect(parseCliArgs(["doctor"]).command).toBe("doctor");
    expect(parseCliArgs(["--help"]).command).toBe("help");
    expect(parseCliArgs(["--version"]).command).toBe("version");
    expect(parseCliArgs(["--demo"]).demo).toBe(true);
    expect(parseCliArgs([])).toMatchObject({ command: "serve", toolsets: undefined, readOnly: false });
  });
  it("reads --http with its --port and --host", () => {
    expect(parseCliArgs(["--http", "--port", "0", "--host", "0.0.0.0"])).toMatchObject({ http: true, port: "0", host: "0.0.0.0" });
  });
  it.each([[["--toolsets"]], [["--bogus"]], [["serve"]], [["doctor", "--demo"]], [["--port", "80"]]])("refuses %j", (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });
});
