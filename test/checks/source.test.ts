/**
 * The source's own checks, run first by `npm test`: Biome (formatting and lint, import cycles included; a
 * warning fails like an error) and the TypeScript type-check. Each reports the tool's own output when it fails.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";

function run(tool: string, args: string[]): { status: number | null; output: string } {
  const bin = path.join(PROJECT_ROOT, "node_modules", ".bin", tool);
  const result = spawnSync(bin, args, { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test("Biome: every file formatted, no lint error or warning (npm run format fixes the formatting)", () => {
  const { status, output } = run("biome", ["ci", "--error-on-warnings", "--colors=off", "."]);
  expect(status, output).toBe(0);
});

test("TypeScript: the whole project type-checks (tsc -p .)", () => {
  const { status, output } = run("tsc", ["-p", "."]);
  expect(status, output).toBe(0);
});

test("TypeScript: the web console type-checks against its generated GraphQL types (tsc -p console)", () => {
  const { status, output } = run("tsc", ["-p", "console"]);
  expect(status, output).toBe(0);
});
