import { adReportFormat, BAIDU_SEM, OCEAN_ENGINE, TENCENT_ADS } from './ad-report.js';
import { baiduTongjiFormat } from './baidu-tongji.js';
import { ga4Format } from './ga4.js';
import { googleAdsFormat } from './google-ads.js';
import { hubspotContactsFormat } from './hubspot-contacts.js';
import { hubspotDealsFormat } from './hubspot-deals.js';
import type { SourceFormat } from './types.js';

export type { ParsedExport, SourceFormat } from './types.js';

/** Source export formats by id. */
export const SOURCE_FORMATS: Record<string, SourceFormat> = Object.fromEntries(
  [
    ga4Format,
    baiduTongjiFormat,
    googleAdsFormat,
    ...[OCEAN_ENGINE, BAIDU_SEM, TENCENT_ADS].map(adReportFormat),
    hubspotContactsFormat,
    hubspotDealsFormat,
  ].map((f) => [f.id, f]),
);
