import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { clearFacts, DEMO_DEFAULT_EVENTS, hasFacts, seedDemo, todayIn } from '../../ingest/demo/index.js';
import { parseFormat, renderTable } from '../output.js';
import type { CliIo, Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const USAGE = `usage: yardstick demo [--db PATH] [--events N] [--seed S] [--until YYYY-MM-DD] [--force] [--format table|json]

Seeds one realistic year of demo data (12 full months before --until plus its month to date) into the database.
  --events N   number of web events, 10000 … 100000000 (default ${DEMO_DEFAULT_EVENTS}); other tables scale with it
  --seed S     random seed (default 1); the same seed gives the same data
  --until D    "today" of the demo (default: today in the configured time zone)
  --force      clear the fact tables first when the database already holds data
  --skip-workflow  only the data half: no periods, scorecards or feedback`;

/** Parses a whole number option within bounds; throws a UserError naming the option. */
function parseWhole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError('bad_option', `--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** Checks --until is a real calendar date. */
function parseUntil(value: string | undefined): string {
  if (value === undefined) return todayIn(config().timeZone, new Date());
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== value) {
    throw new UserError('bad_option', `--until must be a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** Progress on stderr: a line per table when it starts and about every 10%. */
function progressPrinter(io: CliIo): (p: { phase: string; table: string; rows: number; total?: number }) => void {
  let lastKey = '';
  let lastStep = -1;
  const started = Date.now();
  return (p) => {
    const key = `${p.phase}:${p.table}`;
    const step = p.total ? Math.floor((p.rows / p.total) * 10) : 0;
    if (key === lastKey && step === lastStep) return;
    lastKey = key;
    lastStep = step;
    const label = p.phase === 'generate' ? '生成 generate' : '导入 import';
    const pct = p.total ? ` ${Math.min(100, step * 10)}%` : '';
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    io.err(
      `${label} ${p.table}: ${p.rows.toLocaleString('en')}${p.total ? `/${p.total.toLocaleString('en')}` : ''}${pct} (${secs}s)`,
    );
  };
}

/** `yardstick demo`: generate and import one realistic, deterministic demo year. */
export const command: Command = {
  summary: 'seed a realistic demo year (people, traffic, leads, orders, spend, content, …) into the database',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        events: { type: 'string' },
        seed: { type: 'string' },
        until: { type: 'string' },
        force: { type: 'boolean' },
        'skip-workflow': { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const events = parseWhole('events', values.events, DEMO_DEFAULT_EVENTS, 10_000, 100_000_000);
    const seed = parseWhole('seed', values.seed, 1, 0, 0xffff_ffff);
    const until = parseUntil(values.until);
    const format = parseFormat(values.format, ['table', 'json']);
    const dbPath = path.resolve(values.db ?? config().dbPath);
    return withWarehouse(dbPath, async (engine) => {
      if (await hasFacts(engine)) {
        if (!values.force) {
          throw new UserError(
            'has_data',
            `${dbPath} already holds data; use --force to clear the fact tables and seed the demo anyway`,
          );
        }
        io.err('clearing fact tables (--force) …');
        await clearFacts(engine);
      }
      const result = await seedDemo(engine, {
        events,
        seed,
        until,
        workflow: !values['skip-workflow'],
        onProgress: progressPrinter(io),
      });
      if (format === 'json') {
        io.out(JSON.stringify({ db: dbPath, ...result }, null, 2));
        return 0;
      }
      const rows = Object.entries(result.counts).map(([table, rows]) => ({
        table,
        rows,
        imported: result.imported[table as keyof typeof result.imported],
      }));
      io.out(renderTable(rows, ['table', 'rows', 'imported']));
      io.out(
        `\ndemo data ${result.from} … ${result.until} (seed ${seed}) in ${dbPath}; MQL rule changed on ${result.mqlRuleChange}; workflow demo: ${result.workflow}`,
      );
      return 0;
    });
  },
};
