/**
 * How much one GraphQL request may ask for, refused before anything runs: the depth and the number of
 * aliases of the document (a validation rule, cached with the parsed document), the estimated number of
 * values the operation could produce and the page sizes it asks for (checked with the request's variables
 * just before the operation is planned), and a server-wide page size for connections that name none.
 *
 * The estimate is graphql-query-complexity's walk of the operation with one estimator: every field counts
 * once per time it is resolved, and a connection (or any list of objects) resolves its selection once per
 * row of its page: `first`/`last`, or the page size cap when neither is given. Nested connections multiply.
 */

import type { ComplexityEstimator } from "graphql-query-complexity";
import { getComplexity } from "graphql-query-complexity";
import {
  ConnectionStep,
  constant,
  type ExecutableStep,
  type ExecutionDetails,
  flagError,
  lambda,
  list,
  Step,
} from "postgraphile/grafast";
import {
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from "postgraphile/graphql";
import type { LimitSettings } from "../config.ts";

/** The refusal every limit answers with. */
function tooComplex(message: string, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", ...details } });
}

interface Shape {
  depth: number;
  aliases: number;
  /** Selection sets nested in one another, fragments' and inline fragments' included. */
  nesting: number;
}

/**
 * How deeply brackets (`{`, `[`, `(`) nest in a GraphQL document's text, outside strings and comments; stops
 * counting once past `limit`. Cheap and iterative, so that it can run before the (recursive) parser.
 */
export function textNesting(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "#") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end < 0 ? text.length : end + 2;
      } else {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== "\n"; i++) if (text[i] === "\\") i++;
      }
    } else if (c === "{" || c === "[" || c === "(") {
      deepest = Math.max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    }
  }
  return deepest;
}

/** The nesting a document may have, in its text and through its fragments, for a given depth limit. */
export function maxNesting(settings: Pick<LimitSettings, "maxDepth">): number {
  return 2 * settings.maxDepth + 32;
}

/** The refusal of a document nested past maxNesting (the parser and validation are recursive). */
export function tooDeeplyNested(nesting: number, limit: number): GraphQLError {
  return tooComplex(
    `The document nests ${nesting > limit ? `more than ${limit}` : nesting} levels deep (brackets or fragments); ` +
      `the limit is ${limit}. Ask for less in one request.`,
    { limit },
  );
}

/**
 * Depth of a selection set (fields only; fragments are expanded) and the aliases it uses, each fragment
 * measured once (`measured`), so that fragments spreading fragments cannot make this walk explode.
 */
function measure(
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined | null,
  measured: Map<string, Shape | "active">,
  nestingLimit: number,
  level = 1,
): Shape {
  // Past the limit the walk stops: the document is refused anyway, and its chains of fragments could be
  // deeper than the stack.
  if (level > nestingLimit) return { depth: 0, aliases: 0, nesting: 1 };
  let depth = 0;
  let aliases = 0;
  let nesting = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection (GraphiQL's schema query nests `ofType` deeply) is bounded by the schema, not by the
      // client; production turns it off altogether.
      if (selection.name.value.startsWith("__")) continue;
      if (selection.alias !== undefined) aliases++;
      const inner =
        selection.selectionSet === undefined
          ? { depth: 0, aliases: 0, nesting: 0 }
          : measure(selection.selectionSet, fragment, measured, nestingLimit, level + 1);
      depth = Math.max(depth, 1 + inner.depth);
      aliases += inner.aliases;
      nesting = Math.max(nesting, inner.nesting);
    } else {
      let inner: Shape;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet, fragment, measured, nestingLimit, level + 1);
      } else {
        const name = selection.name.value;
        const known = measured.get(name);
        const definition = fragment(name);
        // Unknown and cyclic fragments are other rules' errors.
        if (known === "active" || definition == null) continue;
        if (known === undefined) {
          measured.set(name, "active");
          inner = measure(definition.selectionSet, fragment, measured, nestingLimit, level + 1);
          measured.set(name, inner);
        } else {
          inner = known;
        }
      }
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
      nesting = Math.max(nesting, inner.nesting);
    }
  }
  return { depth, aliases, nesting: 1 + nesting };
}

