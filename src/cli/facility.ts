/**
 * A facility of the database that a command names by code (`--facility`, `--tenant`): the database opened as
 * `npm start` opens it (the embedded one when no DATABASE_URL is set), the facility found, `work` run with a
 * pool of the owner role, and everything closed again. Logs go to standard error, so that standard output stays
 * the command's answer. Shared by `npm run -s simulate` and `npm run -s reslot`.
 */

import type pg from "pg";
import type { Config } from "../config.ts";
import { UsageError } from "./run.ts";

export interface NamedFacility {
  tenantId: string;
  facilityId: string;
  code: string;
}

export async function withFacility<T>(
  code: string,
  tenant: string | undefined,
  poolName: string,
  work: (context: { config: Config; pool: pg.Pool; facility: NamedFacility }) => Promise<T>,
): Promise<T> {
  await import("./env.ts");
  const [
    { loadConfig },
    { openDatabase },
    { closePool, createPool, facilitiesByCode, tenantIdByCode },
    { logToStderr },
  ] = await Promise.all([
    import("../config.ts"),
    import("../db/open.ts"),
    import("../db/pool.ts"),
    import("../log.ts"),
  ]);
  logToStderr();
  const config = loadConfig();
  const database = await openDatabase(config);
  const pool = createPool(database.ownerUrl, 2, poolName);
  try {
    let tenantId: string | undefined;
    if (tenant !== undefined) {
      tenantId = await tenantIdByCode(pool, tenant);
      if (tenantId === undefined) throw new UsageError(`There is no tenant with code "${tenant}"`);
    }
    const rows = await facilitiesByCode(pool, code, tenantId);
    if (rows.length !== 1) {
      throw new UsageError(
        rows.length === 0
          ? `There is no facility with code "${code}"${
              process.env.DATABASE_URL === undefined
                ? " in the embedded database (npm start loads the demo facility DC1 on its first start)"
                : ""
            }`
          : `Facility code "${code}" is used by several tenants: add --tenant`,
      );
    }
    return await work({
      config,
      pool,
      facility: { tenantId: rows[0]!.tenant_id, facilityId: rows[0]!.facility_id, code },
    });
  } finally {
    await closePool(pool);
    await database.close();
  }
}
