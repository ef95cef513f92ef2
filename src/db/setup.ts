/**
 * Creates, idempotently, the database and the three roles the service runs with: the owner (migrations,
 * worker), the authenticator (the API's login, NOINHERIT) and the visitor (what every request runs as).
 * Needs a superuser connection; `npm run db:setup`, the embedded server and the test suite use it.
 */
import pg from "pg";

export interface DatabaseTarget {
  /** Connection of the owner role to the application database. */
  ownerUrl: string;
  /** Connection of the authenticator role to the same database. */
  authUrl: string;
  visitorRole: string;
  /** Create the database as a copy of this one (the test suite clones a migrated template). */
  template?: string;
  /**
   * Leave the roles as they are (they exist already): copies of one template, made concurrently, would
   * otherwise alter the same roles at once.
   */
  rolesExist?: boolean;
}

interface Login {
  user: string;
  password: string | undefined;
  database: string;
}

function login(url: string, what: string): Login {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (user === "" || database === "") throw new Error(`${what} must name a user and a database`);
  return { user, password: parsed.password === "" ? undefined : decodeURIComponent(parsed.password), database };
}

/** Ensures roles, database and database privileges exist as `target` describes. */
export async function setupDatabase(rootUrl: string, target: DatabaseTarget): Promise<void> {
  const owner = login(target.ownerUrl, "DATABASE_URL");
  const auth = login(target.authUrl, "AUTH_DATABASE_URL");
  if (auth.database !== owner.database) {
    throw new Error("DATABASE_URL and AUTH_DATABASE_URL must name the same database");
  }
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  try {
    const id = (name: string) => root.escapeIdentifier(name);
    const password = (p: string | undefined) => (p === undefined ? "" : ` password ${root.escapeLiteral(p)}`);
    const ensureRole = async (name: string, options: string) => {
      const { rowCount } = await root.query("select 1 from pg_roles where rolname = $1", [name]);
      await root.query(`${rowCount === 0 ? "create" : "alter"} role ${id(name)} with ${options}`);
    };
    if (target.rolesExist !== true) {
      await ensureRole(owner.user, `login${password(owner.password)}`);
      await ensureRole(auth.user, `login noinherit${password(auth.password)}`);
      await ensureRole(target.visitorRole, "nologin");
      await root.query(`grant ${id(target.visitorRole)} to ${id(auth.user)}`);
    }

    const { rowCount } = await root.query("select 1 from pg_database where datname = $1", [owner.database]);
    if (rowCount === 0) {
      const template = target.template === undefined ? "" : ` template ${id(target.template)}`;
      await root.query(`create database ${id(owner.database)} owner ${id(owner.user)}${template}`);
    } else {
      await root.query(`alter database ${id(owner.database)} owner to ${id(owner.user)}`);
    }
    await root.query(`revoke all on database ${id(owner.database)} from public`);
    await root.query(`grant all on database ${id(owner.database)} to ${id(owner.user)}`);
    await root.query(`grant connect on database ${id(owner.database)} to ${id(auth.user)}`);
  } finally {
    await root.end();
  }
}
