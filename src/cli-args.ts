import { parseArgs } from "node:util";
import { splitList } from "./core/config.js";

export interface CliArgs {
  command: "serve" | "doctor" | "help" | "version";
  demo: boolean;
  toolsets?: string[];
  tools?: string[];
  excludeTools?: string[];
  readOnly: boolean;
  discovery: boolean;
  /** Streamable HTTP instead of stdio */
  http: boolean;
  port?: string;
  host?: string;
}

/** Thrown for arguments that cannot be understood; the message is for the person at the terminal. */
export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        demo: { type: "boolean" },
        toolsets: { type: "string" },
        tools: { type: "string" },
        "exclude-tools": { type: "string" },
        "read-only": { type: "boolean" },
        discovery: { type: "boolean" },
        http: { type: "boolean" },
        port: { type: "string" },
        host: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== "doctor")) {
    throw new UsageError(`unknown argument ${positionals.join(" ")}`);
  }
  const command = values.help ? "help" : values.version ? "version" : positionals[0] === "doctor" ? "doctor" : "serve";
  if (command === "doctor" && argv.length > 1) throw new UsageError("doctor takes no options: it reads the environment");
  if (!values.http && (values.port !== undefined || values.host !== undefined)) throw new UsageError("--port and --host go with --http");
  const list = (value: string | undefined) => (value === undefined ? undefined : splitList(value));
  return {
    command,
    demo: values.demo ?? false,
    toolsets: list(values.toolsets),
    tools: list(values.tools),
    excludeTools: list(values["exclude-tools"]),
    readOnly: values["read-only"] ?? false,
    discovery: values.discovery ?? false,
    http: values.http ?? false,
    port: values.port,
    host: values.host,
  };
}
