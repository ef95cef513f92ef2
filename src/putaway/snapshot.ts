/**
 * The engine's view of each facility, kept in-process and brought up to date with one query per request
 * (`app_hidden.putaway_snapshot`): the layout is reloaded only when the facility's layout version changed,
 * and only occupancy rows written since the last read are fetched. Rows carry a per-location version, so
 * answers applied out of order never overwrite newer data, and the read threshold (the oldest transaction
 * still running at the last read) guarantees that no committed change is missed. The last read's whole
 * snapshot goes with it, so that rows already seen are not sent again while a long transaction elsewhere on
 * the server holds that threshold back.
 */

import { type AbcClass, Layout, type LayoutColumns, Occupancy, type TemperatureClass } from "../engine/index.ts";
import type { QueryClient } from "./client.ts";

/** Master data of a material, as the snapshot returns it. */
export interface MaterialRow {
  id: string;
  code: string;
  dims: [number | null, number | null, number | null];
  unitCubicFeet: string | number | null;
  unitWeightLbs: string | number | null;
  abc: AbcClass | null;
  temperature: TemperatureClass;
  hazmat: boolean;
}

interface SnapshotJson {
  layoutVersion: number;
  xmin: string;
  /** The read's snapshot, `xmin:xmax:xip,…` (pg_snapshot). */
  snapshot: string;
  layout: LayoutColumns | null;
  /** [location id, version, cubic on hand, weight on hand, cubic reserved, weight reserved, occupants]. */
  occupancy: Array<[string, number, number, number, number, number, Array<[string, string, string | null]>]>;
  materials: MaterialRow[];
  /** [material id, open quantity, earliest due]. */
  demand: Array<[string, number, string]>;
}

export interface FacilityView {
  layout: Layout;
  occupancy: Occupancy;
}

/** Optional data for ENHANCED and the confidence score (see app_hidden.putaway_factor_data). */
export interface FactorRows {
  /** [material, partner, score 0..1]. */
  affinity: Array<[string, string, number | string]>;
  /** Congestion by aisle name while fresh; null without fresh data. */
  congestion: Record<string, number | string> | null;
  congestionFresh: boolean;
  model: { version: number; weights: unknown } | null;
  /** Adaptive slot share (0..1) by material id, for the batch's materials that have one at the facility; null for none. */
  slotShares?: Record<string, number | string> | null;
}

export interface Snapshot {
  view: FacilityView;
  factors: FactorRows;
  materials: Map<string, MaterialRow>;
  /** Materials with open outbound demand due within the horizon. */
  demand: Map<string, { quantity: number; dueAt: string }>;
  /** Share of locations whose state came from the cache rather than this request's query. */
  cacheHitRate: number;
}

interface Entry {
  layoutVersion: number;
  /** The read threshold and the snapshot of the newest read applied (both from the same read). */
  xmin: string;
  snapshot: string;
  view: FacilityView;
}

/** The xmax of a pg_snapshot's text: every later snapshot has one at least as large. */
const xmaxOf = (snapshot: string) => BigInt(snapshot.split(":")[1] ?? "0");

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date, NaN for null. */
export function epochDay(date: string | null | undefined): number {
  if (date === null || date === undefined) return Number.NaN;
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** In-process cache of facility views, keyed by tenant and facility. */
export class FacilitySnapshots {
  readonly #entries = new Map<string, Entry>();
  /** Most facilities kept at once; the least recently used goes first. */
  readonly #limit: number;

  constructor(limit = 64) {
    this.#limit = limit;
  }

  /**
   * Brings the view of a facility up to date and returns it with the batch's materials and demand. Runs
   * as the request's role: the tenant is the request's.
   */
  async load(
    client: QueryClient,
    tenantId: string,
    facilityId: string,
    materialIds: string[],
    crossDockHorizonHours: number,
  ): Promise<Snapshot> {
    const key = `${tenantId}:${facilityId}`;
    const cached = this.#entries.get(key);
    const { rows } = await client.query<{ snapshot: SnapshotJson; factors: FactorRows }>({
      text: `select app_hidden.putaway_snapshot($1, $2::uuid[], $3, $4::xid8, make_interval(hours => $5),
                                                $6::pg_snapshot) as snapshot,
                    app_hidden.putaway_factor_data($1, $2::uuid[]) as factors`,
      values: [
        facilityId,
        materialIds,
        cached?.layoutVersion ?? null,
        cached?.xmin ?? null,
        crossDockHorizonHours,
        cached?.snapshot ?? null,
      ],
    });
    const snapshot = rows[0]!.snapshot;
    let entry = cached;
    let fetched = snapshot.occupancy.length;
    if (entry === undefined || snapshot.layout !== null) {
      if (snapshot.layout === null) throw new Error("the snapshot sent no layout for an uncached facility");
      const layout = new Layout(snapshot.layout);
      entry = {
        layoutVersion: snapshot.layoutVersion,
        xmin: snapshot.xmin,
        snapshot: snapshot.snapshot,
        view: { layout, occupancy: new Occupancy(layout) },
      };
      fetched = layout.count;
    }
    const { occupancy, layout } = entry.view;
    for (const [
      locationId,
      version,
      cubicOnHand,
      weightOnHand,
      cubicReserved,
      weightReserved,
      occupants,
    ] of snapshot.occupancy) {
      const location = layout.indexById.get(locationId);
      if (location === undefined) continue; // not usable for putaway (inactive, blocked, archived)
      occupancy.set(
        location,
        version,
        cubicOnHand + cubicReserved,
        weightOnHand + weightReserved,
        occupants.map(([material, lot, expiry]) => {
          const materialKey = occupancy.keyOfMaterial(material);
          return { material: materialKey, lot: occupancy.keyOfLot(materialKey, lot), expiryDay: epochDay(expiry) };
        }),
      );
    }
    // Only move the read threshold forward: an older answer arriving late must not make later reads skip rows.
    // A later snapshot (larger xmax) sees everything an earlier one saw; on a tie the one held is kept, which at
    // worst fetches a few rows again.
    if (entry === cached && xmaxOf(snapshot.snapshot) > xmaxOf(entry.snapshot)) {
      entry.xmin = snapshot.xmin;
      entry.snapshot = snapshot.snapshot;
    }
    // A late answer serves its own request but does not put back an entry older than the one cached meanwhile.
    const current = this.#entries.get(key);
    if (current === undefined || current === entry || entry.layoutVersion >= current.layoutVersion) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    while (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    return {
      view: entry.view,
      factors: rows[0]!.factors,
      materials: new Map(snapshot.materials.map((m) => [m.id, m])),
      demand: new Map(
        snapshot.demand.map(([material, quantity, dueAt]) => [material, { quantity: Number(quantity), dueAt }]),
      ),
      cacheHitRate: layout.count === 0 ? 1 : Math.max(0, 1 - fetched / layout.count),
    };
  }

  /** Forgets every cached facility (tests, and after a restore). */
  clear(): void {
    this.#entries.clear();
  }
}
