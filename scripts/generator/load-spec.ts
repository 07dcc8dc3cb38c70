import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export type JsonObject = Record<string, unknown>;

export interface OpenApiDocument extends JsonObject {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas?: Record<string, JsonObject>; parameters?: Record<string, JsonObject>; [key: string]: unknown };
  tags?: { name: string; description?: string }[];
}

/** Reads spec/openapi.yaml and merges every spec/paths/*.yaml fragment into it. */
export function loadSpec(specDir: string): OpenApiDocument {
  const root = parse(readFileSync(join(specDir, "openapi.yaml"), "utf8")) as OpenApiDocument;
  root.paths ??= {};
  root.components ??= {};
  const fragmentDir = join(specDir, "paths");
  for (const file of readdirSync(fragmentDir).filter((name) => name.endsWith(".yaml")).sort()) {
    const fragment = parse(readFileSync(join(fragmentDir, file), "utf8")) as Partial<OpenApiDocument> | null;
    mergeFragment(root, fragment ?? {}, `paths/${file}`);
  }
  return root;
}

export function mergeFragment(root: OpenApiDocument, fragment: Partial<OpenApiDocument>, source: string): void {
  for (const [path, item] of Object.entries(fragment.paths ?? {})) {
    const target = (root.paths[path] ??= {});
    for (const [method, operation] of Object.entries(item)) {
      if (target[method]) throw new Error(`${source}: ${method.toUpperCase()} ${path} is defined twice`);
      target[method] = operation;
    }
  }
  for (const [section, entries] of Object.entries(fragment.components ?? {})) {
    const target = ((root.components as Record<string, JsonObject>)[section] ??= {});
    for (const [name, value] of Object.entries(entries as JsonObject)) {
      if (name in target) throw new Error(`${source}: components.${section}.${name} is defined twice`);
      target[name] = value;
    }
  }
}
