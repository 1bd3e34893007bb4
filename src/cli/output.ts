import { UserError } from '../core/errors.js';

/** Display width of a string in a terminal: East Asian wide/fullwidth characters count 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** Formats a cell value for humans: numbers with up to 4 decimals, null as '—'. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '—';
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders rows as an aligned text table (CJK-aware); numeric columns align right. */
export function renderTable(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0) return '(no rows)';
  const cells = rows.map((r) => cols.map((c) => formatCell(r[c])));
  const numeric = cols.map((c) => rows.length > 0 && rows.every((r) => r[c] == null || typeof r[c] === 'number'));
  const widths = cols.map((c, i) => Math.max(displayWidth(c), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0, numeric[i] ?? false))
      .join('  ')
      .trimEnd();
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Neutralises spreadsheet formula injection: cells starting with = + - @ tab or CR get a leading quote. */
export function safeSpreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** Renders rows as RFC 4180 CSV, safe against formula injection. */
export function renderCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const esc = (v: unknown) => {
    const s =
      v === null || v === undefined ? '' : safeSpreadsheetText(typeof v === 'object' ? JSON.stringify(v) : String(v));
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [cols.map(esc).join(','), ...rows.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n');
}

export type OutputFormat = 'table' | 'json' | 'csv';

/** Parses --format, defaulting to table. */
export function parseFormat(
  value: string | undefined,
  allowed: OutputFormat[] = ['table', 'json', 'csv'],
): OutputFormat {
  const format = (value ?? 'table') as OutputFormat;
  if (!allowed.includes(format)) throw new UserError('bad_option', `--format must be one of ${allowed.join(', ')}`);
  return format;
}
