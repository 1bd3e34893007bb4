import { DuckDbEngine } from '../../warehouse/duckdb/engine.js';
import type { Engine } from '../../warehouse/engine.js';
import { factsMigration } from '../../warehouse/migrations/001-facts.js';
import { importVersionsMigration } from '../../warehouse/migrations/006-import-versions.js';
import { eventsNoKeyMigration } from '../../warehouse/migrations/007-events-no-key.js';
import { deriveAfterImport } from './index.js';

/** An in-memory warehouse with the fact tables only, as migrated (tests of the derivation hook). */
export async function factsEngine(): Promise<Engine> {
  const engine = await DuckDbEngine.open(':memory:');
  for (const m of [factsMigration, importVersionsMigration, eventsNoKeyMigration]) {
    for (const statement of m.up) await engine.exec(statement);
  }
  return engine;
}

/** A raw event as an importer would write it (derived columns empty). */
export interface RawEvent {
  at: string;
  visitor: string;
  type?: string;
  user?: string;
  url?: string;
  referrer?: string;
  ua?: string | null;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  session_id?: string;
  key?: string;
}

let seq = 0;

/** Writes raw event rows for one import (plus its imports row) and runs the hook, as the import pipeline does. */
export async function importEvents(engine: Engine, importId: string, events: RawEvent[]): Promise<void> {
  await engine.transaction(async (tx) => {
    await tx.exec(
      `INSERT INTO imports (import_id, format, target_table, started_at, status) VALUES ($1, 'events', 'events', now()::TIMESTAMP, 'done')`,
      [importId],
    );
    await tx.append(
      'events',
      [
        'row_key',
        'occurred_at',
        'visitor_id',
        'event_type',
        'user_id',
        'page_url',
        'referrer',
        'user_agent',
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'session_id',
        'import_id',
      ],
      events.map((e) => [
        e.key ?? `ev${++seq}`,
        e.at,
        e.visitor,
        e.type ?? 'page_view',
        e.user ?? null,
        e.url ?? 'https://shop.example.cn/',
        e.referrer ?? null,
        e.ua === undefined ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36' : e.ua,
        e.utm_source ?? null,
        e.utm_medium ?? null,
        e.utm_campaign ?? null,
        e.session_id ?? null,
        importId,
      ]),
    );
    await deriveAfterImport(tx, { table: 'events', importId });
  });
}

/** Writes raw rows of any fact table for one import and runs the hook. */
export async function importRows(
  engine: Engine,
  table: string,
  importId: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r))), 'import_id'];
  await engine.transaction(async (tx) => {
    await tx.append(
      table,
      columns,
      rows.map((r) => columns.map((c) => (c === 'import_id' ? importId : (r[c] ?? null)))),
    );
    await deriveAfterImport(tx, { table, importId });
  });
}
