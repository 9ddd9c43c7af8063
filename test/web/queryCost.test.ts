import {
  DocumentNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  print,
  typeFromAST,
  validate,
} from 'graphql';
import { buildApiSchema } from '../../src/api/schema';
import { LIMITS } from '../../src/api/limits';
import { depthOver, queryCost } from '../../src/api/queryLimits';
import * as actionQueries from '../../web/src/api/actionQueries';
import * as queries from '../../web/src/api/queries';

/**
 * Every document the web app sends is valid against the published schema and within
 * the server's depth, cost and token limits (src/api/limits.ts) at the sizes the app
 * sends it. The first pass of the app read the org tree six levels deep in one request,
 * which the cost limit of issue 8 refused: this is the check that would have said so.
 */
const schema = buildApiSchema();

// Fragments on their own are checked inside the operations that spread them.
const isOperation = (v: unknown): v is DocumentNode => typeof v === 'object' && v !== null && (v as DocumentNode).kind === Kind.DOCUMENT && getOperationAST(v as DocumentNode) !== null;
const staticDocs = [...Object.entries(queries), ...Object.entries(actionQueries)].filter((e): e is [string, DocumentNode] => isOperation(e[1]));
const dynamic: [string, DocumentNode][] = [
  ['orgLevelsQuery(6)', queries.orgLevelsQuery(6)],
  [`orgSubtreesQuery(${queries.ORG_SUBTREES_PER_REQUEST})`, queries.orgSubtreesQuery(queries.ORG_SUBTREES_PER_REQUEST)],
  [`scorecardsQuery(${queries.SCORECARDS_PER_REQUEST}, employeeId)`, queries.scorecardsQuery(queries.SCORECARDS_PER_REQUEST, 'employeeId')],
  [`scorecardsQuery(${queries.SCORECARDS_PER_REQUEST}, teamId)`, queries.scorecardsQuery(queries.SCORECARDS_PER_REQUEST, 'teamId')],
];

function tokens(doc: DocumentNode): number {
  let n = 0;
  for (let t = parse(print(doc)).loc!.startToken.next; t && t.kind !== '<EOF>'; t = t.next) n++;
  return n;
}

const SCALARS: Record<string, unknown> = { ID: 'x', String: 'aht', Int: 1, Float: 1, Boolean: true, Date: '2026-04-01', DateTime: '2026-04-01T00:00:00Z', JSONObject: {} };

/**
 * A value of an input type, with every required field, and benchmarks on a metric
 * query (the only input that changes the cost: each benchmark is another metricData).
 */
function sample(type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [sample(t.ofType)];
  if (isEnumType(t)) return t.getValues()[0].name; // a variable carries the name (the internal value may differ: TaskStatus OPEN is "open")
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type)) out[f.name] = sample(f.type);
    if (t.name === 'MetricQueryInput') out.benchmarks = ['TEAM', 'CENTER'];
    return out;
  }
  return SCALARS[getNamedType(t).name];
}

describe.each([...staticDocs, ...dynamic])('%s', (_name, doc) => {
  const op = getOperationAST(doc);
  it('is valid against the schema', () => {
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
  });
  it('is within the depth, cost and token limits', () => {
    expect(depthOver(schema, doc, LIMITS.maxDepth)).toBeNull();
    const variables = Object.fromEntries((op!.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType)]));
    const cost = queryCost(schema, doc, op!.name?.value, variables);
    if (process.env.SWITCHBOARD_PRINT_COSTS) process.stdout.write(`${_name}: cost ${cost}, ${tokens(doc)} tokens\n`);
    expect(cost).toBeLessThanOrEqual(LIMITS.maxCost);
    expect(tokens(doc)).toBeLessThanOrEqual(LIMITS.maxTokens);
  });
});

it('reading the tree deeper than a chunk in one request would be refused (the reason for chunks)', () => {
  const deep = (n: number): string => (n === 0 ? '' : `children { id teamId asOf name depth ${deep(n - 1)} }`);
  const doc = parse(`query { orgChart { id teamId asOf name depth ${deep(queries.ORG_CHUNK_LEVELS + 1)} } }`);
  expect(queryCost(schema, doc, undefined, {})).toBeGreaterThan(LIMITS.maxCost);
});
