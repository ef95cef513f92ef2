/**
 * The PostGraphile V5 preset: the generated API over schema app_public (Amber preset plus aggregates),
 * bearer-token authentication, the rule that mutations need a token, error masking, and the production
 * switches (no GraphiQL, no introspection).
 */
import type { IncomingMessage } from "node:http";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";
import type pg from "pg";
import { makePgService } from "postgraphile/adaptors/pg";
import { isPromiseLike, SafeError } from "postgraphile/grafast";
import { GraphQLError, NoSchemaIntrospectionCustomRule } from "postgraphile/graphql";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { AuthError, bearerToken, type Claims, type TokenKeys, verifyToken } from "../auth/jwt.ts";
import { TenantCheck } from "../auth/tenants.ts";
import { maskError, withParseErrorCode, withValidationCode } from "./errors.ts";

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
  /** Further plugins (the engine's fields). */
  plugins?: GraphileConfig.Plugin[];
}

/**
 * pgSettings for a request: the visitor role, and the token's claims as jwt.claims.*. Without a visitor role
 * (the worker's tasks, which keep the owner role) only the claims.
 */
export function pgSettingsFor(visitorRole: string | undefined, claims: Claims | null): Record<string, string> {
  const role: Record<string, string> = visitorRole === undefined ? {} : { role: visitorRole };
  if (claims === null) return role;
  return {
    ...role,
    "jwt.claims.tenant_id": claims.tenantId,
    "jwt.claims.user_id": claims.userId,
    "jwt.claims.role": claims.role,
  };
}

export function makePreset(options: GraphQLOptions): GraphileConfig.Preset {
  // The token is checked where grafserv can still answer 401 with a code; the claims travel to the
  // GraphQL context keyed by the request object.
  const claimsByRequest = new WeakMap<IncomingMessage, Claims | null>();
  // A token of an archived or unknown tenant is refused like a forged one.
  const tenants = new TenantCheck(options.pool, options.visitorRole);

  const AuthenticationPlugin: GraphileConfig.Plugin = {
    name: "BinOptimizerAuthenticationPlugin",
    version: "1.0.0",
    grafserv: {
      middleware: {
        async processGraphQLRequestBody(next, event) {
          const request = event.request;
          const req = request?.requestContext.node?.req;
          if (request !== undefined && req !== undefined) {
            try {
              const token = bearerToken(request.getHeader("authorization") ?? undefined);
              const claims = token === undefined ? null : await verifyToken(token, options.keys);
              if (claims !== null) await tenants.assertLive(claims.tenantId);
              claimsByRequest.set(req, claims);
            } catch (error) {
              if (!(error instanceof AuthError)) throw error;
              throw new SafeError(error.message, { statusCode: error.status, code: error.code });
            }
          }
          return next();
        },
        setPreset(next, event) {
          if (options.production) event.validationRules.push(NoSchemaIntrospectionCustomRule);
          event.validationRules = event.validationRules.map(withValidationCode);
          const getExecutionConfig = event.getExecutionConfig;
          event.getExecutionConfig = function (ctx) {
            const config = getExecutionConfig.call(this, ctx);
            return isPromiseLike(config)
              ? Promise.resolve(config).then(withParseErrorCode)
              : withParseErrorCode(config);
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
          return next();
        },
      },
    },
  };

  return {
    extends: [PostGraphileAmberPreset, PgAggregatesPreset],
    plugins: [AuthenticationPlugin, ...(options.plugins ?? [])],
    pgServices: [makePgService({ pool: options.pool, schemas: ["app_public"], pubsub: false })],
    schema: {
      dontSwallowErrors: true,
      // Rows are updated through their Node ID (`updateLocation(input: {id, patch})`); key-based variants
      // would need the tenant id spelled out again and add nothing.
      defaultBehavior: "-constraint:resource:update -constraint:resource:delete",
    },
    grafast: {
      context(requestContext) {
        const req = requestContext.node?.req;
        const claims = (req === undefined ? undefined : claimsByRequest.get(req)) ?? null;
        return { claims, pgSettings: pgSettingsFor(options.visitorRole, claims) };
      },
    },
    grafserv: {
      graphiql: !options.production,
      graphiqlOnGraphQLGET: !options.production,
      maskError,
    },
  };
}
