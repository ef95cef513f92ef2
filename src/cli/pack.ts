/**
 * `npm run -s pack -- --algorithm FFD|BFD|HYBRID [--budget-ms N] < instance.json`: packs one bin-packing
 * instance (`{"capacity": C, "items": [sizes]}`) with the engine and prints
 * `{"algorithm", "bins": [[item indices]], "lowerBound", "optimal", "ms"}`; lowerBound is the larger of
 * Martello and Toth's L2 and dual-feasible-function bounds (engine/bounds.ts), and optimal says the packing
 * meets it. HYBRID's improvement phase stops at the bound or at the budget.
 */

import { text } from "node:stream/consumers";
import { DEFAULT_PACK_BUDGET_MS, packBins } from "../engine/index.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

runCommand(async () => {
  const { values } = parseCommandLine({
    usage: "npm run -s pack -- [--algorithm FFD|BFD|HYBRID] [--budget-ms N] < instance.json",
    summary:
      'Packs one bin-packing instance read from standard input ({"capacity": C, "items": [sizes]}) and prints\n' +
      '{"algorithm", "bins": [[item indexes]], "lowerBound", "optimal", "ms"}: each bin lists the indexes of its\n' +
      "items in the input, lowerBound a lower bound on the bins (the larger of Martello and Toth's L2 and bounds\n" +
      "from dual-feasible functions), and optimal is true when the packing meets it: no packing uses fewer bins.\n" +
      "FFD and BFD are the textbook algorithms; HYBRID keeps the better of the two and improves it until it\n" +
      "meets the bound or its time budget runs out.",
    options: {
      algorithm: { type: "string", value: "FFD|BFD|HYBRID", default: "FFD", description: "the packing algorithm" },
      "budget-ms": {
        type: "string",
        value: "N",
        default: String(DEFAULT_PACK_BUDGET_MS),
        description: "HYBRID's time budget for its improvement phase, in milliseconds",
      },
    },
  });
  const budgetMs = Number(values["budget-ms"]);
  if (values["budget-ms"].trim() === "" || !Number.isFinite(budgetMs) || budgetMs < 0) {
    throw new UsageError("--budget-ms must be a number of milliseconds, 0 or more");
  }
  const algorithm = values.algorithm.toUpperCase();
  if (algorithm !== "FFD" && algorithm !== "BFD" && algorithm !== "HYBRID") {
    throw new UsageError("--algorithm must be FFD, BFD or HYBRID");
  }
  let instance: unknown;
  try {
    instance = JSON.parse(await text(process.stdin));
  } catch (error) {
    throw new UsageError(`standard input is not JSON: ${(error as Error).message}`);
  }
  const { capacity, items } = (instance ?? {}) as { capacity?: unknown; items?: unknown };
  if (typeof capacity !== "number" || !Array.isArray(items) || !items.every((s) => typeof s === "number")) {
    throw new UsageError('expected one instance: {"capacity": number, "items": [numbers]}');
  }
  let packing: ReturnType<typeof packBins>;
  const started = performance.now();
  try {
    packing = packBins(capacity, items as number[], algorithm, { budgetMs });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({
      algorithm,
      bins: packing.bins,
      lowerBound: packing.lowerBound,
      optimal: packing.optimal,
      ms: Number(ms.toFixed(3)),
    })}\n`,
  );
});
