/**
 * The floor map's drawing, apart from any component: positions that share a place (the levels of a bay) become
 * one cell, cells are grouped by colour and each group is one canvas path, so that 20,000 positions cost a few
 * dozen fill calls instead of 20,000. Every draw is measured as the user timing `floor-map-draw`
 * (performance.getEntriesByName), which `npm run bench` reads.
 */
import type { FloorMapQuery } from "./gql/graphql.ts";

export type FloorMapData = NonNullable<FloorMapQuery["facilityFloorMap"]>;
export type MapMode = "cubic" | "weight" | "velocity";

/** One place on the floor and the positions (indexes into the map's arrays) stacked there. */
export interface Cell {
  x: number;
  y: number;
  positions: number[];
}

export interface Floor {
  cells: Cell[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The usual distance between neighbouring places, in feet: the size a cell is drawn at. */
  pitch: number;
  /** Cells by their place rounded to the pitch, for finding the one under the pointer. */
  grid: Map<string, Cell>;
}

/** Screen pixels per foot and the offset of the floor's corner, for a canvas of a given size. */
export interface Transform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export const FILL_COLOURS = [
  "#dde6ef",
  "#cfe0f0",
  "#b0cde6",
  "#8fb8db",
  "#6ea1cf",
  "#4f88c0",
  "#3a70ad",
  "#2b5a95",
  "#1f467c",
  "#14335f",
] as const;
export const VELOCITY_COLOURS = { A: "#c0392b", B: "#d68910", C: "#1e8449", none: "#d5d8dc" } as const;
export const UNAVAILABLE_COLOUR = "#5d6d7e";
const DOCK_COLOUR = "#111111";

/** The median gap between neighbouring distinct coordinates along one axis (1 ft when there is none). */
function typicalGap(values: number[]): number {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < distinct.length; i++) gaps.push(distinct[i]! - distinct[i - 1]!);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 1;
}

/** Groups the map's positions into cells, one per place. */
export function floorOf(map: FloorMapData): Floor {
  const byPlace = new Map<string, Cell>();
  const xs = map.xFt.map((x) => x ?? 0);
  const ys = map.yFt.map((y) => y ?? 0);
  for (let i = 0; i < xs.length; i++) {
    const key = `${xs[i]},${ys[i]}`;
    const cell = byPlace.get(key);
    if (cell === undefined) byPlace.set(key, { x: xs[i]!, y: ys[i]!, positions: [i] });
    else cell.positions.push(i);
  }
  const cells = [...byPlace.values()];
  const cellXs = cells.map((c) => c.x);
  const cellYs = cells.map((c) => c.y);
  const pitch = Math.max(0.5, Math.min(typicalGap(cellXs), typicalGap(cellYs)));
  const grid = new Map<string, Cell>();
  for (const cell of cells) grid.set(`${Math.round(cell.x / pitch)},${Math.round(cell.y / pitch)}`, cell);
  const dockX = map.dockXFt ?? 0;
  const dockY = map.dockYFt ?? 0;
  return {
    cells,
    minX: Math.min(dockX, ...cellXs) - pitch,
    minY: Math.min(dockY, ...cellYs) - pitch,
    maxX: Math.max(dockX, ...cellXs) + pitch,
    maxY: Math.max(dockY, ...cellYs) + pitch,
    pitch,
    grid,
  };
}

/** The transform that fits the whole floor into `width` × `height` pixels. */
export function fitFloor(floor: Floor, width: number, height: number): Transform {
  const scale = Math.min(width / (floor.maxX - floor.minX), height / (floor.maxY - floor.minY));
  return {
    scale,
    offsetX: (width - (floor.maxX - floor.minX) * scale) / 2 - floor.minX * scale,
    offsetY: (height - (floor.maxY - floor.minY) * scale) / 2 - floor.minY * scale,
  };
}

/** The height a canvas of `width` pixels needs to show the floor without wasted space (within bounds). */
export function heightFor(floor: Floor, width: number): number {
  const ratio = (floor.maxY - floor.minY) / (floor.maxX - floor.minX);
  return Math.round(Math.min(Math.max(width * ratio, 220), 720));
}

/** A cell's fill in one mode: the fullest of its positions, 0 to 1. */
function cellFill(map: FloorMapData, cell: Cell, mode: "cubic" | "weight"): number {
  const fills = mode === "cubic" ? map.cubicFill : map.weightFill;
  let most = 0;
  for (const i of cell.positions) most = Math.max(most, fills[i] ?? 0);
  return most;
}

/** A cell's velocity class: the fastest class held by any of its positions. */
function cellVelocity(map: FloorMapData, cell: Cell): keyof typeof VELOCITY_COLOURS {
  let best: "A" | "B" | "C" | undefined;
  for (const i of cell.positions) {
    const held = map.velocityClasses[i];
    if (held === "A" || held === "B" || held === "C") best = best === undefined || held < best ? held : best;
  }
  return best ?? "none";
}

