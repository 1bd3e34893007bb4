import { CLICK_IDS } from '../../core/channels/index.js';

/** SQL expression: host of a URL column (or a bare host), lower-case, without www. and port; NULL when absent. */
export function hostSql(col: string): string {
  // string functions, not regexes: this runs on every imported event
  const authority = `split_part(split_part(split_part(CASE WHEN contains(${col}, '//')
      THEN split_part(${col}, '//', 2) ELSE ${col} END, '/', 1), '?', 1), '#', 1)`;
  const host = `lower(split_part(split_part(${authority}, '@', -1), ':', 1))`;
  return `nullif(CASE WHEN starts_with(${host}, 'www.') THEN substr(${host}, 5) ELSE ${host} END, '')`;
}

/** SQL expression: path of a page URL ('/' when the URL has none). */
export function pathSql(col: string): string {
  const rest = `CASE WHEN contains(${col}, '://') THEN substr(${col}, strpos(${col}, '://') + 3) END`;
  const path = `CASE WHEN ${rest} IS NULL THEN ${col} WHEN strpos(${rest}, '/') > 0
      THEN substr(${rest}, strpos(${rest}, '/')) ELSE '/' END`;
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE coalesce(nullif(split_part(split_part(${path}, '?', 1), '#', 1), ''), '/') END`;
}

/** SQL expression: a utm_* column, or the same parameter read from the page URL when the column is empty. */
export function utmSql(name: 'source' | 'medium' | 'campaign'): string {
  return `coalesce(nullif(trim(utm_${name}), ''), CASE WHEN page_url ILIKE '%utm_${name}=%' THEN nullif(trim(url_decode(
      replace(regexp_extract(page_url, '(?i)[?&]utm_${name}=([^&#]*)', 1), '+', ' '))), '') END)`;
}

const clickAlternation = Object.keys(CLICK_IDS).join('|');

/** SQL expression: the first ad click id parameter name on the page URL, or NULL. */
export const clickIdSql = `CASE WHEN contains(page_url, '=')
  THEN nullif(lower(regexp_extract(page_url, '(?i)[?&](${clickAlternation})=', 1)), '') END`;

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
