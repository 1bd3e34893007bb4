import type { RawRow, SourceRecord } from '../types.js';
import { columnGetter, findHeaderRow, isBlankRow, isTotalRow } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  date: ['日期', '时间', 'stat_datetime', 'stat_date', 'date'],
  campaign: ['计划名称', '广告计划', '广告计划名称', '广告组名称', '推广计划', 'ad_name', 'campaign_name', '项目名称'],
  campaignId: ['计划ID', '广告计划ID', 'ad_id', 'campaign_id'],
  impressions: ['展示数', '展示', '展现量', 'show', 'show_cnt'],
  clicks: ['点击数', '点击', 'click', 'click_cnt'],
  cost: ['消耗', '消耗(元)', '花费', 'cost', 'stat_cost'],
  conversions: ['转化数', '转化', 'convert', 'convert_cnt'],
};

/** Parses a 巨量引擎 (Ocean Engine) ad report → spend rows, platform ocean-engine, channel 抖音. */
export function parseOceanEngineReport(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const errors: ParsedExport['errors'] = [];
  const warnings: string[] = [];
  const h = findHeaderRow(rows, [COLUMNS.date, COLUMNS.cost, COLUMNS.impressions, COLUMNS.clicks], 2);
  if (h < 0) {
    errors.push({
      file: ctx.file,
      row: 1,
      column: '消耗',
      message: 'no 巨量引擎 header (日期, 消耗/cost, 展示数/show, 点击数/click) in the first 30 rows',
    });
    return { records: [], errors, warnings, skipped: 0 };
  }
  const header = rows[h] as RawRow;
  const col = columnGetter(header.cells, COLUMNS);
  for (const [key, name] of [
    ['date', '日期'],
    ['cost', '消耗'],
  ] as const) {
    if (!col.has(key))
      errors.push({ file: ctx.file, row: header.line, column: name, message: `missing required column ${name}` });
  }
  if (errors.length > 0) return { records: [], errors, warnings, skipped: 0 };
  const records: SourceRecord[] = [];
  let skipped = 0;
  for (const row of rows.slice(h + 1)) {
    if (isBlankRow(row)) continue;
    if (isTotalRow(row)) {
      skipped++;
      continue;
    }
    records.push({
      row: row.line,
      values: {
        date: col.get(row, 'date'),
        amount: col.get(row, 'cost'),
        platform: 'ocean-engine',
        channel: '抖音投放',
        campaign: col.get(row, 'campaign') ?? col.get(row, 'campaignId'),
        impressions: col.get(row, 'impressions'),
        clicks: col.get(row, 'clicks'),
        conversions: col.get(row, 'conversions'),
        source_format: 'ocean-engine',
      },
    });
  }
  return { records, errors, warnings, skipped };
}

export const oceanEngineFormat: SourceFormat = {
  id: 'ocean-engine',
  table: 'spend',
  label: { zh: '巨量引擎广告报表', en: 'Ocean Engine (巨量引擎) ad report' },
  parse: parseOceanEngineReport,
};