/** The colour a cell is drawn in. */
export function cellColour(map: FloorMapData, cell: Cell, mode: MapMode): string {
  if (cell.positions.every((i) => map.available[i] === false)) return UNAVAILABLE_COLOUR;
  if (mode === "velocity") return VELOCITY_COLOURS[cellVelocity(map, cell)];
  const fill = cellFill(map, cell, mode);
  return FILL_COLOURS[Math.min(FILL_COLOURS.length - 1, Math.floor(fill * FILL_COLOURS.length))]!;
}

/** A move to draw over the map: from one position to another (indexes into the map's arrays). */
export interface Arrow {
  from: number;
  to: number;
}

/**
 * Draws the floor on a canvas of `width` × `height` CSS pixels (the context already scaled for the device's
 * pixel ratio), then the dock, then the arrows. Returns how long it took, in milliseconds.
 */
export function drawFloor(
  context: CanvasRenderingContext2D,
  map: FloorMapData,
  floor: Floor,
  mode: MapMode,
  size: { width: number; height: number },
  arrows: readonly Arrow[] = [],
  highlight?: number,
): number {
  performance.mark("floor-map-draw-start");
  const t = fitFloor(floor, size.width, size.height);
  context.clearRect(0, 0, size.width, size.height);
  const side = Math.max(1, floor.pitch * t.scale * 0.86);
  const byColour = new Map<string, Cell[]>();
  for (const cell of floor.cells) {
    const colour = cellColour(map, cell, mode);
    const group = byColour.get(colour);
    if (group === undefined) byColour.set(colour, [cell]);
    else group.push(cell);
  }
  for (const [colour, cells] of byColour) {
    context.fillStyle = colour;
    context.beginPath();
    for (const cell of cells) {
      context.rect(cell.x * t.scale + t.offsetX - side / 2, cell.y * t.scale + t.offsetY - side / 2, side, side);
    }
    context.fill();
  }
  const dockX = (map.dockXFt ?? 0) * t.scale + t.offsetX;
  const dockY = (map.dockYFt ?? 0) * t.scale + t.offsetY;
  context.fillStyle = DOCK_COLOUR;
  context.beginPath();
  context.arc(dockX, dockY, Math.min(8, Math.max(3, side * 0.6)), 0, 2 * Math.PI);
  context.fill();
  drawArrows(context, map, t, arrows);
  if (highlight !== undefined) {
    context.strokeStyle = "#c2185b";
    context.lineWidth = 2.5;
    context.beginPath();
    context.arc(
      (map.xFt[highlight] ?? 0) * t.scale + t.offsetX,
      (map.yFt[highlight] ?? 0) * t.scale + t.offsetY,
      side + 4,
      0,
      2 * Math.PI,
    );
    context.stroke();
  }
  performance.mark("floor-map-draw-end");
  return performance.measure("floor-map-draw", "floor-map-draw-start", "floor-map-draw-end").duration;
}

function drawArrows(context: CanvasRenderingContext2D, map: FloorMapData, t: Transform, arrows: readonly Arrow[]) {
  if (arrows.length === 0) return;
  context.strokeStyle = "#c2185b";
  context.fillStyle = "#c2185b";
  context.lineWidth = 1.5;
  for (const { from, to } of arrows) {
    const x1 = (map.xFt[from] ?? 0) * t.scale + t.offsetX;
    const y1 = (map.yFt[from] ?? 0) * t.scale + t.offsetY;
    const x2 = (map.xFt[to] ?? 0) * t.scale + t.offsetX;
    const y2 = (map.yFt[to] ?? 0) * t.scale + t.offsetY;
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
    const angle = Math.atan2(y2 - y1, x2 - x1);
    context.beginPath();
    context.moveTo(x2, y2);
    context.lineTo(x2 - 7 * Math.cos(angle - 0.4), y2 - 7 * Math.sin(angle - 0.4));
    context.lineTo(x2 - 7 * Math.cos(angle + 0.4), y2 - 7 * Math.sin(angle + 0.4));
    context.closePath();
    context.fill();
  }
}

/** The cell under a point of the canvas (CSS pixels), if any. */
export function cellAt(
  floor: Floor,
  size: { width: number; height: number },
  px: number,
  py: number,
): Cell | undefined {
  const t = fitFloor(floor, size.width, size.height);
  const x = (px - t.offsetX) / t.scale;
  const y = (py - t.offsetY) / t.scale;
  const ix = Math.round(x / floor.pitch);
  const iy = Math.round(y / floor.pitch);
  let best: Cell | undefined;
  let bestDistance = (floor.pitch * 0.75) ** 2;
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      const cell = floor.grid.get(`${ix + dx},${iy + dy}`);
      if (cell === undefined) continue;
      const distance = (cell.x - x) ** 2 + (cell.y - y) ** 2;
      if (distance <= bestDistance) {
        best = cell;
        bestDistance = distance;
      }
    }
  }
  return best;
}
