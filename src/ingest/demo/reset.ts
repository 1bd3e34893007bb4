import type { Engine } from '../../warehouse/engine.js';

/** Fact tables the demo fills (and `--force` empties), derived tables included; a fixed whitelist. */
export const FACT_TABLES = [
  'events',
  'sessions',
  'identities',
  'traffic',
  'leads',
  'orders',
  'spend',
  'content',
  'surveys',
  'experiments',
  'brand_search',
  'projects',
  'deliverables',
  'people',
  'bot_stats',
  'imports',
  // import versions and cached metric values describe the facts above; they go with them when present
  'row_versions',
  'metric_cache',
] as const;

/** True when any fact table already holds rows (the demo refuses to seed over real data). */
export async function hasFacts(engine: Engine): Promise<boolean> {
  const probes = FACT_TABLES.filter((t) => !['imports', 'row_versions', 'metric_cache'].includes(t)).map(
    (t) => `(SELECT '${t}' AS t FROM ${engine.dialect.ident(t)} LIMIT 1)`,
  );
  const rows = await engine.query(probes.join(' UNION ALL '));
  return rows.length > 0;
}

/** Empties every fact table in one transaction (used by `yardstick demo --force`). */
export async function clearFacts(engine: Engine): Promise<void> {
  const existing = new Set(
    (await engine.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables')).map(
      (r) => r.name,
    ),
  );
  await engine.transaction(async (tx) => {
    for (const table of FACT_TABLES) if (existing.has(table)) await tx.exec(`DELETE FROM ${tx.dialect.ident(table)}`);
  });
}
