import { parseDay } from '../schema/dates.js';
import type { RawRow, SourceRecord } from '../types.js';
import { columnGetter, isBlankRow, isTotalRow } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  date: ['Date', 'Day', '日期'],
  nthDay: ['Nth day', '第 N 天', '第N天'],
  channel: [
    'Session default channel group',
    'Default channel group',
    'Session primary channel group',
    'Primary channel group',
    'First user default channel group',
    'First user primary channel group',
    '会话默认渠道组',
    '会话主要渠道组',
    '默认渠道组',
    '主要渠道组',
    '首次用户默认渠道组',
    '首次用户主要渠道组',
  ],
  sourceMedium: [
    'Session source / medium',
    'Source / medium',
    'First user source / medium',
    '会话来源/媒介',
    '来源/媒介',
  ],
  source: ['Session source', 'Source', 'First user source', '会话来源', '来源'],
  medium: ['Session medium', 'Medium', 'First user medium', '会话媒介', '媒介'],
  campaign: ['Session campaign', 'Campaign', 'First user campaign', '会话广告系列', '广告系列'],
  landing: ['Landing page', 'Landing page + query string', '着陆页', '着陆页 + 查询字符串'],
  sessions: ['Sessions', '会话数'],
  users: ['Total users', 'Users', 'Active users', '总用户数', '用户', '活跃用户'],
  newUsers: ['New users', '新用户数'],
  engaged: ['Engaged sessions', '互动会话数'],
  pageviews: ['Views', 'Screen page views', '浏览次数', '浏览量'],
  conversions: ['Key events', 'Conversions', '关键事件', '转化'],
  revenue: ['Total revenue', 'Revenue', 'Purchase revenue', '总收入', '收入'],
  bounce: ['Bounce rate', '跳出率'],
  duration: ['Average session duration', '平均会话时长'],
};

const DATA_COLUMNS = ['sessions', 'users', 'newUsers', 'engaged', 'pageviews', 'conversions', 'revenue'] as const;