/**
 * A validation rule that refuses an operation nested deeper than `maxDepth` fields or using more than
 * `maxAliases` aliases (counted once per use, fragments included), with QUERY_TOO_COMPLEX.
 */
export function queryShapeRule(settings: Pick<LimitSettings, "maxDepth" | "maxAliases">): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const limit = maxNesting(settings);
      const { depth, aliases, nesting } = measure(
        operation.selectionSet,
        (name) => context.getFragment(name),
        new Map(),
        limit,
      );
      if (nesting > limit) {
        context.reportError(tooDeeplyNested(nesting, limit));
        return false;
      }
      if (depth > settings.maxDepth) {
        context.reportError(
          tooComplex(
            `The query is nested ${depth} fields deep; the limit is ${settings.maxDepth}. Ask for less in one request.`,
            { depth, limit: settings.maxDepth },
          ),
        );
      }
      if (aliases > settings.maxAliases) {
        context.reportError(
          tooComplex(
            `The query uses ${aliases} aliases; the limit is ${settings.maxAliases}. Send several requests instead.`,
            { aliases, limit: settings.maxAliases },
          ),
        );
      }
      return false;
    },
  });
}

function hasArgument(field: GraphQLField<unknown, unknown>, name: string): boolean {
  return field.args.some((arg: GraphQLArgument) => arg.name === name);
}

function isConnectionType(type: GraphQLCompositeType): boolean {
  return type.name.endsWith("Connection");
}

/** The fields of a connection that resolve once per row of its page; the others resolve once per connection. */
const ROW_FIELDS = new Set(["nodes", "edges"]);

/** The fields a selection set selects directly, through inline fragments and fragment spreads. */
function directFields(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      fields.push(...directFields(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      fields.push(...directFields(fragments[selection.name.value]?.selectionSet, fragments, seen));
    }
  }
  return fields;
}

/**
 * Estimates the operation and checks its page sizes, with the request's (coerced) variables; throws
 * QUERY_TOO_COMPLEX when the estimate exceeds `maxCost` or a `first`/`last` exceeds `maxPageSize`.
 */
export function assertOperationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variableValues: Record<string, unknown>,
  settings: Pick<LimitSettings, "maxCost" | "maxPageSize">,
): void {
  const oversized: Array<{ field: string; argument: string; value: number }> = [];
  // The walk estimates children before their parent; a connection reads its children's figures here to
  // multiply only its rows (nodes, edges) by its page. A field's figure depends on nothing but the field and
  // the variables, so a fragment used in several places has one.
  const costs = new Map<FieldNode, number>();
  const estimator: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
    if (field.name.startsWith("__")) return 0;
    let cost = 1 + childComplexity;
    if (hasArgument(field, "first") || hasArgument(field, "last")) {
      for (const argument of ["first", "last"] as const) {
        const value = args[argument];
        if (typeof value === "number" && value > settings.maxPageSize) {
          oversized.push({ field: `${type.name}.${field.name}`, argument, value });
        }
      }
      const first = typeof args.first === "number" ? args.first : undefined;
      const last = typeof args.last === "number" ? args.last : undefined;
      const rows = Math.max(0, Math.min(first ?? last ?? settings.maxPageSize, settings.maxPageSize));
      const named = getNamedType(field.type);
      if (isCompositeType(named) && isConnectionType(named)) {
        let perRow = 0;
        let once = 0;
        for (const child of directFields(node.selectionSet, fragments)) {
          const childCost = costs.get(child) ?? 0;
          if (ROW_FIELDS.has(child.name.value)) perRow += childCost;
          else once += childCost;
        }
        cost = 1 + rows * perRow + once;
      } else {
        cost = 1 + rows * childComplexity;
      }
    } else if (isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type))) {
      // A connection's `nodes` and `edges` are its page, counted on the connection field itself; any other
      // list of objects (groupedAggregates' groups among them) is bounded by nothing the client says, so it
      // counts as a full page. Each group also answers one key per `groupBy` entry (duplicates included).
      const rows = isConnectionType(type) && ROW_FIELDS.has(field.name) ? 1 : settings.maxPageSize;
      const keys = Array.isArray(args.groupBy) ? args.groupBy.length : 0;
      cost = 1 + rows * (childComplexity + keys);
    }
    costs.set(node, cost);
    return cost;
  };
  const document = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...Object.values(fragments)],
  } as const;
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variableValues,
      estimators: [estimator],
      // The walk visits every selection once per use; the depth and alias limits keep real documents far below.
      maxQueryNodes: 100_000,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw tooComplex("The query has too many fields to estimate; send several smaller requests.", {
        limit: settings.maxCost,
      });
    }
    throw error;
  }
  const [first] = oversized;
  if (first !== undefined) {
    throw tooComplex(
      `${first.argument}: ${first.value} on ${first.field} is more than the page size limit of ${settings.maxPageSize}; ` +
        "read further pages with after/before and the page's cursors.",
      { pageSize: first.value, limit: settings.maxPageSize },
    );
  }
  if (cost > settings.maxCost) {
    throw tooComplex(
      `The query could produce about ${Math.round(cost).toLocaleString("en-US")} values; the limit is ` +
        `${settings.maxCost.toLocaleString("en-US")}. Give nested connections a smaller first/last, or split the query.`,
      { cost: Math.round(cost), limit: settings.maxCost },
    );
  }
}

