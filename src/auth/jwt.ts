/**
 * Bearer tokens: HS256 with a shared secret (JWT_SECRET), or verification with a public key
 * (JWT_PUBLIC_KEY, RS256/ES256/EdDSA) when an identity provider signs them. The claims carry the tenant,
 * the user and the application role; they become jwt.claims.* settings of the request's transaction. Every
 * token must carry `exp`, and live no longer than JWT_MAX_AGE (`exp − iat`, and `exp` from now); JWT_ISSUER
 * and JWT_AUDIENCE, when set, must match its `iss` and `aud`. Whether the tenant itself is still live is
 * tenants.ts's question.
 */
import { createHash, createPublicKey, type KeyObject, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { decodeProtectedHeader, type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { type Config, ConfigError, parseDuration } from "../config.ts";

export const APP_ROLES = ["operator", "supervisor", "admin"] as const;
export type AppRole = (typeof APP_ROLES)[number];

export interface Claims {
  tenantId: string;
  userId: string;
  role: AppRole;
}

/**
 * The claims as the transaction settings the database reads them from (`jwt.claims.*`, through
 * app_public.current_tenant_id() and its siblings): for API requests and for tasks that act as a tenant.
 */
export function claimSettings(claims: Claims): Record<string, string> {
  return {
    "jwt.claims.tenant_id": claims.tenantId,
    "jwt.claims.user_id": claims.userId,
    "jwt.claims.role": claims.role,
  };
}

/** The GraphQL error codes of a refused token, and the HTTP status of each. */
const AUTH_STATUS = { UNAUTHENTICATED: 401, FORBIDDEN: 403, UNAVAILABLE: 503, BUSY: 503 } as const;
export type AuthErrorCode = keyof typeof AUTH_STATUS;

/**
 * Why a token was refused; `code` is the GraphQL error code the client sees, `status` the HTTP status.
 * UNAVAILABLE means the token could not be checked (the database did not answer), BUSY that no database
 * connection was free in time: retry either.
 */
export class AuthError extends Error {
  override name = "AuthError";
  readonly code: AuthErrorCode;
  constructor(message: string, code: AuthErrorCode = "UNAUTHENTICATED") {
    super(message);
    this.code = code;
  }
  get status(): number {
    return AUTH_STATUS[this.code];
  }
}

/** A UUID in its text form (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEV_SECRET_FILE = "jwt-secret";
const PUBLIC_KEY_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];

export interface TokenKeys {
  /** HS256 secret, for signing and verifying. */
  secret?: Uint8Array;
  /** Public key that verifies tokens signed elsewhere. */
  publicKey?: KeyObject;
  /** `iss` every token must carry (JWT_ISSUER); signed into the tokens made here. */
  issuer?: string;
  /** `aud` every token must carry (JWT_AUDIENCE); signed into the tokens made here. */
  audience?: string;
  /** Longest lifetime a token may have, in seconds (JWT_MAX_AGE); 24 hours when unset. */
  maxAgeSeconds?: number;
}

/** JWT_MAX_AGE's default, in seconds. */
export const DEFAULT_MAX_AGE_SECONDS = 24 * 3600;
/** Clock difference allowed between the token's issuer and this server, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * The keys of this deployment. Outside production, with neither JWT_SECRET nor JWT_PUBLIC_KEY, a random
 * secret is made once and kept in DATA_DIR so that `npm run token` and the server agree.
 */
export async function loadTokenKeys(config: Config): Promise<TokenKeys> {
  const keys: TokenKeys = { maxAgeSeconds: config.jwtMaxAgeSeconds };
  if (config.jwtIssuer !== undefined) keys.issuer = config.jwtIssuer;
  if (config.jwtAudience !== undefined) keys.audience = config.jwtAudience;
  if (config.jwtPublicKey !== undefined) {
    keys.publicKey = createPublicKey(config.jwtPublicKey);
  }
  if (config.jwtSecret !== undefined) {
    keys.secret = new TextEncoder().encode(config.jwtSecret);
  } else if (keys.publicKey === undefined) {
    if (config.production) throw new ConfigError("JWT_SECRET (or JWT_PUBLIC_KEY) is required when NODE_ENV=production");
    keys.secret = new TextEncoder().encode(await devSecret(config.dataDir));
  }
  return keys;
}

async function devSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, DEV_SECRET_FILE);
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await chmod(file, 0o600);
  return (await readFile(file, "utf8")).trim();
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400, "day"],
  [3600, "hour"],
  [60, "minute"],
];

/**
 * Says a number of seconds the way a person would: exactly when it is whole days (two or more), hours or
 * minutes ("24 hours", "90 minutes", "7 days"), or under two minutes ("45 seconds"); else rounded ("about 3
 * days").
 */
export function describeSeconds(seconds: number): string {
  const s = Math.round(seconds);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  for (const [size, unit] of UNITS) {
    if (s % size === 0 && s >= (size === 86_400 ? 2 * size : size)) return plural(s / size, unit);
  }
  if (s < 120) return plural(s, "second");
  const [size, unit] = UNITS.find(([size]) => s >= 2 * size)!;
  return `about ${plural(Math.round(s / size), unit)}`;
}

/**
 * The lifetime `expiresIn` stands for (seconds, or a number with a unit: "30m", "12h", "7d"), checked against
 * the deployment's maximum; throws a RangeError that says what is allowed.
 */
