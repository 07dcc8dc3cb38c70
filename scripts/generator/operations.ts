import { SHAPE_NAMES, type ShapeName } from "../../src/core/compact.js";
import type { FileRules, Paging, TotalCount, ViewFile } from "../../src/core/tool-definition.js";
import type { JsonObject, OpenApiDocument } from "./load-spec.js";

export type Location = "path" | "query" | "body" | "local";

export interface FieldModel {
  field: string;
  location: Location;
  wire: string;
  required: boolean;
  schema: JsonObject;
  /** `x-omit-false`: Chatwoot tests the parameter's presence, so false must not be sent */
  omitFalse?: boolean;
}

export interface OperationModel {
  name: string;
  title: string;
  description: string;
  toolset: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  auth: "user" | "platform" | "none";
  agentBot: boolean;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  fields: FieldModel[];
  fixedQuery: Record<string, string>;
  idSources: Record<string, string>;
  /** "text" when the success response is not JSON (e.g. an HTML page) */
  responseType: "json" | "text";
  /** the media type of a text answer (text/html, text/csv) */
  responseMediaType?: string;
  responseSchema?: JsonObject;
  /** `x-chatwoot-source`: the Chatwoot files this operation's behaviour comes from */
  sources: string[];
  /** `x-paging`: how the list this operation answers with is paged */
  paging?: Paging;
  /** `x-filter-operators` on a body field's items: attribute key -> operators allowed on it */
  filterOperators?: Record<string, Record<string, string[]>>;
  /** file fields of a multipart/form-data body, with Chatwoot's limits (`x-max-bytes`, `x-content-types`) */
  files?: Record<string, FileRules>;
  /** `x-required-any` on the body: at least one of these fields */
  requiredAny?: string[];
  /** `x-queued`: a background job over the ids of one field */
  queued?: { ids: string; check: string };
  /** `x-reveals-secrets`: the answer's credentials are the point of the tool */
  revealsSecrets?: boolean;
  /** `x-edition`: only Chatwoot's Enterprise edition serves it */
  edition?: "enterprise";
  /** `x-view-file`: the tool shows one file of the listed ones */
  viewFile?: ViewFile;
  /** `x-view`: response path -> compact shape (src/core/compact.ts); the tool gets the local field `view` */
  view?: Record<string, ShapeName>;
}

/**
 * The tool field every operation with `x-view` gets: read by this server, never sent. Left out
 * (the usual call) gives the compact view; "full" gives Chatwoot's whole objects. Its listing is
 * paid by every user on every turn, so it has no description: the two values say it.
 */
export const VIEW_FIELD_SCHEMA = { type: "string", enum: ["compact", "full"] } as const;


