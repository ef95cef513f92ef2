/**
 * The floor map on a canvas: one cell per place, coloured by fill or velocity class; hovering or tapping a cell
 * shows its positions (code, fill, what they hold). Redraws when the data, the mode or the width change.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  type Arrow,
  type Cell,
  cellAt,
  drawFloor,
  FILL_COLOURS,
  type FloorMapData,
  floorOf,
  heightFor,
  type MapMode,
  UNAVAILABLE_COLOUR,
  VELOCITY_COLOURS,
} from "../floor-map.ts";
import { percent } from "./ui.tsx";

interface Props {
  map: FloorMapData;
  mode: MapMode;
  arrows?: readonly Arrow[];
  /** A position (index into the map's arrays) to ring. */
  highlight?: number;
  label: string;
}

export function FloorMap({ map, mode, arrows = [], highlight, label }: Props) {
  const floor = useMemo(() => floorOf(map), [map]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hovered, setHovered] = useState<{ cell: Cell; x: number; y: number }>();
  const height = width === 0 ? 0 : heightFor(floor, width);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    if (element === null || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(width * ratio);
    element.height = Math.round(height * ratio);
    element.style.width = `${width}px`;
    element.style.height = `${height}px`;
    const context = element.getContext("2d");
    if (context === null) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const ms = drawFloor(context, map, floor, mode, { width, height }, arrows, highlight);
    element.dataset.drawMs = ms.toFixed(1);
  }, [map, floor, mode, width, height, arrows, highlight]);

  useEffect(() => {
    const element = tip.current;
    if (element === null || hovered === undefined) return;
    element.style.left = `${Math.min(hovered.x + 12, Math.max(0, width - 260))}px`;
    element.style.top = `${hovered.y + 12}px`;
  }, [hovered, width]);

  const point = (event: PointerEvent) => {
    const rect = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const cell = cellAt(floor, { width, height }, x, y);
    setHovered(cell === undefined ? undefined : { cell, x, y });
  };

  return (
    <div class="map" ref={box}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`${label}: ${map.codes.length.toLocaleString("en-US")} positions`}
        onPointerMove={point}
        onPointerDown={point}
        onPointerLeave={(event) => event.pointerType === "mouse" && setHovered(undefined)}
      />
      {hovered === undefined ? null : (
        <div class="map-tip" ref={tip} role="status">
          {hovered.cell.positions.slice(0, 6).map((i) => (
            <PositionSummary key={i} map={map} index={i} />
          ))}
          {hovered.cell.positions.length > 6 ? (
            <div class="muted">and {hovered.cell.positions.length - 6} more</div>
          ) : null}
        </div>
      )}
      <Legend mode={mode} />
    </div>
  );
}

function Legend({ mode }: { mode: MapMode }) {
  if (mode === "velocity") {
    return (
      <ul class="legend" aria-label="Legend">
        {Object.entries(VELOCITY_COLOURS).map(([name, colour]) => (
          <li key={name}>
            <span class="swatch" style={{ background: colour }} />
            {name === "none" ? "no stock" : `class ${name}`}
          </li>
        ))}
        <li>
          <span class="swatch" style={{ background: UNAVAILABLE_COLOUR }} />
          unavailable
        </li>
      </ul>
    );
  }
  return (
    <ul class="legend" aria-label="Legend">
      {FILL_COLOURS.filter((_, i) => i % 3 === 0 || i === FILL_COLOURS.length - 1).map((colour) => {
        const i = FILL_COLOURS.indexOf(colour);
        return (
          <li key={colour}>
            <span class="swatch" style={{ background: colour }} />
            {i * 10}–{i * 10 + 10} %
          </li>
        );
      })}
      <li>
        <span class="swatch" style={{ background: UNAVAILABLE_COLOUR }} />
        unavailable
      </li>
    </ul>
  );
}

/** One position: its code, zone, fills, velocity class and what it holds. */
export function PositionSummary({ map, index: i }: { map: FloorMapData; index: number }) {
  return (
    <div class="map-tip-position">
      <strong>{map.codes[i]}</strong> · {map.zoneCodes[i]} · cube {percent(map.cubicFill[i], 1)} · weight{" "}
      {percent(map.weightFill[i], 1)} · class {map.velocityClasses[i] ?? "–"} (takes {map.allowedClasses[i]})
      {map.available[i] === false ? " · unavailable" : ""}
      {(map.contents[i] ?? "") === "" ? <div class="muted">empty</div> : <pre>{map.contents[i]}</pre>}
    </div>
  );
}
