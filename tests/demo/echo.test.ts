/**
 * Writes the demo keeps no state for answer their documented sample with the sent fields written
 * over it, so a model sees its own values (issue 13's trial: an SLA created with 3600 s answered 1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";

const TOKEN = "echo-token";
let backend: DemoBackend;
beforeAll(async () => {
  backend = await startDemoBackend({ userToken: TOKEN });
});
afterAll(() => backend.close());

const send = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${backend.url}/api/v1/accounts/1${path}`, {
    method,
    headers: { api_access_token: TOKEN, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe("demo answers to writes without state", () => {
  it("echo the sent fields inside Chatwoot's payload wrapper, and keep the sample's other fields", async () => {
    const { status, body } = await send("POST", "/sla_policies", { name: "VIP 1h first response", first_response_time_threshold: 3600 });
    expect(status).toBe(200);
    expect(body.payload).toMatchObject({ name: "VIP 1h first response", first_response_time_threshold: 3600 });
    expect(body.payload.id).toEqual(expect.any(Number));
  });

  it("echo top-level fields, and never add a field the documented answer does not have", async () => {
    const { body } = await send("POST", "/campaigns", { title: "Spring sale", message: "Hello!", not_a_field: "x" });
    expect(body).toMatchObject({ title: "Spring sale", message: "Hello!" });
    expect(body).not.toHaveProperty("not_a_field");
  });
});