const SOURCE_PATTERN = /^(app|enterprise|lib|config)\/[\w./-]+(#\w+[?!]?)?$/;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const NAME_PATTERN = /^[a-z0-9_]{1,40}$/;
const FIELD_PATTERN = /^[A-Za-z0-9_]+$/;

/** Hints that follow from the HTTP verb; `x-annotations` corrects them where the verb lies. */
const METHOD_HINTS = {
  GET: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  POST: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  PUT: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  PATCH: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  DELETE: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
} as const;

/** Turns the merged spec into one flat model per operation, checking the conventions of spec/README.md. */
export function toOperations(doc: OpenApiDocument): OperationModel[] {
  const toolsets = new Set((doc.tags ?? []).map((tag) => tag.name));
  const resolve = makeResolver(doc);
  const operations: OperationModel[] = [];
  const names = new Set<string>();

  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as JsonObject | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const fail = (problem: string): never => {
        throw new Error(`${where}: ${problem}`);
      };
      const name = op.operationId as string;
      if (typeof name !== "string" || !NAME_PATTERN.test(name)) fail(`operationId "${name}" must match ${NAME_PATTERN}`);
      if (names.has(name)) fail(`operationId "${name}" is used twice`);
      names.add(name);
      const toolset = op["x-toolset"] as string;
      if (!toolsets.has(toolset)) fail(`x-toolset "${toolset}" is not a tag of openapi.yaml`);
      for (const key of ["summary", "description"]) if (typeof op[key] !== "string" || !(op[key] as string).trim()) fail(`${key} is missing`);

      const upper = method.toUpperCase() as OperationModel["method"];
      const fields: FieldModel[] = [];
      const fixedQuery: Record<string, string> = {};
      const declaredPathParams = new Set<string>();
      const listedBy: Record<string, string> = {};

      for (const raw of (op.parameters as JsonObject[] | undefined) ?? []) {
        const param = resolve(raw);
        const name = param.name as string;
        const location = param.in as string;
        const schema = resolve((param.schema as JsonObject | undefined) ?? {});
        if (location !== "path" && location !== "query") fail(`parameter ${name}: "in: ${location}" is not supported`);
        if (location === "path") {
          declaredPathParams.add(name);
          if (typeof param["x-listed-by"] === "string") listedBy[name] = param["x-listed-by"];
        }
        if ("const" in schema) {
          if (location !== "query") fail(`parameter ${name}: const is only supported on query parameters`);
          fixedQuery[name] = String(schema.const);
          continue;
        }
        const field = name.replace(/\[\]$/, "");
        if (!FIELD_PATTERN.test(field)) fail(`parameter ${name} cannot become a tool field`);
        const description = (param.description as string | undefined) ?? (schema.description as string | undefined);
        if (param["x-local"] === true && location !== "query") fail(`parameter ${name}: x-local is only for query parameters`);
        fields.push({
          field,
          location: (param["x-local"] === true ? "local" : location) as Location,
          wire: name,
          required: location === "path" || param.required === true,
          schema: resolveDeep(description ? { ...schema, description } : schema, resolve, 20),
          ...(param["x-omit-false"] === true ? { omitFalse: true } : {}),
        });
      }

      const templateParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
      for (const param of templateParams) if (!declaredPathParams.has(param)) fail(`path parameter {${param}} is not declared`);
      for (const param of declaredPathParams) if (!templateParams.includes(param)) fail(`parameter ${param} is declared in path but not in the template`);

      const body = op.requestBody as JsonObject | undefined;
      let files: Record<string, FileRules> | undefined;
      let requiredAny: string[] | undefined;
      if (body) {
        const content = body.content as Record<string, JsonObject> | undefined;
        const types = Object.keys(content ?? {}).sort();
        // an upload route takes JSON too (Rails reads both): the tool sends JSON unless a file is given
        const mediaType = types.includes("multipart/form-data") ? "multipart/form-data" : "application/json";
        if (types.length === 0 || types.some((type) => type !== "application/json" && type !== "multipart/form-data")) {
          fail("requestBody content must be application/json, multipart/form-data (uploads), or both");
        }
        if (types.length === 2 && JSON.stringify(content!["application/json"]!.schema) !== JSON.stringify(content!["multipart/form-data"]!.schema)) {
          fail("requestBody: the application/json and multipart/form-data schemas must be the same (use a YAML anchor)");
        }
        const schema = resolve(content![mediaType]!.schema as JsonObject);
        if (schema.type !== "object" || typeof schema.properties !== "object") fail("requestBody schema must be an object with properties");
        const required = new Set((schema.required as string[] | undefined) ?? []);
        const taken = new Set(fields.map((field) => field.field));
        for (const [wire, propSchema] of Object.entries(schema.properties as Record<string, JsonObject>)) {
          const field = taken.has(wire) ? `body_${wire}` : wire;
          if (!FIELD_PATTERN.test(field)) fail(`body field ${wire} cannot become a tool field`);
          const resolved = resolveDeep(propSchema, resolve, 20);
          fields.push({ field, location: "body", wire, required: required.has(wire), schema: resolved });
          const rules = readFileRules(resolved, mediaType, fail);
          if (rules) (files ??= {})[field] = rules;
        }
        if (mediaType === "multipart/form-data" && !files) fail("a multipart/form-data body needs a file field (type: string, format: binary)");
        if (schema["x-required-any"] !== undefined) {
          const names = schema["x-required-any"] as unknown;
          if (!Array.isArray(names) || names.length < 2 || names.some((name) => !(schema.properties as JsonObject)[name as string])) fail("x-required-any must list two or more body properties");
          requiredAny = (names as string[]).map((wire) => fields.find((field) => field.location === "body" && field.wire === wire)!.field);
        }
      }

      const security = op.security as Record<string, unknown>[] | undefined;
      if (!Array.isArray(security)) fail("security is missing (use [] for the public client API)");
      const schemes = new Set(security!.flatMap((entry) => Object.keys(entry)));
      const auth = schemes.has("platformAppApiKey") ? "platform" : schemes.has("userApiKey") ? "user" : schemes.size === 0 ? "none" : fail(`unsupported security ${[...schemes].join(", ")}`);

      const overrides = (op["x-annotations"] as Partial<OperationModel["annotations"]> | undefined) ?? {};
      const success = (op.responses as Record<string, JsonObject> | undefined)?.["200"] ?? (op.responses as Record<string, JsonObject> | undefined)?.["201"];
      const successContent = (success?.content as Record<string, JsonObject> | undefined) ?? {};
      const responseType = Object.keys(successContent).length > 0 && !successContent["application/json"] ? "text" : "json";
      const responseSchema = (successContent["application/json"] ?? Object.values(successContent)[0])?.schema as JsonObject | undefined;

      const sources = op["x-chatwoot-source"] === undefined ? [] : (op["x-chatwoot-source"] as unknown);
      if (!Array.isArray(sources) || sources.some((entry) => typeof entry !== "string" || !SOURCE_PATTERN.test(entry))) {
        fail(`x-chatwoot-source must be a list of repository paths matching ${SOURCE_PATTERN}`);
      }
      const paging = readPaging(op["x-paging"], fields, fail);
      const viewFile = readViewFile(op["x-view-file"], fields, fail);
      const queued = op["x-queued"] as { ids?: unknown; check?: unknown } | undefined;
      if (queued !== undefined && (!fields.some((field) => field.field === queued.ids && field.schema.type === "array") || typeof queued.check !== "string")) {
        fail("x-queued needs ids (an array field of the tool) and check (the tool that reads one back)");
      }
      const edition = op["x-edition"];
      if (edition !== undefined && edition !== "enterprise") fail('x-edition must be "enterprise"');
      if (edition === "enterprise" && !/Enterprise/.test(op.description as string)) fail("x-edition enterprise: the description must say Enterprise, so the model knows before calling");
      const reveals = op["x-reveals-secrets"];
      if (reveals !== undefined && reveals !== true) fail("x-reveals-secrets must be true when given");
      const filterOperators = readFilterOperators(fields, fail);
      const view = readView(op["x-view"], responseType, responseSchema ? resolveDeep(responseSchema, resolve, 6) : undefined, fail);
      if (view) {
        if (fields.some((field) => field.field === "view")) fail("x-view: the operation already has a field named view");
        fields.push({ field: "view", location: "local", wire: "view", required: false, schema: { ...VIEW_FIELD_SCHEMA, enum: [...VIEW_FIELD_SCHEMA.enum] } });
      }

      operations.push({
        name,
        title: (op.summary as string).trim(),
        description: (op.description as string).trim().replace(/\s+/g, " "),
        toolset,
        method: upper,
        path,
        auth,
        agentBot: schemes.has("agentBotApiKey"),
        annotations: { ...METHOD_HINTS[upper], ...overrides },
        fields,
        fixedQuery,
        idSources: listedBy,
        responseType,
        ...(responseType === "text" ? { responseMediaType: Object.keys(successContent)[0] } : {}),
        responseSchema: responseSchema ? resolveDeep(responseSchema, resolve, 6) : undefined,
        sources: sources as string[],
        ...(paging ? { paging } : {}),
        ...(filterOperators ? { filterOperators } : {}),
        ...(files ? { files } : {}),
        ...(requiredAny ? { requiredAny } : {}),
        ...(viewFile ? { viewFile } : {}),
        ...(queued ? { queued: { ids: queued.ids as string, check: queued.check as string } } : {}),
        ...(view ? { view } : {}),
        ...(edition === "enterprise" ? { edition: "enterprise" as const } : {}),
        ...(reveals === true ? { revealsSecrets: true } : {}),
      });
    }
  }

  deriveIdSources(operations);
  for (const op of operations) {
    if (op.queued && !operations.some((other) => other.name === op.queued!.check)) throw new Error(`${op.name}: x-queued.check names no tool (${op.queued.check})`);
  }
  return operations;
}

