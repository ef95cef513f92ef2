/**
 * The layers keep their direction. The engine is the lowest layer: pure, it imports nothing outside its own
 * folder (no package, no Node module). The domain (the putaway use cases, the confidence model, the worker's
 * tasks, the domain's errors) never imports the HTTP and GraphQL layer: nothing from src/server, and nothing
 * of PostGraphile (its presets, grafast, grafserv). Biome forbids import cycles; it has no rule for layers,
 * hence this test, which reads the import statements of the source files.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";

/** Each file of a folder (recursively) or the file itself, as a path relative to the project root. */
function sourceFiles(place: string): string[] {
  const absolute = path.join(PROJECT_ROOT, place);
  if (place.endsWith(".ts")) return [place];
  return readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => path.posix.join(place, name.split(path.sep).join("/")))
    .sort();
}

/**
 * The modules a file names: static imports and re-exports (type-only ones too), side-effect imports, dynamic
 * import() and require(). Biome's formatter keeps these statements in one shape, which the patterns follow.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(PROJECT_ROOT, file), "utf8");
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s(?:[^;]*?\sfrom\s*)?["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

interface Edge {
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The file it names, relative to the project root; undefined for a package or a Node module. */
  target: string | undefined;
}

function edgesOf(places: string[]): Edge[] {
  return places.flatMap(sourceFiles).flatMap((from) =>
    importsOf(from).map((specifier) => ({
      from,
      specifier,
      target: specifier.startsWith(".") ? path.posix.join(path.posix.dirname(from), specifier) : undefined,
    })),
  );
}

const show = (edges: Edge[]) => edges.map((e) => `${e.from} imports "${e.specifier}"`);

const ENGINE = ["src/engine"];
const DOMAIN = ["src/engine", "src/putaway", "src/ml", "src/errors.ts", "tasks"];
/** Packages of the GraphQL layer: PostGraphile and what it is made of. */
const GRAPHQL_PACKAGES = /^(postgraphile|grafast|grafserv|graphile-build|graphile-config|@dataplan\/|@graphile\/)/;

describe("import layers", () => {
  test("the reader sees the imports (a file known to import the engine and the errors does)", () => {
    const service = edgesOf(["src/putaway/service.ts"]).map((e) => e.target);
    expect(service).toContain("src/engine/index.ts");
    expect(service).toContain("src/errors.ts");
    expect(edgesOf(["tasks/replan_cross_dock.ts"]).map((e) => e.target)).toContain("src/putaway/service.ts");
  });

  test("the engine imports nothing outside src/engine: no package, no Node module, no other layer", () => {
    const outside = edgesOf(ENGINE).filter((e) => e.target === undefined || !e.target.startsWith("src/engine/"));
    expect(show(outside)).toEqual([]);
  });

  test("no domain module (engine, putaway, ml, tasks, errors) imports src/server or PostGraphile", () => {
    const upward = edgesOf(DOMAIN).filter(
      (e) => e.target?.startsWith("src/server/") === true || GRAPHQL_PACKAGES.test(e.specifier),
    );
    expect(show(upward)).toEqual([]);
  });
});
