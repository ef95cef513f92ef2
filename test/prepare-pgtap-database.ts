/**
 * `npm run -s test:db:prepare`: builds the database that the pgTAP files in test/db/ expect (every
 * migration, pgTAP, the test helpers) as `buo_test_pgtap` on the test server, and prints its URL, so that
 * `pg_prove -d "$(npm run -s test:db:prepare)" test/db/*.sql` runs them outside vitest.
 */
import "../src/cli/env.ts";
import { commandLineOrExit } from "../src/cli/run.ts";
import { buildTemplate, openCluster, testRoles, withLogin } from "./support/cluster.ts";

commandLineOrExit({
  usage: "npm run -s test:db:prepare",
  summary:
    "Builds the database the pgTAP files of test/db/ expect (every migration, pgTAP, the test helpers) as\n" +
    'buo_test_pgtap on the test server, and prints its URL, for: pg_prove -d "$(npm run -s test:db:prepare)" test/db/*.sql',
  options: {},
  notes: "The test server: ROOT_DATABASE_URL, DATABASE_URL (when its role may create roles), or 127.0.0.1:5432.",
});

const cluster = await openCluster();
if (cluster.kind === "embedded PostgreSQL") {
  await cluster.stop();
  process.stderr.write("pg_prove needs a running PostgreSQL server: set ROOT_DATABASE_URL or start the local server\n");
  process.exit(2);
}
const { pgTapMissing } = await buildTemplate(cluster.rootUrl, "buo_test_pgtap", testRoles("buo_test_pgtap_"));
if (pgTapMissing !== undefined) {
  process.stderr.write(`${pgTapMissing}\n`);
  process.exit(1);
}
process.stdout.write(`${withLogin(cluster.rootUrl, undefined, "buo_test_pgtap")}\n`);