/** A file field's rules: a `format: binary` string (or a list of them) with `x-max-bytes` and optional `x-content-types`. */
function readFileRules(schema: JsonObject, mediaType: string, fail: (problem: string) => never): FileRules | undefined {
  const multiple = schema.type === "array";
  const file = multiple ? ((schema.items as JsonObject | undefined) ?? {}) : schema;
  if (file.format !== "binary") return undefined;
  if (mediaType !== "multipart/form-data") fail("a format: binary field needs a multipart/form-data body");
  const maxBytes = file["x-max-bytes"];
  if (typeof maxBytes !== "number" || !Number.isInteger(maxBytes) || maxBytes < 1) fail("a format: binary field needs x-max-bytes (Chatwoot's limit, in bytes)");
  const types = file["x-content-types"] as unknown;
  if (types !== undefined && (!Array.isArray(types) || types.some((type) => typeof type !== "string" || !/^[\w.+-]+\/[\w.+-]+$/.test(type)))) fail("x-content-types must list MIME types");
  return { maxBytes: maxBytes as number, ...(types ? { contentTypes: types as string[] } : {}), ...(multiple ? { multiple: true } : {}) };
}

/** Reads `x-view-file` (spec/README.md): `{list, id, url, thumb?, max_bytes}`, id naming an x-local field. */
function readViewFile(raw: unknown, fields: FieldModel[], fail: (problem: string) => never): ViewFile | undefined {
  if (raw === undefined) return undefined;
  const value = raw as Record<string, unknown>;
  const text = (key: string) => (typeof value[key] === "string" && value[key] !== "" ? (value[key] as string) : undefined);
  const id = text("id");
  if (!text("list") || !text("url") || !id || !fields.some((field) => field.field === id && field.location === "local")) fail("x-view-file needs list, url, and id naming an x-local field");
  const maxBytes = value.max_bytes;
  if (typeof maxBytes !== "number" || !Number.isInteger(maxBytes) || maxBytes < 1) fail("x-view-file.max_bytes must be a positive whole number of bytes");
  return { list: text("list")!, id: id!, url: text("url")!, ...(text("thumb") ? { thumb: text("thumb")! } : {}), maxBytes: maxBytes as number };
}

