/**
 * The engine's GraphQL fields, added to the generated schema: `getBatchPutawayRecommendations` (a preview
 * that writes nothing), `createBatchPutawayRecommendations` (reserves capacity) and `confirmPutaway`.
 * Each runs in its own transaction, as the request's role. Before any field of a request runs, the items
 * its putaway fields ask for are counted across fields and aliases: more than MAX_BATCH_SIZE in one request
 * is refused whole.
 */
import {
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "postgraphile/graphql";
import { extendSchema, gql } from "postgraphile/utils";
import { ClientError } from "../errors.ts";
import type { BatchInput, BatchResult, ConfirmInput, PutawayService } from "../putaway/service.ts";
import { isClientFault } from "./errors.ts";
import type { ServiceMetrics } from "./metrics.ts";

/** The fields that carry putaway items, all limited together. */
const BATCH_FIELDS = ["getBatchPutawayRecommendations", "createBatchPutawayRecommendations"];

/**
 * The putaway items an operation asks for: the length of `input.items` of every batch field it selects, at
 * any depth (mutation payloads can select `query`), through fragments, honouring @skip and @include. Each
 * fragment is counted once and reused, so that a document of nested fragments costs its size, not their
 * expansion. Arguments that do not coerce count nothing here; execution reports them.
 */
export function putawayItemsRequested(event: {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variableValues: Readonly<Record<string, unknown>>;
}): number {
  const { schema, operation, fragments, variableValues } = event;
  const definitions = new Map<string, GraphQLField<unknown, unknown>>();
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const name of BATCH_FIELDS) {
      const field = type?.getFields()[name];
      if (field !== undefined) definitions.set(name, field);
    }
  }
  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variableValues)?.if !== false;
  const byFragment = new Map<string, number>();
  const count = (selectionSet: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const definition = definitions.get(selection.name.value);
        if (definition !== undefined) {
          try {
            const input = getArgumentValues(definition, selection, variableValues).input as BatchInput | undefined;
            total += Array.isArray(input?.items) ? input.items.length : 0;
          } catch {
            // Coercion errors are execution's to report.
          }
        }
        total += count(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        const name = selection.name.value;
        let items = byFragment.get(name);
        if (items === undefined) {
          byFragment.set(name, 0); // validation forbids cycles; this keeps a bad document from looping
          items = count(fragments[name]?.selectionSet);
          byFragment.set(name, items);
        }
        total += items;
      }
    }
    return total;
  };
  return count(operation.selectionSet);
}

