/**
 * fast-check arbitraries for hostile tool arguments, built from a tool's listed JSON Schema
 * (what MCP clients see in tools/list). Two families:
 *
 * - validArgs(schema): arguments that satisfy the schema, with hostile content wherever the
 *   schema allows it (unicode, control characters, huge strings, -0, extreme integers, deep
 *   garbage inside free-form objects, prototype-pollution keys, JSON strings for object/array
 *   fields);
 * - invalidArgs(schema): arguments with exactly one thing wrong (a wrong type anywhere, a missing
 *   required field, an unknown key, a non-integer id, an out-of-range number...), together with
 *   where it is wrong and what the validation message must say about it.
 */
import fc from "fast-check";
import { isListedJsonMap, listedJsonMapValues } from "../../src/core/json-map.js";

export interface JsonSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  contentMediaType?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
}

/** One wrong thing in an otherwise valid argument object. */
export interface InvalidCase {
  args: Record<string, unknown>;
  /** path of the offending value, as the validation message prints it ("" for the arguments object itself) */
  field: string;
  /** what the message line for that field must say (the expected type, or the rule broken) */
  expect: RegExp;
  /** text that must appear in the message as well (e.g. the name of an unknown key) */
  mentions?: string;
  /** short label, for failure reports */
  what: string;
}

// ---------------------------------------------------------------- strings

const HUGE = 100_000;
/** Precomputed so that generating them costs nothing. Each is at least 100k UTF-16 units. */
export const HUGE_STRINGS: readonly string[] = [
  "x".repeat(HUGE),
  "😀".repeat(HUGE / 2),
  "\u202e\u0000".repeat(HUGE / 2),
  "שלום مرحبا ".repeat(HUGE / 10),
  "\ud800a".repeat(HUGE / 2),
];

/** Fragments a hostile string is made of. */
const PIECES = [
  "\u0000", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\r\n", "\n", "\t", "\u2028", "\u2029",
  "\u202e", "\u202d", "\u200f", "\u061c", "\u200b", "\ufeff", "\ufffd", "\uffff",
  "😀", "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇺🇦", "𝕏", "שלום", "مرحبا", "Z̤̈́a̲l̯g̚o", "日本語",
  "\ud800", "\udfff", "\udc00\ud800", // lone and reversed surrogates
  "'; DROP TABLE contacts; --", "<script>alert(1)</script>", "../", "..", "%00", "%2F", "?a=b&c=d", "#frag", "{{x}}", "${x}", "\\",
  "__proto__", "constructor", "prototype", "toString",
  "NaN", "-0", "1e308", "Infinity", "-Infinity", "0x1F", "1.5", " 1", "null", "true", "undefined", "[]", "{}", " ", "",
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** the string with each unpaired UTF-16 surrogate replaced by U+FFFD (paired ones, emoji, are kept) */
export const toWellFormed = (text: string): string => text.replace(LONE_SURROGATE, "\ufffd");

/** true when the string has an unpaired UTF-16 surrogate */
export const hasLoneSurrogate = (text: string): boolean => new RegExp(LONE_SURROGATE.source).test(text);

const pieces = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 6 }) },
  ),
  { maxLength: 6 },
).map((parts) => parts.join(""));

/** A string with hostile content; now and then a huge one (100k UTF-16 units). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: pieces },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
);

/** Strings short enough to be used as object keys in messages. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__",
    "", " ", "a.b", "a[0]", "$where", "😀", "\u0000", "\ud800", "\u202eevil", "id\n", "account_id "),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }),
);

// ---------------------------------------------------------------- garbage values

function deepArray(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value, constructor: i };
  return value;
}

/** Nesting deep enough to be hostile, shallow enough for any JSON serializer on the way. */
export const DEEP_DEPTH = 1000;
const DEEP = [deepArray(DEEP_DEPTH), deepObject(DEEP_DEPTH)];

const jsonNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, -(2 ** 53), 0.1 + 0.2),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  pieces,
  jsonNumber,
  fc.boolean(),
  fc.constant(null),
);

/** Nested arrays and objects of anything JSON can carry, keys included. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("tree"), { maxLength: 4 }),
      fc.dictionary(hostileKey, tie("tree"), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).tree },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP) },
);

// ---------------------------------------------------------------- valid values

const MIN_SAFE = Number.MIN_SAFE_INTEGER;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A free-form map listed as a string that holds a JSON object (its description ends
 * "(JSON object as a string)"); the server takes that string or the object itself.
 */
