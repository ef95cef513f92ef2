/**
 * The re-slotting fields, added to the generated schema: `getReslottingPlan` (plans moves, writes nothing),
 * `createReslottingTasks` (turns moves into MOVE tasks that reserve their target room) and `confirmMove`
 * (records one). Each runs in the request's transaction, as its role; the plans the weekly task stores are
 * the generated `allReslottingPlans`, and the tasks `allMoveTasks`.
 */
import { extendSchema, gql } from "postgraphile/utils";
import type { CreateTasksInput, PlanInput, ReslottingService } from "../reslotting/service.ts";

export function reslottingSchemaPlugin(service: ReslottingService): GraphileConfig.Plugin {
  return extendSchema(
    () => ({
      typeDefs: gql`
        input GetReslottingPlanInput {
          facilityId: UUID!
          "At most this many moves, 0 to 1,000 (default 100)."
          maxMoves: Int
          "TRAVEL, CONSOLIDATE or BALANCED (the default)."
          objective: ReslottingObjective
        }

        "One move of a plan: a whole lot from one location to another."
        type ReslottingMove {
          "Position in the plan: run the moves in this order."
          sequence: Int!
          materialId: UUID!
          materialCode: String!
          lotNumber: String!
          quantity: Float!
          fromLocationId: UUID!
          fromLocationCode: String!
          toLocationId: UUID!
          toLocationCode: String!
          "Room the moved stock takes, in cubic feet."
          cubicFeet: Float!
          "CONSOLIDATE (empties a position), TRAVEL (nearer the dock) or MAKE_ROOM (a slower material sent away)."
          reasonCode: String!
        }

        type ReslottingSummary {
          moves: Int!
          "Storage positions holding stock before the moves."
          positionsOccupied: Int!
          "Storage positions the moves empty."
          positionsFreed: Int!
          "A lower bound on the storage positions the stock needs (lots moved whole, within their class)."
          positionsLowerBound: Int!
          "Feet walked per pick line, out and back from the dock, before and after the moves."
          travelPerPickBefore: Float!
          travelPerPickAfter: Float!
          "Labor the moves take: 2 minutes of handling each, plus the walk between their locations."
          estimatedLaborMinutes: Float!
          planningTimeMs: Float!
        }

        type ReslottingPlanResult {
          facilityId: UUID!
          objective: ReslottingObjective!
          maxMoves: Int
          moves: [ReslottingMove!]!
          summary: ReslottingSummary!
        }

        input ReslottingMoveInput {
          materialId: UUID!
          lotNumber: String!
          quantity: Float!
          fromLocationId: UUID!
          toLocationId: UUID!
          "CONSOLIDATE, TRAVEL, MAKE_ROOM or MANUAL (the default)."
          reasonCode: String
        }

        input CreateReslottingTasksInput {
          facilityId: UUID!
          "The moves, in the order they are to run (a plan's moves as getReslottingPlan returns them)."
          moves: [ReslottingMoveInput!]!
        }

        "A move task as the re-slotting fields return it (the table is allMoveTasks)."
        type ReslottingTask {
          moveTaskId: UUID!
          batchId: UUID!
          sequence: Int!
          materialId: UUID!
          lotNumber: String!
          quantity: Float!
          fromLocationId: UUID!
          toLocationId: UUID!
          cubicFeet: Float!
          weightLbs: Float!
          reasonCode: String!
          "WAITING, OPEN, DONE, CANCELLED or EXPIRED."
          status: MoveTaskStatus!
          expiresAt: Datetime!
          "The MOVE transaction confirmMove recorded."
          inventoryTransactionId: UUID
        }

        type CreateReslottingTasksPayload {
          batchId: UUID!
          tasks: [ReslottingTask!]!
        }

        input ConfirmMoveInput {
          moveTaskId: UUID!
        }

        type ConfirmMovePayload {
          task: ReslottingTask!
        }

        extend type Query {
          """
          Plans stock moves inside a facility for an objective: TRAVEL (fast movers nearer the dock), CONSOLIDATE
          (free as many positions as possible) or BALANCED. Every move respects the hard rules of putaway, in
          order. Writes nothing.
          """
          getReslottingPlan(input: GetReslottingPlanInput!): ReslottingPlanResult
        }

        extend type Mutation {
          """
          Turns moves into MOVE tasks, in order, as one batch (supervisor or admin). A task reserves its target's
          room (OPEN), or waits for an earlier move of its batch to make the room or bring the stock (WAITING);
          both expire like putaway reservations. The first move that cannot run refuses the whole batch
          (INSUFFICIENT_STOCK, INCOMPATIBLE_LOCATION, CAPACITY_EXCEEDED, NOT_FOUND or INVALID_INPUT). The same
          idempotencyKey again (same tenant, within a day) returns the first answer and creates nothing; with
          other moves it is refused (IDEMPOTENCY_KEY_REUSED).
          """
          createReslottingTasks(input: CreateReslottingTasksInput!, idempotencyKey: String): CreateReslottingTasksPayload
          """
          Records the move of an OPEN task (a MOVE transaction) and opens the waiting tasks it makes possible. The
          same idempotencyKey again (same tenant, within a day) returns the first answer and records nothing.
          """
          confirmMove(input: ConfirmMoveInput!, idempotencyKey: String): ConfirmMovePayload
        }
      `,
      objects: {
        Query: {
          plans: {
            getReslottingPlan: {
              resolve: (_parent: unknown, args: { input: PlanInput }, context: Grafast.Context) =>
                context.withPgClient(context.pgSettings, (client) => service.plan(client, context.claims, args.input)),
            },
          },
        },
        Mutation: {
          plans: {
            createReslottingTasks: {
              async resolve(
                _parent: unknown,
                args: { input: CreateTasksInput; idempotencyKey?: string | null },
                context: Grafast.Context,
              ) {
                const tasks = await context.withPgClient(context.pgSettings, (client) =>
                  service.createTasks(client, context.claims, args.input, args.idempotencyKey),
                );
                return { batchId: tasks[0]!.batchId, tasks };
              },
            },
            confirmMove: {
              async resolve(
                _parent: unknown,
                args: { input: { moveTaskId: string }; idempotencyKey?: string | null },
                context: Grafast.Context,
              ) {
                const task = await context.withPgClient(context.pgSettings, (client) =>
                  service.confirmMove(client, context.claims, args.input.moveTaskId, args.idempotencyKey),
                );
                return { task };
              },
            },
          },
        },
      },
    }),
    "BinOptimizerReslottingPlugin",
  );
}
