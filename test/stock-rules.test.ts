/**
 * Where stock may go, under concurrency and in bulk, in SQL over real connections: a location that holds one
 * material at a time never ends up with two (two receipts at once, or two rows of one statement), transit zones
 * take any stock for a while, blocked storage takes none, and a reservation never lands in a location deleted
 * at the same time.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";

const db = useTestDatabase();
const ids: Record<string, string> = {};
const sessions: pg.Client[] = [];

/** A connection of its own, as a second client of the database would have. */
async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  client.on("error", () => {});
  await client.connect();
  sessions.push(client);
  return client;
}

/** The SQLSTATE a promise fails with, or "ok". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** Resolves once `pid` waits for a lock, so that the order of two sessions is certain, not timed. */
async function waitsForLock(pid: number): Promise<void> {
  for (;;) {
    const { rows } = await db.admin.query(
      "select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1",
      [pid],
    );
    if (rows[0]?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const RECEIPT = `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                                lot_number, location_id, quantity)
                 values ($1, $2, 'RECEIPT', $3, $4, $5, $6)`;

function receipt(client: pg.Client | pg.Pool, material: string, location: string, lot = "L1", quantity = 1) {
  return client.query(RECEIPT, [ids.tenant, ids.facility, ids[material], lot, ids[location], quantity]);
}

const materialsIn = async (location: string) =>
  (
    await db.admin.query(
      `select array_agg(distinct m.code order by m.code) as codes from app_public.lots s
         join app_public.materials m using (tenant_id, material_id)
        where s.location_id = $1 and s.quantity_on_hand > 0`,
      [ids[location]],
    )
  ).rows[0].codes as string[] | null;

/*
 * Tenant `stk` from the pgTAP fixture (zones RSV and STG, SKU-1 and SKU-2), with one-material reserve locations
 * P-01 and P-02, a blocked reserve location B-01, an empty reserve location E-01, a receiving dock D-01 and a
 * chilled material COLD.
 */
beforeAll(async () => {
  ids.tenant = (await db.admin.query("select tests.create_tenant_fixture('stk') as id")).rows[0].id;
  await db.admin.query(
    `insert into app_public.zones (tenant_id, facility_id, code, name, zone_type)
     select tenant_id, facility_id, 'RCV', 'Receiving', 'RECEIVING' from app_public.facilities where tenant_id = $1`,
    [ids.tenant],
  );
  await db.admin.query(
    `insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                       inner_height_in, max_cubic_feet, max_weight_lbs, mixing_rule, is_blocked)
     select z.tenant_id, z.facility_id, z.zone_id, v.code, 48, 48, 48, 100, 5000, v.mixing::app_public.mixing_rule,
            v.blocked
       from app_public.zones z
       join (values ('RSV', 'P-01', 'SINGLE_MATERIAL', false), ('RSV', 'P-02', 'SINGLE_MATERIAL', false),
                    ('RSV', 'B-01', 'ANY', true), ('RSV', 'E-01', 'ANY', false), ('RCV', 'D-01', 'ANY', false))
            as v(zone, code, mixing, blocked) on v.zone = z.code
      where z.tenant_id = $1`,
    [ids.tenant],
  );
  await db.admin.query(
    `insert into app_public.materials (tenant_id, code, unit_length_in, unit_width_in, unit_height_in, unit_cubic_feet,
                                       unit_weight_lbs, abc_class, temperature_requirement)
     values ($1, 'COLD', 12, 12, 12, 1, 10, 'A', 'CHILLED')`,
    [ids.tenant],
  );
  for (const [table, code] of [
    ["facilities", "DC1"],
    ["materials", "SKU-1"],
    ["materials", "SKU-2"],
    ["materials", "COLD"],
    ["locations", "P-01"],
    ["locations", "P-02"],
    ["locations", "B-01"],
    ["locations", "E-01"],
    ["locations", "D-01"],
  ]) {
    ids[code!] = (await db.admin.query("select tests.id_of($1, $2, 'stk') as id", [table, code])).rows[0].id;
  }
  ids.facility = ids.DC1!;
});

afterAll(async () => {
  await Promise.all(sessions.map((client) => client.end()));
});

describe("a location that holds one material at a time", () => {
  test("two receipts of different materials at once: the second waits for the first and is refused", async () => {
    const [first, second] = [await session(), await session()];
    await first.query("begin");
    await receipt(first, "SKU-1", "P-01");
    const secondPid = (await second.query("select pg_backend_pid() as pid")).rows[0].pid as number;
    const waiting = outcome(receipt(second, "SKU-2", "P-01"));
    await waitsForLock(secondPid);
    await first.query("commit");
    expect(await waiting).toBe("INCMP");
    expect(await materialsIn("P-01")).toEqual(["SKU-1"]);
  });

  test("two materials in one statement: refused, nothing written", async () => {
    const both = db.admin.query(
      `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                      lot_number, location_id, quantity)
       values ($1, $2, 'RECEIPT', $3, 'L1', $5, 1), ($1, $2, 'RECEIPT', $4, 'L1', $5, 1)`,
      [ids.tenant, ids.facility, ids["SKU-1"], ids["SKU-2"], ids["P-02"]],
    );
    await expect(both).rejects.toMatchObject({ code: "INCMP", message: expect.stringContaining("MIXING") });
    expect(await materialsIn("P-02")).toBeNull();
  });

  test("more of the same material is taken", async () => {
    await receipt(db.admin, "SKU-1", "P-01", "L2", 2);
    expect(await materialsIn("P-01")).toEqual(["SKU-1"]);
  });
});

describe("zones and blocks", () => {
  test("a receiving dock takes a chilled material, and the audit does not report it", async () => {
    await receipt(db.admin, "COLD", "D-01");
    expect(await materialsIn("D-01")).toEqual(["COLD"]);
    await db.admin.query("select * from app_private.run_data_quality_audit($1)", [ids.tenant]);
    const { rows } = await db.admin.query(
      `select count(*)::int as n from app_public.data_quality_findings
        where tenant_id = $1 and code = 'INCOMPATIBLE_STOCK' and entity_code like 'D-01%'`,
      [ids.tenant],
    );
    expect(rows[0].n).toBe(0);
  });

  test("a chilled material into ambient reserve storage: INCMP", async () => {
    expect(await outcome(receipt(db.admin, "COLD", "E-01"))).toBe("INCMP");
  });

  test("a receipt into a blocked storage location: INVAL, and nothing written", async () => {
    expect(await outcome(receipt(db.admin, "SKU-1", "B-01"))).toBe("INVAL");
    expect(await materialsIn("B-01")).toBeNull();
  });
});

describe("a reservation and a deletion of its location at the same time", () => {
  test("the reservation waits for the deletion and is refused as STALE", async () => {
    const [deleting, reserving] = [await session(), await session()];
    await deleting.query("begin");
    await deleting.query("update app_public.locations set deleted_at = now() where location_id = $1", [ids["E-01"]]);
    await reserving.query("select set_config('jwt.claims.tenant_id', $1, false)", [ids.tenant]);
    const reservingPid = (await reserving.query("select pg_backend_pid() as pid")).rows[0].pid as number;
    const rows = [
      {
        location_id: ids["E-01"],
        material_id: ids["SKU-1"],
        quantity: 1,
        lot_number: "L9",
        cubic_units: 10000,
        weight_units: 10000,
        confidence: 0.9,
        reason: "FIRST_FIT",
        utilization: 0.01,
        cross_dock: false,
        affinity: 0,
      },
    ];
    const reserved = outcome(
      reserving.query(`select * from app_hidden.reserve_putaway($1, 'FFD', $2::json, interval '15 minutes', null, 1)`, [
        ids.facility,
        JSON.stringify(rows),
      ]),
    );
    await waitsForLock(reservingPid);
    await deleting.query("commit");
    expect(await reserved).toBe("STALE");
    const { rows: pending } = await db.admin.query(
      "select count(*)::int as n from app_public.putaway_recommendations where location_id = $1",
      [ids["E-01"]],
    );
    expect(pending[0].n).toBe(0);
  });
});

describe("archiving a zone or facility", () => {
  test("whose locations hold stock: INUSE, nothing archived; an empty zone is archived", async () => {
    const archive = (table: string, code: string) =>
      outcome(
        db.admin.query(`update app_public.${table} set deleted_at = now() where tenant_id = $1 and code = $2`, [
          ids.tenant,
          code,
        ]),
      );
    expect(await archive("zones", "RSV")).toBe("INUSE");
    expect(await archive("facilities", "DC1")).toBe("INUSE");
    await db.admin.query(
      `insert into app_public.zones (tenant_id, facility_id, code, name, zone_type) values ($1, $2, 'EMP', 'Empty', 'BULK')`,
      [ids.tenant, ids.facility],
    );
    expect(await archive("zones", "EMP")).toBe("ok");
    const { rows } = await db.admin.query(
      "select count(*)::int as n from app_public.zones where tenant_id = $1 and deleted_at is not null",
      [ids.tenant],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe("one lock order", () => {
  /** Runs `rounds` statements on each of the sessions at once and returns the SQLSTATEs that were not "ok". */
  async function race(statements: [string, unknown[]][], rounds: number): Promise<string[]> {
    const clients = await Promise.all(statements.map(() => session()));
    const failures: string[] = [];
    await Promise.all(
      statements.map(async ([sql, params], i) => {
        for (let round = 0; round < rounds; round++) {
          const result = await outcome(clients[i]!.query(sql, params));
          if (result !== "ok") failures.push(result);
        }
      }),
    );
    return failures;
  }

  const MOVE = `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                               lot_number, from_location_id, location_id, quantity)
                values ($1, $2, 'MOVE', $3, 'LM', $4, $5, 1)`;

  test("moves in opposite directions and picks at the same locations never deadlock", async () => {
    await db.admin.query(
      `insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                         inner_height_in, max_cubic_feet, max_weight_lbs)
       select z.tenant_id, z.facility_id, z.zone_id, v.code, 48, 48, 48, 1000, 50000
         from app_public.zones z, (values ('M-01'), ('M-02')) as v(code)
        where z.tenant_id = $1 and z.code = 'RSV'`,
      [ids.tenant],
    );
    for (const code of ["M-01", "M-02"]) {
      ids[code] = (await db.admin.query("select tests.id_of('locations', $1, 'stk') as id", [code])).rows[0].id;
      await receipt(db.admin, "SKU-1", code, "LM", 500);
    }
    const base = [ids.tenant, ids.facility, ids["SKU-1"]];
    const failures = await race(
      [
        [MOVE, [...base, ids["M-01"], ids["M-02"]]],
        [MOVE, [...base, ids["M-02"], ids["M-01"]]],
        [
          `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                                                          lot_number, location_id, quantity)
           values ($1, $2, 'PICK', $3, 'LM', $4, -1)`,
          [...base, ids["M-01"]],
        ],
      ],
      150,
    );
    expect(failures).toEqual([]);
  });

  test("confirmations and receipts at the same location never deadlock", async () => {
    // 100 pending recommendations of SKU-2 into R-03, confirmed one by one while receipts of SKU-2 arrive there.
    await db.admin.query(
      `insert into app_public.locations (tenant_id, facility_id, zone_id, code, inner_length_in, inner_width_in,
                                         inner_height_in, max_cubic_feet, max_weight_lbs)
       select tenant_id, facility_id, zone_id, 'R-03', 48, 48, 48, 1000, 50000
         from app_public.zones where tenant_id = $1 and code = 'RSV'`,
      [ids.tenant],
    );
    ids["R-03"] = (await db.admin.query("select tests.id_of('locations', 'R-03', 'stk') as id")).rows[0].id;
    const { rows } = await db.admin.query(
      `insert into app_public.putaway_recommendations (tenant_id, facility_id, material_id, location_id, quantity,
                                                       lot_number, cubic_feet, weight_lbs, algorithm,
                                                       confidence_score, reason_code, expires_at)
       select $1, $2, $3, $4, 1, 'LC', 0.125, 2, 'FFD', 0.8, 'FIRST_FIT', now() + interval '1 hour'
         from generate_series(1, 100)
       returning recommendation_id`,
      [ids.tenant, ids.facility, ids["SKU-2"], ids["R-03"]],
    );
    const confirming = await session();
    await confirming.query("select set_config('jwt.claims.tenant_id', $1, false)", [ids.tenant]);
    const receiving = await session();
    const failures: string[] = [];
    await Promise.all([
      (async () => {
        for (const row of rows) {
          const result = await outcome(
            confirming.query("select * from app_hidden.confirm_putaway($1, $2, null)", [
              row.recommendation_id,
              ids["R-03"],
            ]),
          );
          if (result !== "ok") failures.push(result);
        }
      })(),
      (async () => {
        for (let round = 0; round < 100; round++) {
          const result = await outcome(receipt(receiving, "SKU-2", "R-03", "LC"));
          if (result !== "ok") failures.push(result);
        }
      })(),
    ]);
    expect(failures).toEqual([]);
  });
});
