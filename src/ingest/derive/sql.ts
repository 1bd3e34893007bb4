import { CLICK_IDS } from '../../core/channels/index.js';

/** SQL expression: host of a URL column (or a bare host), lower-case, without www. and port; NULL when absent. */
export function hostSql(col: string): string {
  return `nullif(regexp_replace(lower(CASE WHEN ${col} LIKE '%//%'
      THEN regexp_extract(${col}, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//(?:[^/?#@]*@)?([^/?#:]*)', 1)
      ELSE regexp_extract(${col}, '^([^/?#:\\s]*)', 1) END), '^www\\.|\\.$', '', 'g'), '')`;
}

/** SQL expression: path of a page URL ('/' when the URL has none). */
export function pathSql(col: string): string {
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE coalesce(nullif(regexp_extract(${col},
      '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)', 1), ''), '/') END`;
}

/** SQL expression: a utm_* column, or the same parameter read from the page URL when the column is empty. */
export function utmSql(name: 'source' | 'medium' | 'campaign'): string {
  return `coalesce(nullif(trim(utm_${name}), ''), nullif(trim(url_decode(replace(
      regexp_extract(page_url, '(?i)[?&]utm_${name}=([^&#]*)', 1), '+', ' '))), ''))`;
}

const clickAlternation = Object.keys(CLICK_IDS).join('|');

/** SQL expression: the first ad click id parameter name on the page URL, or NULL. */
export const clickIdSql = `nullif(regexp_extract(lower(page_url), '[?&](${clickAlternation})=', 1), '')`;

/** SQL expression: referrer host unless it is the page's own site (internal navigation is not a new touch). */
export function externalRefSql(refHost: string, pageHost: string): string {
  return `CASE WHEN ${refHost} IS NOT NULL AND ${pageHost} IS NOT NULL AND (${refHost} = ${pageHost}
      OR ends_with(${refHost}, '.' || ${pageHost}) OR ends_with(${pageHost}, '.' || ${refHost}))
    THEN NULL ELSE ${refHost} END`;
}

/** A collision-free name for a temporary table. */
export function tempName(prefix: string): string {
  return `__${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}
