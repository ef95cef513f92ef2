/**
 * `npm run bench:bpp`: the packing core on the 1,615 BPPLIB instances of test/fixtures/bpp, one table row per
 * set: how many instances FFD, BFD and HYBRID pack in the proven optimum number of bins, the bins HYBRID uses
 * above the optima, and HYBRID's time per instance (median and largest, in milliseconds, improvement phase
 * included). HYBRID stops at the L2 lower bound or its budget (--budget-ms, 100 by default); --quick runs the
 * first 5 instances of each set. Figures only:
 * the tests assert counts with a fixed iteration budget instead (test/unit/engine/bpp.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseCommandLine, runCommand, UsageError } from "../src/cli/run.ts";
import { PROJECT_ROOT } from "../src/db/migrate.ts";
import { DEFAULT_PACK_BUDGET_MS, packBins } from "../src/engine/index.ts";
import { machine } from "./machine.ts";

interface Instance {
  name: string;
  capacity: number;
  items: number[];
  optimum: number;
}

runCommand(async () => {
  const { values } = parseCommandLine({
    usage: "npm run bench:bpp -- [--budget-ms N] [--set NAME]",
    summary:
      "The packing core on the 1,615 BPPLIB instances (test/fixtures/bpp), a row per set: instances packed in the\n" +
      "proven optimum number of bins by FFD, BFD and HYBRID, HYBRID's bins above the optima, and its time per\n" +
      "instance (median and largest).",
    options: {
      "budget-ms": {
        type: "string",
        value: "N",
        default: String(DEFAULT_PACK_BUDGET_MS),
        description: "HYBRID's time budget per instance, in milliseconds",
      },
      set: { type: "string", value: "NAME", description: "one set only (a file name of test/fixtures/bpp, no .json)" },
      quick: { type: "boolean", description: "the first 5 instances of each set, for a smoke run" },
    },
  });
  const budgetMs = Number(values["budget-ms"]);
  if (values["budget-ms"].trim() === "" || !Number.isFinite(budgetMs) || budgetMs < 0) {
    throw new UsageError("--budget-ms must be a number of milliseconds, 0 or more");
  }
  const folder = path.join(PROJECT_ROOT, "test", "fixtures", "bpp");
  const names = readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
  if (values.set !== undefined && !names.includes(values.set)) {
    throw new UsageError(`--set must be one of ${names.join(", ")}`);
  }
  const sets = names
    .filter((name) => values.set === undefined || name === values.set)
    .map((name) => ({
      name,
      instances: (JSON.parse(readFileSync(path.join(folder, `${name}.json`), "utf8")) as Instance[]).slice(
        0,
        values.quick === true ? 5 : undefined,
      ),
    }));

  // Warm-up: the first packings compile the engine's code.
  for (const instance of sets[0]!.instances.slice(0, 20))
    packBins(instance.capacity, instance.items, "HYBRID", { budgetMs });

  const median = (sorted: readonly number[]) =>
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? sorted[sorted.length >> 1]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

  console.log(
    `# Bin-packing benchmark (BPPLIB)\n\nMachine: ${machine()}\nHYBRID budget: ${budgetMs} ms per instance\n`,
  );
  console.log(
    "| set | instances | FFD optimal | BFD optimal | HYBRID optimal | HYBRID bins over | median ms | max ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const total = { instances: 0, ffd: 0, bfd: 0, hybrid: 0, over: 0, times: [] as number[] };
  for (const { name, instances } of sets) {
    const row = { ffd: 0, bfd: 0, hybrid: 0, over: 0, times: [] as number[] };
    for (const instance of instances) {
      const { capacity, items, optimum } = instance;
      if (packBins(capacity, items, "FFD").bins.length === optimum) row.ffd++;
      if (packBins(capacity, items, "BFD").bins.length === optimum) row.bfd++;
      const started = performance.now();
      const hybrid = packBins(capacity, items, "HYBRID", { budgetMs });
      row.times.push(performance.now() - started);
      if (hybrid.bins.length === optimum) row.hybrid++;
      row.over += hybrid.bins.length - optimum;
    }
    row.times.sort((a, b) => a - b);
    console.log(
      `| ${name} | ${instances.length} | ${row.ffd} | ${row.bfd} | ${row.hybrid} | ${row.over} | ` +
        `${median(row.times).toFixed(1)} | ${row.times.at(-1)!.toFixed(1)} |`,
    );
    total.instances += instances.length;
    total.ffd += row.ffd;
    total.bfd += row.bfd;
    total.hybrid += row.hybrid;
    total.over += row.over;
    total.times.push(...row.times);
  }
  total.times.sort((a, b) => a - b);
  const share = (count: number) => `${count} (${((100 * count) / total.instances).toFixed(1)} %)`;
  console.log(
    `| **all** | ${total.instances} | ${share(total.ffd)} | ${share(total.bfd)} | ${share(total.hybrid)} | ${total.over} | ` +
      `${median(total.times).toFixed(1)} | ${total.times.at(-1)!.toFixed(1)} |`,
  );
  return 0;
});
