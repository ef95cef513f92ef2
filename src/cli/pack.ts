/**
 * `npm run -s pack -- --algorithm FFD|BFD|HYBRID < instance.json`: packs one bin-packing instance
 * (`{"capacity": C, "items": [sizes]}`) with the engine and prints
 * `{"algorithm", "bins": [[item indices]], "lowerBound", "ms"}`; lowerBound is Martello and Toth's L2.
 */

import { text } from "node:stream/consumers";
import { lowerBoundL2, packBins } from "../engine/index.ts";
import { parseCommandLine, runCommand, UsageError } from "./run.ts";

runCommand(async () => {
  const { values } = parseCommandLine({
    usage: "npm run -s pack -- [--algorithm FFD|BFD|HYBRID] < instance.json",
    summary:
      'Packs one bin-packing instance read from standard input ({"capacity": C, "items": [sizes]}) and prints\n' +
      '{"algorithm", "bins": [[item indexes]], "lowerBound", "ms"}: each bin lists the indexes of its items in the\n' +
      "input, and lowerBound is Martello and Toth's L2.",
    options: {
      algorithm: { type: "string", value: "FFD|BFD|HYBRID", default: "FFD", description: "the packing algorithm" },
    },
  });
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
    packing = packBins(capacity, items as number[], algorithm);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({
      algorithm,
      bins: packing.bins,
      lowerBound: lowerBoundL2(capacity, items as number[]),
      ms: Number(ms.toFixed(3)),
    })}\n`,
  );
});
