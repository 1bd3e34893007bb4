import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../read/csv.js';
import { parseGoogleAdsReport } from './google-ads.js';

const ctx = { file: 'ads.csv', timeZone: 'Asia/Shanghai' };
const parse = (text: string) => parseGoogleAdsReport(parseCsvText(text, ','), ctx);

describe('Google Ads report variants', () => {
  it('reads a day with no cost (" --") as 0 and skips every Total: line', () => {
    const r = parse(`Campaign performance report
"January 1, 2026 - January 31, 2026"
Day,Campaign,Impr.,Clicks,Cost,Currency code,Conversions
2026-01-01,Brand,"1,200",40,33.10,CNY,2.00
2026-01-02,Brand,0,0, --,CNY, --
Total: Account,,"1,200",40,33.10,CNY,2.00
Total: Search,,"1,200",40,33.10,CNY,2.00
`);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toBe(2);
    expect(r.records.map((x) => [x.values.date, x.values.amount, x.values.conversions])).toEqual([
      ['2026-01-01', '33.10', '2.00'],
      ['2026-01-02', '0', '--'],
    ]);
  });

  it('reads the Chinese UI report (日期范围 in 年月日, 费用, 货币代码, 总计: 帐号)', () => {
    const r = parse(`广告系列报告
"2026年1月1日 - 2026年1月31日"
广告系列状态,广告系列,展示次数,点击次数,费用,货币代码,转化次数
已启用,品牌词,"12,345",300,"1,234.56",USD,12.00
总计: 帐号,,"12,345",300,"1,234.56",USD,12.00
`);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toBe(1);
    expect(r.records.map((x) => [x.values.date, x.values.campaign, x.values.amount])).toEqual([
      ['2026-01-01', '品牌词', '1,234.56'],
    ]);
    expect(r.warnings.join('\n')).toMatch(/costs are in USD/);
  });
});
