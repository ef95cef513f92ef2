/**
 * The simulator's outputs: a Markdown table for the terminal and the README, a JSON object for programs, and a
 * self-contained HTML report whose charts are drawn by Chart.js (its bundle is inlined, so the file opens
 * anywhere without a network).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { AlgorithmResult, SimulationResult } from "./simulate.ts";

const percent = (value: number, digits = 0) => `${(value * 100).toFixed(digits)} %`;
const signed = (value: number) => {
  const points = Math.round(value * 100);
  return `${points > 0 ? "+" : points < 0 ? "−" : "±"}${Math.abs(points)} %`;
};

/** What the run was, in one line. */
export function describeRun(result: SimulationResult, place: string): string {
  const w = result.workload;
  const demand =
    w.source === "history"
      ? `demand and inbound from the facility's last ${w.historyDays} days`
      : `generated demand (Zipf, seed ${result.seed}), stock profile ${w.profile}`;
  return (
    `${place}: ${result.positions.toLocaleString("en")} storage positions, ` +
    `${result.capacityCubicFeet.toLocaleString("en")} ft³; ${w.days} days, ${w.materials.toLocaleString("en")} materials, ` +
    `${w.receipts.toLocaleString("en")} pallets received, ${w.pickLines.toLocaleString("en")} pick lines; ${demand}`
  );
}

/** The results as a Markdown table. */
export function resultTable(results: readonly AlgorithmResult[]): string {
  const rows = [
    "| algorithm | travel per pick ft | vs RANDOM | share of reference cut | P95 ft | tour per order ft | utilization | positions | unplaced | splits | mixed lots | violations |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    rows.push(
      `| ${r.algorithm} | ${r.travelPerPickFt.toFixed(1)} | ${signed(r.travelVsRandom)} | ${percent(r.shareOfReferenceCut)} | ` +
        `${r.travelP95Ft.toFixed(0)} | ${r.tourPerOrderFt.toFixed(0)} | ${percent(r.utilization, 1)} | ${r.positionsUsed} | ` +
        `${r.unplaced} | ${r.splits} | ${r.mixedLots} | ${r.violations} |`,
    );
  }
  return rows.join("\n");
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A self-contained HTML report: the table, travel by algorithm, and the floor by velocity class and by fill. */
export function htmlReport(result: SimulationResult, place: string): string {
  // The package exports no path to its browser bundle: it sits beside the CommonJS entry point.
  const entry = createRequire(import.meta.url).resolve("chart.js");
  const chartJs = readFileSync(path.join(path.dirname(entry), "chart.umd.min.js"), "utf8");
  const data = JSON.stringify({
    results: result.results,
    floor: result.floor,
  }).replace(/</g, "\\u003c");
  const rows = result.results
    .map(
      (r) =>
        `<tr><td>${r.algorithm}</td><td>${r.travelPerPickFt.toFixed(1)}</td><td>${signed(r.travelVsRandom)}</td>` +
        `<td>${percent(r.shareOfReferenceCut)}</td><td>${r.travelP95Ft.toFixed(0)}</td><td>${r.tourPerOrderFt.toFixed(0)}</td>` +
        `<td>${percent(r.utilization, 1)}</td><td>${r.positionsUsed}</td><td>${r.unplaced}</td><td>${r.violations}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Putaway simulation</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}.charts{display:grid;grid-template-columns:1fr 1fr;gap:24px}
canvas{max-width:100%}
</style></head><body>
<h1>Putaway simulation</h1>
<p>${escapeHtml(describeRun(result, place))}</p>
<table><thead><tr><th>algorithm</th><th>travel per pick ft</th><th>vs RANDOM</th><th>share of reference cut</th><th>P95 ft</th><th>tour per order ft</th><th>utilization</th><th>positions</th><th>unplaced</th><th>violations</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>Travel per pick line</h2><canvas id="travel" height="90"></canvas>
<h2>The floor at the end of the ${result.floor.algorithm} run</h2>
<p>Each dot is a bay (its levels together), seen from above; the dock is at the origin.</p>
<div class="charts"><div><h3>Velocity class of most of the stock</h3><canvas id="velocity"></canvas></div>
<div><h3>Fill</h3><canvas id="fill"></canvas></div></div>
<script>${chartJs}</script>
<script>
const data = ${data};
const colors = { A: "#d62728", B: "#ff7f0e", C: "#1f77b4", empty: "#dddddd" };
new Chart(document.getElementById("travel"), {
  type: "bar",
  data: { labels: data.results.map((r) => r.algorithm),
          datasets: [{ label: "mean feet per pick line (out and back)", data: data.results.map((r) => r.travelPerPickFt), backgroundColor: "#4e79a7" },
                     { label: "P95 feet", data: data.results.map((r) => r.travelP95Ft), backgroundColor: "#a0cbe8" }] },
  options: { animation: false },
});
const axes = { x: { title: { display: true, text: "x (ft)" } }, y: { title: { display: true, text: "y (ft)" } } };
const cells = data.floor.cells;
new Chart(document.getElementById("velocity"), {
  type: "scatter",
  data: { datasets: ["A", "B", "C", null].map((v) => ({ label: v ?? "empty", pointRadius: 3,
          backgroundColor: colors[v ?? "empty"], data: cells.filter((c) => c.velocity === v).map((c) => ({ x: c.x, y: c.y })) })) },
  options: { animation: false, scales: axes },
});
const band = (lo, hi) => cells.filter((c) => c.fill >= lo && c.fill < hi).map((c) => ({ x: c.x, y: c.y }));
new Chart(document.getElementById("fill"), {
  type: "scatter",
  data: { datasets: [[0, 0.001, "empty", "#dddddd"], [0.001, 0.5, "under 50 %", "#c6dbef"], [0.5, 0.8, "50–80 %", "#6baed6"],
                     [0.8, 0.95, "80–95 %", "#2171b5"], [0.95, 2, "95 % and more", "#08306b"]]
          .map(([lo, hi, label, color]) => ({ label, pointRadius: 3, backgroundColor: color, data: band(lo, hi) })) },
  options: { animation: false, scales: axes },
});
</script></body></html>
`;
}
