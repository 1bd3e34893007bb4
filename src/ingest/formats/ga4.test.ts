import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../read/csv.js';
import { parseGa4Export } from './ga4.js';

const ctx = { file: 'ga4.csv', timeZone: 'Asia/Shanghai' };
const parse = (text: string) => parseGa4Export(parseCsvText(text, ','), ctx);

const COMMENTS = `# ----------------------------------------
# Traffic acquisition: Session primary channel group (Default Channel Group)
# Account: Demo
# Property: GA4 - Demo
# ----------------------------------------
#
# Start date: 20260101
# End date: 20260131
`;

describe('GA4 export variants', () => {
  it('reads a dimension header with its note in brackets and skips the unlabelled totals row', () => {
    const r =
      parse(`${COMMENTS}Session primary channel group (Default Channel Group),Sessions,Engaged sessions,Key events,Total revenue
,22345,15000,220,2234.5
Direct,12345,8000,120,1234.5
Organic Search,10000,7000,100,1000
`);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toBe(1);
    expect(r.records.map((x) => [x.row, x.values.channel, x.values.sessions, x.values.range_end])).toEqual([
      [11, 'Direct', '12345', '2026-01-31'],
      [12, 'Organic Search', '10000', '2026-01-31'],
    ]);
  });

  it('reads the Chinese UI export (全角 colon dates, 会话主要渠道组（默认渠道组）)', () => {
    const r = parse(`# 开始日期：20260301
# 结束日期：20260331
会话主要渠道组（默认渠道组）,会话数,总用户数,总收入
自然搜索,300,250,12.5
直接,200,180,0
`);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.values.channel, x.values.users, x.values.range_start])).toEqual([
      ['自然搜索', '250', '2026-03-01'],
      ['直接', '180', '2026-03-01'],
    ]);
  });

  it('picks the report table over the chart series and dates "Nth day" rows from the start date', () => {
    const series = parse(`${COMMENTS}Nth day,Sessions
0000,10
0030,12

# ----------------------------------------
Session source / medium,Sessions,Total users
baidu / cpc,5,4
`);
    expect(series.records.map((x) => [x.values.source, x.values.medium, x.values.sessions])).toEqual([
      ['baidu', 'cpc', '5'],
    ]);
    const daily = parse(`${COMMENTS}Nth day,Sessions,Total users
0000,10,9
0030,12,11
`);
    expect(daily.warnings).toEqual([]);
    expect(daily.records.map((x) => [x.values.date, x.values.range_start, x.values.range_end])).toEqual([
      ['2026-01-01', '2026-01-01', '2026-01-01'],
      ['2026-01-31', '2026-01-31', '2026-01-31'],
    ]);
  });

  it('rejects a report by a dimension the traffic table cannot hold, naming the column', () => {
    const r = parse(`${COMMENTS}Country,Sessions
China,100
Japan,50
`);
    expect(r.records).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        file: 'ga4.csv',
        row: 9,
        column: 'Country',
        message: expect.stringMatching(/Country/),
      }),
    ]);
  });
});
