/**
 * Reservations of one facility run side by side. Two open transactions reserve in the same facility without
 * waiting for each other; a process's reservations in flight keep each other's room out of their plans, so
 * they choose different locations; a plan that another process's reservation overtook waits for that one at
 * the shared location, then is made again from fresh data and lands elsewhere, never over capacity.
 */
import type pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { type Claims, claimSettings } from "../src/auth/jwt.ts";
import { loadConfig } from "../src/config.ts";
import { PutawayService } from "../src/putaway/service.ts";
import { useTestDatabase } from "./support/db.ts";

const db = useTestDatabase();

let claims: Claims;
let facilityId = "";
let materialId = "";

/*
 * The pgTAP fixture's tenant `par`: R-01 (10 cubic feet, 5 held by SKU-1), R-02 (10, 1 reserved) and S-01
 * (staging); SKU-1 is 1 cubic foot a unit. Cross-docking is off here, so SKU-1 goes to storage: FFD's first
 * choice for 5 units is R-01, whose room is then gone.
 */
beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('par')");
  const { rows } = await db.admin.query(
    `select tests.tenant_id('par') as tenant, tests.id_of('facilities', 'DC1', 'par') as facility,
            tests.id_of('materials', 'SKU-1', 'par') as material`,
  );
  claims = { tenantId: rows[0].tenant, userId: "00000000-0000-4000-8000-000000000001", role: "operator" };
  facilityId = rows[0].facility;
  materialId = rows[0].material;
});

function newService(): PutawayService {
  const config = loadConfig({});
  return new PutawayService(config.putaway, { ...config.features, crossDock: false, algorithm: "FFD" });
}

/** A connection in an open transaction as the fixture's operator, that gives up on any lock after 5 s. */
async function transaction(): Promise<pg.PoolClient> {
  const client = await db.admin.connect();
  await client.query("begin");
  await client.query("set local lock_timeout = '5s'");
  await client.query("select set_config(key, value, true) from json_each_text($1::json)", [
    JSON.stringify(claimSettings(claims)),
  ]);
  return client;
}

async function reserve(service: PutawayService, client: pg.PoolClient): Promise<string | null> {
  const result = await service.reserve(client, claims, { facilityId, items: [{ materialId, quantity: 5 }] });
  return result.recommendations[0]!.locationCode;
}

const overCommitted = async () =>
  (
    await db.admin.query(
      `select count(*)::int as n from app_private.location_occupancy o
         join app_public.locations l using (tenant_id, location_id)
        where o.cubic_feet_on_hand + o.cubic_feet_reserved > l.max_cubic_feet`,
    )
  ).rows[0].n;

describe("reservations of one facility", () => {
  test("two open transactions of one process reserve side by side, at different locations", async () => {
    const service = newService();
    const first = await transaction();
    const second = await transaction();
    try {
      const a = await reserve(service, first);
      // Still open: without side-by-side reservations the second would wait for it (and give up at 5 s).
      const b = await reserve(service, second);
      expect(a).toBe("R-01");
      expect(b).not.toBeNull();
      expect(b).not.toBe(a);
      await first.query("commit");
      await second.query("commit");
    } finally {
      first.release();
      second.release();
    }
    expect(await overCommitted()).toBe(0);
  });

  test("a plan that another process's reservation overtook waits at the shared location, then lands elsewhere", async () => {
    await db.admin.query(
      `update app_public.putaway_recommendations set status = 'REJECTED', decided_at = now(),
              decision_reason_code = 'TEST' where tenant_id = $1 and status = 'PENDING'`,
      [claims.tenantId],
    );
    // Two services: two processes, which do not see each other's reservations in flight.
    const first = await transaction();
    const second = await transaction();
    try {
      expect(await reserve(newService(), first)).toBe("R-01");
      const overtaken = reserve(newService(), second); // plans R-01 as well, and waits for its row
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query("commit");
      const landed = await overtaken;
      expect(landed).not.toBeNull();
      expect(landed).not.toBe("R-01");
      // Its second attempt ran side by side again: the facility's lock in shared mode, taken again after the
      // first attempt rolled back (and with it the lock).
      const { rows } = await db.admin.query(
        `select mode from pg_locks where locktype = 'advisory' and granted
            and pid = (select pid from pg_stat_activity where backend_xid = $1::text::xid)`,
        [(await second.query("select pg_current_xact_id()::text as xid")).rows[0].xid],
      );
      expect(rows.map((row) => row.mode)).toEqual(["ShareLock"]);
      await second.query("commit");
    } finally {
      first.release();
      second.release();
    }
    expect(await overCommitted()).toBe(0);
  });
});
