import { describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN, fitToBudget } from "../../src/core/result-budget.js";

describe("fitToBudget", () => {
  it("leaves a result inside the budget alone", () => {
    expect(fitToBudget({ payload: [1, 2, 3] }, 100)).toEqual({ text: '{"payload":[1,2,3]}' });
  });

  it("cuts whole array items, keeps valid JSON, and says what was cut", () => {
    const payload = Array.from({ length: 500 }, (_, id) => ({ id, content: `message number ${id} `.repeat(5) }));
    const fitted = fitToBudget({ meta: { count: 500 }, payload }, 2000);
    expect(fitted.text.length).toBeLessThanOrEqual(2000 * CHARS_PER_TOKEN);
    const parsed = JSON.parse(fitted.text);
    expect(parsed.meta).toEqual({ count: 500 });
    expect(parsed.payload.length).toBeGreaterThan(10);
    expect(parsed.payload.length).toBeLessThan(500);
    expect(parsed.payload[0]).toEqual(payload[0]);
    expect(fitted.note).toMatch(new RegExp(`result\\.payload shows ${parsed.payload.length} of 500 items`));
    expect(fitted.note).toMatch(/narrow the request/);
  });

  it("cuts an oversized string when there is no array left to shorten", () => {
    const fitted = fitToBudget({ content: "x".repeat(50_000) }, 1000);
    expect(fitted.text.length).toBeLessThanOrEqual(1000 * CHARS_PER_TOKEN);
    expect(JSON.parse(fitted.text).content).toMatch(/…\[cut \d+ characters\]$/);
    expect(fitted.note).toMatch(/result\.content is cut after \d+ characters/);
  });

  it("handles a bare top-level array", () => {
    const fitted = fitToBudget(Array.from({ length: 1000 }, (_, id) => ({ id, name: "agent ".repeat(10) })), 1000);
    expect(JSON.parse(fitted.text).length).toBeLessThan(1000);
    expect(fitted.note).toMatch(/result shows \d+ of 1000 items/);
  });
});
