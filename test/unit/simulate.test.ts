/**
 * The putaway simulator: deterministic, never breaks a hard constraint whatever the algorithm, and ENHANCED
 * walks less than a random putaway on a small generated warehouse. Also its command's JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { Layout } from "../../src/engine/index.ts";
import { abcClasses, SIMULATED, simulate } from "../../src/sim/simulate.ts";
import { generateLayout, parseWarehouseSize } from "../../src/sim/warehouse.ts";
import { generateWorkload, type StockProfile } from "../../src/sim/workload.ts";
import { runProcess } from "../support/process.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function run(size: string, seed: number, profile: StockProfile = "equal", days = 12) {
  const columns = generateLayout(parseWarehouseSize(size));
  const layout = new Layout(columns);
  const workload = generateWorkload({
    capacity: layout.storageCapacity,
    positions: layout.count,
    seed,
    days,
    profile,
    historyDays: 90,
  });
  return simulate(columns, workload, { seed, algorithms: ["FFD", "BFD", "HYBRID", "ENHANCED"] });
}

describe("the simulator", () => {
  test("the same seed gives the same figures; another seed other figures", () => {
    const a = run("6x10x2", 4);
    expect(JSON.stringify(run("6x10x2", 4))).toBe(JSON.stringify(a));
    expect(JSON.stringify(run("6x10x2", 5).results)).not.toBe(JSON.stringify(a.results));
  });

  test.each(["equal", "eoq"] as const)("no algorithm breaks a hard constraint (%s stock)", (profile) => {
    const result = run("8x10x2", 2, profile);
    expect(result.results.map((r) => r.algorithm)).toEqual([...SIMULATED]);
    for (const r of result.results) {
      expect(r.violations, r.algorithm).toBe(0);
      expect(r.pickLines, r.algorithm).toBeGreaterThan(0);
      expect(r.utilization, r.algorithm).toBeGreaterThan(0);
      expect(r.utilization, r.algorithm).toBeLessThanOrEqual(1);
    }
    const random = result.results.find((r) => r.algorithm === "RANDOM")!;
    expect(random.shareOfReferenceCut).toBe(0);
    expect(result.results.find((r) => r.algorithm === "REFERENCE")!.shareOfReferenceCut).toBe(1);
    // Where a random putaway finds room for everything, so do the algorithms.
    if (random.unplaced === 0) for (const r of result.results) expect(r.unplaced, r.algorithm).toBe(0);
  });

  test("a generated workload starts from a history drawn by the same policy: picks, low and high stock marks", () => {
    const columns = generateLayout(parseWarehouseSize("8x10x2"));
    const layout = new Layout(columns);
    const options = { capacity: layout.storageCapacity, positions: layout.count, seed: 3, days: 5, historyDays: 30 };
    const workload = generateWorkload({ ...options, profile: "equal" });
    const linesPerDay = workload.picks.reduce((n, day) => n + day.length, 0) / workload.days;
    const historyLines = workload.historyLines.reduce((a, b) => a + b, 0);
    // About as many lines a day in the history as in the days simulated (a line on a material out of stock is dropped).
    expect(historyLines / 30).toBeGreaterThan(0.8 * linesPerDay);
    expect(historyLines / 30).toBeLessThan(1.25 * linesPerDay);
    workload.materials.forEach((m, i) => {
      const onHand = workload.opening.filter((r) => r.material === i).reduce((n, r) => n + r.quantity, 0) * m.unitCubic;
      expect(workload.historyStockLowCubic[i]!).toBeLessThanOrEqual(onHand);
      expect(workload.historyStockHighCubic[i]!).toBeGreaterThanOrEqual(onHand);
      // The cube picked is the history's lines times what a line takes, so it is there exactly when lines are.
      expect(workload.historyPickedCubic[i]! > 0).toBe(workload.historyLines[i]! > 0);
    });
  });

  test("ENHANCED walks less than a random putaway", () => {
    for (const seed of [1, 2, 3]) {
      const result = run("8x12x2", seed, "equal", 15);
      const travel = (name: string) => result.results.find((r) => r.algorithm === name)!.travelPerPickFt;
      expect(travel("ENHANCED"), `seed ${seed}`).toBeLessThan(travel("RANDOM"));
    }
  });

  test("ABC classes follow the rule of reclassify_abc: A under 80 % of the picks before it, then B under 95 %", () => {
    expect([...abcClasses([50, 30, 15, 5, 0], [80, 15, 5])]).toEqual([0, 0, 1, 2, 2]);
  });

  test("a warehouse size is AISLESxBAYSxLEVELS", () => {
    expect(parseWarehouseSize("20x20x4")).toEqual({ aisles: 20, bays: 20, levels: 4 });
    expect(() => parseWarehouseSize("20x20")).toThrow(RangeError);
    expect(() => parseWarehouseSize("0x5x1")).toThrow(RangeError);
  });
});

describe("npm run -s simulate", () => {
  const simulateCommand = (...args: string[]) =>
    runProcess(
      path.join(ROOT, "node_modules", ".bin", "node"),
      ["--import", "./scripts/require-node.mjs", "src/cli/simulate.ts", ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/nowhere" } },
    );

  test("--json prints one object with a result per algorithm and baseline", { timeout: 60_000 }, async () => {
    const { status, stdout, stderr } = await simulateCommand("--generate", "6x8x2", "--days", "5", "--json");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { results: Record<string, unknown>[]; workload: { source: string } };
    expect(report.workload.source).toBe("generated");
    expect(report.results.map((r) => r.algorithm)).toEqual([...SIMULATED]);
    for (const r of report.results) {
      for (const key of [
        "travelPerPickFt",
        "utilization",
        "positionsUsed",
        "unplaced",
        "violations",
        "shareOfReferenceCut",
      ]) {
        expect(typeof r[key], `${r.algorithm}.${key}`).toBe("number");
      }
    }
  });

  test("--out names a file in a folder that exists, or it is one line and exit code 2", {
    timeout: 60_000,
  }, async () => {
    for (const out of [path.join(os.tmpdir(), "no-such-folder-4711", "r.html"), os.tmpdir()]) {
      const { status, stdout, stderr } = await simulateCommand("--generate", "6x8x2", "--days", "3", "--out", out);
      expect(status, out).toBe(2);
      expect(stdout, out).toBe("");
      expect(stderr.trim().split("\n"), out).toHaveLength(1);
      expect(stderr, out).toMatch(/^--out: /);
    }
  });

  test("a relative --out is written where the command was run", { timeout: 60_000 }, async () => {
    const where = mkdtempSync(path.join(os.tmpdir(), "simulate-out-"));
    try {
      const { status, stdout } = await runProcess(
        path.join(ROOT, "node_modules", ".bin", "node"),
        ["--import", "./scripts/require-node.mjs", "src/cli/simulate.ts", "--generate", "6x8x2", "--days", "3"].concat([
          "--out",
          "report.html",
        ]),
        { cwd: ROOT, env: { ...process.env, INIT_CWD: where } },
      );
      expect(status).toBe(0);
      expect(stdout).toContain(`Report: ${path.join(where, "report.html")}`);
      expect(readFileSync(path.join(where, "report.html"), "utf8")).toMatch(/^<!doctype html>/i);
    } finally {
      rmSync(where, { recursive: true, force: true });
    }
  });

  test("a bad size is one line and exit code 2", { timeout: 60_000 }, async () => {
    const { status, stderr } = await simulateCommand("--generate", "big");
    expect(status).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/AISLESxBAYSxLEVELS/);
  });
});
