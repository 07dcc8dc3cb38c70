// npm run demo: starts the stand-in Chatwoot, spawns the built server over stdio through the
// SDK's client, and works one conversation from open to resolved, printing each step.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { DEMO_ACCOUNT_ID, DEMO_PLATFORM_TOKEN, DEMO_USER_TOKEN, startDemoBackend } from "./backend.js";
import { samplePng } from "./storage.js";

const out = (line = ""): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const backend = await startDemoBackend();
  const client = new Client({ name: "chatwoot-mcp-demo", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fileURLToPath(new URL("../server.js", import.meta.url))],
    env: {
      PATH: process.env.PATH ?? "",
      CHATWOOT_BASE_URL: backend.url,
      CHATWOOT_API_ACCESS_TOKEN: DEMO_USER_TOKEN,
      CHATWOOT_PLATFORM_APP_TOKEN: DEMO_PLATFORM_TOKEN,
      CHATWOOT_ACCOUNT_ID: String(DEMO_ACCOUNT_ID),
    },
    stderr: "ignore",
  });
  let failures = 0;
  try {
    out("chatwoot-mcp demo: DEMO DATA from a built-in stand-in Chatwoot; nothing reaches a real support desk.");
    out(`stand-in Chatwoot: ${backend.url}`);
    await client.connect(transport);
    const { tools } = await client.listTools();
    out(`server: ${client.getServerVersion()?.name} ${client.getServerVersion()?.version}, ${tools.length} tools\n`);

    const call = async (name: string, args: Record<string, unknown>, show: (data: any) => string): Promise<any> => {
      out(`→ ${name} ${JSON.stringify(args, (_key, value: unknown) => (typeof value === "string" && value.length > 60 ? `${value.slice(0, 24)}... (${value.length} characters)` : value))}`);
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const [text = "", ...notes] = result.content.flatMap((part) => (part.type === "text" ? [part.text] : []));
      if (result.isError) {
        failures++;
        out(`  ✗ ${text}\n`);
        return undefined;
      }
      // view_attachment answers with a sentence and an image, not JSON
      const data = result.content.some((part) => part.type === "image") ? result : JSON.parse(text);
      out(`  ✓ ${show(data)}`);
      for (const note of notes) out(`    note: ${note}`);
      out();
      return data;
    };

    const list = await call("list_conversations", { status: "open", assignee_type: "unassigned" }, (data) =>
      `${data.data.payload.length} open unassigned, the latest first: ` +
      data.data.payload.slice(0, 4).map((c: any) => `#${c.id} ${c.contact?.name} [${c.labels.join(", ")}]`).join("; ") +
      (data.data.payload.length > 4 ? "; ..." : ""));
    const conversation = list?.data.payload[0];
    if (!conversation) throw new Error("no open conversation in the sample desk");
    const id = conversation.id as number;

    await call("get_conversation", { conversation_id: id }, (c) => `#${c.id} ${c.status}, priority ${c.priority}, customer ${c.contact?.name}`);
    const who = (m: any): string => (m.message_type === "incoming" ? "customer" : m.message_type === "activity" ? "activity" : m.private ? "note" : "agent");
    const thread = await call("list_messages", { conversation_id: id }, (data) => data.payload.map((m: any) => `${who(m)}: "${m.content}"${m.attachments ? ` [${m.attachments.length} attachment(s)]` : ""}`).join(" | "));
    // the customer's screenshot, as a model that sees images would look at it
    const screenshot = thread?.payload.flatMap((m: any) => m.attachments ?? []).find((a: any) => a.type === "image");
    if (screenshot) {
      await call("view_attachment", { conversation_id: id, attachment_id: screenshot.id }, (result: CallToolResult) => {
        const image = result.content.find((part) => part.type === "image");
        return `the customer's screenshot as an ${image?.type === "image" ? `${image.mimeType} image block of ${Buffer.from(image.data, "base64").byteLength} bytes` : "(no image)"}`;
      });
    }
    await call("search_messages", { q: "refund" }, (data) =>
      `${data.payload.messages.length} messages mention "refund", in conversations ${[...new Set(data.payload.messages.map((m: any) => `#${m.conversation_id}`))].slice(0, 6).join(", ")}`);
    await call("create_message", { conversation_id: id, content: "Thanks Maria, I can see the double charge and I'm refunding it now. (demo reply)" }, (m) => `message #${m.id} sent`);
    const receipt = Buffer.from(samplePng(7, 160)).toString("base64");
    await call("create_message", { conversation_id: id, content: "Here is the refund receipt (demo attachment).", attachments: [{ data: receipt, filename: "refund-receipt.png" }] }, (m) =>
      `message #${m.id} sent with ${m.attachments.map((a: any) => `attachment #${a.id} (${a.file_type}, ${a.file_size} bytes)`).join(", ")}`);
    await call("create_message", { conversation_id: id, content: "Refund issued in the billing system (demo note).", private: true }, (m) => `private note #${m.id} added`);
    const labels = await call("list_conversation_labels", { conversation_id: id }, (data) => `current labels: ${data.payload.join(", ") || "none"}`);
    await call("set_conversation_labels", { conversation_id: id, labels: [...(labels?.payload ?? []), "refund"] }, (data) => `labels now: ${data.payload.join(", ")}`);
    const agents = await call("list_agents", {}, (data) => data.map((a: any) => `${a.id} ${a.name} (${a.availability_status})`).join("; "));
    const agent = agents?.find((a: any) => a.role === "agent") ?? agents?.[0];
    await call("assign_conversation", { conversation_id: id, assignee_id: agent?.id ?? 1 }, (a) => `assigned to ${a.name}`);
    await call("set_conversation_status", { conversation_id: id, status: "resolved" }, (data) => `status: ${data.payload.current_status}`);
    await call("get_conversation_counts", { status: "open" }, (data) => `open conversations left: ${data.data.meta.all_count}`);

    out(failures === 0 ? "Demo finished: every step succeeded." : `Demo finished with ${failures} failed step(s).`);
  } finally {
    await client.close().catch(() => {});
    await backend.close();
  }
  if (failures > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
