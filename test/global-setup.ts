/**
 * Runs once per `npm test` for the database tests: finds the PostgreSQL server, makes this run's roles and
 * the template database that every test file copies, and removes this run's databases and roles at the end,
 * and at once when the set-up itself fails. A failed set-up does not stop the run: the tests without a
 * database still run, and every database test fails with the reason.
 */
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import {
  buildTemplate,
  dropDatabases,
  dropRoles,
  openCluster,
  type TestCluster,
  type TestRoles,
  testRoles,
} from "./support/cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    rootUrl: string;
    templateDatabase: string;
    databasePrefix: string;
    roles: TestRoles;
    /** Why the database tests cannot run (the server or the template failed); undefined when they can. */
    databaseSetupError: string | undefined;
    /** Why the pgTAP files cannot run; undefined when pgTAP is installed in the template. */
    pgTapMissing: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = randomBytes(3).toString("hex");
  const prefix = `buo_test_${run}_`;
  const template = `${prefix}template`;
  const roles = testRoles(prefix);
  const started = performance.now();
  let cluster: TestCluster | undefined;
  const cleanUp = async () => {
    if (cluster === undefined) return;
    try {
      await dropDatabases(cluster.rootUrl, { prefix });
      await dropRoles(cluster.rootUrl, roles);
    } finally {
      await cluster.stop();
    }
  };
  project.provide("databasePrefix", prefix);
  project.provide("templateDatabase", template);
  project.provide("roles", roles);
  try {
    cluster = await openCluster();
    project.provide("rootUrl", cluster.rootUrl);
    const { pgTapMissing } = await buildTemplate(cluster.rootUrl, template, roles);
    project.provide("pgTapMissing", pgTapMissing);
    project.provide("databaseSetupError", undefined);
    console.log(
      `Test database: ${cluster.kind}; template ${template} built in ${Math.round(performance.now() - started)} ms`,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`The database tests cannot run: ${reason}`);
    project.provide("rootUrl", "");
    project.provide("pgTapMissing", undefined);
    project.provide("databaseSetupError", reason);
    await cleanUp().catch((cleanupError: Error) => console.error(`Cleaning up failed: ${cleanupError.message}`));
    return async () => {};
  }
  return cleanUp;
}
