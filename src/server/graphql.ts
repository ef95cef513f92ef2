/**
 * The PostGraphile V5 preset: the generated API over schema app_public (Amber preset plus aggregates),
 * bearer-token authentication, the per-client rate limit, the rule that mutations need a token, the query
 * limits (depth, aliases, estimated size, page size), the statement and lock timeouts of every request's
 * transaction, error masking and coded HTTP-level errors, and the production switches (no GraphiQL, no
 * introspection).
 */
import type { IncomingMessage } from "node:http";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";
import type pg from "pg";
import { makePgService } from "postgraphile/adaptors/pg";
import { isPromiseLike } from "postgraphile/grafast";
import { GraphQLError, NoSchemaIntrospectionCustomRule } from "postgraphile/graphql";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { AuthError, bearerToken, type Claims, claimSettings, type TokenKeys, verifyToken } from "../auth/jwt.ts";
import { TenantCheck } from "../auth/tenants.ts";
import type { LimitSettings } from "../config.ts";
import { availabilityOf } from "../db/pool.ts";
import { knownOperationTypeRule, maskError, withParseErrorCode, withValidationCode } from "./errors.ts";
import { errorAnswer, negotiateMediaTypes, withErrorCodes } from "./http-errors.ts";
import {
  assertListLengths,
  assertOperationCost,
  groupedAggregatesCapPlugin,
  pageSizeCapPlugin,
  queryShapeRule,
} from "./limits.ts";
import { RateLimiter } from "./rate-limit.ts";

/**
 * Largest request body /graphql reads, in bytes: room for a batch of MAX_BATCH_SIZE (500) putaway items with
 * lot numbers of the longest allowed (about 105 KB), twice over.
 */
export const MAX_REQUEST_BYTES = 256_000;

declare global {
  namespace Grafast {
    interface Context {
      /** The verified claims of the request's bearer token; null when anonymous. */
      claims: Claims | null;
    }
  }
}

export interface GraphQLOptions {
  /** Pool of the authenticator role. */
  pool: pg.Pool;
  keys: TokenKeys;
  visitorRole: string;
  production: boolean;
  /** Query limits, timeouts and the rate limit. */
  limits: LimitSettings;
  /** Further plugins (the engine's fields). */
  plugins?: GraphileConfig.Plugin[];
}

/**
 * pgSettings for a request: the visitor role, and the token's claims as jwt.claims.* (claimSettings). Without
 * a visitor role only the claims.
 */
export function pgSettingsFor(visitorRole: string | undefined, claims: Claims | null): Record<string, string> {
  const role: Record<string, string> = visitorRole === undefined ? {} : { role: visitorRole };
  return claims === null ? role : { ...role, ...claimSettings(claims) };
}

/**
 * Timeouts of a request's transaction (set with set_config(..., true) like the other pgSettings); 0 leaves
 * the database's own setting alone.
 */
export function timeoutSettings(
  limits: Pick<LimitSettings, "statementTimeoutMs" | "lockTimeoutMs">,
): Record<string, string> {
  return {
    ...(limits.statementTimeoutMs > 0 ? { statement_timeout: String(limits.statementTimeoutMs) } : {}),
    ...(limits.lockTimeoutMs > 0 ? { lock_timeout: String(limits.lockTimeoutMs) } : {}),
  };
}

