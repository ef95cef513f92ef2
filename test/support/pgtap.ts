/**
 * Puts pgTAP into the test template: as an extension when the server has it, otherwise from pgTAP's SQL
 * script (PGTAP_SQL, an installed postgresql-NN-pgtap, or the copy `npm test` fetched from Debian's package;
 * see scripts/provision.ts), which also works for the embedded server. Without either, the template is built
 * without pgTAP and only the pgTAP files fail, with the reason.
 */
import { readFileSync } from "node:fs";
import type pg from "pg";
import { findPgTapScript } from "../../scripts/provision.ts";

export interface PgTapInstall {
  how: "extension" | "script" | undefined;
  /** Why pgTAP is not there, and what brings it. */
  missing?: string;
}

/** Installs pgTAP into the database `client` is connected to (as a superuser). */
export async function installPgTap(client: pg.Client): Promise<PgTapInstall> {
  const { rows } = await client.query("select 1 from pg_available_extensions where name = 'pgtap'");
  if (rows.length > 0) {
    await client.query("create extension if not exists pgtap with schema public");
    return { how: "extension" };
  }
  const script = findPgTapScript();
  if (script === undefined) {
    return {
      how: undefined,
      missing:
        "pgTAP is missing: `npm test` fetches it from Debian's postgresql-NN-pgtap package (npm run -s provision " +
        "alone), or set PGTAP_SQL to pgTAP's SQL script (pgtap--<version>.sql)",
    };
  }
  // The extension script guards against being run by psql directly; those lines are psql-only.
  const sql = readFileSync(script, "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("\\echo"))
    .join("\n");
  await client.query("set search_path to public");
  await client.query(sql);
  await client.query("reset search_path");
  return { how: "script" };
}
