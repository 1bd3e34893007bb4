import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { config } from '../../config.js';
import type { Engine } from '../../warehouse/engine.js';
import { todayIn } from './calendar.js';
import {
  DEMO_PARTED_TABLES,
  DEMO_TABLES,
  type DemoPartedTable,
  type DemoTable,
  generateDemoFiles,
} from './generate.js';

/** Options of seedDemo. */
export interface SeedDemoOptions {
  /** Number of events (default DEMO_DEFAULT_EVENTS). */
  events?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** "Today" (YYYY-MM-DD); default: today in the configured time zone. */
  until?: string;
  /** Progress: generation of the files, then each table's import. */
  onProgress?: (p: { phase: 'generate' | 'import'; table: DemoTable; rows: number; total?: number }) => void;
  /**
   * Hook for the workflow demo: also run `seedWorkflowDemo(engine, { until })` from src/app/demo-workflow.ts
   * (periods, scorecards, feedback …) when that module exists. Default false, so callers that seed the workflow
   * themselves (yardstick start) do not seed it twice; `yardstick demo` passes true.
   */
  workflow?: boolean;
  /**
   * Events imported per part (default DEMO_EVENTS_PART_ROWS): a larger demo is generated and imported in parts of
   * about this many events (with the leads and orders written meanwhile), each an append to the ones before, so disk
   * and memory stay those of one part.
   */
  eventsPartRows?: number;
}

/** Rows written per table, and whether the workflow demo ran. */
export interface SeedDemoResult {
  counts: Record<DemoTable, number>;
  imported: Record<DemoTable, number>;
  from: string;
  until: string;
  mqlRuleChange: string;
  workflow: 'seeded' | 'not_available' | 'skipped';
}

interface IngestApi {
  importFile(
    engine: Engine,
    opts: { format: string; file: string; username?: string; onProgress?: (p: { rows: number }) => void },
  ): Promise<{ inserted: number; updated: number; skipped: number }>;
}

interface WorkflowDemoApi {
  seedWorkflowDemo(engine: Engine, opts: { until: string }): Promise<unknown>;
}

/** Events generated when the caller does not say (a year of a small company's site, seeded in seconds). */
export const DEMO_DEFAULT_EVENTS = 200_000;

/**
 * Events per imported part of a large demo: a 5M-event import fits the default 512MB DuckDB memory cap and needs
 * about 4 GB of temporary disk, whatever the demo's size (10^8 events: 20 parts).
 */
export const DEMO_EVENTS_PART_ROWS = 5_000_000;

// Loaded lazily: the import pipeline and the workflow demo are separate modules (the latter optional).
const INGEST_MODULE = '../index.js';
const WORKFLOW_MODULE = '../../app/demo-workflow.js';

/** Imports a module that may not exist yet; any other failure inside it is rethrown. */
async function loadOptional<T>(specifier: string, marker: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = String((error as Error).message);
    const missing = code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load/.test(message);
    if (missing && message.includes(marker)) return undefined;
    throw error;
  }
}

/**
 * Generates the demo year into a temporary directory and imports every table through the one import path (the
 * events, leads and orders part by part while they are generated, then the rest in DEMO_TABLES order), then — the
 * hook for the workflow engineer — seeds periods/scorecards/feedback through
 * `seedWorkflowDemo(engine, { until })` from src/app/demo-workflow.ts when that module exists.
 */
export async function seedDemo(engine: Engine, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const events = opts.events ?? DEMO_DEFAULT_EVENTS;
  const seed = opts.seed ?? 1;
  const until = opts.until ?? todayIn(config().timeZone, new Date());
  const ingest = await loadOptional<IngestApi>(INGEST_MODULE, 'ingest/index');
  if (!ingest?.importFile) throw new Error('the import pipeline (src/ingest/index.ts importFile) is not available');
  const dir = await mkdtemp(path.join(tmpdir(), 'yardstick-demo-'));
  try {
    const imported = {} as Record<DemoTable, number>;
    for (const table of DEMO_TABLES) imported[table] = 0;
    // the events, leads and orders are imported part by part as they are written (in time order: each part appends
    // to the ones before; a round's leads and orders after its events, so a merge of persons re-keys the events of
    // one round's leads, not of a year's at once), and each part's file is removed once imported
    const parts = {
      rows: opts.eventsPartRows ?? DEMO_EVENTS_PART_ROWS,
      onPart: async (table: DemoPartedTable, file: string) => {
        const total = table === 'events' ? events : undefined;
        const result = await ingest.importFile(engine, {
          format: table,
          file,
          username: 'demo',
          onProgress: (p) => opts.onProgress?.({ phase: 'import', table, rows: imported[table] + p.rows, total }),
        });
        imported[table] += result.inserted + result.updated;
        await rm(file, { force: true });
      },
    };
    const generated = await generateDemoFiles({
      dir,
      events,
      seed,
      until,
      onProgress: (p) => opts.onProgress?.({ phase: 'generate', ...p }),
      parts,
    });
    for (const table of DEMO_PARTED_TABLES) {
      opts.onProgress?.({ phase: 'import', table, rows: imported[table], total: generated.counts[table] });
    }
    for (const table of DEMO_TABLES) {
      if ((DEMO_PARTED_TABLES as readonly string[]).includes(table)) continue;
      const total = generated.counts[table];
      const result = await ingest.importFile(engine, {
        format: table,
        file: generated.files[table],
        username: 'demo',
        onProgress: (p) => opts.onProgress?.({ phase: 'import', table, rows: p.rows, total }),
      });
      imported[table] = result.inserted + result.updated;
      opts.onProgress?.({ phase: 'import', table, rows: total, total });
    }
    let workflow: SeedDemoResult['workflow'] = 'skipped';
    if (opts.workflow) {
      const wf = await loadOptional<WorkflowDemoApi>(WORKFLOW_MODULE, 'demo-workflow');
      if (wf?.seedWorkflowDemo) {
        await wf.seedWorkflowDemo(engine, { until });
        workflow = 'seeded';
      } else workflow = 'not_available';
    }
    return {
      counts: generated.counts,
      imported,
      from: generated.from,
      until: generated.until,
      mqlRuleChange: generated.mqlRuleChange,
      workflow,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