/**
 * Reads `x-view` (spec/README.md): `{<dotted response path, or $ for the whole answer>: <shape>}`,
 * each path checked against the documented response and each shape against src/core/compact.ts.
 */
function readView(raw: unknown, responseType: "json" | "text", responseSchema: JsonObject | undefined, fail: (problem: string) => never): Record<string, ShapeName> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || Object.keys(raw).length === 0) fail("x-view must map response paths to shapes, e.g. { data.payload: conversation }");
  if (responseType !== "json" || !responseSchema) fail("x-view needs a JSON 200 response schema");
  for (const [path, shape] of Object.entries(raw as Record<string, unknown>)) {
    if (!SHAPE_NAMES.includes(shape as ShapeName)) fail(`x-view.${path}: unknown shape ${String(shape)} (one of ${SHAPE_NAMES.join(", ")})`);
    if (path === "$") continue;
    if (!DOTTED.test(path)) fail(`x-view: "${path}" must be $ or a dotted path such as data.payload`);
    let node: JsonObject | undefined = responseSchema;
    for (const key of path.split(".")) node = (node?.properties as Record<string, JsonObject> | undefined)?.[key];
    if (!node) fail(`x-view: the 200 response has no ${path}`);
  }
  return raw as Record<string, ShapeName>;
}

/** Reads `x-paging` (spec/README.md), checking it against the operation's fields. */
function readPaging(raw: unknown, fields: FieldModel[], fail: (problem: string) => never): Paging | undefined {
  const hasPage = fields.some((field) => field.field === "page");
  // a missing x-paging is reported by tests/spec-grounding.test.ts, which lists every gap at once
  if (raw === undefined) return hasPage ? { style: "pages" } : undefined;
  const value = raw as Record<string, unknown>;
  const whole = (key: string): number | undefined => {
    const number = value[key];
    if (number === undefined) return undefined;
    if (typeof number !== "number" || !Number.isInteger(number) || number < 1) fail(`x-paging.${key} must be a positive integer`);
    return number as number;
  };
  switch (value.style) {
    case "pages": {
      if (!hasPage) fail("x-paging style pages needs a page field");
      const total = readTotal(value.total, fields, fail);
      const perPage = whole("per_page");
      return { style: "pages", ...(perPage ? { perPage } : {}), ...(total ? { total } : {}) };
    }
    case "cursor": {
      const perPage = whole("per_page");
      return { style: "cursor", ...(perPage ? { perPage } : {}) };
    }
    case "all":
      if (hasPage) fail("x-paging style all: Chatwoot ignores page here, so the tool must not offer it");
      return { style: "all" };
    case "capped": {
      if (hasPage) fail("x-paging style capped: the route has no pages, so the tool must not offer page");
      const limit = whole("limit") ?? fail("x-paging style capped needs limit");
      const narrow = value.narrow as unknown;
      if (narrow !== undefined && (!Array.isArray(narrow) || narrow.some((name) => !fields.some((field) => field.field === name)))) fail("x-paging.narrow must list fields of the tool");
      return { style: "capped", limit, ...(narrow ? { narrow: narrow as string[] } : {}) };
    }
    default:
      return fail(`x-paging.style must be pages, cursor, all or capped (got ${String(value.style)})`);
  }
}

