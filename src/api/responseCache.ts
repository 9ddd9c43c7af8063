import { createHash } from 'crypto';
import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { DocumentNode, Kind, OperationDefinitionNode, visit, BREAK } from 'graphql';
import { LRUCache } from 'lru-cache';
import { canonicalJson } from '../query/cache';
import { loadManifestOrThrow, Manifest } from '../semantic';
import { cacheLookups } from '../telemetry/prom';
import { ApiContext } from './context';

/**
 * The response cache: the whole `data` of a repeated read, in front of the
 * metricData result cache (src/query/cache.ts). A wallboard asks the same document
 * with the same variables every few seconds; the result cache spares it the SQL,
 * this layer spares it GraphQL execution too (a thousand-row answer is a few
 * thousand field completions and the garbage they leave).
 *
 * Key: a hash of the document (Apollo's query hash), the operation name, the
 * variables, the caller (role, employee, embed grant: everything their scope is
 * derived from), the org-chart date of "today", the metric definitions in force,
 * and the data version of every record kind. Same caller, same day and same org versions give the same scope, so
 * the resolved scope need not be looked up (a statement for a supervisor); any
 * committed ingest moves a version and the next request misses. The versions are
 * read on every request, on the database the operation reads from, after the
 * operation is known (read-only operations go to the replica: src/api/telemetryPlugin.ts).
 *
 * Only what is provably a pure read is kept:
 *  - a query whose root fields are all `metricData` (or `__typename`), with no
 *    fragment at the root;
 *  - that nowhere selects `cached` (a hit is cached by definition: the stored answer
 *    would say otherwise);
 *  - that answered without errors.
 * Everything else (mutations, `me`, goals, actions, live data) runs every time.
 *
 * Every plugin's checks ran before a hit is served (the hook runs after
 * didResolveOperation: limits, the embed guard, service tokens); in memory only
 * (each replica its own; results are shared between replicas by the result cache's
 * Redis store), bounded in bytes; off with SWITCHBOARD_CACHE=off.
 */
const CACHEABLE_ROOTS = new Set(['metricData', '__typename']);

const cacheability = new WeakMap<OperationDefinitionNode, boolean>();

const fingerprints = new WeakMap<Manifest, string>();

/** The metric definitions in force, as one string (their versions change with any definition). */
function definitionsFingerprint(m: Manifest): string {
  let f = fingerprints.get(m);
  if (f === undefined) {
    f = createHash('sha256')
      .update([...m.metrics.values()].map((x) => `${x.def.name}@${x.version}`).sort().join(','))
      .digest('base64url');
    fingerprints.set(m, f);
  }
  return f;
}

/** Whether an operation of `document` may be answered from this cache (remembered per parsed operation). */
export function isCacheableOperation(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let known = cacheability.get(operation);
  if (known !== undefined) return known;
  known =
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && CACHEABLE_ROOTS.has(s.name.value)) &&
    !selectsCached(document);
  cacheability.set(operation, known);
  return known;
}

function selectsCached(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === 'cached') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** About the length of the data as JSON, cheaply: its rows dominate. */
function approxBytes(v: unknown, depth = 0): number {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? v.length + 2 : 8;
  if (depth > 3 && Array.isArray(v)) return 16 + v.length * 16;
  let n = 16;
  if (Array.isArray(v)) {
    // Rows are alike: measure a few, scale up.
    const sample = v.slice(0, 8);
    const each = sample.reduce((a: number, x) => a + approxBytes(x, depth + 1), 0) / Math.max(1, sample.length);
    return n + Math.ceil(each * v.length);
  }
  for (const [k, x] of Object.entries(v)) n += k.length + 4 + approxBytes(x, depth + 1);
  return n;
}

export class ResponseCache {
  private readonly memory: LRUCache<string, Record<string, unknown>>;
  /** The response text of a stored `data`, once it was sent (`stringify`). */
  private readonly texts = new WeakMap<object, string>();
  private readonly stored = new WeakSet<object>();

  constructor(private readonly maxBytes: number) {
    this.memory = new LRUCache({ maxSize: Math.max(1, maxBytes), sizeCalculation: (_v, k) => k.length + 1 });
  }

  get(key: string): Record<string, unknown> | undefined {
    return this.memory.get(key);
  }

  set(key: string, data: Record<string, unknown>): void {
    // The data and, once sent, its text: about twice its JSON.
    const bytes = 2 * approxBytes(data) + key.length;
    if (bytes > this.maxBytes) return;
    this.memory.set(key, data, { size: bytes });
    this.stored.add(data);
  }

  /**
   * Apollo's `stringifyResult` (its own is `JSON.stringify(value) + '\n'`): the text of
   * a result whose data this cache holds is made once, then sent as it is.
   */
  stringify(value: { data?: unknown; errors?: unknown; extensions?: unknown }): string {
    const data = value.data;
    const plain = value.errors === undefined && value.extensions === undefined && data !== null && typeof data === 'object';
    if (!plain) return JSON.stringify(value) + '\n';
    const known = this.texts.get(data);
    if (known !== undefined) return known;
    const text = JSON.stringify(value) + '\n';
    if (this.stored.has(data)) this.texts.set(data, text);
    return text;
  }

  get size(): number {
    return this.memory.size;
  }

  clear(): void {
    this.memory.clear();
  }
}

/** The Apollo plugin that serves and fills `cache`. */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      let key: string | null = null;
      return {
        async responseForOperation({ document, operation, request, queryHash, contextValue }) {
          if (!isCacheableOperation(document, operation)) return null;
          const versions = await contextValue.dataVersions();
          const { principal, today } = contextValue;
          key = createHash('sha256')
            .update(
              canonicalJson({
                q: queryHash,
                o: request.operationName ?? null,
                v: request.variables ?? {},
                p: { r: principal.role, e: principal.employeeId, g: principal.embed ?? null },
                t: today,
                d: versions,
                m: definitionsFingerprint(loadManifestOrThrow()),
              }),
            )
            .digest('base64url');
          const data = cache.get(key);
          if (!data) {
            cacheLookups.inc({ outcome: 'miss', store: 'response' });
            return null;
          }
          cacheLookups.inc({ outcome: 'hit', store: 'response' });
          key = null; // nothing to store
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
        async willSendResponse({ response }) {
          if (key === null || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length && data) cache.set(key, data);
        },
      };
    },
  };
}
