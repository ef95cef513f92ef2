/**
 * Ports the service listens on (PORT, METRICS_PORT, EMBEDDED_DATABASE_PORT): whether one is taken already, and
 * the one line that says so and names the variable that moves it.
 */
import net from "node:net";
import { ConfigError } from "./config.ts";

/** The mistake of a port that something else listens on already. */
export function portInUseError(port: number, variable: string): ConfigError {
  return new ConfigError(`Port ${port} is in use (${variable}): set ${variable} to a free port`);
}

/**
 * True when `port` cannot be listened on at `host` because something listens there already (EADDRINUSE). It
 * binds and closes at once; a race with another process remains possible, so listeners still check their own
 * `listen`. Other errors (an address that does not exist, a port this user may not use) are thrown.
 */
export async function portInUse(host: string, port: number): Promise<boolean> {
  if (port === 0) return false;
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") return true;
    throw error;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return false;
}

/** `error` as the port mistake when it is EADDRINUSE on one of `ports` (port number → variable); else itself. */
export function explainListenError(error: unknown, ports: ReadonlyArray<readonly [number, string]>): unknown {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure?.code !== "EADDRINUSE") return error;
  const taken = ports.find(([port]) => port === failure.port);
  return taken === undefined ? error : portInUseError(taken[0], taken[1]);
}
