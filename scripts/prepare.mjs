/*
 * `prepare` (npm ci, npm install): builds the web console when the development dependencies are installed,
 * and skips it in one line when they are not (`npm ci --omit=dev`, NODE_ENV=production), where the Dockerfile's
 * console stage or a copied console/dist provides it. Plain JavaScript on purpose: it must run on whatever Node
 * started npm, before the project's Node 24 is known to be there.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const needed = ["node/package.json", "vite/package.json", "@graphql-codegen/core/package.json"];
const missing = needed.filter((file) => !existsSync(path.join(root, "node_modules", file)));
if (missing.length > 0) {
  process.stdout.write(
    `The console is not built here: the development dependencies are not installed (no ${path.dirname(missing[0])}). ` +
      "npm ci installs them; npm run -s build:console builds it.\n",
  );
  process.exit(0);
}
const build = spawnSync(
  process.execPath,
  ["--import", "./scripts/require-node.mjs", "scripts/build-console.ts", "--if-stale"],
  { cwd: root, stdio: "inherit" },
);
process.exit(build.status ?? 1);
