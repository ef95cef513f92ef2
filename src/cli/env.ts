/**
 * Imported first by every command: settles the environment that libraries read when they load.
 */
// Grafast reads GRAPHILE_ENV at import time; development mode adds checks, production skips them.
process.env.GRAPHILE_ENV ??= process.env.NODE_ENV === "production" ? "production" : "development";
