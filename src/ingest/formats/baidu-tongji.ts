import { parseDay } from '../schema/dates.js';
import type { RawRow, SourceRecord } from '../types.js';
import { bodyRows, columnGetter, findHeaderRow, parseDayRange } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  date: ['日期', '时间', '日期/时间'],
  sourceType: ['来源类型'],
  site: ['来源网站', '外部链接', '来源'],
  engine: ['搜索引擎'],
  landing: ['入口页面', '受访页面', '着陆页'],
  pv: ['浏览量(PV)', '浏览量', 'PV'],
  uv: ['访客数(UV)', '访客数', 'UV'],
  visits: ['访问次数', '会话数'],
  newUv: ['新访客数', '新访客'],
  bounce: ['跳出率'],
  duration: ['平均访问时长', '平均停留时长'],
  conversions: ['转化次数', '转化数'],
};

/** Search engine names in 百度统计 → source names the channel classifier knows. */
const ENGINES: Record<string, string> = {
  百度: 'baidu',
  百度搜索: 'baidu',
  '360搜索': 'so.com',
  '360': 'so.com',
  好搜: 'so.com',
  搜狗: 'sogou',
  搜狗搜索: 'sogou',
  必应: 'bing',
  bing: 'bing',
  神马: 'sm.cn',
  神马搜索: 'sm.cn',
  夸克: 'quark.sm.cn',
  谷歌: 'google',
  google: 'google',
  头条搜索: 'toutiao',
  微信搜一搜: 'weixin',
};

function classify(type: string | undefined, site: string | undefined, engine: string | undefined) {
  if (engine) return { source: ENGINES[engine.toLowerCase()] ?? ENGINES[engine] ?? engine, medium: 'organic' };
  const t = type ?? '';
  if (/直接访问|直接输入|书签/.test(t)) return { source: '(direct)', medium: '(none)' };
  if (/搜索引擎/.test(t)) return { source: site ? (ENGINES[site] ?? site) : undefined, medium: 'organic' };
  if (/外部链接/.test(t)) return { source: site, medium: 'referral' };
  if (/推广|付费/.test(t)) return { source: site ?? 'baidu', medium: 'cpc' };
  if (site) return { source: ENGINES[site] ?? site, medium: 'referral' };
  return { source: undefined, medium: undefined, channel: t || undefined };
}

/** Parses a 百度统计 (Baidu Tongji) report export → traffic rows (总计/合计 skipped). */
export function parseBaiduTongjiExport(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const errors: ParsedExport['errors'] = [];
  const warnings: string[] = [];
  const h = findHeaderRow(
    rows,
    [
      COLUMNS.pv,
      COLUMNS.uv,
      [...COLUMNS.date, ...COLUMNS.sourceType, ...COLUMNS.site, ...COLUMNS.engine, ...COLUMNS.landing],
    ],
    2,
  );
  if (h < 0) {
    errors.push({
      file: ctx.file,
      row: 1,
      column: '浏览量(PV)',
      message: 'no 百度统计 header (浏览量(PV), 访客数(UV), 日期/来源…) in the first 30 rows',
    });
    return { records: [], errors, warnings, skipped: 0 };
  }
  let range: { start: string; end: string } | undefined;
  for (const row of rows.slice(0, h)) {
    const text = row.cells.join(' ');
    const m = /(?:时间|日期|时间范围)[:：]?\s*(.+)$/.exec(text);
    if (m) range = parseDayRange(m[1] ?? '', (v) => parseDay(v, ctx.timeZone)) ?? range;
  }
  const header = rows[h] as RawRow;
  const col = columnGetter(header.cells, COLUMNS);
  if (!col.has('date') && !range) {
    errors.push({
      file: ctx.file,
      row: header.line,
      column: '日期',
      message: 'no 日期 column and no 时间 range line above the header',
    });
    return { records: [], errors, warnings, skipped: 0 };
  }
  const records: SourceRecord[] = [];
  const body = bodyRows(rows, h);
  for (const row of body.rows) {
    let date = col.get(row, 'date');
    let rowRange = range;
    if (date) {
      const r = parseDayRange(date, (v) => parseDay(v, ctx.timeZone));
      if (r) {
        rowRange = r;
        date = r.start;
      } else rowRange = undefined;
    }
    const { source, medium, channel } = classify(
      col.get(row, 'sourceType'),
      col.get(row, 'site'),
      col.get(row, 'engine'),
    );
    records.push({
      row: row.line,
      values: {
        date: date ?? range?.start,
        range_start: rowRange?.start ?? date,
        range_end: rowRange?.end ?? date,
        source,
        medium,
        channel,
        landing_page: col.get(row, 'landing'),
        pageviews: col.get(row, 'pv'),
        users: col.get(row, 'uv'),
        sessions: col.get(row, 'visits'),
        new_users: col.get(row, 'newUv'),
        bounce_rate: col.get(row, 'bounce'),
        avg_duration_s: col.get(row, 'duration'),
        conversions: col.get(row, 'conversions'),
        source_format: 'baidu-tongji',
      },
    });
  }
  return { records, errors, warnings, skipped: body.skipped };
}

export const baiduTongjiFormat: SourceFormat = {
  id: 'baidu-tongji',
  table: 'traffic',
  label: { zh: '百度统计导出 (CSV)', en: 'Baidu Tongji export (CSV)' },
  parse: parseBaiduTongjiExport,
};
