import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { config } from '../../config.js';
import { UserError, ValidationError } from '../../core/errors.js';
import {
  FORMATS,
  type ImportErrorItem,
  type ImportPhase,
  type ImportProgress,
  type ImportResult,
  importFile,
} from '../../ingest/index.js';
import { parseFormat, renderTable } from '../output.js';
import type { CliIo, Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const USAGE = `usage: yardstick import <format> <file> [--db PATH] [--map target=source,...] [--dry-run] [--sheet NAME]
                        [--user NAME] [--format table|json]
formats: ${FORMATS.map((f) => f.id).join(', ')}`;

/** Parses `--map a=b,c=d` into { a: 'b', c: 'd' }. */
export function parseMapOption(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const target = pair.slice(0, at).trim();
    const source = pair.slice(at + 1).trim();
    if (at <= 0 || !target || !source)
      throw new UserError('bad_option', `--map: expected target=source, got "${pair}"`);
    map[target] = source;
  }
  return map;
}

/** The OS user running the CLI (recorded in the import log). */
export function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The phases of a large events import, as the progress bar names them. */
const PHASE_LABELS: Record<ImportPhase, string> = { read: '读取 read', derive: '推导 derive', write: '写入 write' };

/**
 * One line of the progress bar: percent done, phase (large events imports), rows, rows/s and ETA. A phased import
 * has read every byte long before it is done, so its estimated fraction, not its bytes, says how far it is.
 */
export function progressLine(p: ImportProgress, elapsedSeconds: number): string {
  const rate = p.rows / Math.max(elapsedSeconds, 0.001);
  const frac = p.fraction ?? (p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 0);
  const eta = frac > 0 ? (elapsedSeconds / frac) * (1 - frac) : Number.NaN;
  const width = 24;
  const filled = Math.round(frac * width);
  const phase = p.phase ? ` ${PHASE_LABELS[p.phase]}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%${phase} ${p.rows.toLocaleString('en-US')} rows ${Math.round(rate).toLocaleString('en-US')} rows/s ETA ${formatDuration(eta)}`;
}

/** A progress bar on stderr (only on a terminal), redrawn at most every 200 ms. */
function progressBar(): { update(p: ImportProgress): void; done(): void } {
  const tty = process.stderr.isTTY;
  const start = Date.now();
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (!tty || now - last < 200) return;
      last = now;
      process.stderr.write(`\r${progressLine(p, (now - start) / 1000)}  `);
    },
    done() {
      if (tty && last > 0) process.stderr.write('\n');
    },
  };
}

function summary(r: ImportResult): string {
  const rows = [
    { field: 'import', value: r.importId },
    { field: 'format', value: `${r.format} → ${r.table}` },
    { field: 'file', value: r.fileName },
    { field: 'rows read', value: r.rowsRead },
    { field: 'inserted', value: r.inserted },
    { field: 'updated', value: r.updated },
    { field: 'skipped', value: r.skipped },
    { field: 'period', value: r.periodStart ? `${r.periodStart} – ${r.periodEnd}` : null },
  ];
  const lines = [r.dryRun ? 'dry run: nothing was written' : 'imported', renderTable(rows, ['field', 'value'])];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

function errorLines(io: CliIo, items: ImportErrorItem[], count: number): void {
  for (const e of items.slice(0, 20))
    io.err(`  ${e.file} row ${e.row}${e.column ? ` column ${e.column}` : ''}: ${e.message}`);
  if (count > 20) io.err(`  … ${count - 20} more`);
}

/** `yardstick import <format> <file>`: imports one file atomically and idempotently. */
export const command: Command = {
  summary: 'import a file (canonical table or GA4/百度统计/Google Ads/巨量引擎/百度营销/腾讯广告/HubSpot export)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        map: { type: 'string' },
        'dry-run': { type: 'boolean' },
        sheet: { type: 'string' },
        user: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [format, file, ...extra] = positionals;
    if (!format || !file || extra.length > 0) throw new UserError('bad_usage', USAGE.split('\n')[0] ?? 'bad usage');
    const output = parseFormat(values.format, ['table', 'json']);
    const bar = progressBar();
    let result: ImportResult;
    try {
      result = await withWarehouse(values.db ?? config().dbPath, (engine) =>
        importFile(engine, {
          format,
          file,
          map: parseMapOption(values.map),
          dryRun: Boolean(values['dry-run']),
          sheet: values.sheet,
          username: values.user ?? currentUser(),
          onProgress: (p) => bar.update(p),
        }),
      );
    } catch (error) {
      bar.done();
      if (error instanceof ValidationError) {
        const details = error.details as { errors?: ImportErrorItem[]; errorCount?: number } | undefined;
        if (output === 'json') {
          io.out(JSON.stringify({ error: { code: error.code, message: error.message, ...details } }, null, 2));
        } else if (details?.errors && details.errors.length > 1) {
          errorLines(io, details.errors, details.errorCount ?? details.errors.length);
        }
      }
      throw error;
    }
    bar.done();
    io.out(output === 'json' ? JSON.stringify(result, null, 2) : summary(result));
    return 0;
  },
};