function comment(row: RawRow): string | undefined {
  const first = row.cells[0] ?? '';
  if (!first.startsWith('#')) return undefined;
  return row.cells.join(',').replace(/^#\s*/, '').replace(/,+$/, '');
}

/** The dimension columns: a row with none of them filled is a totals row (GA4 writes it unlabelled). */
const DIMENSIONS = ['date', 'nthDay', 'channel', 'sourceMedium', 'source', 'medium', 'campaign', 'landing'] as const;

/** How many of the known columns (COLUMNS) a header row names. */
function knownColumns(cells: string[]): number {
  const col = columnGetter(cells, COLUMNS);
  return (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((k) => col.has(k)).length;
}

/** A data table of the export: its header row and rows up to the next blank line or comment block. */
interface Table {
  header: RawRow;
  rows: RawRow[];
}

/** The tables of an export, each ending at a blank row or `#` line; the comment lines are read for the dates. */
function splitTables(rows: RawRow[], onComment: (text: string) => void): Table[] {
  const tables: Table[] = [];
  let current: Table | undefined;
  for (const row of rows) {
    const text = comment(row);
    if (text !== undefined) onComment(text);
    if (text !== undefined || isBlankRow(row)) {
      current = undefined;
      continue;
    }
    if (current) current.rows.push(row);
    else {
      current = { header: row, rows: [] };
      tables.push(current);
    }
  }
  return tables;
}

/**
 * Parses a GA4 UI CSV export: `#` comment blocks (property, start/end date) and one or more data tables → traffic
 * rows. Exports of a report hold its table and may hold others (the chart's series by "Nth day", a second
 * dimension): the table naming the most known columns is read, the first of equals. "Nth day" rows are dated from
 * the start date; a totals row (Grand total, or every dimension empty) is skipped.
 */
export function parseGa4Export(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const warnings: string[] = [];
  const errors: ParsedExport['errors'] = [];
  let rangeStart: string | undefined;
  let rangeEnd: string | undefined;
  const tables = splitTables(rows, (text) => {
    const start = /^start date:\s*(\S+)/i.exec(text) ?? /^开始日期[:：]\s*(\S+)/.exec(text);
    const end = /^end date:\s*(\S+)/i.exec(text) ?? /^结束日期[:：]\s*(\S+)/.exec(text);
    // the first range named is the export's (a comparison range may follow)
    if (start && !rangeStart) rangeStart = parseDay(start[1], ctx.timeZone);
    if (end && !rangeEnd) rangeEnd = parseDay(end[1], ctx.timeZone);
  });
  const counts = tables.map((t) => knownColumns(t.header.cells));
  const table = tables[counts.indexOf(Math.max(...counts))];
  if (!table) {
    errors.push({ file: ctx.file, row: rows.length, column: '', message: 'no data table after the # comment block' });
    return { records: [], errors, warnings, skipped: 0 };
  }
  const header = table.header;
  const col = columnGetter(header.cells, COLUMNS);
  if (!col.has('date') && !(rangeStart && (rangeEnd || col.has('nthDay')))) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: 'date',
      message: 'no Date column and no "# Start date" / "# End date" lines: cannot date the rows',
    });
  }
  // GA4 puts the report's dimensions first: one the traffic table has no column for would fold distinct rows together
  const first = header.cells[0]?.trim() ?? '';
  if (first && knownColumns([first]) === 0) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: first,
      message: `"${first}" is a dimension the traffic table has no column for: export the report by date, channel group, source / medium, source, medium, campaign or landing page`,
    });
  }
  if (!DATA_COLUMNS.some((c) => col.has(c))) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: 'sessions',
      message: 'no metric columns (Sessions, Users, …) in the header',
    });
  }
  if (errors.length > 0) return { records: [], errors, warnings, skipped: 0 };
  const records: SourceRecord[] = [];
  let skipped = 0;
  for (const row of table.rows) {
    if (isTotalRow(row) || DIMENSIONS.every((d) => !col.get(row, d))) {
      skipped++;
      continue;
    }
    let source = col.get(row, 'source');
    let medium = col.get(row, 'medium');
    const sm = col.get(row, 'sourceMedium');
    if (sm) {
      const [s, ...m] = sm.split('/');
      source = s?.trim();
      medium = m.join('/').trim() || undefined;
    }
    const date = col.get(row, 'date') ?? nthDay(rangeStart, col.get(row, 'nthDay'));
    const values: Record<string, unknown> = {
      date: date ?? rangeStart,
      range_start: date ? date : rangeStart,
      range_end: date ? date : rangeEnd,
      source,
      medium,
      channel: col.get(row, 'channel'),
      campaign: col.get(row, 'campaign'),
      landing_page: col.get(row, 'landing'),
      sessions: col.get(row, 'sessions'),
      users: col.get(row, 'users'),
      new_users: col.get(row, 'newUsers'),
      engaged_sessions: col.get(row, 'engaged'),
      pageviews: col.get(row, 'pageviews'),
      conversions: col.get(row, 'conversions'),
      revenue: col.get(row, 'revenue'),
      bounce_rate: col.get(row, 'bounce'),
      avg_duration_s: col.get(row, 'duration'),
      source_format: 'ga4',
    };
    records.push({ row: row.line, values });
  }
  if (!col.has('date') && !col.has('nthDay'))
    warnings.push(`rows have no date: each is the aggregate for ${rangeStart} – ${rangeEnd}`);
  return { records, errors, warnings, skipped };
}

/** The day `n` (GA4's "Nth day": 0000 is the start date) days after `start` (YYYY-MM-DD); the text as is otherwise. */
function nthDay(start: string | undefined, n: string | undefined): string | undefined {
  if (!start || n === undefined || !/^\d+$/.test(n)) return n || undefined;
  const day = new Date(`${start}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + Number(n));
  return day.toISOString().slice(0, 10);
}

export const ga4Format: SourceFormat = {
  id: 'ga4',
  table: 'traffic',
  label: { zh: 'Google Analytics 4 导出 (CSV)', en: 'Google Analytics 4 export (CSV)' },
  parse: parseGa4Export,
};
