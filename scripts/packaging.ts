// Packing the npm package and installing it the way a user's machine would: shared by the bundle
// build (scripts/bundle.ts) and the packaging tests, so both prove the very artifact that ships.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** What `npm pack` reports of one tarball (sizes in bytes). */
export interface PackedTarball {
  /** absolute path of the .tgz */
  path: string;
  /** the tarball's size */
  size: number;
  /** the unpacked files' total size */
  unpackedSize: number;
  /** every file in it, relative to the package root */
  files: string[];
}

/**
 * Packs the repository into `outDir` with `npm pack`, without running its scripts: the caller
 * builds dist/ first (`npm test` does, through `pretest`). Throws when npm fails.
 */
export function packTarball(outDir: string): PackedTarball {
  if (!existsSync(join(ROOT, "dist", "server.js"))) throw new Error("dist/server.js is missing: run npm run build first (npm test does)");
  mkdirSync(outDir, { recursive: true });
  const output = execFileSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", outDir], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [packed] = JSON.parse(output) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack reported nothing: ${output.slice(0, 200)}`);
  return { path: join(outDir, packed.filename), size: packed.size, unpackedSize: packed.unpackedSize, files: packed.files.map((file) => file.path) };
}

/**
 * Installs a packed tarball into `dir` (created, with a private package.json of its own) as a user
 * would, runtime dependencies only, from the npm registry or npm's cache. Resolves nothing from the
 * repository. Returns the installed package's folder. Throws when npm fails.
 */
export function installTarball(tarball: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "chatwoot-mcp-install-check", private: true }));
  execFileSync(NPM, ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return join(dir, "node_modules", "chatwoot-mcp");
}

/** A package.json as far as these checks read it. */
interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readManifest = (dir: string): PackageManifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;

/**
 * The npm packages that the .js files under `dir` import by name (static `import`/`export ... from`
 * and `import("...")` with a literal), as package names ("zod", "@scope/name"); relative paths and
 * Node's built-in modules left out. Reads the compiled files, so type-only imports do not count.
 */
export function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const builtins = new Set(builtinModules);
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".js")) {
        const code = readFileSync(path, "utf8");
        // statements start a line in tsc's output; a multi-line import runs to its `from "x";`
        const specifiers = [
          ...code.matchAll(/^(?:import|export)\b[^;"'`]*?\bfrom\s*"([^"]+)";?\s*$/gm),
          ...code.matchAll(/^import\s*"([^"]+)";?\s*$/gm),
          ...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
        ].map((match) => match[1]!);
        for (const specifier of specifiers) {
          if (specifier.startsWith(".") || specifier.startsWith("node:") || builtins.has(specifier.split("/")[0]!)) continue;
          const parts = specifier.split("/");
          names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
        }
      }
    }
  };
  visit(dir);
  return names;
}

/** Every package folder under `nodeModules`, nested node_modules included (absolute paths). */
export function installedPackageDirs(nodeModules: string): string[] {
  const found: string[] = [];
  if (!existsSync(nodeModules)) return found;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(nodeModules, entry.name);
    const packages = entry.name.startsWith("@")
      ? readdirSync(path, { withFileTypes: true }).filter((scoped) => scoped.isDirectory()).map((scoped) => join(path, scoped.name))
      : [path];
    for (const dir of packages) {
      found.push(dir);
      found.push(...installedPackageDirs(join(dir, "node_modules")));
    }
  }
  return found;
}

/** What a walk of an installed package's dependency tree found. */
export interface DependencyWalk {
  /** package folders reached from the start through dependencies, optional and peer dependencies */
  reached: Set<string>;
  /** "needer -> name" for each required dependency that no folder provides */
  missing: string[];
}

/**
 * Follows `start`'s dependencies, optional dependencies and peer dependencies through the installed
 * folders the way Node resolves a bare import (the package's own node_modules, then each enclosing
 * node_modules up to `top`), reading each package.json. A dependency that is optional, or an
 * optional peer, may be absent; any other absent one is reported in `missing`.
 */
export function walkDependencies(start: string, top: string): DependencyWalk {
  const reached = new Set<string>();
  const missing: string[] = [];
  const root = resolve(top);
  const find = (name: string, from: string): string | undefined => {
    for (let dir = resolve(from); ; dir = dirname(dir)) {
      if (basename(dir) !== "node_modules") {
        const candidate = join(dir, "node_modules", ...name.split("/"));
        if (existsSync(join(candidate, "package.json"))) return candidate;
      }
      if (dir === root || dirname(dir) === dir || relative(root, dir).startsWith("..")) return undefined;
    }
  };
  const visit = (dir: string): void => {
    if (reached.has(dir)) return;
    reached.add(dir);
    const manifest = readManifest(dir);
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const wanted: [string, boolean][] = [
      ...Object.keys(manifest.dependencies ?? {}).map((name): [string, boolean] => [name, name in (manifest.optionalDependencies ?? {})]),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((name): [string, boolean] => [name, true]),
      ...Object.keys(manifest.peerDependencies ?? {}).map((name): [string, boolean] => [name, optionalPeers[name]?.optional === true]),
    ];
    for (const [name, optional] of wanted) {
      const found = find(name, dir);
      if (found) visit(found);
      else if (!optional) missing.push(`${manifest.name ?? relative(root, dir)} -> ${name}`);
    }
  };
  visit(resolve(start));
  return { reached, missing: [...new Set(missing)] };
}

/** The package name of an installed package folder ("node_modules/@a/b" -> "@a/b"). */
export function packageNameOf(dir: string): string {
  const parts = dir.split(sep);
  const at = parts.lastIndexOf("node_modules");
  return parts.slice(at + 1).join("/");
}

/** The total size in bytes of the files under `dir` (what the files hold, not disk blocks). */
export function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
