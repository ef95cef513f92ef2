/**
 * Runs the pgTAP files of test/db/ (numbered, one feature each) on a copy of the template and reports every
 * assertion as a test of its own. The same files run with `pg_prove` against a database prepared by
 * `npm run -s test:db:prepare`.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, test } from "vitest";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { cloneRunTemplate } from "./support/db.ts";

interface Assertion {
  ok: boolean;
  description: string;
  diagnostics: string[];
}

interface FileResult {
  planned: number | undefined;
  assertions: Assertion[];
  error: string | undefined;
}

/** The text lines a pgTAP script prints, from every result set of a multi-statement query. */
function tapLines(results: pg.QueryResult | pg.QueryResult[]): string[] {
  const lines: string[] = [];
  for (const result of Array.isArray(results) ? results : [results]) {
    for (const row of result.rows ?? []) {
      for (const value of Object.values(row)) if (typeof value === "string") lines.push(...value.split("\n"));
    }
  }
  return lines;
}

function parseTap(lines: string[]): Omit<FileResult, "error"> {
  let planned: number | undefined;
  const assertions: Assertion[] = [];
  for (const line of lines) {
    const plan = /^1\.\.(\d+)/.exec(line);
    const result = /^(not )?ok \d+(?: - (.*))?$/.exec(line);
    if (plan !== null) planned = Number(plan[1]);
    else if (result !== null)
      assertions.push({ ok: result[1] === undefined, description: result[2] ?? "", diagnostics: [] });
    else if (line.startsWith("#") && assertions.length > 0) assertions.at(-1)!.diagnostics.push(line);
  }
  return { planned, assertions };
}

const dir = path.join(PROJECT_ROOT, "test", "db");
const files = readdirSync(dir)
  .filter((f) => /^\d+_.*\.sql$/.test(f))
  .sort();

const results = new Map<string, FileResult>();
// Without pgTAP (or without a database) every file fails with the reason, and the rest of the suite runs.
const unavailable = inject("databaseSetupError") ?? inject("pgTapMissing");
if (unavailable !== undefined) {
  for (const file of files) results.set(file, { planned: undefined, assertions: [], error: unavailable });
} else {
  const database = await cloneRunTemplate();
  try {
    for (const file of files) {
      const client = new pg.Client({ connectionString: database.adminUrl });
      await client.connect();
      try {
        const tap = parseTap(tapLines(await client.query(readFileSync(path.join(dir, file), "utf8"))));
        results.set(file, { ...tap, error: undefined });
      } catch (error) {
        results.set(file, { planned: undefined, assertions: [], error: (error as Error).message });
      } finally {
        await client.end();
      }
    }
  } finally {
    await database.drop();
  }
}

for (const file of files) {
  const result = results.get(file)!;
  describe(`pgTAP ${file}`, () => {
    test("runs to the end, as planned", () => {
      expect(result.error, `the script failed: ${result.error}`).toBeUndefined();
      expect(result.planned, "the script declares a plan").toBeDefined();
      expect(result.assertions.length, "assertions run").toBe(result.planned);
    });
    result.assertions.forEach((assertion, index) => {
      test(`${index + 1} - ${assertion.description}`, () => {
        expect(assertion.ok, assertion.diagnostics.join("\n")).toBe(true);
      });
    });
  });
}
