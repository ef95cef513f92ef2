/**
 * The tools the test suite needs besides PostgreSQL itself, fetched from Debian's packages when the machine
 * lacks them: pgTAP's SQL script (package postgresql-NN-pgtap) and promtool (package prometheus, only its
 * promtool binary: the server is never installed nor started). `apt-get download` and `dpkg-deb -x` work as
 * any user, so neither needs root; packages land in node_modules/.cache/bin-utilization-optimizer/ and are
 * reused. Tools already installed (or named by PGTAP_SQL, PROMTOOL and CHROMIUM) are used as they are.
 *
 * Chromium, for the browser tests, is the exception: its shared libraries must be installed for it to start,
 * so unpacking its package is not enough. It is `apt-get install`ed, which only root may do; any other user
 * installs it once by hand or names a copy with CHROMIUM. No browser build comes from anywhere but Debian's apt
 * (playwright-core downloads nothing).
 *
 * `npm run -s provision` runs it alone; `npm test` runs it first (scripts/test.ts).
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { $, which } from "zx";
import { commandLineOrExit } from "../src/cli/run.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TOOLS_CACHE = path.join(PROJECT_ROOT, "node_modules", ".cache", "bin-utilization-optimizer");

/** One tool: where it is, or why it is missing. */
export interface Tool {
  name: string;
  /** The environment variable that names it for the tests. */
  variable: "PGTAP_SQL" | "PROMTOOL" | "CHROMIUM";
  path?: string;
  /** How it was found: its variable's name, "installed", "cached", "downloaded" or "apt-get install". */
  source?: string;
  /** Why it could not be had, in one line, and what would fix it. */
  missing?: string;
}

/** pgTAP's full install script (`pgtap--1.2.0.sql`, not an upgrade script) under `dir`, newest version first. */
function pgTapScriptUnder(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^pgtap--\d+\.\d+\.\d+\.sql$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  const version = (file: string) => (/--(\d+)\.(\d+)\.(\d+)\.sql$/.exec(file) ?? []).slice(1).map(Number);
  return found.sort((a, b) => {
    const [x, y] = [version(a), version(b)];
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!;
  })[0];
}

/** True when apt knows a package of this name (its lists may be empty on a bare machine). */
async function aptKnows(name: string): Promise<boolean> {
  const result = await $({ nothrow: true, quiet: true })`apt-cache show --no-all-versions ${name}`;
  return result.exitCode === 0 && result.stdout.trim() !== "";
}

/** True when apt knows a package of this name, its lists refreshed once (apt-get update) first as root when not. */
async function aptKnowsAfterUpdate(name: string): Promise<boolean> {
  if (await aptKnows(name)) return true;
  if (process.getuid?.() !== 0) return false;
  await $({ nothrow: true, quiet: true })`apt-get update -qq`;
  return aptKnows(name);
}

/**
 * Downloads a Debian package and unpacks it (or only `member` of it) into `target`; returns an error line
 * instead of throwing. As root with empty package lists, refreshes them once (apt-get update).
 */
