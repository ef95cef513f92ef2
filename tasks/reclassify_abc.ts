/**
 * Task: reclassifies materials into A, B and C by how often they were picked (daily, and on demand), then
 * recomputes each facility's adaptive slot shares from the same window (see `refreshSlotShares`). Payload:
 * `tenantId` (default: every tenant), `windowDays` and `cutoffs` ([A, B, C] percentages) override
 * ABC_WINDOW_DAYS and ABC_CUTOFFS.
 */
import type { JobHelpers, Task } from "graphile-worker";
import { loadConfig } from "../src/config.ts";
import { expectedStockCubic, slotShares } from "../src/engine/slotting.ts";
import { assertPayloadObject, InvalidPayloadError, optionalNumber, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

export const reclassify_abc: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "reclassify_abc");
  const tenantId = optionalUuid(payload, "tenantId", "reclassify_abc");
  const settings = loadConfig().analytics;
  const windowDays = optionalNumber(payload, "windowDays", "reclassify_abc", 1, 3650) ?? settings.abcWindowDays;
  let [a, b] = settings.abcCutoffs;
  if (payload.cutoffs !== undefined) {
    const c = payload.cutoffs;
    if (
      !Array.isArray(c) ||
      c.length !== 3 ||
      c.some((v) => typeof v !== "number" || v < 0) ||
      Math.abs(c[0] + c[1] + c[2] - 100) > 1e-9 ||
      c[0] <= 0
    ) {
      throw new InvalidPayloadError(
        "reclassify_abc: cutoffs must be three percentages for A, B and C adding up to 100",
      );
    }
    [a, b] = c as [number, number, number];
  }
  const tenants = await tenantsFor(helpers, tenantId);
  for (const tenant of tenants) {
    const { rows } = await helpers.query<{ code: string; previous_class: string | null; new_class: string }>(
      "select code, previous_class, new_class from app_private.reclassify_abc($1, make_interval(days => $2), $3, $4)",
      [tenant.tenant_id, windowDays, a / 100, (a + b) / 100],
    );
    const slotting = await refreshSlotShares(helpers, tenant.tenant_id, windowDays);
    helpers.logger.info(
      `ABC reclassification of tenant ${tenant.code}: ${rows.length} material(s) changed class; ` +
        `slot shares of ${slotting.materials} material(s) in ${slotting.facilities} facility(ies)`,
    );
  }
};

interface DemandRow {
  facility_id: string;
  material_id: string;
  picks_per_day: string;
  on_hand_cubic_feet: string;
  low_cubic_feet: string;
  high_cubic_feet: string;
  picked_cubic_feet_per_day: string;
}

/**
 * Adaptive slotting: for each active facility of the tenant, each material's picks per day and stock figures
 * over the window (app_private.slotting_demand), its expected stock over the coming weeks from them (the
 * engine's `expectedStockCubic`), turned into slot shares of the facility's storage room by the engine's
 * `slotShares` (the simulator's rules too), and written in place of the facility's previous rows, one
 * statement per facility. A facility without picks in the window or without storage room gets no rows: its
 * materials are aimed by their ABC class, as are materials without a row.
 */
async function refreshSlotShares(
  helpers: JobHelpers,
  tenantId: string,
  windowDays: number,
): Promise<{ facilities: number; materials: number }> {
  const { rows: facilities } = await helpers.query<{ facility_id: string; capacity_cubic_feet: string }>(
    "select facility_id, capacity_cubic_feet from app_private.facility_storage_capacity($1)",
    [tenantId],
  );
  const { rows: demand } = await helpers.query<DemandRow>(
    `select facility_id, material_id, picks_per_day, on_hand_cubic_feet, low_cubic_feet, high_cubic_feet,
            picked_cubic_feet_per_day
       from app_private.slotting_demand($1, make_interval(days => $2))`,
    [tenantId, windowDays],
  );
  const byFacility = new Map<string, DemandRow[]>();
  for (const row of demand) {
    let rows = byFacility.get(row.facility_id);
    if (rows === undefined) byFacility.set(row.facility_id, (rows = []));
    rows.push(row);
  }
  let written = 0;
  let withShares = 0;
  for (const facility of facilities) {
    const capacity = Number(facility.capacity_cubic_feet);
    let rows = byFacility.get(facility.facility_id) ?? [];
    if (!(capacity > 0) || !rows.some((r) => Number(r.picks_per_day) > 0)) rows = [];
    const demand = rows.map((r) => ({
      material: r.material_id,
      picksPerDay: Number(r.picks_per_day),
      stockCubic: expectedStockCubic({
        onHandCubic: Number(r.on_hand_cubic_feet),
        lowCubic: Number(r.low_cubic_feet),
        highCubic: Number(r.high_cubic_feet),
        pickedCubicPerDay: Number(r.picked_cubic_feet_per_day),
      }),
    }));
    const shares = slotShares(demand, capacity);
    const { rows: result } = await helpers.query<{ written: number }>(
      `select app_private.replace_material_slotting($1, $2, $3, $4::uuid[], $5::numeric[], $6::numeric[],
                                                    $7::numeric[]) as written`,
      [
        tenantId,
        facility.facility_id,
        windowDays,
        demand.map((d) => d.material),
        demand.map((d) => d.picksPerDay),
        demand.map((d) => d.stockCubic),
        demand.map((d) => shares.get(d.material)!),
      ],
    );
    written += result[0]!.written;
    if (rows.length > 0) withShares++;
  }
  return { facilities: withShares, materials: written };
}