export function isJsonMap(schema: JsonSchema): boolean {
  return isListedJsonMap(schema);
}

const MAP_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  boolean: fc.boolean(),
  string: fc.string(),
};
/** A map with hostile keys; its values hostile too, or of the type the map pins down ("values integer"). */
const freeFormObject = (values?: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(hostileKey, (values && MAP_VALUES[values]) || garbage, { maxKeys: 5, noNullPrototype: true });

/** String formats in listed schemas: valid values, values of the right type but the wrong shape, and the message for those. */
const FORMATS: Record<string, { valid: fc.Arbitrary<string>; invalid: readonly string[]; message: RegExp }> = {
  uuid: {
    valid: fc.oneof(fc.uuid(), fc.uuid().map((id) => id.toUpperCase()), fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff")),
    invalid: ["", "not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\u0000"],
    message: /Invalid UUID/,
  },
  "date-time": {
    valid: fc.tuple(
      fc.date({ min: new Date("0000-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }),
      fc.constantFrom("Z", "+00:00", "-12:00", "+14:00", "+05:30"),
    ).map(([date, offset]) => date.toISOString().replace("Z", offset)),
    invalid: ["", "yesterday", "1700000000", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2026-01-01", "2026-01-01T10:00:00", "2026-01-01 10:00:00Z"],
    message: /Invalid ISO datetime/,
  },
  email: {
    // what zod's email check takes (fast-check's emailAddress also makes RFC forms zod refuses)
    valid: fc.tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9_+-]{0,6}\.)?[a-z0-9_+-]{0,6}[a-z0-9]$/), fc.stringMatching(/^[a-z0-9]{1,10}\.(com|org|io)$/)).map(([local, domain]) => `${local}@${domain}`),
    invalid: ["", "no-at-sign", "a@", "@example.com", "a b@example.com", "anna@@example.com"],
    message: /Invalid email/,
  },
  uri: {
    valid: fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom("http://127.0.0.1:1/%00", "https://例え.jp/パス?q=😀", "https://example.com/\u0000\u202e", "http://x"),
    ),
    invalid: ["", "not a url", "http//x", "://x", "https://", "https://exa mple.com"],
    message: /Invalid URL/,
  },
};

function format(schema: JsonSchema): (typeof FORMATS)[string] | undefined {
  if (schema.format === undefined) return undefined;
  const known = FORMATS[schema.format];
  if (!known) throw new Error(`a listed schema uses format "${schema.format}", which tests/property/arbitraries.ts does not know yet: add it to FORMATS`);
  return known;
}

function isRecord(schema: JsonSchema): boolean {
  return schema.type === "object" && !schema.properties && schema.additionalProperties !== false;
}

export interface ValidOptions {
  /** for top-level object and array fields: sometimes send them as JSON text, as some clients do */
  jsonStrings?: boolean;
}

/** A value that satisfies `schema`. */
export function validValue(schema: JsonSchema, _options: ValidOptions = {}): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (isJsonMap(schema)) {
    const values = listedJsonMapValues(schema);
    return fc.oneof(freeFormObject(values).map((map) => JSON.stringify(map)), freeFormObject(values));
  }
  switch (schema.type) {
    case "integer": {
      const lo = Math.max(schema.minimum ?? MIN_SAFE, MIN_SAFE);
      const hi = Math.min(schema.maximum ?? MAX_SAFE, MAX_SAFE);
      const smallLo = Math.max(lo, -2);
      const edges = [lo, hi, ...(lo <= 0 && hi >= 0 ? [-0, 0] : [])];
      return fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: smallLo, max: Math.min(hi, smallLo + 12) }) }, // ids the sample desk has
        { weight: 2, arbitrary: fc.constantFrom(...edges) },
        { weight: 2, arbitrary: fc.integer({ min: lo, max: hi }) },
      );
    }
    case "number":
      return jsonNumber;
    case "boolean":
      return fc.boolean();
    case "string":
      if (format(schema)) return format(schema)!.valid;
      if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern));
      if (schema.minLength !== undefined || schema.maxLength !== undefined) {
        const min = schema.minLength ?? 0;
        const max = schema.maxLength ?? Number.MAX_SAFE_INTEGER;
        return hostileString.filter((text) => text.length >= min && text.length <= max);
      }
      return hostileString;
    case "array":
      return fc.array(validValue(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, 3),
      });
    case "object": {
      if (isRecord(schema)) return freeFormObject();
      return validObject(schema);
    }
    default:
      return garbage; // no type: anything goes
  }
}

