// Carries package.json's version into every other file that states it, so one command bumps the
// version everywhere: `npm version <new>` updates package.json and package-lock.json, then runs
// the package.json "version" script (this file), then commits and tags what is staged.
//
//   tsx scripts/sync-version.ts [--root DIR]           write the version into the files below
//   tsx scripts/sync-version.ts --check [--root DIR]   only compare; exit 1 on any disagreement
//
// The source of truth is package.json "version". Written here: server.json (top-level "version"
// and every packages[].version), mcpb/manifest.json ("version") and CHANGELOG.md (the
// "## [Unreleased]" heading becomes "## [x.y.z] - YYYY-MM-DD" under a fresh, empty Unreleased
// section, only when x.y.z has no section yet). Checked but never written: package-lock.json
// ("version" and packages[""].version), which npm itself updates before this script runs. The
// server reports package.json's version at run time (src/version.ts), so it needs no edit.
// Run as `npm version`'s "version" script in a git work tree, and unless --no-git-tag-version, the
// written files are staged with `git add` so that npm's version commit includes them.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository this script lives in. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Files that state the version, relative to the root. */
export const FILES = {
  package: "package.json",
  lock: "package-lock.json",
  server: "server.json",
  manifest: join("mcpb", "manifest.json"),
  changelog: "CHANGELOG.md",
} as const;

/** One place that states a version: the file, where in it, and what it says (undefined: absent). */
export interface VersionPlace {
  file: string;
  where: string;
  value: string | undefined;
}

type JsonPath = (string | number)[];

/** package.json's version, the one every other place must state. Throws when it has none. */
export function packageVersion(root: string): string {
  const version = (readJson(root, FILES.package) as { version?: unknown }).version;
  if (typeof version !== "string" || version === "") throw new Error(`${FILES.package} has no "version"`);
  return version;
}

/** Every place that states the version, as found in the files under `root` (a missing file is one place with no value). */
export function versionPlaces(root: string): VersionPlace[] {
  const places: VersionPlace[] = [];
  const fromJson = (file: string, paths: (data: unknown) => JsonPath[]) => {
    if (!existsSync(join(root, file))) return void places.push({ file, where: "(file missing)", value: undefined });
    const data = readJson(root, file);
    for (const path of paths(data)) places.push({ file, where: describePath(path), value: valueAt(data, path) });
  };
  fromJson(FILES.lock, () => [["version"], ["packages", "", "version"]]);
  fromJson(FILES.server, serverJsonPaths);
  fromJson(FILES.manifest, () => [["version"]]);
  if (!existsSync(join(root, FILES.changelog))) places.push({ file: FILES.changelog, where: "(file missing)", value: undefined });
  else places.push({ file: FILES.changelog, where: "newest released section", value: newestRelease(readFileSync(join(root, FILES.changelog), "utf8")) });
  return places;
}

/** What disagrees with package.json's version, one line per place; empty when all agree. */
export function checkVersions(root: string): string[] {
  const version = packageVersion(root);
  return versionPlaces(root)
    .filter((place) => place.value !== version)
    .map((place) =>
      place.value === undefined
        ? `${place.file} ${place.where}: no version found; ${FILES.package} says ${version}`
        : `${place.file} ${place.where}: ${place.value}; ${FILES.package} says ${version}`,
    );
}

/**
 * Writes package.json's version into server.json, mcpb/manifest.json and CHANGELOG.md under
 * `root`, editing only the version strings (the rest of each file is kept byte for byte).
 * `date` (YYYY-MM-DD) dates a new changelog section; default today, local time.
 * Returns the files it changed, relative to `root`. Throws when a file is missing or the
 * changelog has no Unreleased section to turn into the new version's.
 */
export function syncVersion(root: string, options: { date?: string } = {}): string[] {
  const version = packageVersion(root);
  const changed: string[] = [];
  const write = (file: string, before: string, after: string) => {
    if (after === before) return;
    writeFileSync(join(root, file), after);
    changed.push(file);
  };
  for (const [file, paths] of [
    [FILES.server, serverJsonPaths],
    [FILES.manifest, () => [["version"]]],
  ] as const) {
    const text = readRequired(root, file);
    write(file, text, setJsonStrings(text, paths(JSON.parse(text) as unknown), version));
  }
  const changelog = readRequired(root, FILES.changelog);
  write(FILES.changelog, changelog, releaseChangelog(changelog, version, options.date ?? today()));
  return changed;
}

/** The newest released version in a Keep a Changelog text ("## [1.2.3] - ..."), or undefined. */
export function newestRelease(changelog: string): string | undefined {
  return /^## \[(?!unreleased\])([^\]]+)\]/im.exec(changelog)?.[1];
}

/**
 * The changelog with "## [Unreleased]" turned into "## [version] - date" under a new, empty
 * "## [Unreleased]"; unchanged when `version` is already the newest release. Throws when the
 * version already has an older section, or there is no Unreleased heading.
 */
