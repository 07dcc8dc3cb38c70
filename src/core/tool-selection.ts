import type { ToolDefinition } from "./tool-definition.js";

/** Which tools a server offers: the data it chooses from. */
export interface Catalogue {
  tools: readonly ToolDefinition[];
  toolsetNames: readonly string[];
  defaultToolsets: readonly string[];
  defaultTools: readonly string[];
}

export interface SelectionOptions {
  /** toolset names, plus "default", "all" and "discovery"; undefined means ["default"] */
  toolsets?: readonly string[];
  /** single tools added to the toolsets */
  tools?: readonly string[];
  /** tools removed whatever else says (exclude wins) */
  excludeTools?: readonly string[];
  /** only tools that do not write; wins over everything */
  readOnly?: boolean;
  hasPlatformToken: boolean;
}

export interface Selection {
  tools: ToolDefinition[];
  /** discovery mode: offer search/describe/call over `tools` instead of the tools themselves */
  discovery: boolean;
  /** things worth telling the person at startup */
  notes: string[];
}

/** A selection that names something that does not exist; the message lists the valid names. */
export class SelectionError extends Error {}

export const SPECIAL_TOOLSETS = ["default", "all", "discovery"] as const;
const PLATFORM = "platform";
const PUBLIC_CLIENT = "public_client";

export function selectTools(catalogue: Catalogue, options: SelectionOptions): Selection {
  const requested = options.toolsets && options.toolsets.length > 0 ? [...options.toolsets] : ["default"];
  const validToolsets = [...SPECIAL_TOOLSETS, ...catalogue.toolsetNames];
  const unknownToolsets = requested.filter((name) => !validToolsets.includes(name));
  if (unknownToolsets.length > 0) {
    throw new SelectionError(`Unknown toolset ${unknownToolsets.map((name) => `"${name}"`).join(", ")}. Valid toolsets: ${validToolsets.join(", ")}.`);
  }
  const names = new Set(catalogue.tools.map((tool) => tool.name));
  for (const [flag, list] of [["--tools", options.tools], ["--exclude-tools", options.excludeTools]] as const) {
    const unknown = (list ?? []).filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new SelectionError(`Unknown tool ${unknown.map((name) => `"${name}"`).join(", ")} in ${flag}. Valid tools: ${[...names].join(", ")}.`);
    }
  }

  const discovery = requested.includes("discovery");
  const sets = requested.filter((name) => name !== "discovery");
  const everything = sets.includes("all");
  // discovery on its own searches every toolset that acts as an agent; public_client still only when asked
  const toolsets = new Set(
    everything ? catalogue.toolsetNames
      : discovery && sets.length === 0 ? catalogue.toolsetNames.filter((name) => name !== PUBLIC_CLIENT)
      : sets.flatMap((name) => (name === "default" ? catalogue.defaultToolsets : [name])),
  );
  const single = new Set([...(sets.includes("default") ? catalogue.defaultTools : []), ...(options.tools ?? [])]);
  const excluded = new Set(options.excludeTools ?? []);
  const notes: string[] = [];

  let tools = catalogue.tools.filter((tool) => toolsets.has(tool.toolset) || single.has(tool.name));
  if (!options.hasPlatformToken && tools.some((tool) => tool.toolset === PLATFORM)) {
    tools = tools.filter((tool) => tool.toolset !== PLATFORM);
    notes.push("platform tools are left out: set CHATWOOT_PLATFORM_APP_TOKEN to offer them");
  }
  tools = tools.filter((tool) => !excluded.has(tool.name));
  if (options.readOnly) tools = tools.filter((tool) => tool.annotations.readOnlyHint);
  if (toolsets.has(PUBLIC_CLIENT) && !everything) notes.push("public client API tools act as a customer, not as an agent");
  return { tools, discovery, notes };
}
