import { describe, expect, it } from "vitest";
import { selectTools, SelectionError, type Catalogue, type SelectionOptions } from "../../src/core/tool-selection.js";
import { fakeTool } from "../helpers/tool.js";

const read = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const write = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const catalogue: Catalogue = {
  tools: [
    fakeTool({ name: "list_conversations", toolset: "conversations", annotations: read }),
    fakeTool({ name: "create_message", toolset: "messages", annotations: write }),
    fakeTool({ name: "list_agents", toolset: "agents", annotations: read }),
    fakeTool({ name: "create_agent", toolset: "agents", annotations: write }),
    fakeTool({ name: "get_report", toolset: "reports", annotations: read }),
    fakeTool({ name: "platform_get_user", toolset: "platform", annotations: read }),
    fakeTool({ name: "public_create_message", toolset: "public_client", annotations: write }),
  ],
  toolsetNames: ["conversations", "messages", "agents", "reports", "platform", "public_client"],
  defaultToolsets: ["conversations", "messages"],
  defaultTools: ["list_agents"],
};
const names = (options: Partial<SelectionOptions>) => selectTools(catalogue, { hasPlatformToken: true, ...options }).tools.map((tool) => tool.name);

describe("selectTools", () => {
  it("offers the default toolsets and tools when nothing is asked", () => {
    expect(names({})).toEqual(["list_conversations", "create_message", "list_agents"]);
    expect(names({ toolsets: ["default"] })).toEqual(names({}));
  });
  it("all means every toolset, platform and public client included", () => {
    expect(names({ toolsets: ["all"] })).toHaveLength(7);
  });
  it("combines toolsets and single tools", () => {
    expect(names({ toolsets: ["reports"], tools: ["create_agent"] })).toEqual(["create_agent", "get_report"]);
  });
  it("exclude wins over toolsets and --tools", () => {
    expect(names({ toolsets: ["agents"], tools: ["get_report"], excludeTools: ["create_agent", "get_report"] })).toEqual(["list_agents"]);
  });
  it("read-only wins over everything, --tools included", () => {
    expect(names({ toolsets: ["all"], tools: ["create_message"], readOnly: true })).toEqual(["list_conversations", "list_agents", "get_report", "platform_get_user"]);
  });
  it("platform tools appear only with a platform token", () => {
    const selection = selectTools(catalogue, { toolsets: ["all"], hasPlatformToken: false });
    expect(selection.tools.map((tool) => tool.name)).not.toContain("platform_get_user");
    expect(selection.notes.join()).toMatch(/CHATWOOT_PLATFORM_APP_TOKEN/);
  });
  it("public client tools appear only when asked for", () => {
    expect(names({})).not.toContain("public_create_message");
    expect(names({ toolsets: ["public_client"] })).toEqual(["public_create_message"]);
  });
  it("discovery alone covers every toolset but the public client API; with others, just those", () => {
    const alone = selectTools(catalogue, { toolsets: ["discovery"], hasPlatformToken: true });
    expect(alone.discovery).toBe(true);
    expect(alone.tools.map((tool) => tool.name)).not.toContain("public_create_message");
    expect(alone.tools).toHaveLength(6);
    expect(selectTools(catalogue, { toolsets: ["discovery", "all"], hasPlatformToken: true }).tools).toHaveLength(7);
    expect(selectTools(catalogue, { toolsets: ["discovery", "reports"], hasPlatformToken: true }).tools.map((tool) => tool.name)).toEqual(["get_report"]);
  });
  it("an unknown toolset or tool stops with the list of valid names", () => {
    expect(() => names({ toolsets: ["conversation"] })).toThrow(SelectionError);
    expect(() => names({ toolsets: ["conversation"] })).toThrow(/Unknown toolset "conversation". Valid toolsets: default, all, discovery, conversations, messages/);
    expect(() => names({ tools: ["list_conversation"] })).toThrow(/Unknown tool "list_conversation" in --tools. Valid tools: list_conversations, create_message/);
    expect(() => names({ excludeTools: ["nope"] })).toThrow(/in --exclude-tools/);
  });
});
