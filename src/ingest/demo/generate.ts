import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildCalendar, demoRange } from './calendar.js';
import { buildContentCatalog } from './content.js';
import { CsvWriter } from './csv-writer.js';
import { CONTENT_COLUMNS, SPEND_COLUMNS } from './daily.js';
import { LEAD_COLUMNS, mqlRuleChangeDate, ORDER_COLUMNS, SURVEY_COLUMNS } from './funnel.js';
import { Rng } from './prng.js';
import {
  BRAND_SEARCH_COLUMNS,
  DELIVERABLE_COLUMNS,
  EXPERIMENT_COLUMNS,
  PEOPLE_COLUMNS,
  PROJECT_COLUMNS,
  writeBrandSearch,
  writeDeliverables,
  writeExperiments,
  writePeople,
  writeProjects,
} from './tables.js';
import { EVENT_COLUMNS, generateTraffic } from './traffic.js';

/** The canonical tables the demo writes, in import order (seedDemo imports the DEMO_PARTED_TABLES as they are written). */
export const DEMO_TABLES = [
  'people',
  'events',
  'leads',
  'orders',
  'spend',
  'content',
  'surveys',
  'experiments',
  'brand_search',
  'projects',
  'deliverables',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

const COLUMNS: Record<DemoTable, readonly string[]> = {
  people: PEOPLE_COLUMNS,
  events: EVENT_COLUMNS,
  leads: LEAD_COLUMNS,
  orders: ORDER_COLUMNS,
  spend: SPEND_COLUMNS,
  content: CONTENT_COLUMNS,
  surveys: SURVEY_COLUMNS,
  experiments: EXPERIMENT_COLUMNS,
  brand_search: BRAND_SEARCH_COLUMNS,
  projects: PROJECT_COLUMNS,
  deliverables: DELIVERABLE_COLUMNS,
};

/** Options of one demo generation. */
export interface DemoFileOptions {
  dir: string;
  /** Number of events (10^4 … 10^8); every other table scales with the traffic. */
  events: number;
  seed: number;
  /** "Today" (YYYY-MM-DD): the data covers the 12 full months before its month plus its month to this day. */
  until: string;
  onProgress?: ((p: { table: DemoTable; rows: number; total?: number }) => void) | undefined;
  /** Write the events and the tables that link identities in parts, handed over as they are complete (DemoParts). */
  parts?: DemoParts | undefined;
}

/** The tables a demo in parts splits: the events and the tables whose ids are stitched to visitors. */
export const DEMO_PARTED_TABLES = ['events', 'leads', 'orders'] as const;
export type DemoPartedTable = (typeof DEMO_PARTED_TABLES)[number];

/**
 * Writing a demo in parts, so that a large one is imported part by part while it is generated (bounded disk and
 * memory at 10^8 events): the events go to consecutive files (events-0001.csv, …) of about `rows` events, and each
 * time an events part is complete the leads and orders written meanwhile end their part too. `onPart` gets the
 * events part, then the leads part, then the orders part of each round (awaited: generation waits).
 */
export interface DemoParts {
  rows: number;
  onPart(table: DemoPartedTable, file: string, rows: number): Promise<void>;
}

/** What a demo generation wrote. */
export interface DemoFiles {
  /** each table's file (events: its first part when written in parts) */
  files: Record<DemoTable, string>;
  /** every file of each parted table in order (one file each when not written in parts) */
  partFiles: Record<DemoPartedTable, string[]>;
  counts: Record<DemoTable, number>;
  /** First and last day covered (YYYY-MM-DD). */
  from: string;
  until: string;
  /** The day the MQL definition changed (lead_score ≥ 50 → ≥ 60 and not students). */
  mqlRuleChange: string;
  bytes: number;
}

/** Average events per session of the generator, used to size tables that are not derived from sessions. */
const EVENTS_PER_SESSION = 3.1;

/** Writes one deterministic demo year as canonical CSV files (UTF-8, header = canonical column names). */
export async function generateDemoFiles(opts: DemoFileOptions): Promise<DemoFiles> {
  if (!Number.isInteger(opts.events) || opts.events < 1) throw new RangeError('events must be a positive integer');
  await mkdir(opts.dir, { recursive: true });
  const days = buildCalendar(opts.until);
  const range = demoRange(opts.until);
  const root = new Rng(opts.seed);
  const writers = {} as Record<DemoTable, CsvWriter>;
  const files = {} as Record<DemoTable, string>;
  const parts = opts.parts;
  const partsOf = (table: DemoTable) => {
    if (!parts || !(DEMO_PARTED_TABLES as readonly string[]).includes(table)) return undefined;
    const onPart = (file: string, rows: number) => parts.onPart(table as DemoPartedTable, file, rows);
    if (table !== 'events') return { onPart };
    return {
      rows: parts.rows,
      onPart: async (file: string, rows: number) => {
        await onPart(file, rows);
        await writers.leads.rotate();
        await writers.orders.rotate();
      },
    };
  };
  for (const table of DEMO_TABLES) {
    files[table] = path.join(opts.dir, `${table}.csv`);
    writers[table] = new CsvWriter(files[table], COLUMNS[table], partsOf(table));
  }
  try {
    writePeople(writers.people);
    const catalog = buildContentCatalog(root.fork('content'), days);
    await generateTraffic(root.fork('traffic'), days, catalog, writers, {
      events: opts.events,
      onProgress: (rows) => opts.onProgress?.({ table: 'events', rows, total: opts.events }),
    });
    const sessionsPerDay = opts.events / EVENTS_PER_SESSION / days.length;
    writeExperiments(writers.experiments, root.fork('experiments'), days, sessionsPerDay);
    writeBrandSearch(writers.brand_search, root.fork('brand_search'), days);
    writeProjects(writers.projects, root.fork('projects'), days);
    writeDeliverables(writers.deliverables, root.fork('deliverables'), days);
  } catch (error) {
    // nothing more is handed over: the files are closed as they are
    for (const w of Object.values(writers)) await w.abort();
    throw error;
  }
  // in DEMO_TABLES order: the last events part, then the leads and orders written with it
  for (const w of Object.values(writers)) await w.close();
  const counts = {} as Record<DemoTable, number>;
  let bytes = 0;
  for (const table of DEMO_TABLES) {
    counts[table] = writers[table].rows;
    bytes += writers[table].bytes;
  }
  const partFiles = {} as Record<DemoPartedTable, string[]>;
  for (const table of DEMO_PARTED_TABLES) {
    partFiles[table] = [...writers[table].files];
    files[table] = partFiles[table][0] ?? files[table];
  }
  return {
    files,
    partFiles,
    counts,
    from: days[0]!.date,
    until: opts.until,
    mqlRuleChange: mqlRuleChangeDate(range.first, range.last),
    bytes,
  };
}
