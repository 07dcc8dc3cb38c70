import type { z } from "zod";

/*
 * Clients that follow OpenAI's strict mode (the OpenAI Agents SDK's conversion, Mastra, models
 * asked for strict JSON) send `null` for every optional field they leave out. On a field where
 * Chatwoot gives `null` no meaning, that `null` means "not given". Where it has a meaning
 * (spec/ lists the field's type with "null": unassign, clear the priority) it is kept and sent.
 */

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional/nullable/default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 8; depth++) {
    const def = defOf(current);
    if (!def.innerType || !["optional", "nullable", "default", "prefault", "readonly", "nonoptional"].includes(def.type)) return current;
    current = def.innerType;
  }
  return current;
}

function acceptsNull(schema: z.ZodType): boolean {
  for (let current: z.ZodType | undefined = schema, depth = 0; current && depth < 8; depth++) {
    const def = defOf(current);
    if (def.type === "nullable" || def.type === "null") return true;
    current = def.innerType;
  }
  return false;
}

function isOptional(schema: z.ZodType): boolean {
  return defOf(schema).type === "optional";
}

/**
 * Returns `value` with every `null` removed from optional fields that do not accept null, at
 * any depth of declared objects and arrays of them; the input is not changed (a copy is made
 * only where something is dropped). Nulls on required fields stay, for validation to report.
 */
export function dropUnmeaningfulNulls(value: unknown, schema: z.ZodType): unknown {
  const def = defOf(unwrap(schema));
  if (def.type === "object" && def.shape && isRecord(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(def.shape)) {
      if (!(key in value)) continue;
      const item = value[key];
      if (item === null) {
        if (isOptional(field) && !acceptsNull(field)) {
          copy ??= { ...value };
          delete copy[key];
        }
        continue;
      }
      const cleaned = dropUnmeaningfulNulls(item, field);
      if (cleaned !== item) (copy ??= { ...value })[key] = cleaned;
    }
    return copy ?? value;
  }
  if (def.type === "array" && def.element && Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const cleaned = dropUnmeaningfulNulls(item, def.element!);
      if (cleaned !== item) changed = true;
      return cleaned;
    });
    return changed ? items : value;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A meaningful `null` (unassign, clear) is sent only when it is the whole change: a strict-mode
 * client sends `null` for every optional field it does not use, so `{team_id: 3, assignee_id:
 * null}` from such a client means "set the team", and sending the null would unassign the agent
 * (Chatwoot's assignments controller acts on assignee_id whenever the key is present). Nulls that
 * come with another query or body value are dropped and named, so the model can clear them in a
 * call of their own. Returns the arguments to send and the names dropped.
 */
export function keepLoneNulls(args: Record<string, unknown>, locations: Record<string, readonly [string, string]>): { args: Record<string, unknown>; dropped: string[] } {
  const sent = Object.keys(args).filter((name) => locations[name] && locations[name][0] !== "path");
  const nulls = sent.filter((name) => args[name] === null);
  if (nulls.length === 0 || nulls.length === sent.length) return { args, dropped: [] };
  const copy = { ...args };
  for (const name of nulls) delete copy[name];
  return { args: copy, dropped: nulls };
}
