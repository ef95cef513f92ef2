/**
 * The room of this process's reservations that are written but not yet seen committed. Reservations of a
 * facility run side by side; a plan made while another one's transaction is still open cannot see that one's
 * rows, and would choose the same locations, then wait for its row locks and be made again. So each written
 * plan holds its room here until the facility's view shows the location changed (the committed reservation,
 * or anything else that touched it) or the hold lapses (a transaction that rolled back after writing), and
 * plans of the same facility are made with that room taken out. Other processes' reservations meet at the
 * database's row locks and capacity check, as before.
 */
import type { Occupancy, Placement } from "../engine/index.ts";

/** Longest a written plan holds its room without its commit being seen: a transaction lasts less. */
export const HOLD_MS = 30_000;

interface HeldRoom {
  /** The location's id: its index in the view changes when the layout is loaded again. */
  locationId: string;
  /** The location's version in the view the plan was made from: a newer one means the view has caught up. */
  version: number;
  cubic: number;
  weight: number;
}

export interface Hold {
  rooms: HeldRoom[];
  expiresAt: number;
}

export class RoomInFlight {
  readonly #facilities = new Map<string, Set<Hold>>();

  /**
   * Runs `plan` on `occupancy` with the room other reservations hold taken out, and puts the room back before
   * returning: the view is shared by every request of the process, and plans are synchronous, so no other
   * request sees the change. Holds the view has caught up with, or that lapsed, are dropped on the way.
   */
  plan<T>(facility: string, occupancy: Occupancy, plan: () => T): T {
    const holds = this.#facilities.get(facility);
    const saved: number[] = [];
    if (holds !== undefined) {
      const now = Date.now();
      const { indexById } = occupancy.layout;
      for (const hold of holds) {
        if (hold.expiresAt <= now) {
          holds.delete(hold);
          continue;
        }
        hold.rooms = hold.rooms.filter((room) => {
          const location = indexById.get(room.locationId);
          return location !== undefined && occupancy.versions[location] === room.version;
        });
        if (hold.rooms.length === 0) holds.delete(hold);
        for (const { locationId, cubic, weight } of hold.rooms) {
          const location = indexById.get(locationId)!;
          const remainingCubic = occupancy.remainingCubic[location]!;
          const remainingWeight = occupancy.remainingWeight[location]!;
          saved.push(location, remainingCubic, remainingWeight);
          setRoom(occupancy, location, remainingCubic - cubic, remainingWeight - weight);
        }
      }
      if (holds.size === 0) this.#facilities.delete(facility);
    }
    try {
      return plan();
    } finally {
      for (let i = saved.length - 3; i >= 0; i -= 3) setRoom(occupancy, saved[i]!, saved[i + 1]!, saved[i + 2]!);
    }
  }

  /** Holds the room of a plan just written, as the view it was made from stood. */
  hold(facility: string, occupancy: Occupancy, placements: readonly Placement[]): Hold {
    const hold: Hold = {
      rooms: placements.map((p) => ({
        locationId: occupancy.layout.ids[p.location]!,
        version: occupancy.versions[p.location]!,
        cubic: p.cubic,
        weight: p.weight,
      })),
      expiresAt: Date.now() + HOLD_MS,
    };
    let holds = this.#facilities.get(facility);
    if (holds === undefined) this.#facilities.set(facility, (holds = new Set()));
    holds.add(hold);
    return hold;
  }

  /** Gives a hold's room back (its write was rolled back). */
  release(facility: string, hold: Hold): void {
    const holds = this.#facilities.get(facility);
    holds?.delete(hold);
    if (holds?.size === 0) this.#facilities.delete(facility);
  }
}

function setRoom(occupancy: Occupancy, location: number, cubic: number, weight: number): void {
  occupancy.adjust(location, cubic, weight, occupancy.occupantMaterial[location]!, occupancy.occupantLot[location]!);
}