export function makePreset(options: GraphQLOptions): GraphileConfig.Preset {
  const { limits } = options;
  // The token is checked (and the rate limit applied) before the body is read, where the answer can still
  // be 401 or 429; the claims travel to the GraphQL context keyed by the request object.
  const claimsByRequest = new WeakMap<IncomingMessage, Claims | null>();
  const rateLimiter = new RateLimiter(limits.rateLimitPerMinute, limits.rateLimitBurst);
  const timeouts = timeoutSettings(limits);
  const availability = availabilityOf(options.pool);
  // A token of an archived or unknown tenant is refused like a forged one.
  const tenants = new TenantCheck(options.pool, options.visitorRole, { settings: timeouts });

  const RequestPlugin: GraphileConfig.Plugin = {
    name: "BinOptimizerRequestPlugin",
    version: "1.0.0",
    grafserv: {
      middleware: {
        async processRequest(next, event) {
          const digest = event.requestDigest;
          const req = digest.requestContext.node?.req;
          if (req === undefined || digest.path !== (event.resolvedPreset.grafserv?.graphqlPath ?? "/graphql")) {
            return next();
          }
          const unsupported = negotiateMediaTypes(digest.headers);
          if (unsupported !== undefined) return unsupported;
          let claims: Claims | null = null;
          let refusal: AuthError | undefined;
          try {
            const token = bearerToken(digest.headers.authorization);
            if (token !== undefined) claims = await verifyToken(token, options.keys);
          } catch (error) {
            if (!(error instanceof AuthError)) throw error;
            refusal = error;
          }
          const client =
            claims === null
              ? `address:${req.socket.remoteAddress ?? "unknown"}`
              : `token:${claims.tenantId}:${claims.userId}`;
          const wait = rateLimiter.take(client);
          if (wait > 0) {
            return errorAnswer(
              429,
              "RATE_LIMITED",
              `Too many requests: at most ${limits.rateLimitPerMinute} a minute (bursts of ${limits.rateLimitBurst}) ` +
                `for ${claims === null ? "an anonymous client" : "one token"}; retry in ${wait} s`,
              { "retry-after": String(wait) },
            );
          }
          if (refusal === undefined && claims !== null) {
            // After the rate limit, so that a refused client costs no query.
            try {
              await tenants.assertLive(claims.tenantId);
            } catch (error) {
              if (!(error instanceof AuthError)) throw error;
              refusal = error;
            }
          }
          if (refusal !== undefined) {
            const challenge =
              refusal.code === "UNAUTHENTICATED" ? { "www-authenticate": 'Bearer realm="bin-optimizer"' } : undefined;
            return errorAnswer(refusal.status, refusal.code, refusal.message, challenge);
          }
          claimsByRequest.set(req, claims);
          return withErrorCodes(await next(), MAX_REQUEST_BYTES);
        },
        setPreset(next, event) {
          if (options.production) event.validationRules.push(NoSchemaIntrospectionCustomRule);
          event.validationRules = [
            ...event.validationRules.map(withValidationCode),
            knownOperationTypeRule,
            queryShapeRule(limits),
          ];
          const getExecutionConfig = event.getExecutionConfig;
          event.getExecutionConfig = function (ctx) {
            const config = getExecutionConfig.call(this, ctx);
            return isPromiseLike(config)
              ? Promise.resolve(config).then((resolved) => withParseErrorCode(resolved, limits))
              : withParseErrorCode(config, limits);
          };
          return next();
        },
      },
    },
    grafast: {
      middleware: {
        establishOperationPlan(next, event) {
          if (event.operation.operation === "mutation" && event.context.claims == null) {
            throw new GraphQLError("Changes need a bearer token: send Authorization: Bearer <token>", {
              extensions: { code: "UNAUTHENTICATED" },
            });
          }
          assertListLengths(event.operation, event.fragments, event.variableValues, limits);
          assertOperationCost(event.schema, event.operation, event.fragments, event.variableValues, limits);
          return next();
        },
      },
    },
  };

  return {
    extends: [PostGraphileAmberPreset, PgAggregatesPreset],
    plugins: [RequestPlugin, pageSizeCapPlugin(limits), groupedAggregatesCapPlugin(limits), ...(options.plugins ?? [])],
    pgServices: [makePgService({ pool: options.pool, schemas: ["app_public"], pubsub: false })],
    schema: {
      dontSwallowErrors: true,
      // Rows are updated through their Node ID (`updateLocation(input: {id, patch})`); key-based variants
      // would need the tenant id spelled out again and add nothing.
      defaultBehavior: "-constraint:resource:update -constraint:resource:delete",
      // Outside production, a Node ID that decodes to no type would be printed as the client sent it (which
      // could be anything, a secret pasted in the wrong field included); such a request answers null anyway.
      muteWarnings: true,
    },
    grafast: {
      context(requestContext) {
        const req = requestContext.node?.req;
        const claims = (req === undefined ? undefined : claimsByRequest.get(req)) ?? null;
        return { claims, pgSettings: { ...pgSettingsFor(options.visitorRole, claims), ...timeouts } };
      },
    },
    grafserv: {
      graphiql: !options.production,
      graphiqlOnGraphQLGET: !options.production,
      maxRequestLength: MAX_REQUEST_BYTES,
      maskError: (error) => maskError(error, availability),
    },
  };
}
