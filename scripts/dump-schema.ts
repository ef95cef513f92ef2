/**
 * `data/schema.sql`: the database schema the committed migrations make, as pg_dump prints it, for review
 * beside the migrations. graphile-migrate writes it after building its shadow database (`afterAllMigrations`
 * in .gmrc, so on every `graphile-migrate commit`), and a test checks that it is current.
 *
 * The dump leaves out graphile-migrate's and graphile-worker's schemas, ownership and the version lines, and
 * writes the deployment's role names as the placeholders the migrations use, so that every machine with the
 * same PostgreSQL major version prints the same text. pg_dump must match the server's major version.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const SCHEMA_DUMP = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "schema.sql");

/** The server's major version, e.g. 15. */
export async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("select current_setting('server_version_num') as n");
    return Math.floor(Number(rows[0]!.n) / 10000);
  } finally {
    await client.end();
  }
}

/** A pg_dump of the server's major version: Debian's for that version, or the PATH's when it matches. */
export function findPgDump(major: number): string | undefined {
  const debian = `/usr/lib/postgresql/${major}/bin/pg_dump`;
  if (existsSync(debian)) return debian;
  const onPath = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  const version = /(\d+)\.\d+/.exec(onPath.stdout ?? "");
  return onPath.status === 0 && Number(version?.[1]) === major ? "pg_dump" : undefined;
}

/** The statements that name roles: privileges and policies. */
const ROLE_LINE = /^(GRANT|REVOKE|ALTER DEFAULT PRIVILEGES|CREATE POLICY) /;

/** The normalized schema of the database at `url`; `roles` maps role names to their placeholders. */
export function dumpSchema(pgDump: string, url: string, major: number, roles: Record<string, string>): string {
  const result = spawnSync(
    pgDump,
    ["--schema-only", "--no-owner", "--exclude-schema=graphile_migrate", "--exclude-schema=graphile_worker", url],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr || result.error?.message}`);
  const names = Object.keys(roles).sort((a, b) => b.length - a.length);
  const pattern = names.length === 0 ? undefined : new RegExp(`\\b(${names.join("|")})\\b`, "g");
  const lines = result.stdout
    .split("\n")
    .filter((line) => !/^-- Dumped (from|by) /.test(line) && !/^\\(un)?restrict /.test(line))
    .map((line) =>
      pattern === undefined || !ROLE_LINE.test(line) ? line : line.replace(pattern, (name) => roles[name]!),
    );
  return `-- The schema of the committed migrations (PostgreSQL ${major}), written by scripts/dump-schema.ts.\n${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // graphile-migrate runs this with GM_DBURL set to the database it just migrated (the shadow database).
  const url = process.env.GM_DBURL ?? process.env.DATABASE_URL;
  if (url === undefined) throw new Error("Set GM_DBURL or DATABASE_URL to the database to dump");
  const major = await serverMajor(url);
  const pgDump = findPgDump(major);
  if (pgDump === undefined) {
    process.stderr.write(`No pg_dump for PostgreSQL ${major}: data/schema.sql was not written\n`);
  } else {
    const owner = decodeURIComponent(new URL(url).username);
    const roles: Record<string, string> = { [owner]: ":DATABASE_OWNER" };
    if (process.env.DATABASE_VISITOR) roles[process.env.DATABASE_VISITOR] = ":DATABASE_VISITOR";
    await writeFile(SCHEMA_DUMP, dumpSchema(pgDump, url, major, roles));
  }
}
