/**
 * The first putaway a newcomer can paste: a `getBatchPutawayRecommendations` request for a facility of the demo
 * tenant and two of its materials that have somewhere to go, with their real UUIDs and a demo operator token,
 * as a curl command and as a document for GraphiQL. `npm start` and `npm run seed:demo` print it, outside
 * production only.
 */
import type pg from "pg";
import { demoUserId, describeSeconds, developmentTokenSeconds, signToken, type TokenKeys } from "../auth/jwt.ts";
import { type PutawayExample, putawayExample } from "../seed/demo.ts";

/** A ready-to-run first putaway: whose token, for how long, and which facility and materials. */
export interface FirstPutaway {
  token: string;
  /** How long the token lives, in words ("12 hours"). */
  lifetime: string;
  example: PutawayExample;
}

/** Quantities of the two items of the request. */
const QUANTITIES = [12, 3] as const;

/**
 * A first putaway for tenant `tenantCode` (its facility `facilityCode`, or its first), with an operator token
 * signed by the development secret; undefined without a secret (a public key only) or without the tenant, the
 * facility or two storable materials.
 */
export async function firstPutaway(
  queryable: Pick<pg.ClientBase, "query">,
  keys: TokenKeys,
  tenantCode: string,
  facilityCode?: string,
): Promise<FirstPutaway | undefined> {
  if (keys.secret === undefined) return undefined;
  const example = await putawayExample(queryable, tenantCode, facilityCode);
  if (example === undefined) return undefined;
  const seconds = developmentTokenSeconds(keys);
  const claims = { tenantId: example.tenantId, userId: demoUserId(tenantCode, "operator"), role: "operator" as const };
  return { token: await signToken(claims, keys, seconds), lifetime: describeSeconds(seconds), example };
}

/** The GraphQL document of the first putaway: ENHANCED, with what a client needs to match answers to items. */
export function firstPutawayDocument(example: PutawayExample): string {
  const items = example.materials
    .map((material, index) => `{materialId: "${material.materialId}", quantity: ${QUANTITIES[index % 2]}}`)
    .join(", ");
  return (
    `{ getBatchPutawayRecommendations(input: {facilityId: "${example.facilityId}", algorithm: ENHANCED, ` +
    `items: [${items}]}) { recommendations { itemIndex materialId locationCode confidenceScore reasonCode } } }`
  );
}

/**
 * The lines that present the first putaway: what it asks, the curl command that runs it against `graphqlUrl`
 * (its token appears there once), and how to run the same in GraphiQL.
 */
export function firstPutawayLines(graphqlUrl: string, putaway: FirstPutaway): string[] {
  const { example } = putaway;
  const what = example.materials.map((material, index) => `${QUANTITIES[index % 2]} × ${material.code}`).join(" and ");
  const document = firstPutawayDocument(example);
  // Only UUIDs and numbers: nothing in it needs escaping inside the single-quoted shell word.
  const body = JSON.stringify({ query: document });
  return [
    `A first putaway: where should ${what} go in facility ${example.facilityCode}?`,
    `Try it (demo operator token, valid ${putaway.lifetime}):`,
    `curl -s ${graphqlUrl} -H 'Content-Type: application/json' -H 'Authorization: Bearer ${putaway.token}' -d '${body}'`,
    `Or open ${graphqlUrl} (GraphiQL), put {"Authorization": "Bearer <the token above>"} in its Headers pane, and run:`,
    document,
  ];
}
