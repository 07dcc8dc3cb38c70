// Packing the npm package and installing it the way a user's machine would: shared by the bundle
// build (scripts/bundle.ts) and the packaging tests, so both prove the very artifact that ships.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
