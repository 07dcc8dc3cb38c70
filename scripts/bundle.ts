// The Claude Desktop bundle (.mcpb): the packed npm package, installed with its runtime
// dependencies only, beside mcpb/manifest.json, zipped by the official mcpb command-line tool.
// `npm run bundle` builds dist/ first and then runs this file; the bundle test calls buildBundle.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installTarball, packTarball, ROOT, type PackedTarball } from "./packaging.js";

/** Where `npm run bundle` writes the .mcpb: outside dist/, so npm never packs it (gitignored). */
export const BUNDLE_DIR = join(ROOT, "dist-bundle");
/** The bundle's manifest as kept in the repository; the icon it names lies beside it. */
export const MANIFEST_SOURCE = join(ROOT, "mcpb", "manifest.json");

/** What buildBundle made. */
export interface BuiltBundle {
  /** absolute path of the .mcpb */
  path: string;
  /** its size in bytes */
  size: number;
  /** the version in its name, package.json's */
  version: string;
  /** the npm tarball it was made from */
  tarball: PackedTarball;
}

/** The output of one run of the mcpb command-line tool. */
export interface McpbRun {
  status: number;
  output: string;
}

/**
 * Runs the mcpb command-line tool installed as a dev dependency (node_modules/@anthropic-ai/mcpb,
 * its bin as its package.json names it) with `args`, in the current Node. Returns the exit status
 * and stdout and stderr together; never throws for a non-zero exit.
 */
export function runMcpb(args: string[]): McpbRun {
  const packageDir = join(ROOT, "node_modules", "@anthropic-ai", "mcpb");
  const { bin } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { bin: string | Record<string, string> };
  const cli = join(packageDir, typeof bin === "string" ? bin : bin.mcpb ?? "");
  try {
    const output = execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number | null; stdout?: string; stderr?: string };
    return { status: failed.status ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/**
 * Builds `<outDir>/chatwoot-mcp-<version>.mcpb` from the built dist/ (run `npm run build` first):
 * packs the package (or takes `tarball`, already packed), installs it in a temporary folder
 * without dev dependencies, lays it out as the bundle's root (manifest.json, package.json, dist/,
 * node_modules/), and runs `mcpb pack`, which validates the manifest before zipping. Throws when
 * the manifest's version is not package.json's, or when npm or mcpb fails (with mcpb's output).
 */
export function buildBundle(options: { outDir?: string; tarball?: PackedTarball } = {}): BuiltBundle {
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const manifest = JSON.parse(readFileSync(MANIFEST_SOURCE, "utf8")) as { version?: string; icon?: string; server?: { entry_point?: string } };
  if (manifest.version !== version) {
    throw new Error(`mcpb/manifest.json has version ${String(manifest.version)} but package.json has ${version}; make them agree first`);
  }

  const work = mkdtempSync(join(tmpdir(), "chatwoot-mcp-bundle-"));
  try {
    const tarball = options.tarball ?? packTarball(join(work, "pack"));
    const install = join(work, "install");
    const installed = installTarball(tarball.path, install);

    // The installed package becomes the bundle's root and its dependencies that root's node_modules.
    const staging = join(work, "staging");
    renameSync(installed, staging);
    if (existsSync(join(staging, "node_modules"))) {
      throw new Error("npm nested dependencies under the installed package; the bundle layout expects them all at the top");
    }
    renameSync(join(install, "node_modules"), join(staging, "node_modules"));
    // npm's record of the throwaway install folder, not of the bundle
    rmSync(join(staging, "node_modules", ".package-lock.json"), { force: true });
    copyFileSync(MANIFEST_SOURCE, join(staging, "manifest.json"));
    if (manifest.icon) copyFileSync(join(dirname(MANIFEST_SOURCE), manifest.icon), join(staging, manifest.icon));
    const entryPoint = manifest.server?.entry_point ?? "";
    if (!entryPoint || !existsSync(join(staging, entryPoint))) {
      throw new Error(`the manifest's entry point "${entryPoint}" is not in the installed package`);
    }

    const outDir = resolve(options.outDir ?? BUNDLE_DIR);
    const path = join(outDir, `chatwoot-mcp-${version}.mcpb`);
    const packed = runMcpb(["pack", staging, path]);
    if (packed.status !== 0 || !existsSync(path)) throw new Error(`mcpb pack failed (exit ${packed.status}):\n${packed.output}`);
    return { path, size: statSync(path).size, version, tarball };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundle = buildBundle();
  process.stdout.write(`${bundle.path}\n  bundle: ${bundle.size} bytes (npm tarball ${bundle.tarball.size} bytes)\n`);
}