export function tokenLifetimeSeconds(expiresIn: string | number, keys: TokenKeys): number {
  const seconds = typeof expiresIn === "number" ? expiresIn : parseDuration(expiresIn);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds <= 0) {
    throw new RangeError(`A token lifetime is seconds or a number with a unit (30m, 12h, 1d), got "${expiresIn}"`);
  }
  const max = keys.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  if (seconds > max) {
    throw new RangeError(
      `A token may live at most ${describeSeconds(max)} (JWT_MAX_AGE); ${describeSeconds(seconds)} asked`,
    );
  }
  return seconds;
}

/**
 * Lifetime of the tokens made for development (`npm start`'s demo token, `npm run token`): 12 hours, or
 * JWT_MAX_AGE when that is shorter.
 */
export function developmentTokenSeconds(keys: TokenKeys): number {
  return Math.min(12 * 3600, keys.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS);
}

/**
 * Signs an HS256 token for the given tenant, user and role (with the deployment's issuer and audience),
 * valid for `expiresIn` (seconds, or "12h"; by default developmentTokenSeconds), which may not exceed
 * JWT_MAX_AGE (RangeError).
 */
export async function signToken(
  claims: Claims,
  keys: TokenKeys,
  expiresIn: string | number = developmentTokenSeconds(keys),
): Promise<string> {
  if (keys.secret === undefined) throw new Error("signing needs JWT_SECRET (a public key only verifies)");
  const lifetime = tokenLifetimeSeconds(expiresIn, keys);
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ tenant_id: claims.tenantId, user_id: claims.userId, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime);
  if (keys.issuer !== undefined) jwt.setIssuer(keys.issuer);
  if (keys.audience !== undefined) jwt.setAudience(keys.audience);
  return jwt.sign(keys.secret);
}

/** Verifies a bearer token and returns its claims; throws AuthError with a client-safe message. */
export async function verifyToken(token: string, keys: TokenKeys): Promise<Claims> {
  let payload: JWTPayload;
  try {
    payload = await verifyWithItsKey(token, keys);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new AuthError("The token has expired");
    throw new AuthError("The token is invalid");
  }
  assertLifetime(payload, keys.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS);
  const { tenant_id: tenantId, user_id: userId, role } = payload;
  if (typeof tenantId !== "string" || !UUID_PATTERN.test(tenantId))
    throw new AuthError("The token has no valid tenant_id claim");
  if (typeof userId !== "string" || !UUID_PATTERN.test(userId))
    throw new AuthError("The token has no valid user_id claim");
  if (typeof role !== "string" || !(APP_ROLES as readonly string[]).includes(role)) {
    throw new AuthError(`The token's role must be one of ${APP_ROLES.join(", ")}`, "FORBIDDEN");
  }
  return { tenantId, userId, role: role as AppRole };
}

/**
 * Refuses a token that claims to live longer than `maxAge` seconds: `exp − iat` above it, `exp` farther than
 * that from now (with or without `iat`), or an `iat` in the future (which would make `exp − iat` look short).
 * `exp` is present and numeric here (jose checked it); a minute of clock difference is allowed where the
 * server's clock is compared with the issuer's.
 */
function assertLifetime(payload: JWTPayload, maxAge: number): void {
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp!;
  const limit = `the ${describeSeconds(maxAge)} JWT_MAX_AGE allows`;
  if (payload.iat !== undefined) {
    if (payload.iat > now + CLOCK_TOLERANCE_SECONDS)
      throw new AuthError("The token's iat (issued at) is in the future");
    if (exp - payload.iat > maxAge) {
      throw new AuthError(`The token's lifetime (exp − iat: ${describeSeconds(exp - payload.iat)}) exceeds ${limit}`);
    }
  }
  if (exp - now > maxAge + CLOCK_TOLERANCE_SECONDS) {
    throw new AuthError(`The token expires ${describeSeconds(exp - now)} from now, more than ${limit}`);
  }
}

/**
 * Verifies with the key the token's `alg` calls for: the secret for HS256, the public key otherwise, so that
 * the error (an expired token, a bad signature) is the one of the right key. Throws when there is none.
 */
async function verifyWithItsKey(token: string, keys: TokenKeys): Promise<JWTPayload> {
  const { alg } = decodeProtectedHeader(token);
  const options = {
    requiredClaims: ["exp"],
    ...(keys.issuer === undefined ? {} : { issuer: keys.issuer }),
    ...(keys.audience === undefined ? {} : { audience: keys.audience }),
  };
  if (alg === "HS256" && keys.secret !== undefined) {
    return (await jwtVerify(token, keys.secret, { ...options, algorithms: ["HS256"] })).payload;
  }
  if (alg !== undefined && PUBLIC_KEY_ALGORITHMS.includes(alg) && keys.publicKey !== undefined) {
    return (await jwtVerify(token, keys.publicKey, { ...options, algorithms: PUBLIC_KEY_ALGORITHMS })).payload;
  }
  throw new Error(`No key verifies tokens signed with ${alg ?? "no algorithm"}`);
}

/** Reads `Authorization: Bearer <token>`; undefined when absent, AuthError when malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new AuthError("The Authorization header must be `Bearer <token>`");
  return match[1];
}

/** A stable user id for a tenant and role (name-based, RFC 9562 version 5 layout). */
export function demoUserId(tenantCode: string, role: string): string {
  const hex = createHash("sha1")
    .update(`bin-utilization-optimizer:${tenantCode}:${role}`)
    .digest("hex")
    .slice(0, 32)
    .split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
