import { Sql } from '../canonical';
import { Manifest } from './types';

const recorded = new WeakMap<object, Set<string>>();

/**
 * Records each metric's (name, version) in metric_definition_version (SPEC §2
 * governance), once per database handle and version. Safe to call often.
 */
export async function recordDefinitionVersions(sql: Sql, manifest: Manifest): Promise<void> {
  const seen = recorded.get(sql) ?? new Set<string>();
  const todo = [...manifest.metrics.values()].filter((m) => !seen.has(`${m.def.name}@${m.version}`));
  if (todo.length === 0) return;
  await sql.query(
    `INSERT INTO metric_definition_version (name, version, definition)
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
     ON CONFLICT (name, version) DO NOTHING`,
    [todo.map((m) => m.def.name), todo.map((m) => m.version), todo.map((m) => JSON.stringify(m.def.content))],
  );
  for (const m of todo) seen.add(`${m.def.name}@${m.version}`);
  recorded.set(sql, seen);
}
