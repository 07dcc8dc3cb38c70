// One version everywhere: package.json, package-lock.json, server.json, mcpb/manifest.json, the
// newest CHANGELOG.md section and what the built server reports all say the same, and
// `npm version <new>` (which runs scripts/sync-version.ts) moves every one of them. The bump is
// tried on a copy of those files in a temporary folder; the repository's own files are only read.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkVersions, FILES, main, newestRelease, packageVersion, releaseChangelog, setJsonStrings, syncVersion, versionPlaces } from "../../scripts/sync-version.js";
import { SERVER_PATH, spawnServer } from "../helpers/spawn-server.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** What a copy needs for `npm version` to run the sync: the files it touches and the script. */
const COPIED = [FILES.package, FILES.lock, FILES.server, FILES.manifest, FILES.changelog, join("scripts", "sync-version.ts")];

const read = (root: string, file: string) => readFileSync(join(root, file), "utf8");
const version = packageVersion(ROOT);

/** The environment for a child npm: this process's own, without what an outer `npm test` put there. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/** A copy of the versioned files in a new temporary folder (node_modules linked, for tsx). */
function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "chatwoot-mcp-version-"));
  for (const file of COPIED) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "junction");
  return dir;
}

describe("the version", () => {
  it("is the same in package.json, package-lock.json, server.json, the bundle manifest and the changelog", () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    const places = versionPlaces(ROOT);
    expect(places.map((place) => `${place.file} ${place.where}`)).toEqual([
      "package-lock.json version",
      'package-lock.json packages[""].version',
      "server.json version",
      "server.json packages[0].version",
      join("mcpb", "manifest.json") + " version",
      "CHANGELOG.md newest released section",
    ]);
    expect(checkVersions(ROOT)).toEqual([]);
  });

  it("is what the built server reports in serverInfo and prints for --version", async () => {
    expect(execFileSync(process.execPath, [SERVER_PATH, "--version"], { encoding: "utf8" }).trim()).toBe(version);
    const server = await spawnServer({});
    try {
      expect(server.client.getServerVersion()).toMatchObject({ name: "chatwoot-mcp", version });
    } finally {
      await server.close();
    }
  });

  it("is bumped by package.json's version script, which npm version runs", () => {
    const scripts = (JSON.parse(read(ROOT, FILES.package)) as { scripts?: Record<string, string> }).scripts ?? {};
    expect(scripts.version, 'package.json needs "scripts": { "version": "tsx scripts/sync-version.ts" }').toBe("tsx scripts/sync-version.ts");
  });
});

describe("npm version <new> on a copy of the repository's files", () => {
  let dir: string;
  const before = new Map(COPIED.map((file) => [file, read(ROOT, file)]));
  const next = version.replace(/^(\d+)\.(\d+)\.\d+.*$/, (_all, major: string, minor: string) => `${major}.${Number(minor) + 1}.0`);
  let npmOutput = "";

  beforeAll(() => {
    dir = copyRepo();
    npmOutput = execFileSync(NPM, ["version", next, "--no-git-tag-version"], { cwd: dir, env: cleanEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    // the repository's own files were only read
    for (const [file, text] of before) expect(read(ROOT, file), file).toBe(text);
  });

  it("moves every place to the new version, and the check then passes", () => {
    expect(npmOutput, "npm version did not run scripts/sync-version.ts: see package.json's version script").toContain(`sync-version: wrote ${next}`);
    expect(packageVersion(dir)).toBe(next);
    expect(checkVersions(dir)).toEqual([]);
    const printed: string[] = [];
    expect(main(["--check", "--root", dir], { log: (line: string) => printed.push(line), error: (line: string) => printed.push(line) })).toBe(0);
    expect(printed).toEqual([`sync-version: 6 places agree with package.json: ${next}`]);
    for (const file of [FILES.lock, FILES.server, FILES.manifest, FILES.changelog]) expect(read(dir, file), file).not.toBe(before.get(file));
  });

  it("changes nothing in the JSON files but the version strings", () => {
    for (const file of [FILES.server, FILES.manifest]) {
      const original = before.get(file)!;
      // put the old version back where the new one is: the result is the original, byte for byte
      const back = read(dir, file).split(JSON.stringify(next)).join(JSON.stringify(version));
      expect(back, file).toBe(original);
    }
  });

  it("turns Unreleased into the new version's section, dated, under a fresh empty Unreleased", () => {
    const changelog = read(dir, FILES.changelog);
    expect(newestRelease(changelog)).toBe(next);
    expect(changelog).toMatch(new RegExp(`^## \\[Unreleased\\]\\n\\n## \\[${next.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"));
    // what was under Unreleased is now under the new version, and the older sections are untouched
    const oldUnreleased = before.get(FILES.changelog)!.split(/^## \[Unreleased\]\n/m)[1]!;
    expect(changelog.endsWith(oldUnreleased)).toBe(true);
    // running it again changes nothing
    expect(syncVersion(dir)).toEqual([]);
  });

  it("--check names each place that disagrees and exits 1, in a folder given by --root", () => {
    const serverJson = read(dir, FILES.server);
    writeFileSync(join(dir, FILES.server), setJsonStrings(serverJson, [["packages", 0, "version"]], "9.9.9"));
    try {
      const printed: string[] = [];
      const out = { log: (line: string) => printed.push(line), error: (line: string) => printed.push(line) };
      expect(main(["--check", "--root", dir], out)).toBe(1);
      expect(printed.join("\n")).toContain(`server.json packages[0].version: 9.9.9; package.json says ${next}`);
      expect(printed.join("\n")).not.toContain("server.json version:");
    } finally {
      writeFileSync(join(dir, FILES.server), serverJson);
    }
  });

  it("refuses a changelog without an Unreleased section, or with the version already released further down", () => {
    expect(() => releaseChangelog("# Changelog\n\n## [0.1.0] - 2026-01-01\n", "0.2.0", "2026-02-01")).toThrow(/no "## \[Unreleased\]"/);
    expect(() => releaseChangelog("## [Unreleased]\n\n## [0.3.0] - 2026-03-01\n\n## [0.2.0] - 2026-02-01\n", "0.2.0", "2026-04-01")).toThrow(/already has a section for 0\.2\.0/);
  });
});