const DOTTED = /^\w+(\.\w+)*$/;

/** `x-paging.total`: a dotted path, or `{by: field, default: value, paths: {value: path}}`. */
function readTotal(raw: unknown, fields: FieldModel[], fail: (problem: string) => never): TotalCount | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "string" && DOTTED.test(raw)) return raw;
  const value = raw as { by?: unknown; default?: unknown; paths?: Record<string, unknown> };
  const field = fields.find((candidate) => candidate.field === value.by);
  const paths = Object.entries(value.paths ?? {});
  if (!field || typeof value.default !== "string" || !value.paths?.[value.default] || paths.some(([, path]) => typeof path !== "string" || !DOTTED.test(path))) {
    fail("x-paging.total must be a dotted path such as meta.count, or {by: <field>, default: <value>, paths: {<value>: <dotted path>}}");
  }
  return { by: value.by as string, default: value.default as string, paths: value.paths as Record<string, string> };
}

/** Collects `x-filter-operators` from the item schema of array body fields (the filter payloads). */
function readFilterOperators(fields: FieldModel[], fail: (problem: string) => never): Record<string, Record<string, string[]>> | undefined {
  let found: Record<string, Record<string, string[]>> | undefined;
  for (const field of fields) {
    const table = (field.schema.items as JsonObject | undefined)?.["x-filter-operators"];
    if (table === undefined) continue;
    const operators = ((field.schema.items as JsonObject).properties as Record<string, JsonObject> | undefined)?.filter_operator?.enum as string[] | undefined;
    if (typeof table !== "object" || table === null || !operators) fail(`${field.field}: x-filter-operators needs an object and a filter_operator enum`);
    for (const [key, allowed] of Object.entries(table as Record<string, unknown>)) {
      if (!Array.isArray(allowed) || allowed.some((operator) => !operators!.includes(operator as string))) {
        fail(`${field.field}: x-filter-operators.${key} must list operators of the filter_operator enum`);
      }
    }
    (found ??= {})[field.field] = table as Record<string, string[]>;
  }
  return found;
}

/** For each path parameter, the list_ tool whose path is the collection the id comes from. */
function deriveIdSources(operations: OperationModel[]): void {
  const shape = (path: string): string => path.replace(/\{[^}]+\}/g, "{}");
  const listers = new Map<string, string>();
  for (const op of operations) {
    if (op.method === "GET" && /^(public_|platform_)?list_/.test(op.name)) listers.set(shape(op.path), op.name);
  }
  for (const op of operations) {
    const segments = op.path.split("/");
    segments.forEach((segment, index) => {
      const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (!param || op.idSources[param]) return;
      const lister = listers.get(shape(segments.slice(0, index).join("/")));
      if (lister && lister !== op.name) op.idSources[param] = lister;
    });
  }
}

function makeResolver(doc: OpenApiDocument): (value: JsonObject) => JsonObject {
  return (value) => {
    let current = value;
    for (let depth = 0; typeof current.$ref === "string"; depth++) {
      if (depth > 10) throw new Error(`$ref loop at ${current.$ref}`);
      const ref = current.$ref as string;
      const match = /^#\/components\/(\w+)\/(.+)$/.exec(ref);
      const target = match ? (doc.components as Record<string, JsonObject | undefined>)[match[1] as string]?.[match[2] as string] : undefined;
      if (!target) throw new Error(`unresolved $ref ${ref}`);
      current = target as JsonObject;
    }
    return current;
  };
}

/** Inlines every $ref down to maxDepth levels (response samples only need the first few). */
function resolveDeep(value: JsonObject, resolve: (value: JsonObject) => JsonObject, maxDepth: number, depth = 0): JsonObject {
  const schema = resolve(value);
  if (depth > maxDepth) return { type: schema.type };
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(schema)) {
    if (key === "properties") {
      out[key] = Object.fromEntries(Object.entries(child as Record<string, JsonObject>).map(([name, prop]) => [name, resolveDeep(prop, resolve, maxDepth, depth + 1)]));
    } else if (key === "items" && child && typeof child === "object") {
      out[key] = resolveDeep(child as JsonObject, resolve, maxDepth, depth + 1);
    } else {
      out[key] = child;
    }
  }
  return out;
}
