import { parseDay } from '../schema/dates.js';
import type { RawRow, SourceRecord } from '../types.js';
import { columnGetter, isBlankRow, isTotalRow } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  date: ['Date', 'Day', '日期'],
  channel: [
    'Session default channel group',
    'Default channel group',
    'Session primary channel group',
    'First user default channel group',
    'First user primary channel group',
    '会话默认渠道组',
    '默认渠道组',
    '首次用户默认渠道组',
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

/** Parses a GA4 UI CSV export: `#` block (property, start/end date), then the first data table → traffic rows. */
export function parseGa4Export(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const warnings: string[] = [];
  const errors: ParsedExport['errors'] = [];
  let rangeStart: string | undefined;
  let rangeEnd: string | undefined;
  let i = 0;
  for (; i < rows.length; i++) {
    const row = rows[i] as RawRow;
    const text = comment(row);
    if (text === undefined) {
      if (isBlankRow(row)) continue;
      break;
    }
    const start = /^start date:\s*(\S+)/i.exec(text) ?? /^开始日期[:：]\s*(\S+)/.exec(text);
    const end = /^end date:\s*(\S+)/i.exec(text) ?? /^结束日期[:：]\s*(\S+)/.exec(text);
    if (start) rangeStart = parseDay(start[1], ctx.timeZone);
    if (end) rangeEnd = parseDay(end[1], ctx.timeZone);
  }
  const header = rows[i];
  if (!header) {
    errors.push({ file: ctx.file, row: rows.length, column: '', message: 'no data table after the # comment block' });
    return { records: [], errors, warnings, skipped: 0 };
  }
  const col = columnGetter(header.cells, COLUMNS);
  if (!col.has('date') && !(rangeStart && rangeEnd)) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: 'date',
      message: 'no Date column and no "# Start date" / "# End date" lines: cannot date the rows',
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
  for (const row of rows.slice(i + 1)) {
    if (isBlankRow(row) || comment(row) !== undefined) break; // the first table ends here
    if (isTotalRow(row)) {
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
    const date = col.get(row, 'date');
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
  if (!col.has('date')) warnings.push(`rows have no date: each is the aggregate for ${rangeStart} – ${rangeEnd}`);
  return { records, errors, warnings, skipped };
}

export const ga4Format: SourceFormat = {
  id: 'ga4',
  table: 'traffic',
  label: { zh: 'Google Analytics 4 导出 (CSV)', en: 'Google Analytics 4 export (CSV)' },
  parse: parseGa4Export,
};
