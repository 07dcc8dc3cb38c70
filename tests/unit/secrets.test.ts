import { describe, expect, it } from "vitest";
import type { HttpResponse } from "../../src/core/executor.js";
import { successResult } from "../../src/core/results.js";
import { hideSecrets } from "../../src/core/secrets.js";
import { allTools } from "../../src/tools/index.js";
import { fakeTool } from "../helpers/tool.js";

const ok = (body: unknown): HttpResponse => ({ status: 200, statusText: "OK", contentType: "application/json", text: JSON.stringify(body) });
const texts = (result: { content: unknown[] }) => result.content.map((part) => (part as { text: string }).text);

describe("credentials in Chatwoot's answers", () => {
  // app/views/api/v1/models/_user.json.jbuilder renders access_token and pubsub_token for every user
  const members = [
    { id: 1, name: "Ana", email: "ana@example.com", access_token: "tok-ana-123", pubsub_token: "pub-ana" },
    { id: 2, name: "Ben", email: "ben@example.com", access_token: "tok-ben-456", pubsub_token: "" },
  ];

  it("hides every non-empty secret value, however deep, and says which fields", () => {
    const { value, hidden } = hideSecrets({ payload: members, inbox: { hmac_token: "h", name: "Web" } });
    const text = JSON.stringify(value);
    expect(text).not.toMatch(/tok-ana|tok-ben|pub-ana|"h"/);
    expect(text).toContain('"name":"Ana"');
    expect(text).toContain('"pubsub_token":""');
    expect(hidden).toEqual(["access_token", "pubsub_token", "hmac_token"]);
  });

  it("hides any field named like a credential: e-mail inbox passwords, API keys, private keys; not the public widget token", () => {
    const inbox = { name: "Support mail", imap_password: "S3cr3t-IMAP", smtp_password: "S3cr3t-SMTP", website_token: "public-widget", provider_config: { api_key: "k", phone_number_id: "123", apiKey: "k2" }, secret: "whsec" };
    const { value, hidden } = hideSecrets(inbox);
    expect(JSON.stringify(value)).not.toMatch(/S3cr3t|"k"|"k2"|whsec/);
    expect(value).toMatchObject({ website_token: "public-widget", provider_config: { phone_number_id: "123" } });
    expect(hidden).toEqual(["imap_password", "smtp_password", "api_key", "apiKey", "secret"]);
  });

  it("leaves an answer without secrets as it is, and never changes its input", () => {
    const plain = { payload: [{ id: 1, title: "billing" }] };
    expect(hideSecrets(plain).value).toBe(plain);
    hideSecrets({ payload: members });
    expect(members[0]!.access_token).toBe("tok-ana-123");
  });

  it("keeps the tokens out of a tool result (list_capacity_policy_members answers Chatwoot's user partial), with a note", () => {
    const tool = allTools.find((candidate) => candidate.name === "list_capacity_policy_members") ?? fakeTool();
    const [body, ...notes] = texts(successResult(tool, ok(members)));
    expect(body).not.toMatch(/tok-ana|tok-ben/);
    expect(body).toContain('"access_token":"[hidden]"');
    expect(notes.join("\n")).toMatch(/Credentials in this answer \(access_token, pubsub_token\)/);
  });

  it("shows the token only from the tools that exist to issue one (x-reveals-secrets)", () => {
    const reset = allTools.find((tool) => tool.name === "reset_agent_bot_token")!;
    expect(reset.revealsSecrets).toBe(true);
    expect(texts(successResult(reset, ok({ id: 3, name: "Bot", access_token: "new-secret" })))[0]).toContain("new-secret");
    const revealing = allTools.filter((tool) => tool.revealsSecrets).map((tool) => tool.name).sort();
    expect(revealing).toEqual(["platform_get_user_token", "reset_agent_bot_token"]);
  });
});