async function fetchPackage(name: string, target: string, member?: string): Promise<string | undefined> {
  if ((await which("apt-get", { nothrow: true })) === null || (await which("dpkg-deb", { nothrow: true })) === null) {
    return "this machine has no apt-get/dpkg-deb";
  }
  if (!(await aptKnowsAfterUpdate(name))) {
    return `apt does not know the package ${name} (as root: apt-get update)`;
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), "buo-provision-"));
  try {
    const download = await $({ cwd: scratch, nothrow: true, quiet: true })`apt-get download ${name}`;
    const deb = readdirSync(scratch).find((file) => file.endsWith(".deb"));
    if (download.exitCode !== 0 || deb === undefined) {
      const reason = download.stderr.trim().split("\n").at(-1) ?? "";
      return `apt-get download ${name} failed: ${reason || `exit code ${download.exitCode}`}`;
    }
    await mkdir(target, { recursive: true });
    const archive = path.join(scratch, deb);
    const unpack =
      member === undefined
        ? await $({ nothrow: true, quiet: true })`dpkg-deb -x ${archive} ${target}`
        : await $({ nothrow: true, quiet: true })`dpkg-deb --fsys-tarfile ${archive} | tar -x -C ${target} ${member}`;
    if (unpack.exitCode !== 0) return `unpacking ${deb} failed: ${unpack.stderr.trim()}`;
    return undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** pgTAP's SQL script as `npm test` finds it, without downloading: PGTAP_SQL, an installed pgTAP, the cache. */
export function findPgTapScript(): string | undefined {
  if (process.env.PGTAP_SQL) return existsSync(process.env.PGTAP_SQL) ? process.env.PGTAP_SQL : undefined;
  return pgTapScriptUnder("/usr/share/postgresql") ?? pgTapScriptUnder(path.join(TOOLS_CACHE, "pgtap"));
}

/** pgTAP's SQL script: PGTAP_SQL, an installed pgTAP, the cache, or Debian's package. */
async function provisionPgTap(download: boolean): Promise<Tool> {
  const tool: Tool = { name: "pgTAP", variable: "PGTAP_SQL" };
  if (process.env.PGTAP_SQL) {
    if (existsSync(process.env.PGTAP_SQL)) return { ...tool, path: process.env.PGTAP_SQL, source: "PGTAP_SQL" };
    return { ...tool, missing: `PGTAP_SQL names a missing file: ${process.env.PGTAP_SQL}` };
  }
  const installed = pgTapScriptUnder("/usr/share/postgresql");
  if (installed !== undefined) return { ...tool, path: installed, source: "installed" };
  const cache = path.join(TOOLS_CACHE, "pgtap");
  const cached = pgTapScriptUnder(cache);
  if (cached !== undefined) return { ...tool, path: cached, source: "cached" };
  if (!download) return { ...tool, missing: "not installed and not provisioned (npm run -s provision)" };
  const listed = await $({ nothrow: true, quiet: true })`apt-cache pkgnames postgresql-`;
  const packages = listed.stdout
    .split("\n")
    .filter((name) => /^postgresql-\d+-pgtap$/.test(name))
    .sort((a, b) => Number(b.split("-")[1]) - Number(a.split("-")[1]));
  const failure = await fetchPackage(packages[0] ?? "postgresql-15-pgtap", cache);
  const script = pgTapScriptUnder(cache);
  if (script !== undefined) return { ...tool, path: script, source: "downloaded" };
  return { ...tool, missing: `${failure ?? "the package holds no pgtap--X.Y.Z.sql"}; or set PGTAP_SQL` };
}

/** promtool as `npm test` finds it, without downloading: PROMTOOL, the cache, or whatever the PATH holds. */
export function findPromtool(): string {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  const cached = path.join(TOOLS_CACHE, "prometheus", "usr", "bin", "promtool");
  return existsSync(cached) ? cached : "promtool";
}

/** promtool: PROMTOOL, one on the PATH, the cache, or the binary from Debian's prometheus package. */
async function provisionPromtool(download: boolean): Promise<Tool> {
  const tool: Tool = { name: "promtool", variable: "PROMTOOL" };
  if (process.env.PROMTOOL) {
    if (existsSync(process.env.PROMTOOL)) return { ...tool, path: process.env.PROMTOOL, source: "PROMTOOL" };
    return { ...tool, missing: `PROMTOOL names a missing file: ${process.env.PROMTOOL}` };
  }
  const installed = await which("promtool", { nothrow: true });
  if (installed !== null) return { ...tool, path: installed, source: "installed" };
  const cache = path.join(TOOLS_CACHE, "prometheus");
  const binary = path.join(cache, "usr", "bin", "promtool");
  if (existsSync(binary)) return { ...tool, path: binary, source: "cached" };
  if (!download) return { ...tool, missing: "not installed and not provisioned (npm run -s provision)" };
  const failure = await fetchPackage("prometheus", cache, "./usr/bin/promtool");
  if (existsSync(binary)) return { ...tool, path: binary, source: "downloaded" };
  return { ...tool, missing: `${failure ?? "the package holds no usr/bin/promtool"}; or set PROMTOOL` };
}

/** Chromium on the PATH, under either of the names Debian and Ubuntu give it. */
function chromiumOnPath(): string | undefined {
  return which.sync("chromium", { nothrow: true }) ?? which.sync("chromium-browser", { nothrow: true }) ?? undefined;
}

/** Chromium as the browser tests find it, without installing: CHROMIUM, else chromium or chromium-browser. */
export function findChromium(): string | undefined {
  return process.env.CHROMIUM || chromiumOnPath();
}

/**
 * Installs a Debian package with apt-get (as root only); returns an error line instead of throwing.
 */
async function installPackage(name: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "not installed, and only root may apt-get install it";
  if ((await which("apt-get", { nothrow: true })) === null) return "this machine has no apt-get";
  if (!(await aptKnowsAfterUpdate(name))) return `apt does not know the package ${name}`;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = await $({ env, nothrow: true, quiet: true })`apt-get install -y -qq ${name}`;
  if (install.exitCode === 0) return undefined;
  const reason = install.stderr.trim().split("\n").at(-1) ?? "";
  return `apt-get install ${name} failed: ${reason || `exit code ${install.exitCode}`}`;
}

/** Chromium: CHROMIUM, one on the PATH, or (as root) Debian's chromium package installed with apt-get. */
export async function provisionChromium(download = true): Promise<Tool> {
  const tool: Tool = { name: "Chromium", variable: "CHROMIUM" };
  const fix = "as root: apt-get install chromium, or set CHROMIUM";
  if (process.env.CHROMIUM) {
    if (existsSync(process.env.CHROMIUM)) return { ...tool, path: process.env.CHROMIUM, source: "CHROMIUM" };
    return { ...tool, missing: `CHROMIUM names a missing file: ${process.env.CHROMIUM}` };
  }
  const installed = chromiumOnPath();
  if (installed !== undefined) return { ...tool, path: installed, source: "installed" };
  if (!download) return { ...tool, missing: `not installed (${fix})` };
  const failure = await installPackage("chromium");
  const added = chromiumOnPath();
  if (added !== undefined) return { ...tool, path: added, source: "apt-get install" };
  return { ...tool, missing: `${failure ?? "apt-get install chromium put no chromium on the PATH"}; ${fix}` };
}

/**
 * Finds every tool, downloading what is missing when `download` is true; never throws for a tool that cannot
 * be had (its `missing` says why).
 */
export async function provisionTools({ download = true } = {}): Promise<Tool[]> {
  return [await provisionPgTap(download), await provisionPromtool(download), await provisionChromium(download)];
}

/** The variables that tell the tests where the tools are. */
export function toolEnvironment(tools: readonly Tool[]): Record<string, string> {
  return Object.fromEntries(tools.flatMap((tool) => (tool.path === undefined ? [] : [[tool.variable, tool.path]])));
}

/** One line per missing tool, for the top of the test output. */
export function missingLines(tools: readonly Tool[]): string[] {
  return tools.flatMap((tool) => (tool.missing === undefined ? [] : [`${tool.name} is missing: ${tool.missing}`]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  commandLineOrExit({
    usage: "npm run -s provision",
    summary:
      "Fetches the tools the tests need besides PostgreSQL when the machine lacks them (pgTAP's SQL script and\n" +
      "promtool, from Debian's packages, into node_modules/.cache/; Chromium, for the browser tests, with\n" +
      "apt-get install chromium when run as root), and prints where each one is. Exit code 1 when one could\n" +
      "not be had.",
    options: {},
    notes: "PGTAP_SQL, PROMTOOL and CHROMIUM name copies to use as they are.",
  });
  const tools = await provisionTools();
  for (const tool of tools) {
    process.stdout.write(
      tool.path === undefined
        ? `${tool.name}: MISSING, ${tool.missing}\n`
        : `${tool.name}: ${tool.path} (${tool.source})\n`,
    );
  }
  process.exitCode = tools.some((tool) => tool.missing !== undefined) ? 1 : 0;
}
