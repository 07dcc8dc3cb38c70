/**
 * Contract test: the generated tools and spec/ must agree on the wire.
 *
 * Prism (`prism mock`, local, 127.0.0.1 only) serves the merged spec/ and validates every request
 * against it. The built server (dist/server.js over stdio) talks to a small recording proxy of
 * ours, which forwards to Prism and keeps Prism's status, `sl-violations` header and answer. Every
 * tool is called once with valid arguments built from its listed input schema (as in
 * tests/e2e/every-tool.test.ts). A failure is:
 *   - anything Prism rejects: with no 4xx responses in spec/, Prism answers an invalid request
 *     itself (401 security, 404 no such path, 405 method, 415 content type, 422 parameters or
 *     body, with the violations in the problem+json body), or an error in `sl-violations`;
 *   - what Prism does not check: a query parameter or top-level body field that spec/ does not
 *     declare for the operation (Prism ignores unknown ones), a request that lands on another
 *     operation than the tool's, the wrong token (Prism only checks that one is present), or a
 *     tool that sends no request or more than one.
 * All failures are collected and reported together. Known cases that are not spec defects are in
 * EXCEPTIONS with the reason; an exception that no longer occurs fails the test, so the table
 * cannot go stale. Prism CLI bug worked around in the proxy: see prismQueryWorkaround.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { loadSpec, type JsonObject } from "../../scripts/generator/load-spec.js";
import { sampleValue } from "../../scripts/generator/sample.js";
import { allTools } from "../../src/tools/index.js";
import type { ToolDefinition } from "../../src/core/tool-definition.js";
import { SPEC_DIR, startPrism, startRecordingProxy, type PrismMock, type RecordedExchange, type RecordingProxy } from "../helpers/prism.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server.js";

const USER_TOKEN = "contract-user-token-5d21";
const PLATFORM_TOKEN = "contract-platform-token-c8e4";

interface Exception {
  tool: string;
  /** matched against the failure text; only matching failures of that tool are excused */
  match: RegExp;
  kind: "generator" | "executor" | "prism";
  reason: string;
}

/** Known, explained mismatches that are not spec defects. Keep each one narrow. */
const EXCEPTIONS: Exception[] = [];

interface Failure {
  tool: string;
  text: string;
}

interface SpecOperation {
  method: string;
  path: string;
  pathPattern: RegExp;
  query: Set<string>;
  querySchemas: Map<string, JsonObject>;
  body?: Set<string>;
}

const spec = loadSpec(SPEC_DIR);

/** operationId -> what spec/ declares for it (method, path, query names, top-level body fields). */
const operations = new Map<string, SpecOperation>();
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    const parameters = ((operation.parameters as JsonObject[] | undefined) ?? []).map(resolve);
    const bodySchema = resolve(((operation.requestBody as JsonObject | undefined)?.content as Record<string, JsonObject> | undefined)?.["application/json"]?.schema as JsonObject | undefined
      ?? ((operation.requestBody as JsonObject | undefined)?.content as Record<string, JsonObject> | undefined)?.["multipart/form-data"]?.schema as JsonObject | undefined);
    operations.set(operation.operationId as string, {
      method: method.toUpperCase(),
      path,
      pathPattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
      query: new Set(parameters.filter((p) => p.in === "query").map((p) => p.name as string)),
      querySchemas: new Map(parameters.filter((p) => p.in === "query").map((p) => [p.name as string, resolve(p.schema as JsonObject)])),
      body: bodySchema ? new Set(Object.keys((bodySchema.properties as JsonObject | undefined) ?? {})) : undefined,
    });
  }
}

function resolve<T extends JsonObject | undefined>(node: T): T {
  const ref = node?.$ref;
  if (typeof ref !== "string") return node;
  const [, section, name] = ref.match(/^#\/components\/(\w+)\/(.+)$/) ?? [];
  return resolve((spec.components as Record<string, Record<string, JsonObject>>)[section!]?.[name!] as T);
}

let prism: PrismMock;
let proxy: RecordingProxy;
let server: SpawnedServer;
let listed: Tool[];

beforeAll(async () => {
  prism = await startPrism();
  proxy = await startRecordingProxy(prism.url);
  server = await spawnServer({
    CHATWOOT_BASE_URL: `${proxy.url}/`,
    CHATWOOT_API_ACCESS_TOKEN: USER_TOKEN,
    CHATWOOT_PLATFORM_APP_TOKEN: PLATFORM_TOKEN,
  });
  listed = (await server.client.listTools()).tools;
}, 90_000);

afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await prism?.stop();
}, 30_000);

/**
 * Valid arguments for a tool: every listed property, each with a sample value of its schema. A tool
 * that shows one attachment asks for one Prism's sample list cannot hold, so it never goes on to
 * fetch a file from whatever link Prism makes up.
 */
function argumentsFor(tool: Tool): Record<string, unknown> {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const args: Record<string, unknown> = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, sampleValue(schema, name)]));
  const viewFile = allTools.find((definition) => definition.name === tool.name)?.viewFile;
  if (viewFile) args[viewFile.id] = 2_147_483_647;
  return args;
}

