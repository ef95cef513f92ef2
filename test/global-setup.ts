/**
 * Runs once per `npm test`: finds the PostgreSQL server, builds the template database that every test file
 * copies, and removes this run's databases at the end.
 */
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { buildTemplate, dropDatabases, openCluster } from "./support/cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    rootUrl: string;
    templateDatabase: string;
    databasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await openCluster();
  const run = randomBytes(3).toString("hex");
  const prefix = `buo_test_${run}_`;
  const template = `${prefix}template`;
  const started = performance.now();
  try {
    await buildTemplate(cluster.rootUrl, template);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  console.log(
    `Test database: ${cluster.kind}; template ${template} built in ${Math.round(performance.now() - started)} ms`,
  );
  project.provide("rootUrl", cluster.rootUrl);
  project.provide("templateDatabase", template);
  project.provide("databasePrefix", prefix);

  return async () => {
    try {
      await dropDatabases(cluster.rootUrl, { prefix });
    } finally {
      await cluster.stop();
    }
  };
}