/** An object that satisfies an object schema; `force` lists optional keys that must be present. */
export function validObject(schema: JsonSchema, options: ValidOptions = {}, force: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const value = validValue(property, options);
    const structured = property.type === "object" || property.type === "array";
    model[name] = options.jsonStrings && structured
      ? fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: value.map((inner) => JSON.stringify(inner)) })
      : value;
  }
  const requiredKeys = [...new Set([...(schema.required ?? []), ...force])];
  const record = fc.record(model, { requiredKeys, noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>;
  if (schema.additionalProperties === false) return record;
  // open object: extra keys are allowed and passed on
  return fc.tuple(record, fc.dictionary(hostileKey.filter((key) => !Object.hasOwn(properties, key)), garbage, { maxKeys: 2, noNullPrototype: true }))
    .map(([known, extra]) => Object.assign(extra, known));
}

// ---------------------------------------------------------------- invalid values

/** The words zod uses for what a schema expects, as the validation message line must show them. */
export function expectedTypeText(schema: JsonSchema): RegExp {
  if (schema.const !== undefined) return new RegExp(`Invalid input: expected ${JSON.stringify(schema.const).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  // zod words a one-value enum like a constant
  // (a missing enum field reads "required, missing (expected one of ...)")
  if (schema.enum) return schema.enum.length === 1 ? /Invalid (option: expected one of|input: expected ")|required, missing \(expected one of/ : /(Invalid option: expected|required, missing \(expected) one of/;
  if (isJsonMap(schema)) return /expected a JSON object\b/;
  switch (schema.type) {
    case "integer": return /expected (number|int)\b/;
    case "number": return /expected number\b/;
    case "string": return /expected string\b/;
    case "boolean": return /expected boolean\b/;
    case "array": return /expected array\b/;
    case "object": return isRecord(schema) ? /expected record\b/ : /expected object\b/;
    default: return /expected/;
  }
}

type Kind = "string" | "number" | "boolean" | "null" | "array" | "object";

function kindOf(schema: JsonSchema): Kind | undefined {
  if (schema.type === "integer") return "number";
  return schema.type;
}

const wrongByKind: Record<Kind, fc.Arbitrary<unknown>> = {
  string: fc.oneof(pieces, fc.constantFrom(...HUGE_STRINGS), fc.constantFrom("1", "0", "-0", "NaN", "1e308", "", "true", "null", "[1]", "{\"a\":1}", "{not json", "[", "\"quoted\"")),
  number: jsonNumber,
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.oneof(fc.array(garbage, { maxLength: 3 }), fc.constant(DEEP[0])),
  object: fc.oneof(fc.dictionary(hostileKey, garbage, { maxKeys: 3, noNullPrototype: true }), fc.constant(DEEP[1])),
};

/** Parses to the kind a structured field takes: such a string would be accepted for a top-level field. */
function parsesTo(text: string, kind: "object" | "array"): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return kind === "array" ? Array.isArray(value) : value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

function isValidFor(schema: JsonSchema, value: unknown): boolean {
  if (schema.const !== undefined) return Object.is(value, schema.const) || value === schema.const;
  if (schema.enum) return schema.enum.includes(value);
  return false; // only asked for enums and constants
}

interface Wrong { value: unknown; path: (string | number)[]; expect: RegExp; mentions?: string; what: string }

/** A value with exactly one thing wrong in it, somewhere at or below this schema. */
function invalidValue(schema: JsonSchema, topLevel: boolean, depth = 0, optional = false): fc.Arbitrary<Wrong> {
  const options: fc.WeightedArbitrary<Wrong>[] = [];
  const add = (arbitrary: fc.Arbitrary<Wrong>, weight = 1): void => void options.push({ arbitrary, weight });
  const kind = kindOf(schema);
  const expect = expectedTypeText(schema);
  const enumLike = schema.const !== undefined || schema.enum !== undefined;

  // a value of another JSON type
  const jsonMap = isJsonMap(schema);
  const kinds = (Object.keys(wrongByKind) as Kind[]).filter((candidate) => enumLike || (jsonMap ? candidate !== "object" : candidate !== kind));
  // null on an optional field means "not given" (src/core/nulls.ts), so it is not a wrong value there
  const wrongKinds = kinds.filter((candidate) => !(candidate === "null" && (optional || acceptsNull(schema))));
  let wrong = fc.oneof(...wrongKinds.map((candidate) => ({ weight: candidate === "null" ? 2 : 1, arbitrary: wrongByKind[candidate] })));
  if (enumLike) wrong = wrong.filter((value) => !isValidFor(schema, value));
  if (jsonMap) wrong = wrong.filter((value) => typeof value !== "string" || !parsesTo(value, "object"));
  if (topLevel && (schema.type === "object" || schema.type === "array")) {
    const structured = schema.type;
    wrong = wrong.filter((value) => typeof value !== "string" || !parsesTo(value, structured));
  }
  add(wrong.map((value) => ({ value, path: [], expect, what: `wrong type (${describe(value)})` })), 4);

  if (schema.type === "integer" && !enumLike) {
    add(fc.oneof(
      fc.constantFrom(0.5, 1.5, -2.25, 1e-7, 5e-324, Math.PI, 1 + Number.EPSILON * 4),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
    ).map((value) => ({ value, path: [], expect: /expected int\b/, what: `non-integer ${value}` })));
    add(fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, 2 ** 53, -(2 ** 53), 2 ** 64)
      .map((value) => ({ value, path: [], expect: /Too (big|small): expected int to be/, what: `out of safe range ${value}` })));
    // NaN and the infinities do not survive JSON, but an in-process client can send them
    add(fc.constantFrom(NaN, Infinity, -Infinity)
      .map((value) => ({ value, path: [], expect: /expected (number|int), received (NaN|Infinity|-Infinity)/, what: `non-finite ${value}` })));
    if (schema.minimum !== undefined && schema.minimum > MIN_SAFE) {
      const min = schema.minimum;
      add(fc.constantFrom(min - 1, ...(min > 0 ? [-0, -1] : []), MIN_SAFE)
        .map((value) => ({ value, path: [], expect: new RegExp(`Too small: expected (number|int) to be >=${min}`), what: `below minimum ${value}` })));
    }
    if (schema.maximum !== undefined && schema.maximum < MAX_SAFE) {
      const max = schema.maximum;
      add(fc.constantFrom(max + 1, MAX_SAFE)
        .map((value) => ({ value, path: [], expect: new RegExp(`Too big: expected (number|int) to be <=${max}`), what: `above maximum ${value}` })));
    }
  }
  const shape = schema.type === "string" ? format(schema) : undefined;
  if (shape) {
    add(fc.constantFrom(...shape.invalid).map((value) => ({ value, path: [], expect: shape.message, what: `badly formatted ${schema.format} ${describe(value)}` })), 2);
  }
  if (schema.type === "number" && !enumLike) {
    add(fc.constantFrom(NaN, Infinity, -Infinity)
      .map((value) => ({ value, path: [], expect: /expected number, received (NaN|Infinity|-Infinity)/, what: `non-finite ${value}` })));
  }

  if (schema.type === "array" && depth < 3) {
    const items = schema.items ?? {};
    const min = schema.minItems ?? 0;
    if (Object.keys(items).length > 0) {
      add(fc.tuple(fc.array(validValue(items), { minLength: min, maxLength: Math.max(min, 3) }), invalidValue(items, false, depth + 1), fc.nat())
        .map(([array, inner, at]) => {
          const index = at % (array.length + 1);
          const copy = [...array];
          copy.splice(index, 0, inner.value);
          return { value: copy, path: [index, ...inner.path], expect: inner.expect, mentions: inner.mentions, what: `array item: ${inner.what}` };
        }), 3);
    }
    if (min > 0) add(fc.constant({ value: [], path: [], expect: /Too small: expected array to have >=/, what: "empty array" }));
  }

  if (schema.type === "object" && schema.properties && depth < 3) {
    for (const { arbitrary, weight } of objectMutations(schema, depth)) {
      add(arbitrary.map(({ args, path, expect: e, mentions, what }) => ({ value: args, path, expect: e, mentions, what })), weight * 2);
    }
  }
  return fc.oneof(...options);
}

interface ObjectWrong { args: Record<string, unknown>; path: (string | number)[]; expect: RegExp; mentions?: string; what: string }

function objectMutations(schema: JsonSchema, depth: number, topLevel = false): fc.WeightedArbitrary<ObjectWrong>[] {
  const properties = schema.properties ?? {};
  // a field without a type, enum or const takes anything, so nothing can be wrong with it
  const names = Object.keys(properties).filter((name) => constrained(properties[name]!));
  const required = schema.required ?? [];
  const mutations: fc.WeightedArbitrary<ObjectWrong>[] = [];
  const add = (arbitrary: fc.Arbitrary<ObjectWrong>, weight: number): void => void mutations.push({ arbitrary, weight });

  if (names.length > 0) {
    // one field (perhaps deep inside) is wrong
    add(fc.constantFrom(...names).chain((name) =>
      fc.tuple(validObject(schema, {}, [name]), invalidValue(properties[name]!, topLevel, depth + 1, !required.includes(name))).map(([object, inner]) => ({
        args: { ...object, [name]: inner.value },
        path: [name, ...inner.path],
        expect: inner.expect,
        mentions: inner.mentions,
        what: `${name}: ${inner.what}`,
      }))), 5);
  }
  const hasInside = (field: JsonSchema): boolean =>
    (field.type === "object" && Object.keys(field.properties ?? {}).length > 0) || (field.type === "array" && constrained(field.items ?? {}));
  const structured = topLevel ? names.filter((name) => hasInside(properties[name]!)) : [];
  if (structured.length > 0) {
    // an object or array field sent as JSON text that parses to the right kind, with something wrong inside
    add(fc.constantFrom(...structured).chain((name) =>
      fc.tuple(validObject(schema, {}, [name]), invalidValue(properties[name]!, false, depth + 1)
        .filter((inner) => jsonSafe(inner.value) && parsesTo(JSON.stringify(inner.value), properties[name]!.type as "object" | "array")))
        .map(([object, inner]) => ({
          args: { ...object, [name]: JSON.stringify(inner.value) },
          path: [name, ...inner.path],
          expect: inner.expect,
          mentions: inner.mentions,
          what: `${name} as JSON text: ${inner.what}`,
        }))), 1);
  }
  if (required.length > 0) {
    // a required field is missing
    add(fc.constantFrom(...required).chain((name) =>
      validObject(schema).map((object) => {
        const { [name]: _dropped, ...rest } = object;
        return { args: rest, path: [name], expect: expectedTypeText(properties[name]!), what: `missing ${name}` };
      })), 1);
  }
  if (schema.additionalProperties === false) {
    // a key the schema does not know ("__proto__" is left to its own test: zod's record parsing drops it)
    add(fc.tuple(validObject(schema), hostileKey.filter((key) => !Object.hasOwn(properties, key) && key !== "__proto__"), garbage)
      .map(([object, key, value]) => ({
        args: Object.assign(object, { [key]: value }),
        path: [],
        expect: /Unrecognized key/,
        mentions: key,
        what: `unknown key ${JSON.stringify(key)}`,
      })), 1);
  }
  return mutations;
}

/** Argument objects for a tool with exactly one thing wrong, and what the message must say. */
export function invalidArgs(schema: JsonSchema): fc.Arbitrary<InvalidCase> {
  return fc.oneof(...objectMutations(schema, 0, true)).map(({ args, path, expect, mentions, what }) => ({
    args,
    field: path.join("."),
    expect,
    mentions,
    what,
  }));
}

/** Argument objects that satisfy the tool's listed schema. */
export function validArgs(schema: JsonSchema, options: ValidOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  return validObject(schema, { jsonStrings: true, ...options });
}

function acceptsNull(schema: JsonSchema): boolean {
  return (Array.isArray(schema.type) && (schema.type as string[]).includes("null")) || (schema.enum?.includes(null) ?? false);
}

function constrained(schema: JsonSchema): boolean {
  return schema.type !== undefined || schema.enum !== undefined || schema.const !== undefined;
}

/** true when JSON carries the value unchanged (no NaN, infinities, -0 or undefined in it) */
export function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === "object") return Object.values(value).every(jsonSafe);
  return false;
}

/** Values that are not an arguments object at all. */
export const nonObjectArguments: readonly unknown[] = [null, [], [{ account_id: 1 }], "", "{\"account_id\":1}", 0, -0, 1e308, true, false, DEEP[0]];

/** A short description of a value for failure reports (never the whole of a huge string). */
export function describe(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `string(${value.length})` : JSON.stringify(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return "null";
  if (typeof value === "object") return `object(${Object.keys(value).length} keys)`;
  return Object.is(value, -0) ? "-0" : String(value);
}
