import { config } from '../../config.js';
import { parseDay } from '../schema/dates.js';
import type { RawRow, SourceRecord } from '../types.js';
import { bodyRows, columnGetter, findHeaderRow, parseDayRange } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  day: ['Day', 'Date', '日期', '天'],
  campaign: ['Campaign', 'Campaign name', '广告系列'],
  impressions: ['Impr.', 'Impressions', '展示次数'],
  clicks: ['Clicks', '点击次数'],
  cost: ['Cost', 'Spend', '费用'],
  conversions: ['Conversions', 'Conv.', 'All conv.', '转化次数'],
  currency: ['Currency code', 'Currency', '币种', '货币代码', '货币'],
  status: ['Campaign status', '广告系列状态'],
};

/** Parses a Google Ads campaign report (title line, date-range line, header, rows, `Total:` lines) → spend. */
export function parseGoogleAdsReport(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const errors: ParsedExport['errors'] = [];
  const warnings: string[] = [];
  const h = findHeaderRow(rows, [COLUMNS.campaign, COLUMNS.cost, COLUMNS.impressions, COLUMNS.clicks], 2);
  if (h < 0) {
    errors.push({
      file: ctx.file,
      row: 1,
      column: 'Cost',
      message: 'no Google Ads header (Campaign, Cost, Impr., Clicks) in the first 30 rows',
    });
    return { records: [], errors, warnings, skipped: 0 };
  }
  let range: { start: string; end: string } | undefined;
  for (const row of rows.slice(0, h)) {
    for (const cell of row.cells) range = parseDayRange(cell, (v) => parseDay(v, ctx.timeZone)) ?? range;
    range ??= parseDayRange(row.cells.join(','), (v) => parseDay(v, ctx.timeZone));
  }
  const header = rows[h] as RawRow;
  const col = columnGetter(header.cells, COLUMNS);
  if (!col.has('cost')) {
    errors.push({ file: ctx.file, row: header.line, column: 'Cost', message: 'missing required column Cost' });
  }
  if (!col.has('day') && !range) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: 'Day',
      message: 'no Day column and no date-range line above the header',
    });
  }
  if (errors.length > 0) return { records: [], errors, warnings, skipped: 0 };
  if (!col.has('day'))
    warnings.push(`no Day column: each campaign's total for ${range?.start} – ${range?.end} is dated ${range?.start}`);
  const records: SourceRecord[] = [];
  const currencies = new Set<string>();
  const body = bodyRows(rows, h);
  for (const row of body.rows) {
    const currency = col.get(row, 'currency');
    if (currency && currency !== '--') currencies.add(currency.toUpperCase());
    records.push({
      row: row.line,
      values: {
        date: col.get(row, 'day') ?? range?.start,
        // ' --' is Google's empty: no cost that day
        amount: dashEmpty(col.get(row, 'cost')) ?? '0',
        platform: 'google-ads',
        channel: 'Google Ads',
        campaign: col.get(row, 'campaign'),
        impressions: col.get(row, 'impressions'),
        clicks: col.get(row, 'clicks'),
        conversions: col.get(row, 'conversions'),
        source_format: 'google-ads',
      },
    });
  }
  const home = config().currency;
  const foreign = [...currencies].filter((c) => c !== home);
  if (foreign.length > 0) warnings.push(`costs are in ${foreign.join(', ')}, stored as is (not converted to ${home})`);
  return { records, errors, warnings, skipped: body.skipped };
}

/** A cell's value, undefined for Google's empty cells ('', '--'). */
function dashEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === '--' ? undefined : v;
}

export const googleAdsFormat: SourceFormat = {
  id: 'google-ads',
  table: 'spend',
  label: { zh: 'Google Ads 广告系列报告', en: 'Google Ads campaign report' },
  parse: parseGoogleAdsReport,
};
