import { baiduTongjiFormat } from './baidu-tongji.js';
import { ga4Format } from './ga4.js';
import { googleAdsFormat } from './google-ads.js';
import { hubspotContactsFormat } from './hubspot-contacts.js';
import { hubspotDealsFormat } from './hubspot-deals.js';
import { oceanEngineFormat } from './ocean-engine.js';
import type { SourceFormat } from './types.js';

export type { ParsedExport, SourceFormat } from './types.js';

/** Source export formats by id. */
export const SOURCE_FORMATS: Record<string, SourceFormat> = Object.fromEntries(
  [ga4Format, baiduTongjiFormat, googleAdsFormat, oceanEngineFormat, hubspotContactsFormat, hubspotDealsFormat].map(
    (f) => [f.id, f],
  ),
);
