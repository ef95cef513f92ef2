/**
 * Puts pgTAP into the test template: as an extension when the server has it, otherwise from pgTAP's SQL
 * script (Debian's postgresql-NN-pgtap ships one, or PGTAP_SQL names one), which also works for the
 * embedded server. When neither exists the run stops with the command that installs it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";

function findScript(): string | undefined {
  if (process.env.PGTAP_SQL !== undefined) {
    if (!existsSync(process.env.PGTAP_SQL)) throw new Error(`PGTAP_SQL names a missing file: ${process.env.PGTAP_SQL}`);
    return process.env.PGTAP_SQL;
  }
  const root = "/usr/share/postgresql";
  if (!existsSync(root)) return undefined;
  const scripts = readdirSync(root)
    .filter((major) => /^\d+$/.test(major))
    .sort((a, b) => Number(b) - Number(a))
    .flatMap((major) => {
      const dir = path.join(root, major, "extension");
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((file) => /^pgtap--\d+\.\d+\.\d+\.sql$/.test(file))
        .sort()
        .reverse()
        .map((file) => path.join(dir, file));
    });
  return scripts[0];
}

/** Installs pgTAP into the database `client` is connected to (as a superuser). */
export async function installPgTap(client: pg.Client): Promise<"extension" | "script"> {
  const { rows } = await client.query("select 1 from pg_available_extensions where name = 'pgtap'");
  if (rows.length > 0) {
    await client.query("create extension if not exists pgtap with schema public");
    return "extension";
  }
  const script = findScript();
  if (script === undefined) {
    const { rows: version } = await client.query<{ major: string }>(
      "select current_setting('server_version_num')::int / 10000 as major",
    );
    throw new Error(
      "pgTAP is not installed, and the database tests need it. Install it with:\n" +
        `  sudo apt-get install -y postgresql-${version[0]!.major}-pgtap libtap-parser-sourcehandler-pgtap-perl\n` +
        "or point PGTAP_SQL at pgTAP's SQL script (pgtap--<version>.sql).",
    );
  }
  // The extension script guards against being run by psql directly; those lines are psql-only.
  const sql = readFileSync(script, "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("\\echo"))
    .join("\n");
  await client.query("set search_path to public");
  await client.query(sql);
  await client.query("reset search_path");
  return "script";
}