export function releaseChangelog(changelog: string, version: string, date: string): string {
  if (newestRelease(changelog) === version) return changelog;
  if (new RegExp(`^## \\[${escapeRegExp(version)}\\]`, "m").test(changelog)) {
    throw new Error(`${FILES.changelog} already has a section for ${version}, but not as the newest release`);
  }
  const unreleased = /^## \[Unreleased\][^\n]*$/im;
  if (!unreleased.test(changelog)) throw new Error(`${FILES.changelog} has no "## [Unreleased]" heading to turn into ${version}'s section`);
  return changelog.replace(unreleased, `## [Unreleased]\n\n## [${version}] - ${date}`);
}

/**
 * `text` (JSON) with the string at each of `paths` replaced by `value`, everything else kept as
 * written. Throws when a path does not lead to a string.
 */
export function setJsonStrings(text: string, paths: JsonPath[], value: string): string {
  const spans = stringSpans(text);
  const targets = paths.map((path) => {
    const span = spans.get(JSON.stringify(path));
    if (!span) throw new Error(`no string at ${describePath(path)}`);
    return span;
  });
  let out = text;
  for (const span of targets.sort((a, b) => b.start - a.start)) out = out.slice(0, span.start) + JSON.stringify(value) + out.slice(span.end);
  return out;
}

/** server.json's version places: the top level, and each package that states one. */
function serverJsonPaths(data: unknown): JsonPath[] {
  const packages = (data as { packages?: { version?: unknown }[] }).packages ?? [];
  return [["version"], ...packages.flatMap((pkg, index): JsonPath[] => ("version" in pkg ? [["packages", index, "version"]] : []))];
}

/** Where each string value sits in a JSON text, keyed by JSON.stringify(path); [start, end) spans the quotes. */
function stringSpans(text: string): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) throw new Error(`JSON: expected "${char}" at offset ${i}`);
    i++;
  };
  const string = (): string => {
    const start = i;
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length) throw new Error("JSON: unterminated string");
      i += text[i] === "\\" ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: JsonPath): void => {
    ws();
    const char = text[i];
    if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (let index = 0; ; index++) {
        ws();
        let key: string | number = index;
        if (close === "}") {
          key = string();
          ws();
          expect(":");
        }
        value([...path, key]);
        ws();
        if (text[i] === ",") i++;
        else return expect(close);
      }
    }
    if (char === '"') {
      const start = i;
      string();
      spans.set(JSON.stringify(path), { start, end: i });
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  value([]);
  return spans;
}

function valueAt(data: unknown, path: JsonPath): string | undefined {
  let node: unknown = data;
  for (const step of path) node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[step] : undefined;
  return typeof node === "string" ? node : undefined;
}

function describePath(path: JsonPath): string {
  return path.map((step, index) => (typeof step === "number" ? `[${step}]` : step === "" ? '[""]' : index === 0 ? step : `.${step}`)).join("");
}

function readRequired(root: string, file: string): string {
  if (!existsSync(join(root, file))) throw new Error(`${file} is missing under ${root}`);
  return readFileSync(join(root, file), "utf8");
}

function readJson(root: string, file: string): unknown {
  return JSON.parse(readRequired(root, file));
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether this run is `npm version`'s "version" script and npm will commit afterwards: npm sets
 * npm_config_git_tag_version only when --no-git-tag-version (or the config) turns it off, to "".
 */
function npmWillCommit(): boolean {
  const gitTagVersion = process.env.npm_config_git_tag_version;
  return process.env.npm_lifecycle_event === "version" && (gitTagVersion === undefined || gitTagVersion === "true");
}

/** Whether `root` is inside a git work tree. */
function inGitWorkTree(root: string): boolean {
  try {
    return execFileSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() === "true";
  } catch {
    return false;
  }
}

/**
 * The command line: `[--check] [--root DIR]`. Returns the exit code (0: every place agrees,
 * after writing unless --check; 1: something disagrees). Messages go to `out`.
 */
export function main(argv: string[], out: Pick<Console, "log" | "error"> = console): number {
  const check = argv.includes("--check");
  const rootAt = argv.indexOf("--root");
  const root = rootAt >= 0 && argv[rootAt + 1] ? resolve(argv[rootAt + 1]!) : REPO_ROOT;
  const version = packageVersion(root);
  if (!check) {
    const changed = syncVersion(root);
    out.log(changed.length > 0 ? `sync-version: wrote ${version} into ${changed.join(", ")}` : `sync-version: every file already says ${version}`);
    if (changed.length > 0 && npmWillCommit() && inGitWorkTree(root)) {
      execFileSync("git", ["add", "--", ...changed], { cwd: root, stdio: "inherit" });
    }
  }
  const problems = checkVersions(root);
  if (problems.length > 0) {
    out.error(`sync-version: these places disagree with ${FILES.package} (${version}):\n  ${problems.join("\n  ")}`);
    if (problems.some((line) => line.startsWith(FILES.lock))) out.error(`  (package-lock.json is npm's: bump with "npm version <new>", or run "npm install --package-lock-only")`);
    return 1;
  }
  if (check) out.log(`sync-version: ${versionPlaces(root).length} places agree with ${FILES.package}: ${version}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`sync-version: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
