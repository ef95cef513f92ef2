/**
 * `npm run bench`: both benchmarks, one after the other (putaway.ts, then utilization.ts), each in a process of
 * its own as `npm run bench:putaway` and `npm run bench:utilization` run them. `--quick` goes to both. The exit
 * code is the first failure's, 0 when both ran.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { commandLineOrExit } from "../src/cli/run.ts";

const { values } = commandLineOrExit({
  usage: "npm run bench -- [--quick]",
  summary:
    "Every benchmark, printed as tables: the putaway engine and service (npm run bench:putaway), then the\n" +
    "utilization refresh (npm run bench:utilization). Each builds its own database on the test server.",
  options: { quick: { type: "boolean", description: "fewer repetitions and a smaller layout, for a smoke run" } },
});

const projectRoot = path.dirname(import.meta.dirname);
for (const script of ["putaway.ts", "utilization.ts"]) {
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