/** What Prism objected to in one exchange, one line each (empty when it accepted the request). */
function prismProblems(exchange: RecordedExchange): string[] {
  const problems: string[] = [];
  if (exchange.violations) {
    try {
      const parsed = JSON.parse(exchange.violations) as { location?: string[]; severity?: string; message?: string }[];
      for (const v of parsed) if (v.severity === "Error") problems.push(`sl-violations: ${(v.location ?? []).join(".")} ${v.message}`);
    } catch {
      problems.push(`sl-violations: ${exchange.violations}`);
    }
  }
  if (exchange.status < 200 || exchange.status >= 300) {
    let detail = exchange.responseBody;
    try {
      const problem = JSON.parse(exchange.responseBody) as { title?: string; detail?: string; validation?: { location?: string[]; message?: string }[] };
      const validation = (problem.validation ?? []).map((v) => `${(v.location ?? []).join(".")} ${v.message}`).join("; ");
      detail = [problem.title, validation || problem.detail].filter(Boolean).join(": ");
    } catch {
      // not JSON: keep the text
    }
    problems.push(`Prism answered ${exchange.status}: ${detail}`);
  }
  return problems;
}

/** The top-level field names of a multipart body, as Rails reads them (`a[b][]` is field a). */
async function multipartFields(body: string): Promise<string[] | undefined> {
  const boundary = /^--(\S+)\r\n/.exec(body)?.[1];
  if (!boundary) return undefined;
  const form = await new Response(body, { headers: { "content-type": `multipart/form-data; boundary=${boundary}` } }).formData();
  return [...new Set([...form.keys()].map((key) => key.replace(/\[.*$/, "")))];
}

/** What spec/ does not describe, which Prism lets through. */
async function specProblems(definition: ToolDefinition, exchange: RecordedExchange): Promise<string[]> {
  const operation = operations.get(definition.name);
  if (!operation) return [`no operation with operationId ${definition.name} in spec/`];
  const problems: string[] = [];
  const [pathname = "", search = ""] = exchange.url.split("?", 2);
  if (exchange.method !== operation.method || !operation.pathPattern.test(pathname)) {
    problems.push(`request does not match the operation (${operation.method} ${operation.path})`);
  }
  for (const key of new Set(new URLSearchParams(search).keys())) {
    if (!operation.query.has(key)) problems.push(`query parameter "${key}" is not declared in spec/ (declared: ${[...operation.query].join(", ") || "none"})`);
  }
  if (exchange.requestBody) {
    let body: unknown;
    try {
      const fields = await multipartFields(exchange.requestBody);
      body = fields ? Object.fromEntries(fields.map((field) => [field, true])) : JSON.parse(exchange.requestBody);
    } catch {
      return [...problems, `body is neither JSON nor multipart: ${exchange.requestBody.slice(0, 200)}`];
    }
    if (!operation.body) problems.push("sends a body, but spec/ declares no requestBody");
    else if (typeof body === "object" && body !== null && !Array.isArray(body)) {
      for (const key of Object.keys(body)) if (!operation.body.has(key)) problems.push(`body field "${key}" is not declared in spec/`);
    }
  }
  return problems;
}

/** JSON Schema / OpenAPI keywords a schema in spec/ may use; Prism and the generator ignore any other key. */
const SCHEMA_KEYWORDS = new Set([
  "$ref", "type", "enum", "const", "format", "description", "title", "default", "example", "examples", "nullable",
  "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "uniqueItems",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
  "oneOf", "anyOf", "allOf", "not", "readOnly", "writeOnly", "deprecated",
]);

/** Keys in spec/ schemas that are not keywords, e.g. the tail of a description cut at a comma in a YAML flow mapping. */
function strayKeys(schema: unknown, at: string, found: string[] = []): string[] {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return found;
  const node = schema as JsonObject;
  for (const key of Object.keys(node)) if (!SCHEMA_KEYWORDS.has(key) && !key.startsWith("x-")) found.push(`${at}: "${key}"`);
  for (const [name, child] of Object.entries((node.properties as JsonObject | undefined) ?? {})) strayKeys(child, `${at}.${name}`, found);
  if (typeof node.additionalProperties === "object") strayKeys(node.additionalProperties, `${at}.additionalProperties`, found);
  if (node.items) strayKeys(node.items, `${at}[]`, found);
  for (const keyword of ["oneOf", "anyOf", "allOf"]) for (const [i, child] of ((node[keyword] as unknown[] | undefined) ?? []).entries()) strayKeys(child, `${at}.${keyword}[${i}]`, found);
  if (node.not) strayKeys(node.not, `${at}.not`, found);
  return found;
}

function expectedToken(definition: ToolDefinition): string | undefined {
  return definition.auth === "user" ? USER_TOKEN : definition.auth === "platform" ? PLATFORM_TOKEN : undefined;
}

function excusedBy(failure: Failure): Exception | undefined {
  return EXCEPTIONS.find((exception) => exception.tool === failure.tool && exception.match.test(failure.text));
}

describe("contract: the generated tools against spec/, validated by Prism", () => {
  it("Prism validates []-named query parameters through the proxy (the CLI bug workaround works)", async () => {
    // An operation with an integer-array query parameter named the Rails way (name[]).
    const isIntegerArray = ([name, schema]: [string, JsonObject]) => name.endsWith("[]") && (schema.items as JsonObject | undefined)?.type === "integer";
    const found = [...operations].find(([, op]) => [...op.querySchemas].some(isIntegerArray));
    expect(found, "spec/ has no integer-array query parameter named name[] to probe with").toBeDefined();
    const [operationId, operation] = found!;
    const [arrayName] = [...operation.querySchemas].find(isIntegerArray)!;
    const path = operation.path.replace(/\{[^}]+\}/g, "1");
    const token = expectedToken(allTools.find((tool) => tool.name === operationId)!) ?? "";
    const send = async (value: string) => {
      const response = await fetch(`${proxy.url}${path}?${encodeURIComponent(arrayName)}=${encodeURIComponent(value)}`, {
        method: operation.method,
        headers: { api_access_token: token, accept: "application/json" },
      });
      return { status: response.status, body: await response.text() };
    };
    const good = await send("1");
    expect(good.status, good.body).toBe(200);
    const bad = await send("not-a-number");
    expect(bad.status, `${operationId}: Prism accepted ${arrayName}=not-a-number`).toBe(422);
    expect(bad.body).toContain(arrayName.replace("[]", ""));
  });

  it("spec/ schemas use only JSON Schema keywords (Prism and the generator silently ignore other keys)", () => {
    const found: string[] = [];
    for (const [name, schema] of Object.entries(spec.components.schemas ?? {})) strayKeys(schema, `components.schemas.${name}`, found);
    for (const [name, parameter] of Object.entries(spec.components.parameters ?? {})) strayKeys(parameter.schema, `components.parameters.${name}`, found);
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const at = `${method.toUpperCase()} ${path}`;
        for (const parameter of (operation.parameters as JsonObject[] | undefined) ?? []) strayKeys(parameter.schema, `${at} ${String(parameter.in)}:${String(parameter.name)}`, found);
        for (const [type, media] of Object.entries(((operation.requestBody as JsonObject | undefined)?.content as Record<string, JsonObject> | undefined) ?? {})) {
          strayKeys(media.schema, `${at} body ${type}`, found);
        }
        for (const [code, response] of Object.entries((operation.responses as Record<string, JsonObject> | undefined) ?? {})) {
          for (const [type, media] of Object.entries((response.content as Record<string, JsonObject> | undefined) ?? {})) strayKeys(media.schema, `${at} ${code} ${type}`, found);
        }
      }
    }
    expect(found, "quote descriptions that contain a comma inside { ... } in spec/*.yaml").toEqual([]);
  });

  it("every tool sends one request that Prism accepts and spec/ describes", async () => {
    expect(
      listed.length,
      `the server listed ${listed.length} of ${allTools.length} tools: this test calls every tool, so spawn the server with every toolset enabled`,
    ).toBe(allTools.length);
    const failures: Failure[] = [];
    for (const definition of allTools) {
      const tool = listed.find((candidate) => candidate.name === definition.name);
      if (!tool) {
        failures.push({ tool: definition.name, text: "not listed by the server" });
        continue;
      }
      const before = proxy.exchanges.length;
      const result = await server.call(tool.name, argumentsFor(tool));
      const exchanges = proxy.exchanges.slice(before);
      if (exchanges.length !== 1) {
        failures.push({ tool: tool.name, text: `sent ${exchanges.length} requests, expected 1; the tool answered: ${result.text.slice(0, 300)}` });
      }
      for (const exchange of exchanges) {
        const where = `${exchange.method} ${exchange.url}`;
        for (const text of [...prismProblems(exchange), ...(await specProblems(definition, exchange))]) failures.push({ tool: tool.name, text: `${where}: ${text}` });
        if (exchange.token !== expectedToken(definition)) {
          failures.push({ tool: tool.name, text: `${where}: sent token ${JSON.stringify(exchange.token)}, expected the ${definition.auth} token` });
        }
        // a tool that shows one attachment was asked for one Prism's sample list lacks (see argumentsFor)
        if (exchange.status === 200 && result.isError && !definition.viewFile) {
          failures.push({ tool: tool.name, text: `${where}: Prism answered 200 but the tool reported an error: ${result.text.slice(0, 300)}` });
        }
      }
    }

    const unexplained = failures.filter((failure) => !excusedBy(failure)).map((failure) => `${failure.tool}: ${failure.text}`);
    const stale = EXCEPTIONS.filter((exception) => !failures.some((failure) => excusedBy(failure) === exception)).map(
      (exception) => `${exception.tool}: listed exception ${exception.match} no longer occurs; remove it from EXCEPTIONS`,
    );
    expect([...unexplained, ...stale]).toEqual([]);
  }, 90_000);
});