/** The longest list in a value (a variable's, nested lists and objects included). */
function longestList(value: unknown): number {
  if (Array.isArray(value))
    return value.reduce((longest: number, item) => Math.max(longest, longestList(item)), value.length);
  if (value !== null && typeof value === "object") {
    return Object.values(value).reduce((longest: number, item) => Math.max(longest, longestList(item)), 0);
  }
  return 0;
}

/**
 * Refuses, with QUERY_TOO_COMPLEX, an operation with a list of more than `maxListLength` values, written in
 * the document (in the operation or its fragments) or given in a variable. A list that long would hold a
 * database connection and its CPU for as long as the statement timeout allows, and never needs one request.
 */
export function assertListLengths(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variableValues: Record<string, unknown>,
  settings: Pick<LimitSettings, "maxListLength">,
): void {
  let longest = longestList(variableValues);
  const literals = (node: ASTNode) =>
    visit(node, {
      ListValue(list) {
        longest = Math.max(longest, list.values.length);
      },
    });
  literals(operation);
  for (const fragment of Object.values(fragments)) literals(fragment);
  if (longest > settings.maxListLength) {
    throw tooComplex(
      `A list of ${longest.toLocaleString("en-US")} values is more than the limit of ` +
        `${settings.maxListLength.toLocaleString("en-US")}; send the values in several requests.`,
      { listLength: longest, limit: settings.maxListLength },
    );
  }
}

/** `first` for a connection: the client's, or the cap when the client names neither `first` nor `last`. */
function firstOrCap(cap: number): (values: readonly [unknown, unknown]) => number | null {
  return ([first, last]) => (typeof first === "number" ? first : last == null ? cap : null);
}

interface Paginated {
  setFirst(first: ExecutableStep | number): void;
}

function isPaginated(step: unknown): step is Paginated {
  return step instanceof ConnectionStep || typeof (step as Partial<Paginated> | null)?.setFirst === "function";
}

/**
 * A schema plugin that gives every generated connection (and simple collection) a page of at most
 * `maxPageSize` rows when the request names neither `first` nor `last`. The field's own plan sets `first`
 * once (from the argument, or the cap), so the `first` argument's own plan step is replaced by nothing.
 */
export function pageSizeCapPlugin(settings: Pick<LimitSettings, "maxPageSize">): GraphileConfig.Plugin {
  const cap = firstOrCap(settings.maxPageSize);
  return {
    name: "BinOptimizerPageSizeCapPlugin",
    version: "1.0.0",
    after: ["PgFirstLastBeforeAfterArgsPlugin"],
    schema: {
      hooks: {
        GraphQLObjectType_fields_field(field, _build, context) {
          const { isPgFieldConnection, isPgFieldSimpleCollection } = context.scope as {
            isPgFieldConnection?: boolean;
            isPgFieldSimpleCollection?: boolean;
          };
          const plan = field.plan;
          if (!(isPgFieldConnection || isPgFieldSimpleCollection) || plan === undefined) return field;
          return {
            ...field,
            plan(parent, fieldArgs, info) {
              const step = plan(parent, fieldArgs, info);
              const names = new Set(info.field.args.map((arg) => arg.name));
              if (!names.has("first") || !isPaginated(step)) return step;
              const $first = fieldArgs.getRaw("first");
              const $last = names.has("last") ? fieldArgs.getRaw("last") : constant(undefined);
              step.setFirst(lambda(list([$first, $last]), cap, true));
              return step;
            },
          };
        },
        GraphQLObjectType_fields_field_args(args, _build, context) {
          const { isPgFieldConnection, isPgFieldSimpleCollection } = context.scope as {
            isPgFieldConnection?: boolean;
            isPgFieldSimpleCollection?: boolean;
          };
          const first = args.first;
          if (!(isPgFieldConnection || isPgFieldSimpleCollection) || first?.applyPlan === undefined) return args;
          return {
            ...args,
            first: {
              ...first,
              description:
                `${first.description ?? ""} At most ${settings.maxPageSize}; without \`first\` or \`last\`, the first ${settings.maxPageSize}.`.trim(),
              // Applied by the field's plan (see above).
              applyPlan() {},
            },
          };
        },
      },
    },
  };
}

