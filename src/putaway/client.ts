/**
 * What the putaway use cases need of a database connection: one method, `query`, taking a statement and its
 * parameters. grafast's PgClient (inside a GraphQL request) and pg's client (a worker task's withPgClient)
 * both have it, so the use cases run the same in either place without knowing the one or the other.
 */

/** A database connection as the putaway use cases use it, in the caller's transaction and role. */
export interface QueryClient {
  query<Row>(query: { text: string; values?: unknown[] }): Promise<{ readonly rows: readonly Row[] }>;
}
