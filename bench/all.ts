/**
 * `npm run bench`: every benchmark, one after the other (putaway.ts, utilization.ts, console.ts, then bpp.ts),
 * each in a process of its own as `npm run bench:putaway`, `npm run bench:utilization`, `npm run bench:console`
 * and `npm run bench:bpp` run them.
 * `--quick` goes to each. The exit code is the first failure's, 0 when all ran.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { commandLineOrExit } from "../src/cli/run.ts";

const { values } = commandLineOrExit({
  usage: "npm run bench -- [--quick]",
  summary:
    "Every benchmark, printed as tables: the putaway engine and service (npm run bench:putaway), the\n" +
    "utilization refresh (npm run bench:utilization), the console's floor map in Chromium (npm run\n" +
    "bench:console), each on a database of its own on the test server, then the packing core on the BPPLIB\n" +
    "instances (npm run bench:bpp).",
  options: { quick: { type: "boolean", description: "fewer repetitions and a smaller layout, for a smoke run" } },
});

const projectRoot = path.dirname(import.meta.dirname);
for (const script of ["putaway.ts", "utilization.ts", "console.ts", "bpp.ts"]) {
  const run = spawnSync(
    process.execPath,
    [path.join(import.meta.dirname, script), ...(values.quick === true ? ["--quick"] : [])],
    { cwd: projectRoot, stdio: "inherit" },
  );
  if (run.status !== 0) {
    process.exitCode = run.status ?? 1;
    break;
  }
}
