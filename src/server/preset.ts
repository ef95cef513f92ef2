/**
 * The whole GraphQL API as one PostGraphile preset: the generated schema with its authentication and error
 * rules (graphql.ts) plus the engine's fields (putaway-schema.ts, reslotting-schema.ts). The server, `graphile.config.ts` (for
 * Graphile's own tools) and the test that keeps `data/schema.graphql` current all build it here.
 */

import type { PutawayService } from "../putaway/service.ts";
import { ReslottingService } from "../reslotting/service.ts";
import type { GraphQLOptions } from "./graphql.ts";
import { makePreset } from "./graphql.ts";
import type { ServiceMetrics } from "./metrics.ts";
import { putawaySchemaPlugin } from "./putaway-schema.ts";
import { reslottingSchemaPlugin } from "./reslotting-schema.ts";

export interface ApiPresetOptions extends Omit<GraphQLOptions, "plugins"> {
  putaway: PutawayService;
  /** Where the putaway fields record their timings; none for tools and tests. */
  metrics?: ServiceMetrics;
}

/** The API's preset. */
export function apiPreset(options: ApiPresetOptions): GraphileConfig.Preset {
  const { putaway, metrics, ...graphql } = options;
  return makePreset({
    ...graphql,
    plugins: [
      putawaySchemaPlugin(putaway, metrics),
      // Move tasks expire like putaway reservations: the same time to live.
      reslottingSchemaPlugin(new ReslottingService(putaway.settings)),
    ],
  });
}