/**
 * The groups of one `groupedAggregates` field, refused as a whole with QUERY_TOO_COMPLEX when there are more
 * than `cap`. Its SQL reads at most `cap + 1` groups (see groupedAggregatesCapPlugin), so the refusal costs no
 * more memory than an answer; each group stays the aggregate step's own row for the fields below.
 */
class GroupCapStep extends Step<readonly unknown[] | null> {
  static override $$export = { moduleName: "bin-optimizer", exportName: "GroupCapStep" };
  override isSyncAndSafe = false;
  readonly cap: number;
  readonly field: string;
  /** The aggregate query, while the field is planned: its arguments (groupBy, having) apply to it. */
  readonly #select: Step & { apply($step: Step): void };

  constructor($select: Step & { apply($step: Step): void; items(): Step }, cap: number, field: string) {
    super();
    this.cap = cap;
    this.field = field;
    this.#select = $select;
    this.addDependency($select.items());
  }

  apply($step: Step): void {
    this.#select.apply($step);
  }

  listItem($item: Step): Step {
    return (this.getDep(0) as Step & { listItem($item: Step): Step }).listItem($item);
  }

  override execute({ indexMap, values }: ExecutionDetails<[readonly unknown[] | null]>) {
    const [groups] = values;
    return indexMap((i) => {
      const rows = groups.at(i);
      if (rows == null || rows.length <= this.cap) return rows;
      return flagError(
        tooComplex(
          `${this.field} has more than ${this.cap} groups; the limit is ${this.cap}. ` +
            "Group by fewer or coarser keys, or narrow the connection with condition/filter.",
          { limit: this.cap },
        ),
      );
    });
  }
}

/**
 * A schema plugin that bounds every connection's `groupedAggregates` (from @graphile/pg-aggregates, which
 * groups the whole connection, whatever its first/last) to `maxPageSize` groups: the query reads one more
 * than that, and a field with more is refused with QUERY_TOO_COMPLEX rather than cut short, so a client never
 * mistakes some groups for all.
 */
export function groupedAggregatesCapPlugin(settings: Pick<LimitSettings, "maxPageSize">): GraphileConfig.Plugin {
  const cap = settings.maxPageSize;
  return {
    name: "BinOptimizerGroupedAggregatesCapPlugin",
    version: "1.0.0",
    after: ["PgAggregatesAddConnectionGroupedAggregatesPlugin"],
    schema: {
      hooks: {
        GraphQLObjectType_fields_field(field, _build, context) {
          const { isConnectionType, fieldName } = context.scope as { isConnectionType?: boolean; fieldName?: string };
          const plan = field.plan;
          if (!isConnectionType || fieldName !== "groupedAggregates" || plan === undefined) return field;
          const groups = `At most ${cap} groups; more are refused with QUERY_TOO_COMPLEX.`;
          const description = field.description === undefined ? groups : `${field.description}. ${groups}`;
          return {
            ...field,
            description,
            plan(parent, fieldArgs, info) {
              const $select = plan(parent, fieldArgs, info) as Step &
                Paginated & { apply($step: Step): void; items(): Step };
              $select.setFirst(constant(cap + 1));
              return new GroupCapStep($select, cap, `${context.Self.name}.${fieldName}`);
            },
          };
        },
      },
    },
  };
}
