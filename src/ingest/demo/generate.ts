import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildCalendar, demoRange } from './calendar.js';
import { buildContentCatalog } from './content.js';
import { type CsvParts, CsvWriter } from './csv-writer.js';
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

/** The canonical tables the demo writes, in import order (people first: owners are looked up by id). */
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
  /**
   * Write the events in consecutive parts (events-0001.csv, …), each handed over as soon as it is complete, so that a
   * large demo is imported part by part while it is generated (bounded disk and memory at 10^8 events).
   */
  eventParts?: CsvParts | undefined;
}

/** What a demo generation wrote. */
export interface DemoFiles {
  /** each table's file (events: its first part when written in parts) */
  files: Record<DemoTable, string>;
  /** the events files in order: the one file, or every part */
  eventFiles: string[];
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
  for (const table of DEMO_TABLES) {
    files[table] = path.join(opts.dir, `${table}.csv`);
    writers[table] = new CsvWriter(files[table], COLUMNS[table], table === 'events' ? opts.eventParts : undefined);
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
  } finally {
    for (const w of Object.values(writers)) await w.close();
  }
  const counts = {} as Record<DemoTable, number>;
  let bytes = 0;
  for (const table of DEMO_TABLES) {
    counts[table] = writers[table].rows;
    bytes += writers[table].bytes;
  }
  files.events = writers.events.files[0] ?? files.events;
  return {
    files,
    eventFiles: [...writers.events.files],
    counts,
    from: days[0]!.date,
    until: opts.until,
    mqlRuleChange: mqlRuleChangeDate(range.first, range.last),
    bytes,
  };
}