export function putawaySchemaPlugin(service: PutawayService, metrics?: ServiceMetrics): GraphileConfig.Plugin {
  /** Runs a batch use case and records it in the metrics: time and confidences, or a server-side failure. */
  const measured = async (input: BatchInput, run: () => Promise<BatchResult>): Promise<BatchResult> => {
    try {
      const result = await run();
      metrics?.observeBatch(
        input.algorithm ?? service.features.algorithm,
        input.items.length,
        result.processingSummary.processingTimeMs,
        result.recommendations.flatMap((r) => (r.confidenceScore === null ? [] : [r.confidenceScore])),
      );
      return result;
    } catch (error) {
      if (!isClientFault(error)) metrics?.observeFailure(Array.isArray(input?.items) ? input.items.length : 1);
      throw error;
    }
  };
  const plugin = extendSchema(
    () => ({
      typeDefs: gql`
        """
        One received item to store. cubicFeet and weightLbs are totals for the quantity; when omitted they
        come from the material's master data.
        """
        input PutawayItemInput {
          materialId: UUID!
          "Units received; more than 0, at most 3 decimals."
          quantity: Float!
          lotNumber: String
          cubicFeet: Float
          weightLbs: Float
          "Best-before date of the lot, for first-expired-first-out placement."
          expiryDate: Date
        }

        input BatchPutawayInput {
          facilityId: UUID!
          items: [PutawayItemInput!]!
          "FFD, BFD, HYBRID or ENHANCED; the service's default (BIN_OPTIMIZATION_ALGORITHM) when omitted."
          algorithm: PutawayAlgorithm
          "Let an item that fits in no single location be split across several."
          allowSplit: Boolean = false
        }

        """
        Where to store (part of) one item, or why it cannot be stored: a recommendation without a location
        carries the reason in reasonCode (NO_CAPACITY, NO_COMPATIBLE_LOCATION, EXCEEDS_LOCATION_CAPACITY,
        MISSING_MASTER_DATA).
        """
        type PutawayRecommendationResult {
          "Set when the recommendation was saved (createBatchPutawayRecommendations)."
          recommendationId: UUID
          "Position of the item in the request."
          itemIndex: Int!
          materialId: UUID!
          quantity: Float!
          lotNumber: String
          locationId: UUID
          locationCode: String
          algorithm: PutawayAlgorithm!
          "How well the location suits the item, 0 to 1."
          confidenceScore: Float
          reasonCode: String!
          "Volume utilization of the location after placement, 0 to 1."
          estimatedUtilization: Float
          crossDockCandidate: Boolean!
          skuAffinityScore: Float
          "When the capacity reservation of a saved recommendation lapses."
          expiresAt: Datetime
        }

        type PutawayProcessingSummary {
          totalItems: Int!
          recommendationsGenerated: Int!
          processingTimeMs: Float!
          "Share of location state served from the in-process cache."
          cacheHitRate: Float!
        }

        type BatchPutawayPayload {
          "Set when the batch was saved."
          batchId: UUID
          recommendations: [PutawayRecommendationResult!]!
          processingSummary: PutawayProcessingSummary!
        }

        input ConfirmPutawayInput {
          recommendationId: UUID!
          "Where the stock went; omit it to reject the recommendation."
          actualLocationId: UUID
          "Required to override (another location) or reject; optional when accepting."
          reasonCode: String
        }

        type ConfirmPutawayPayload {
          recommendationId: UUID!
          "ACCEPTED, OVERRIDDEN or REJECTED."
          status: RecommendationStatus!
          actualLocationId: UUID
          actualLocationCode: String
          "The PUTAWAY inventory transaction recorded."
          inventoryTransactionId: UUID
          message: String!
        }

        extend type Query {
          "Recommends a location for every item of a batch, without saving or reserving anything."
          getBatchPutawayRecommendations(input: BatchPutawayInput!): BatchPutawayPayload
        }

        extend type Mutation {
          """
          Recommends a location for every item and saves the recommendations as PENDING, reserving their capacity.
          The same idempotencyKey again (from the same tenant, within a day) returns the first answer and saves
          nothing; with another input it is refused (IDEMPOTENCY_KEY_REUSED).
          """
          createBatchPutawayRecommendations(input: BatchPutawayInput!, idempotencyKey: String): BatchPutawayPayload
          """
          Records where the stock of a recommendation went (or that it was rejected). A location whose rules refuse
          the stock (INCOMPATIBLE_LOCATION) or that has no room for it (CAPACITY_EXCEEDED) is refused, and the
          refusal recorded. The same idempotencyKey again returns the first answer and records nothing; with another
          input it is refused (IDEMPOTENCY_KEY_REUSED).
          """
          confirmPutaway(input: ConfirmPutawayInput!, idempotencyKey: String): ConfirmPutawayPayload
        }
      `,
      objects: {
        Query: {
          plans: {
            getBatchPutawayRecommendations: {
              resolve: (_parent: unknown, args: { input: BatchInput }, context: Grafast.Context) =>
                measured(args.input, () =>
                  context.withPgClient(context.pgSettings, (client) =>
                    service.preview(client, context.claims, args.input),
                  ),
                ),
            },
          },
        },
        Mutation: {
          plans: {
            createBatchPutawayRecommendations: {
              resolve: (
                _parent: unknown,
                args: { input: BatchInput; idempotencyKey?: string | null },
                context: Grafast.Context,
              ) =>
                measured(args.input, () =>
                  context.withPgClient(context.pgSettings, (client) =>
                    service.reserve(client, context.claims, args.input, args.idempotencyKey),
                  ),
                ),
            },
            confirmPutaway: {
              async resolve(
                _parent: unknown,
                args: { input: ConfirmInput; idempotencyKey?: string | null },
                context: Grafast.Context,
              ) {
                const result = await context.withPgClient(context.pgSettings, (client) =>
                  service.confirm(client, context.claims, args.input, args.idempotencyKey),
                );
                // A refusal was recorded (and committed) in capacity_validation_failures; now it is an error.
                if (result.status === "REFUSED" || result.status === "INCOMPATIBLE") {
                  throw new ClientError(
                    result.status === "REFUSED" ? "CAPACITY_EXCEEDED" : "INCOMPATIBLE_LOCATION",
                    result.message,
                    {
                      recommendationId: result.recommendationId,
                      locationId: result.actualLocationId,
                      reason: result.refusalReason,
                    },
                  );
                }
                return result;
              },
            },
          },
        },
      },
    }),
    "BinOptimizerPutawayPlugin",
  );
  return {
    ...plugin,
    grafast: {
      middleware: {
        establishOperationPlan(next, event) {
          const requested = putawayItemsRequested(event);
          const limit = service.settings.maxBatchSize;
          if (requested > limit) {
            throw new GraphQLError(
              `A request may ask for at most ${limit} items of putaway, across all its fields and aliases; ` +
                `this one asks for ${requested}: split it into several requests`,
              { extensions: { code: "INVALID_INPUT", maxBatchSize: limit, requestedItems: requested } },
            );
          }
          return next();
        },
      },
    },
  };
}
