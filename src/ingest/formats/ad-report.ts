import { parseDay } from '../schema/dates.js';
import type { RawRow, SourceRecord } from '../types.js';
import { bodyRows, columnGetter, findHeaderRow, parseDayRange } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

/** The columns an ad platform's report is read by: header names (exact, or with a unit note such as 消耗(元)). */
export interface AdReportColumns {
  date: string[];
  campaign: string[];
  campaignId: string[];
  impressions: string[];
  clicks: string[];
  cost: string[];
  conversions: string[];
}

/** An ad platform whose daily report becomes spend rows of one named channel. */
export interface AdReportSpec {
  id: string;
  label: { zh: string; en: string };
  /** The platform's name in messages ("巨量引擎"). */
  name: string;
  platform: string;
  /** The named channel its spend belongs to (src/core/channels/named.ts). */
  channel: string;
  columns: AdReportColumns;
}

/**
 * Parses a Chinese ad platform's report (巨量引擎, 百度营销, 腾讯广告): title and date-range lines before the header
 * are read for the range, then one spend row per data row; 合计/总计 lines are skipped. A report without a date
 * column (a campaign report over a range) dates each row by the range's first day, with a warning.
 */
export function parseAdReport(
  spec: AdReportSpec,
  rows: RawRow[],
  ctx: { file: string; timeZone: string },
): ParsedExport {
  const errors: ParsedExport['errors'] = [];
  const warnings: string[] = [];
  const cols = spec.columns;
  const h = findHeaderRow(rows, [cols.date, cols.cost, cols.impressions, cols.clicks, cols.campaign], 2);
  if (h < 0) {
    errors.push({
      file: ctx.file,
      row: 1,
      column: cols.cost[0] ?? 'cost',
      message: `no ${spec.name} header (${[cols.date, cols.cost, cols.impressions, cols.clicks].map((c) => c[0]).join(', ')}) in the first 30 rows`,
    });
    return { records: [], errors, warnings, skipped: 0 };
  }
  let range: { start: string; end: string } | undefined;
  for (const row of rows.slice(0, h)) {
    const text = row.cells.join(' ').replace(/^.*?(?:时间范围|日期范围|时间|日期)\s*[:：]\s*/, '');
    range ??= parseDayRange(text, (v) => parseDay(v, ctx.timeZone));
  }
  const header = rows[h] as RawRow;
  const col = columnGetter(header.cells, cols);
  if (!col.has('cost')) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: cols.cost[0] ?? 'cost',
      message: `missing required column ${cols.cost[0]}`,
    });
  }
  if (!col.has('date') && !range) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: cols.date[0] ?? 'date',
      message: `missing required column ${cols.date[0]} (and no date-range line above the header)`,
    });
  }
  if (errors.length > 0) return { records: [], errors, warnings, skipped: 0 };
  if (!col.has('date'))
    warnings.push(
      `no ${cols.date[0]} column: each row's total for ${range?.start} – ${range?.end} is dated ${range?.start}`,
    );
  const records: SourceRecord[] = [];
  const body = bodyRows(rows, h);
  for (const row of body.rows) {
    records.push({
      row: row.line,
      values: {
        date: col.get(row, 'date') ?? range?.start,
        amount: col.get(row, 'cost'),
        platform: spec.platform,
        channel: spec.channel,
        campaign: col.get(row, 'campaign') || col.get(row, 'campaignId'),
        impressions: col.get(row, 'impressions'),
        clicks: col.get(row, 'clicks'),
        conversions: col.get(row, 'conversions'),
        source_format: spec.id,
      },
    });
  }
  return { records, errors, warnings, skipped: body.skipped };
}

/** A source format for an ad platform's report. */
export function adReportFormat(spec: AdReportSpec): SourceFormat {
  return {
    id: spec.id,
    table: 'spend',
    label: spec.label,
    parse: (rows, ctx) => parseAdReport(spec, rows, ctx),
  };
}

/** 巨量引擎 (Ocean Engine: 抖音, 今日头条 ads) report → spend, channel 抖音投放. */
export const OCEAN_ENGINE: AdReportSpec = {
  id: 'ocean-engine',
  label: { zh: '巨量引擎广告报表', en: 'Ocean Engine (巨量引擎) ad report' },
  name: '巨量引擎',
  platform: 'ocean-engine',
  channel: '抖音投放',
  columns: {
    date: ['日期', '时间', 'stat_datetime', 'stat_date', 'date'],
    campaign: [
      '计划名称',
      '广告计划',
      '广告计划名称',
      '广告组名称',
      '推广计划',
      'ad_name',
      'campaign_name',
      '项目名称',
    ],
    campaignId: ['计划ID', '广告计划ID', 'ad_id', 'campaign_id', '项目ID'],
    impressions: ['展示数', '展示', '展现量', 'show', 'show_cnt'],
    clicks: ['点击数', '点击', 'click', 'click_cnt'],
    cost: ['消耗', '花费', 'cost', 'stat_cost'],
    conversions: ['转化数', '转化', 'convert', 'convert_cnt'],
  },
};

/** 百度营销 (Baidu SEM, 凤巢 / 百度推广) account or campaign report → spend, channel 百度SEM. */
export const BAIDU_SEM: AdReportSpec = {
  id: 'baidu-sem',
  label: { zh: '百度营销 (百度SEM) 推广报告', en: 'Baidu SEM (百度营销) report' },
  name: '百度营销',
  platform: 'baidu',
  channel: '百度SEM',
  columns: {
    date: ['日期', '时间', 'date'],
    campaign: ['推广计划', '推广计划名称', '计划名称', 'campaign name', 'campaign'],
    campaignId: ['推广计划ID', '计划ID', 'campaign id'],
    impressions: ['展现', '展现量', '展现次数', 'impression', 'impressions'],
    clicks: ['点击', '点击量', '点击次数', 'click', 'clicks'],
    cost: ['消费', '花费', '消耗', 'cost'],
    conversions: ['转化', '网页转化', '转化(网页)', '目标转化', '转化量', 'conversions'],
  },
};

/** 腾讯广告 (广点通: 微信, QQ ads) report → spend, channel 腾讯广告. */
export const TENCENT_ADS: AdReportSpec = {
  id: 'tencent-ads',
  label: { zh: '腾讯广告 (广点通) 报表', en: 'Tencent Ads (腾讯广告) report' },
  name: '腾讯广告',
  platform: 'tencent',
  channel: '腾讯广告',
  columns: {
    date: ['日期', '时间', 'date'],
    campaign: ['推广计划名称', '推广计划', '计划名称', '广告名称', '广告组名称', 'campaign_name', 'adgroup_name'],
    campaignId: ['推广计划ID', '计划ID', '广告ID', '广告组ID', 'campaign_id', 'adgroup_id'],
    impressions: ['曝光次数', '曝光量', '曝光', '展示数', 'view_count', 'impression'],
    clicks: ['点击次数', '点击量', '点击', 'valid_click_count', 'click'],
    cost: ['花费', '消耗', '消费', 'cost'],
    conversions: ['转化量', '目标转化量', '转化数', '转化', 'conversions_count'],
  },
};
