/**
 * The engine's in-process view of a facility fetches only the occupancy rows it has not seen, also while a long
 * transaction elsewhere on the server holds the oldest running transaction back, and never misses a change
 * that was still uncommitted at its last read.
 */
import pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db, { env: { BIN_OPTIMIZATION_ALGORITHM: "FFD", CROSS_DOCK_ENABLED: "false" } });

let facilityId = "";
let materialId = "";

/* Tenant snap from the pgTAP fixture: R-01 (5 of 10 cubic feet held), R-02 (1 reserved), S-01; SKU-1: 1 cubic foot. */
beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('snap')");
  const { rows } = await db.admin.query(
    `select tests.id_of('facilities', 'DC1', 'snap') as facility,
            tests.id_of('materials', 'SKU-1', 'snap') as material`,
  );
  facilityId = rows[0].facility;
  materialId = rows[0].material;
});

async function preview(): Promise<{ location: string; cacheHitRate: number }> {
  const result = await api.graphql<{
    getBatchPutawayRecommendations: {
      recommendations: Array<{ locationCode: string }>;
      processingSummary: { cacheHitRate: number };
    };
  }>(
    `query($input: BatchPutawayInput!) { getBatchPutawayRecommendations(input: $input) {
       recommendations { locationCode } processingSummary { cacheHitRate } } }`,
    { input: { facilityId, items: [{ materialId, quantity: 5 }] } },
    await api.token("snap"),
  );
  expect(result.errors).toBeUndefined();
  const payload = result.data!.getBatchPutawayRecommendations;
  return { location: payload.recommendations[0]!.locationCode, cacheHitRate: payload.processingSummary.cacheHitRate };
}

const RECEIPT = `insert into app_public.inventory_transactions (tenant_id, facility_id, transaction_type, material_id,
                   lot_number, location_id, quantity)
                 values (tests.tenant_id('snap'), $1, $2, $3, 'SNAP', tests.id_of('locations', 'R-01', 'snap'), $4)`;

describe("the facility cache", () => {
  test("a long transaction elsewhere does not make every request fetch again what it has seen", async () => {
    const long = new pg.Client({ connectionString: db.adminUrl });
    await long.connect();
    try {
      await long.query("begin");
      await long.query("select pg_current_xact_id()");
      expect((await preview()).location).toBe("R-01");
      await db.admin.query(RECEIPT, [facilityId, "RECEIPT", materialId, 1]);
      const changed = await preview();
      expect(changed.cacheHitRate).toBeCloseTo(2 / 3, 4); // R-01's row, and only it
      expect((await preview()).cacheHitRate).toBe(1);
      await db.admin.query(RECEIPT, [facilityId, "PICK", materialId, -1]);
    } finally {
      await long.query("rollback");
      await long.end();
    }
  });

  test("a change still uncommitted at a read is fetched once it commits", async () => {
    const writer = new pg.Client({ connectionString: db.adminUrl });
    await writer.connect();
    try {
      await writer.query("begin");
      await writer.query(RECEIPT, [facilityId, "RECEIPT", materialId, 5]);
      expect((await preview()).location).toBe("R-01"); // the receipt is not visible yet
      await writer.query("commit");
      expect((await preview()).location).toBe("R-02"); // R-01 is full now
    } finally {
      await writer.end();
    }
  });
});
